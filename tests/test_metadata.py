"""Citable and stable: canonical URLs, one metadata record per page, cite blocks, the URL manifest."""
from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from pybtex.database import parse_string

from conftest import ROOT, mkdocs_build, rename_glossary
from tooling import copy_project
from treatysite.urls import missing_urls, published_urls, read_manifest, redirect_stubs, redirected_pages

SITE_URL = "https://reader.invalid/smetana-1943/"   # the local preview address (mkdocs.yml)
ARTICLE_AUTHOR = re.compile(r"smetana", re.IGNORECASE)
ARTICLE_TITLE = "The British, the Americans, and the Czechoslovak-Soviet Treaty of 1943"


def meta(soup, name):
    tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
    return tag["content"] if tag else None


def test_canonical_is_site_url_plus_path(content_pages):
    for path, soup in content_pages.items():
        assert soup.find("link", rel="canonical")["href"] == SITE_URL + path, path


def test_dublin_core_for_a_web_page(content_pages):
    for path, soup in content_pages.items():
        assert meta(soup, "DC.title") == soup.find("h1").get_text().replace("¶", "").strip() or meta(soup, "DC.title"), path
        assert meta(soup, "DC.creator") == "Editors of the 1943 Treaty Reader", path
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta(soup, "DC.date")), path
        assert meta(soup, "DC.type") is None, path          # Zotero would copy it into "Website Type"
        assert meta(soup, "og:type") == "website", path       # Zotero's Embedded Metadata: a web page
        assert meta(soup, "DC.identifier") == SITE_URL + path, path


def test_no_page_credits_itself_to_the_article_or_its_author(content_pages):
    for path, soup in content_pages.items():
        assert soup.find("meta", attrs={"name": "citation_title"}) is None, path
        assert soup.find("meta", attrs={"name": "citation_author"}) is None, path
        for name in ("DC.creator", "DC.title", "og:title"):
            assert not ARTICLE_AUTHOR.search(meta(soup, name) or ""), (path, name)
            assert meta(soup, name) != ARTICLE_TITLE, (path, name)
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert not ARTICLE_AUTHOR.search(json.dumps(data["author"])) and data["name"] != ARTICLE_TITLE


