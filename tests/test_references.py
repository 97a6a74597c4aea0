"""The reference set: validated on load (FRUS documents fully modelled), shown by kind, cross-linked both ways."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from tooling import copy_project
from treatysite.errors import ContentError
from treatysite.references import load_reference_set

GOOD = """@online{good2020entry,
  title = {{A Good Entry}},
  url = {https://example.org/good},
  date = {2020}
}
% verified: https://example.org/good — title
"""
GROUPS = "- id: one\n  heading: One\n  files: [one.bib]\n- id: two\n  heading: Two\n  files: [two.bib]\n"
OTHER = GOOD.replace("good2020entry", "other2020entry")


def bib_dir(tmp_path: Path, text: str, extra: str = "") -> Path:
    folder = tmp_path / "bibliography"
    folder.mkdir()
    (folder / "groups.yaml").write_text(GROUPS)
    (folder / "one.bib").write_text(GOOD + text, encoding="utf-8")
    (folder / "two.bib").write_text(OTHER + extra, encoding="utf-8")
    return folder


@pytest.mark.parametrize("text, extra, message", [
    ("@online{broken,\n  title = {{Broken}\n  url = {https://example.org}\n}\n% verified: x\n", "",
     "bibliography/one.bib:11: BibTeX syntax error in entry 'broken' (starts at line 7): '}' expected"),
    ("", "@online{Good2020Entry,\n  title = {{Again}},\n  url = {https://example.org/x},\n  date = {2020}\n}\n% verified: x\n",
     "bibliography/two.bib:7: duplicate key 'Good2020Entry' (also bibliography/one.bib:1"),
    ("@book{nodate,\n  author = {Doe, Jane},\n  title = {{No Date}}\n}\n% verified: x\n", "",
     "bibliography/one.bib:7: entry nodate: needs exactly one of 'date' and 'year'"),
    ("@online{badurl,\n  title = {{Bad URL}},\n  url = {history.state.gov/x},\n  date = {2020}\n}\n% verified: x\n", "",
     "bibliography/one.bib:9: entry badurl: malformed url"),
    ("@online{baddate,\n  title = {{Bad Date}},\n  url = {https://x.org},\n  date = {1943-02-30}\n}\n% verified: x\n", "",
     "bibliography/one.bib:10: entry baddate: date: '1943-02-30' is not a real date"),
    ("@online{author:2001,\n  title = {{Colon}}\n}\n% verified: x\n", "",
     "bibliography/one.bib:7: key 'author:2001' has characters that would be cut off"),
    ("@online{unverified,\n  title = {{No Provenance}},\n  url = {https://x.org},\n  date = {2020}\n}\n", "",
     "bibliography/one.bib:7: entry unverified: has no '% verified:' line"),
    ("% a comment with an at-sign: someone@example.org\n", "",
     "bibliography/one.bib:7: '@' inside a comment"),
    ("@misc{journal,\n  title = {{X}},\n  journal = {Y},\n  date = {2020}\n}\n% verified: x\n", "",
     "bibliography/one.bib:9: entry journal: field 'journal' is not valid for @misc"),
    ("@legal{treaty,\n  title = {{X}},\n  date = {2020}\n}\n% verified: x\n", "",
     "bibliography/one.bib:7: entry treaty: entry type @legal is not one the site models"),
    ("@online{tex,\n  title = {{\\textit{X}}},\n  url = {https://x.org},\n  date = {2020}\n}\n% verified: x\n", "",
     "bibliography/one.bib:8: entry tex: field 'title' uses the TeX command '\\textit'"),
    ("@online{twice,\n  title = {{X}},\n  title = {{Y}},\n  url = {https://x.org},\n  date = {2020}\n}\n% verified: x\n", "",
     "bibliography/one.bib:7: entry twice has the field 'title' twice"),
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


def test_an_emptied_bib_file_is_named_as_such(tmp_path):
    folder = bib_dir(tmp_path, "")
    (folder / "two.bib").write_text("% emptied by mistake\n", encoding="utf-8")
    with pytest.raises(ContentError, match="^bibliography/two.bib: holds no entries"):
        load_reference_set(folder, tmp_path)


# ---- FRUS documents: the model is enforced on load ----------------------------------------------------
FRUS = (ROOT / "bibliography" / "frus-1943.bib").read_text(encoding="utf-8")


def frus_entry(key: str) -> str:
    start = FRUS.index(f"@inbook{{{key},")
    return FRUS[start:FRUS.index("\n}\n", start) + 3]


@pytest.mark.parametrize("change, message", [
    (lambda e: re.sub(r"  author\s*=.*\n", "", e), "lacks author"),
    (lambda e: re.sub(r"  namea\s*=.*\n", "", e), "a telegram needs its recipient"),
    (lambda e: re.sub(r"  origdate\s*=.*\n", "", e), "lacks the document's date (origdate)"),
    (lambda e: re.sub(r"  number\s*=.*\n", "", e), "a telegram needs its number"),
    (lambda e: re.sub(r"  entrysubtype\s*=.*\n", "", e), "lacks entrysubtype (the kind of document)"),
    (lambda e: re.sub(r"  eid\s*=.*\n", "", e), "eid must be the FRUS document number 575"),
    (lambda e: re.sub(r"  booktitle\s*=.*\n", "  booktitle = {Europe},\n", e), "booktitle 'Europe' differs from its volume frus1943v03"),
    (lambda e: re.sub(r"  url\s*=.*\n", "  url = {https://history.state.gov/historicaldocuments/frus1943v03/d576},\n", e), "url must be the document's address"),
    (lambda e: re.sub(r"  origdate\s*=.*\n", "  origdate = {1943-12-35~},\n", e), "origdate: '1943-12-35~' is not a real date"),
])
def test_a_frus_document_lacking_a_field_of_the_model_is_refused(tmp_path, change, message):
    original = frus_entry("frus1943v03-d575")
    assert "{telegram}" in original
    project = copy_project(tmp_path / "project")
    path = project / "bibliography" / "frus-1943.bib"
    path.write_text(FRUS.replace(original, change(original)), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_reference_set(project / "bibliography", project)
    assert "entry frus1943v03-d575" in str(caught.value) and message in str(caught.value), str(caught.value)
    assert str(caught.value).startswith("bibliography/frus-1943.bib:")


def test_every_frus_document_is_fully_described(site_model):
    documents = [e for e in site_model.references.entries.values() if e.is_frus_document]
    assert len(documents) >= 45
    for entry in documents:
        volume = site_model.references.entries[entry.fields["crossref"]]
        assert entry.text("maintitle") == volume.text("maintitle") and entry.text("date") == volume.text("date"), entry.key
        assert volume.text("title") and volume.text("date"), volume.key
        assert entry.url == "https://history.state.gov/historicaldocuments/" + entry.key.replace("-", "/")
        if entry.subtype == "editorial note":
            continue
        date = entry.document_date
        assert date is not None, f"{entry.key} has no date"
        if entry.subtype in ("telegram", "despatch", "letter", "note", "aide-mémoire", "message"):
            assert entry.names("author") and entry.names("recipient"), entry.key
        if date.approximate:
            assert any("date" in line.lower() for line in entry.provenance), f"{entry.key}: an inferred date needs its evidence"
        for name in entry.names("author") + entry.names("recipient"):
            assert name.literal or (name.given and len(name.given.replace(".", "")) > 1 or " " in name.given), \
                f"{entry.key}: {name.display()} is not a full name"


def test_hansard_debates_have_volume_sitting_and_columns(site_model):
    debates = [e for e in site_model.references.entries.values() if e.subtype == "parliamentary debate"]
    assert len(debates) >= 6
    for entry in debates:
        assert entry.text("journaltitle") == "Parliamentary Debates" and entry.text("pagination") == "column", entry.key
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.text("date")) and entry.text("pages"), entry.key


# ---- the bibliography page --------------------------------------------------------------------------
def test_bibliography_is_ordered_by_kind_with_documents_under_their_volume(site_model, pages):
    page = pages["sources/bibliography.html"]
    headings = [h.get_text().replace("¶", "").strip() for h in page.select("article h2[id^='group-']")]
    assert headings[:8] == ["The article", "Published document collections", "Parliamentary debates",
                            "Treaties and parliamentary prints", "Press of the time", "Memoirs and diaries",
                            "Secondary works", "Web pages, broadcasts and reference works"]
    for entry in site_model.references.entries.values():
        if entry.is_frus_document:
            box = page.find("div", id=entry.key)
            volume = box.find_parent("div", class_="bib-documents").find_previous_sibling("div", class_="bib-entry")
            assert volume["id"] == entry.fields["crossref"], entry.key


def test_every_key_and_earlier_section_anchor_still_resolves(site_model, pages):
    page = pages["sources/bibliography.html"]
    for key in site_model.references.entries:
        assert page.find(id=key), key
    for old in ("group-frus", "group-hansard", "group-treaties", "group-press", "group-secondary", "group-other", "group-article"):
        assert page.find(id=old), old


def test_every_entry_is_cited_or_marked(site_model, pages):
    page = pages["sources/bibliography.html"]
    for key, entry in site_model.references.entries.items():
        status = page.find("div", id=key).find(class_="bib-cited").get_text()
        if site_model.cited_on.get(key):
            assert "Cited on:" in status, key
        elif site_model.references.documents_of(key):
            assert "Listed for its documents" in status, key
        else:
            assert "Further reading" in status and entry.is_further_reading, \
                f"{key} is cited nowhere: cite it, remove it, or add keywords = {{further reading}}"


def test_cited_on_links_point_back_to_citing_pages(site_model, pages):
    page = pages["sources/bibliography.html"]
    for key, citers in site_model.cited_on.items():
        links = page.find("div", id=key).select(".bib-cited a")
        assert len(links) == len(citers), key
        for link, citer in zip(links, citers):
            assert link["href"].endswith(citer.page.replace(".md", ".html") + (f"#{citer.anchor}" if citer.anchor else ""))


def test_register_lists_every_cited_primary_source_with_its_own_columns(site_model, pages):
    register = pages["sources/primary-sources.html"]
    tables = {table.find_previous("h2")["id"]: table for table in register.select("article table")}
    assert {"documents", "debates", "press"} <= set(tables)
    headers = {name: [th.get_text() for th in t.select("thead th")] for name, t in tables.items()}
    assert "File" in headers["documents"] and "From → to" in headers["documents"]
    assert "File" not in headers["press"] and "From → to" not in headers["press"]
    linked = {a["href"].split("#")[1] for a in register.select("table a[href*='bibliography.html#']")}
    for key, entry in site_model.references.entries.items():
        if entry.is_frus_document and site_model.cited_on.get(key):
            assert key in linked, key


def test_markup_in_a_title_shows_as_text(tmp_path):
    project = copy_project(tmp_path / "project")
    other = project / "bibliography" / "other.bib"
    other.write_text(other.read_text(encoding="utf-8") + "\n@online{markup2020test,\n  title = {{<script>alert(1)</script> *starred* <b>bold</b>}},\n"
                     "  keywords = {further reading},\n  url = {https://example.org/markup},\n  date = {2020}\n}\n% verified: test entry\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (tmp_path / "site/sources/bibliography.html").read_text(encoding="utf-8")
    entry = html[html.index('id="markup2020test"'):]
    entry = entry[:entry.index("</div>")]
    assert "<script>" not in entry and "<b>" not in entry
    assert "&lt;script&gt;" in entry


def test_broken_bib_stops_the_real_build_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    hansard = project / "bibliography" / "hansard.bib"
    text = hansard.read_text(encoding="utf-8")
    hansard.write_text(text.replace("},\n", "}\n", 1), encoding="utf-8")   # drop one comma between fields
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "bibliography/hansard.bib:" in errors[0] and "BibTeX syntax error" in errors[0], result.output
