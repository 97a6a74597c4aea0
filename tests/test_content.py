"""The reading pages: every prose paragraph cites, every page is reachable, position pages are substantial."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

GENERATED = {"timeline.html", "context/people.html", "sources/bibliography.html", "sources/primary-sources.html"}
NOT_PROSE = ("div.footnote", "section.cite-block", "details.bib-provenance", "form", ".admonition-title",
             ".tl-meta", ".tl-links", ".tl-sources", ".tl-phase-count", ".bib-cited", ".person-events", "nav")


def prose_blocks(soup):
    article = soup.select_one("article.md-content__inner")
    skip = {id(el) for selector in NOT_PROSE for el in article.select(selector)}
    for element in article.find_all(["p", "li", "dd"]):
        if any(id(parent) in skip for parent in [element, *element.parents]):
            continue
        if element.name == "p" and element.find_parent(["li", "dd"]):
            continue  # judged with its list item
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        yield element, text


def is_editorial(element) -> bool:
    return any("editorial" in (el.get("class") or []) for el in [element, *element.parents] if hasattr(el, "get"))


def only_links(element) -> bool:
    """A navigation item: all of its words are link text."""
    words = re.sub(r"[\s·:;,.–—()-]+", "", element.get_text())
    linked = re.sub(r"[\s·:;,.–—()-]+", "", "".join(a.get_text() for a in element.find_all("a")))
    return bool(words) and words == linked


def test_every_prose_paragraph_cites_or_is_marked_editorial(content_pages):
    uncited = []
    for path, soup in content_pages.items():
        if path in GENERATED:
            continue
        for element, text in prose_blocks(soup):
            if element.select_one("sup[id^=fnref]") or is_editorial(element) or only_links(element):
                continue
            uncited.append(f"{path}: {text[:90]}")
    assert not uncited, "paragraphs without a citation (cite, or mark {: .editorial }):\n" + "\n".join(uncited)


def test_position_pages_are_substantial(content_pages):
    for path in ("british-position.html", "us-position.html"):
        article = BeautifulSoup(str(content_pages[path].select_one("article.md-content__inner")), "html.parser")
        for junk in article.select("div.footnote, section.cite-block"):
            junk.decompose()
        words = len(article.get_text(" ").split())
        assert words > 1000, (path, words)
        assert len(article.select("h2[id]")) >= 5, path
        assert article.select(".admonition.abstract"), f"{path}: no 'In the article' note"


def test_us_position_cites_frus_documents_by_number(site_model):
    keys = site_model.cited_keys("us-position.md")
    assert sum(1 for k in keys if re.fullmatch(r"frus\d{4}v\d+-d\d+", k)) >= 15


def test_every_page_is_reachable_from_the_navigation(pages, content_pages):
    nav_links = {a["href"] for a in pages["index.html"].select("nav.md-nav--primary a.md-nav__link[href]")}
    reachable = {"index.html"} | {href.split("#")[0].lstrip("./") for href in nav_links}
    for path in content_pages:
        assert path in reachable, f"{path} is not in the navigation"


def test_pages_link_to_timeline_events_and_bibliography(content_pages):
    for path in ("british-position.html", "us-position.html", "context/soviet-czechoslovak.html"):
        links = [a["href"] for a in content_pages[path].select("article a[href]")]
        assert any("timeline.html#" in h for h in links), f"{path}: no link to a timeline event"
        assert any("bibliography.html#" in h for h in links), f"{path}: no link to a bibliography entry"
