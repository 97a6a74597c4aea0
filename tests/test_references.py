"""The reference set: validated on load, cross-linked both ways, downloadable in three formats."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rispy
from pybtex.database import parse_string

from conftest import mkdocs_build
from tooling import copy_project
from treatysite.errors import ContentError
from treatysite.references import load_reference_set

GOOD = """@misc{good2020entry,
  title = {{A Good Entry}},
  url = {https://example.org/good}
}
% verified: https://example.org/good — title
"""


def bib_dir(tmp_path: Path, text: str, extra: str = "") -> Path:
    folder = tmp_path / "bibliography"
    folder.mkdir()
    (folder / "groups.yaml").write_text("- file: one.bib\n  heading: One\n- file: two.bib\n  heading: Two\n")
    (folder / "one.bib").write_text(GOOD + text, encoding="utf-8")
    (folder / "two.bib").write_text(extra, encoding="utf-8")
    return folder


@pytest.mark.parametrize("text, extra, message", [
    ("@misc{broken,\n  title = {{Broken}\n  url = {https://example.org}\n}\n% verified: x\n", "",
     "bibliography/one.bib:10: BibTeX syntax error in entry 'broken' (starts at line 6): '}' expected"),
    ("", "@misc{Good2020Entry,\n  title = {{Again}},\n  url = {https://example.org/x}\n}\n% verified: x\n",
     "bibliography/two.bib:1: duplicate key 'Good2020Entry' (also bibliography/one.bib:1"),
    ("@book{nopub,\n  author = {Doe, Jane},\n  title = {{No Publisher}},\n  year = {1950}\n}\n% verified: x\n", "",
     "bibliography/one.bib:6: entry nopub (@book) lacks publisher"),
    ("@misc{badurl,\n  title = {{Bad URL}},\n  url = {history.state.gov/x}\n}\n% verified: x\n", "",
     "bibliography/one.bib:6: entry badurl: malformed url"),
    ("@misc{badyear,\n  title = {{Bad Year}},\n  year = {c. 1943}\n}\n% verified: x\n", "",
     "bibliography/one.bib:6: entry badyear: year 'c. 1943' is not a four-digit year"),
    ("@misc{slashurl,\n  title = {{Bad URL}},\n  url = {https://example.org/a\\%2Cb}\n}\n% verified: x\n", "",
     "bibliography/one.bib:6: entry slashurl: malformed url"),
    ("@misc{baddate,\n  title = {{Bad Date}},\n  date = {12/12/1943}\n}\n% verified: x\n", "",
     "bibliography/one.bib:6: entry baddate: date '12/12/1943' is not ISO"),
    ("@misc{author:2001,\n  title = {{Colon}}\n}\n% verified: x\n", "",
     "bibliography/one.bib:6: key 'author:2001' has characters mkdocs-bibtex would cut off"),
    ("@misc{unverified,\n  title = {{No Provenance}}\n}\n", "",
     "bibliography/one.bib:6: entry unverified has no '% verified:' line"),
    ("% a comment with an at-sign: someone@example.org\n", "",
     "bibliography/one.bib:6: '@' inside a comment"),
])
def test_bad_bibtex_is_reported_with_file_line_and_fix(tmp_path, text, extra, message):
    with pytest.raises(ContentError) as caught:
        load_reference_set(bib_dir(tmp_path, text, extra), tmp_path)
    assert str(caught.value).startswith(message), str(caught.value)
    assert len(str(caught.value).split(": ")) >= 3  # file:line: problem: fix


def test_unlisted_bib_file_is_refused(tmp_path):
    folder = bib_dir(tmp_path, "")
    (folder / "stray.bib").write_text(GOOD.replace("good2020entry", "stray"))
    with pytest.raises(ContentError, match="stray.bib: not listed in bibliography/groups.yaml"):
        load_reference_set(folder, tmp_path)


def test_real_reference_set_loads_and_keeps_provenance(site_model):
    entries = site_model.references.entries
    assert len(entries) >= 60
    assert all(entry.provenance for entry in entries.values())
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", key) for key in entries)
    frus_docs = [e for e in entries.values() if e.is_frus_document]
    assert len(frus_docs) >= 30
    for entry in frus_docs:
        assert entry.url == "https://history.state.gov/historicaldocuments/" + entry.key.replace("-", "/")


def test_bibliography_page_has_every_entry_grouped_with_key_anchors(site_model, pages):
    page = pages["sources/bibliography.html"]
    for group in site_model.references.groups:
        if group.entries:
            assert page.find(id=group.anchor), group.anchor
        for entry in group.entries:
            div = page.find("div", id=entry.key, class_="bib-entry")
            assert div is not None, entry.key
            assert div.find("details", class_="bib-provenance"), entry.key
            assert div.find_previous("h2")["id"] == group.anchor


def test_every_entry_is_cited_or_marked_further_reading(site_model, pages):
    page = pages["sources/bibliography.html"]
    for key, entry in site_model.references.entries.items():
        status = page.find("div", id=key).find(class_="bib-cited").get_text()
        if site_model.cited_on.get(key):
            assert "Cited on:" in status
        else:
            assert "Further reading" in status and "further reading" in entry.fields.get("keywords", "").lower(), \
                f"{key} is cited nowhere: cite it, remove it, or add keywords = {{further reading}}"


def test_every_citation_footnote_links_to_its_bibliography_entry(content_pages, pages):
    bibliography_ids = {div["id"] for div in pages["sources/bibliography.html"].select("div.bib-entry")}
    linked = 0
    for path, soup in content_pages.items():
        for note in soup.select("div.footnote li[id^='fn:']"):
            link = note.select_one("a.bib-link")
            assert link is not None, f"{path}: {note['id']} has no link to the bibliography"
            assert link["href"].split("#")[1] == note["id"][3:] and note["id"][3:] in bibliography_ids
            linked += 1
    assert linked >= 100


def test_cited_on_links_point_back_to_citing_pages(site_model, pages):
    page = pages["sources/bibliography.html"]
    for key, citers in site_model.cited_on.items():
        links = page.find("div", id=key).select(".bib-cited a")
        assert len(links) == len(citers), key
        for link, citer in zip(links, citers):
            assert link["href"].endswith(citer.page.replace(".md", ".html") + (f"#{citer.anchor}" if citer.anchor else ""))


def test_register_lists_every_cited_frus_document(site_model, pages):
    register = pages["sources/primary-sources.html"]
    rows = register.select("table tbody tr")
    linked = {a["href"].split("#")[1] for a in register.select("table tbody td:nth-of-type(2) a")}
    for key, entry in site_model.references.entries.items():
        if entry.is_frus_document and site_model.cited_on.get(key):
            assert key in linked, key
    assert len(rows) >= 30
    hsg = [a["href"] for a in register.select("a[href^='https://history.state.gov/historicaldocuments/']")]
    assert len(hsg) >= 30


def test_downloads_round_trip(site_model, site_dir):
    keys = set(site_model.references.entries)
    bib = parse_string((site_dir / "downloads/references.bib").read_text(encoding="utf-8"), "bibtex")
    assert set(bib.entries) == keys
    csl = json.loads((site_dir / "downloads/references.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in csl} == keys
    ris = rispy.loads((site_dir / "downloads/references.ris").read_text(encoding="utf-8"))
    assert {record["id"] for record in ris} == keys
    by_id = {record["id"]: record for record in ris}
    for key, entry in site_model.references.entries.items():
        if entry.title:
            assert by_id[key]["title"] == csl_title(csl, key)


def csl_title(csl, key):
    return next(item["title"] for item in csl if item["id"] == key)


def test_markup_in_a_title_shows_as_text(tmp_path):
    project = copy_project(tmp_path / "project")
    other = project / "bibliography" / "other.bib"
    other.write_text(other.read_text(encoding="utf-8") + "\n@misc{markup2020test,\n  title = {{<script>alert(1)</script> *starred* <b>bold</b>}},\n"
                     "  keywords = {further reading},\n  url = {https://example.org/markup}\n}\n% verified: test entry\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site/sources/bibliography.html").read_text(encoding="utf-8")
    entry = html[html.index('id="markup2020test"'):]
    entry = entry[:entry.index("</div>")]
    assert "<script>" not in entry and "<b>" not in entry
    assert "&lt;script&gt;" in entry or "&lt;script>" in entry


def test_broken_bib_stops_the_real_build_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    hansard = project / "bibliography" / "hansard.bib"
    text = hansard.read_text(encoding="utf-8")
    hansard.write_text(text.replace("},\n", "}\n", 1), encoding="utf-8")   # drop one comma between fields
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "bibliography/hansard.bib:" in errors[0] and "BibTeX syntax error" in errors[0], result.output
