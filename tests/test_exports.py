"""The downloads, read back by the independent, maintained parsers that reference managers use.

bibtexparser v2 and pybtex (.bib), biber's data-model check, rispy (.ris), citeproc-js through
citation-js (CSL-JSON), jsonschema (timeline.json against its published schema), extruct (page metadata).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from urllib.parse import parse_qs

import pytest
import rispy

from conftest import ROOT
from npm_tools import npm_file

SITE_URL = "https://reader.invalid/smetana-1943/"   # the local preview address (mkdocs.yml)
# CSL 1.0.2 item types (citationstyles.org/documentation "Appendix III - Types").
CSL_TYPES = set("""article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection
dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview legal_case
legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance periodical
personal_communication post post-weblog regulation report review review-book software song speech standard thesis
treaty webpage""".split())


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{tool} is required in CI")
    pytest.skip(f"{tool} is not installed")


@pytest.fixture(scope="module")
def csl_items(site_dir):
    return json.loads((site_dir / "downloads/references.json").read_text(encoding="utf-8"))


# ---- BibTeX / biblatex -------------------------------------------------------------------------------
def test_whole_set_bib_reads_in_bibtexparser_v2_and_pybtex(site_dir, site_model):
    import bibtexparser
    from pybtex.database import parse_string

    text = (site_dir / "downloads/references.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks][:3]
    entries = {e.key: e for e in library.entries}
    assert set(entries) == set(site_model.references.entries)
    telegram = entries["frus1943v03-d575"]
    assert telegram.entry_type == "inbook"
    assert telegram.fields_dict["author"].value == "Winant, John G."
    assert telegram.fields_dict["namea"].value == "Hull, Cordell" and telegram.fields_dict["nameatype"].value == "recipient"
    assert telegram.fields_dict["entrysubtype"].value == "telegram" and telegram.fields_dict["number"].value == "8710"
    assert telegram.fields_dict["origdate"].value.startswith("1943-12-15")
    assert telegram.fields_dict["library"].value == "760F.6111/45" and telegram.fields_dict["eid"].value == "575"
    debate = entries["commons1943russo"]
    assert debate.fields_dict["volume"].value == "395" and debate.fields_dict["pagination"].value == "column"
    pybtex_data = parse_string(text, "bibtex")
    assert set(pybtex_data.entries) == set(entries)


def test_whole_set_bib_passes_bibers_data_model_check(site_dir, tmp_path):
    biber = require("biber")
    target = tmp_path / "references.bib"
    shutil.copy(site_dir / "downloads/references.bib", target)
    result = subprocess.run([biber, "--tool", "--validate-datamodel", target.name], cwd=tmp_path, capture_output=True, text=True)
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("WARN", "ERROR"))]
    assert result.returncode == 0 and not warnings, "\n".join(warnings[:20])


# ---- RIS ----------------------------------------------------------------------------------------------
def test_ris_records_have_real_types_roles_dates_and_languages(site_dir, site_model, csl_items):
    text = (site_dir / "downloads/references.ris").read_text(encoding="utf-8")
    assert text.startswith("TY  - ") and "\n1.\n" not in text and not text.startswith("1.")
    records = {r["id"]: r for r in rispy.loads(text)}
    assert set(records) == set(site_model.references.entries)
    assert not [k for k, r in records.items() if r["type_of_reference"] == "GEN"]
    telegram = records["frus1943v03-d575"]
    assert telegram["type_of_reference"] == "PCOMM"                      # Zotero: letter
    assert telegram["authors"] == ["Winant, John G."] and telegram["secondary_authors"] == ["Hull, Cordell"]   # A2 = recipient
    assert telegram["type_of_work"] == "telegram" and telegram["date"] == "1943/12/15/"
    assert telegram["access_date"].startswith("2026/") and telegram["language"] == "en"
    assert records["commons1943russo"]["type_of_reference"] == "HEAR"
    assert records["commons1943russo"]["tertiary_title"] == "House of Commons"   # T3: legislative body
    assert records["greymouth1943russian"]["type_of_reference"] == "NEWS"
    books_with_editors = [i for i in csl_items if i["type"] == "book" and i.get("editor") and i.get("author")]
    assert books_with_editors
    for item in books_with_editors:
        record = records[item["id"]]
        assert record.get("tertiary_authors") and not record.get("secondary_authors"), item["id"]   # A3: editor of a book
    for record in records.values():
        for name in record.get("authors", []) + record.get("secondary_authors", []) + record.get("tertiary_authors", []):
            assert name.strip().lower() not in ("others", "et al.") and "\\" not in name, (record["id"], name)


# ---- CSL-JSON -----------------------------------------------------------------------------------------
def test_every_csl_item_has_a_valid_type_and_no_pseudo_names(csl_items):
    for item in csl_items:
        assert item["type"] in CSL_TYPES, (item["id"], item["type"])
        for role in ("author", "editor", "translator", "recipient"):
            for name in item.get(role, []):
                text = (name.get("literal") or name.get("family") or "").lower()
                assert text not in ("others", "et al.") and "\\" not in json.dumps(name, ensure_ascii=False), (item["id"], name)
    by_id = {i["id"]: i for i in csl_items}
    assert by_id["nemecek2014smlouva"].get("note")                      # "and others" said in a note, not as a name
    assert by_id["frus1943v03-d575"]["issued"] == {"date-parts": [[1943, 12, 15]], "circa": True}
    assert by_id["frus1943v03-d575"]["recipient"] == [{"family": "Hull", "given": "Cordell"}]


def test_citeproc_js_renders_every_csl_item(site_dir, csl_items, tmp_path):
    require("node")
    npm_file("@citation-js/core", "package.json")
    npm_file("@citation-js/plugin-csl", "package.json")
    modules = ROOT / ".cache" / "npm-tools" / "node_modules"
    items = tmp_path / "items.json"
    items.write_text(json.dumps(csl_items), encoding="utf-8")
    for style in (None, ROOT / "bibliography" / "reader-notes.csl"):
        command = ["node", str(ROOT / "tests/js/render_csl.cjs"), str(items)] + ([str(style)] if style else [])
        result = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, NODE_PATH=str(modules)))
        assert result.returncode == 0, result.stderr[-2000:]
        rendered = json.loads(result.stdout)
        assert set(rendered) == {i["id"] for i in csl_items}
        for item in csl_items:
            out = rendered[item["id"]]
            assert out["bibliography"] and out["citation"], (style, item["id"])
            assert "others" not in out["bibliography"].lower().split(), (style, item["id"])
            if item["type"] == "personal_communication" and style:
                # A letter in a published collection is named by writer and addressee (Chicago 14.111), not by the
                # editors' heading: both names must be there.
                for role in ("author", "recipient"):
                    names = [n.get("family") or n.get("literal") for n in item.get(role, [])]
                    assert all(n in out["bibliography"] for n in names), (role, item["id"], out)
                continue
            words = re.findall(r"\w{4,}", item.get("title", ""))
            assert not words or words[0] in out["bibliography"], (style, item["id"], out)


# ---- timeline -----------------------------------------------------------------------------------------
def test_timeline_json_validates_against_its_published_schema(site_dir, site_model):
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((site_dir / "downloads/timeline.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site_dir / "downloads/timeline.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert len(data["events"]) == len(site_model.events)
    for event in data["events"]:
        assert "[@" not in event["summary"] and "*" not in event["summary"], event["id"]
        for source in event["sources"]:
            assert source["reference"] and ("quote" in source or "inferred" in source), (event["id"], source["key"])


def test_timeline_csv_writes_booleans_as_json_does(site_dir):
    data = json.loads((site_dir / "downloads/timeline.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((site_dir / "downloads/timeline.csv").read_text(encoding="utf-8"))))
    assert [r["approximate"] for r in rows] == [json.dumps(e["approximate"]) for e in data["events"]]
    assert all("[@" not in r["summary"] for r in rows)


def test_every_event_source_with_pages_has_a_locator(site_model):
    for event in site_model.events:
        for source in event.sources:
            entry = site_model.references.entries[source.key]
            if entry.text("pages") and "–" in entry.text("pages") and entry.type != "inbook":
                assert source.locator, f"{event.id}: {source.key} spans pages {entry.text('pages')}: give the page"


# ---- page metadata ------------------------------------------------------------------------------------
def test_page_metadata_reads_back_with_extruct(site_dir, site_model):
    import extruct

    html = (site_dir / "british-position.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=SITE_URL + "british-position.html", syntaxes=["json-ld", "dublincore", "opengraph"])
    (page,) = [d for d in data["json-ld"] if d.get("@type") == "WebPage"]
    assert page["author"] == {"@type": "Organization", "name": "Editors of the 1943 Treaty Reader"}
    people = [a for work in page["citation"] for a in work.get("author", [])]
    assert any(a["@type"] == "Person" and a["name"] == "John G. Winant" for a in people)
    assert not any(a["@type"] == "Organization" and a["name"] in ("John G. Winant", "Vyacheslav Mikhailovich Molotov") for a in people)
    assert all("\\" not in json.dumps(w, ensure_ascii=False) and "others" not in json.dumps(w).lower() for w in page["citation"])
    dc = {e["name"]: e["content"] for d in data["dublincore"] for e in d.get("elements", [])}
    assert dc.get("DC.creator") == "Editors of the 1943 Treaty Reader" and "DC.type" not in dc
    og = dict(p for d in data["opengraph"] for p in d["properties"])
    assert og["og:type"] == "website"


def test_coins_span_keeps_the_corporate_author_as_one_name(pages):
    span = pages["british-position.html"].select_one("span.Z3988")
    fields = parse_qs(span["title"])
    assert fields["rft.aucorp"] == ["Editors of the 1943 Treaty Reader"] and "rft.au" not in fields
    assert fields["rft.type"] == ["webpage"] and fields["rft_id"] == [SITE_URL + "british-position.html"]


def test_citation_reference_values_are_escaped_for_their_format(content_pages):
    for path, soup in content_pages.items():
        for tag in soup.find_all("meta", attrs={"name": "citation_reference"}):
            parts = tag["content"].split("; ")
            assert all(part.startswith("citation_") and "=" in part for part in parts), (path, tag["content"])
            assert "\\&" not in tag["content"] and "others" not in tag["content"].split("="), path
