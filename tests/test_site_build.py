"""The foundation: the real site builds cleanly with --strict and its HTML holds together."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup

RAW_LEFTOVERS = [
    ("[@", "an unrendered citation"),
    ("\\bibliography", "mkdocs-bibtex's bibliography marker"),
    ("\\full_bibliography", "mkdocs-bibtex's full bibliography marker"),
    ("[^", "an unrendered footnote"),
    ("{: ", "an unapplied attribute list"),
    ("{#", "an unapplied heading id"),
    ("{.nocase}", "a pandoc span"),
    ("<!-- generated:", "an unfilled generated section"),
    ("](event:", "an unresolved event link"),
    ("](", "an unrendered Markdown link"),
    ("**", "unrendered bold"),
    (":::", "a pandoc div"),
]


def test_strict_build_has_no_warnings(build):
    lines = [line for line in build.output.splitlines() if re.search(r"\b(WARNING|ERROR)\b", line)]
    assert not lines, "\n".join(lines)


def test_every_nav_page_is_built(site_dir, nav_paths):
    assert len(nav_paths) >= 15
    for source in nav_paths:
        built = site_dir / re.sub(r"\.md$", ".html", source)
        assert built.exists(), f"{source} was not built to {built}"


def test_no_raw_markup_left_in_articles(content_pages):
    for path, soup in content_pages.items():
        article = BeautifulSoup(str(soup.select_one("article.md-content__inner")), "html.parser")  # a copy to strip
        for element in article.select("pre, code, script"):
            element.decompose()
        text = article.get_text(" ")
        for needle, what in RAW_LEFTOVERS:
            assert needle not in text, f"{path}: {what} left in the text: ...{text[max(0, text.find(needle) - 60):text.find(needle) + 60]}..."


def _ids(soup) -> set[str]:
    return {tag["id"] for tag in soup.find_all(id=True)} | {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}


def broken_links(site_dir: Path, pages: dict) -> tuple[list[str], int]:
    """Every relative link of every page must reach an existing file and, if it names one, an anchor."""
    ids = {path: _ids(soup) for path, soup in pages.items()}
    problems, checked = [], 0
    root = site_dir.resolve()
    for path, soup in pages.items():
        if path == "404.html":
            continue  # served for any missing address, so its links are absolute by design
        for link in soup.find_all("a", href=True):
            href = link["href"]
            parsed = urlparse(href)
            if parsed.scheme or href.startswith("//"):
                continue
            target = (root / Path(path).parent / unquote(parsed.path)).resolve() if parsed.path else root / path
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                problems.append(f"{path}: link to missing file {href}")
            elif parsed.fragment and target.suffix == ".html":
                if unquote(parsed.fragment) not in ids.get(target.relative_to(root).as_posix(), set()):
                    problems.append(f"{path}: link to missing anchor {href}")
    return problems, checked


def test_every_internal_link_and_anchor_resolves(site_dir, pages):
    problems, checked = broken_links(site_dir, pages)
    assert not problems, "\n".join(problems[:30])
    assert checked > 500


RESOURCE_ATTRIBUTES = [("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("audio", "src"),
                       ("video", "src"), ("embed", "src"), ("object", "data")]


def test_no_page_or_asset_loads_from_another_host(site_dir, pages):
    for path, soup in pages.items():
        for tag, attribute in RESOURCE_ATTRIBUTES:
            for element in soup.find_all(tag, attrs={attribute: True}):
                assert not urlparse(element[attribute]).netloc, f"{path}: <{tag}> loads {element[attribute]}"
        for element in soup.find_all("link", href=True):
            rel = set(element.get("rel", []))
            if rel & {"stylesheet", "preload", "preconnect", "icon", "modulepreload", "dns-prefetch", "manifest"}:
                assert not urlparse(element["href"]).netloc, f"{path}: <link rel={rel}> to {element['href']}"
        for style in soup.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?https?:|@import", style.get_text()), f"{path}: inline style loads a remote file"
    for css in site_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:|fonts\.googleapis", text), f"{css}: imports a remote stylesheet"


def test_fonts_are_system_fonts(pages):
    html = str(pages["index.html"])
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_every_work_in_a_note_links_to_its_bibliography_entry(content_pages, pages):
    entries = {div["id"] for div in pages["sources/bibliography.html"].select("div.bib-entry")}
    linked = 0
    for path, soup in content_pages.items():
        for cite in soup.select("div.footnote span.cite"):
            link = cite.select_one("a.bib-link")
            assert link is not None and link["href"].endswith(f"bibliography.html#{cite['data-key']}"), (path, cite["data-key"])
            assert cite["data-key"] in entries
            linked += 1
    assert linked >= 500