def test_json_ld_is_a_web_page_with_its_citations(content_pages, site_model):
    for path, soup in content_pages.items():
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["@context"] == "https://schema.org" and data["@type"] == "WebPage"
        assert data["url"] == SITE_URL + path and data["author"]["@type"] == "Organization"
        for work in data["citation"]:
            for person in work.get("author", []):
                entry = site_model.references.entries[work["identifier"]]
                names = {n.display(): n for n in entry.names("author") + entry.names("editor")}
                assert person["@type"] == ("Person" if names[person["name"]].is_person else "Organization"), (path, person)
                assert "others" not in person["name"].lower() and "\\" not in person["name"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"])
        cited = site_model.cited_keys(path.replace(".html", ".md"))
        assert [c["identifier"] for c in data["citation"]] == cited, path
        references = soup.find_all("meta", attrs={"name": "citation_reference"})
        assert len(references) == len(cited), path
        assert all(r["content"].startswith("citation_title=") for r in references)


def test_opengraph(content_pages):
    for path, soup in content_pages.items():
        assert meta(soup, "og:url") == SITE_URL + path and meta(soup, "og:title") and meta(soup, "og:site_name")


def test_cite_block_matches_the_canonical_and_its_bibtex_parses(content_pages, site_dir):
    for path, soup in content_pages.items():
        block = soup.find("section", id="cite-this-page")
        assert block is not None, path
        canonical = soup.find("link", rel="canonical")["href"]
        assert block.find("a", class_="cite-url")["href"] == canonical
        assert canonical in block.find(class_="cite-text").get_text()
        assert "Accessed [date you accessed it]" in block.find(class_="cite-text").get_text()
        text = block.find("pre").get_text()
        (entry,) = parse_string(text, "bibtex").entries.values()
        assert entry.fields["url"] == canonical and "note" not in entry.fields
        assert "urldate" in block.find(class_="cite-access").get_text()
        assert "Smetana" not in str(entry.persons.get("author", ""))
        for link in block.select("a[download]"):
            assert (site_dir / path).parent.joinpath(link["href"]).resolve().exists(), (path, link["href"])


def test_per_page_downloads_parse(site_dir, content_pages):
    import rispy

    for path in content_pages:
        slug = "home" if path == "index.html" else path[:-5].replace("/", "-")
        csl = json.loads((site_dir / f"cite/{slug}.json").read_text(encoding="utf-8"))
        assert csl[0]["URL"] == SITE_URL + path and csl[0]["type"] == "webpage"
        text = (site_dir / f"cite/{slug}.ris").read_text(encoding="utf-8")
        assert text.startswith("TY  - ELEC"), "no counter line before the record"
        (ris,) = rispy.loads(text)
        assert ris["urls"] == [SITE_URL + path] and ris["type_of_reference"] == "ELEC"
        assert ris["authors"] == ["Editors of the 1943 Treaty Reader"]     # no comma: one name for a body


def test_edition_in_footer_and_citations(content_pages):
    import yaml

    edition = yaml.safe_load((ROOT / "docs/data/editions.yaml").read_text(encoding="utf-8"))[-1]["number"]
    for path, soup in content_pages.items():
        assert f"Edition {edition}" in soup.find("footer").get_text(), path
        assert f"edition {edition}" in soup.find(class_="cite-text").get_text(), path


def test_sitemap_lists_every_page(site_dir, content_pages):
    tree = ET.parse(site_dir / "sitemap.xml")
    locations = {el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {SITE_URL + path for path in content_pages} <= locations


def test_every_heading_has_an_explicit_id(site_model):
    for path, page in site_model.pages.items():
        in_fence = False
        for number, line in enumerate(page.body.splitlines(), page.body_line):
            if line.startswith("```"):
                in_fence = not in_fence
            if not in_fence and re.match(r"#{1,6} ", line):
                assert re.search(r"\{#[a-z0-9-]+[^}]*\}\s*$", line), f"docs/{path}:{number}: heading without explicit id"


def test_manifest_addresses_all_exist(site_dir):
    """Every recorded address of the current site exists (editions/ are built only when publishing: below)."""
    manifest = [u for u in read_manifest(ROOT / "tests/url-manifest.txt") if not u.startswith("editions/")]
    assert len(manifest) > 100
    assert not missing_urls(manifest, published_urls(site_dir), set())


@pytest.mark.slow
def test_publishing_keeps_every_address_of_every_released_edition(tmp_path):
    """What `dev.py publish` does: the current site plus each released edition, built from its own commit,
    must hold every address of the manifest (the editions' included)."""
    from publish import assemble, editions_of

    released = [e for e in editions_of(ROOT) if e.released]
    assert released, "docs/data/editions.yaml: no released edition"
    for edition in released:
        found = subprocess.run(["git", "cat-file", "-e", f"{edition.commit}^{{commit}}"], cwd=ROOT, capture_output=True)
        if found.returncode:
            pytest.skip(f"edition {edition.number}'s commit {edition.commit[:12]} is not in this clone (shallow?)")
    out = tmp_path / "out"
    assert [e.number for e in assemble(out, "https://example.org/reader/")] == [e.number for e in released]
    manifest = read_manifest(ROOT / "tests/url-manifest.txt")
    assert {u.split("/")[1] for u in manifest if u.startswith("editions/")} == {e.number for e in released}
    assert not missing_urls(manifest, published_urls(out), redirect_stubs(out))


def test_manifest_covers_every_published_address(site_dir):
    """New pages and anchors must be added to the manifest (scripts/update_url_manifest.py)."""
    manifest = set(read_manifest(ROOT / "tests/url-manifest.txt"))
    unrecorded = sorted(published_urls(site_dir) - manifest)
    assert not unrecorded, f"run python3 scripts/update_url_manifest.py: {unrecorded[:10]}"


def test_removing_a_page_fails_the_build_naming_its_url(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/context/glossary.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      - Glossary: context/glossary.md\n", ""), encoding="utf-8")
    for page in (project / "docs").rglob("*.md"):   # drop links to the page so only the manifest check remains
        page.write_text(re.sub(r"\]\(([./]*)context/glossary\.md[^)]*\)|\]\(glossary\.md[^)]*\)", "](\\1index.md)", page.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "tests/url-manifest.txt" in result.output and "context/glossary.html" in result.output


def test_a_redirect_keeps_a_renamed_page_valid(tmp_path):
    manifest = ["old.html", "old.html#section", "kept.html"]
    assert missing_urls(manifest, {"kept.html"}, redirected_pages({"old.md": "new.md"})) == []
    assert missing_urls(manifest, {"kept.html"}, set()) == ["old.html", "old.html#section"]


def test_a_renamed_page_with_a_redirect_keeps_its_old_address(tmp_path):
    """The URL policy end to end: rename a page, map the old address in mkdocs.yml, and the build passes."""
    project = copy_project(tmp_path / "project")
    rename_glossary(project)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    stub = (tmp_path / "site/context/glossary.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in stub and "terms.html" in stub
