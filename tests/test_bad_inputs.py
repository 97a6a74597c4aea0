"""Every bad input stops the build with one clear line, or shows as text in every output (tests/bad-inputs.yaml)."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, mkdocs_build
from tooling import copy_project, serve

CASES = yaml.safe_load((ROOT / "tests" / "bad-inputs.yaml").read_text(encoding="utf-8"))


def yaml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False)     # JSON is YAML: quoting done by a library


def event_text(fields: dict) -> str:
    data = {"id": "1948-12-31-battery-test", "date": "1948-12-31", "precision": "day", "phase": "aftermath",
            "title": "Battery test", "summary": "A test event.", "sources": [{"key": "smetana2015treaty", "inferred": "a test"}]}
    data.update(fields)
    return "\n- " + "\n  ".join(f"{k}: {yaml_value(v)}" for k, v in data.items()) + "\n"


def person_text(fields: dict) -> str:
    data = {"id": "zz-battery-test", "name": "Battery Test", "government": "other",
            "sources": [{"key": "smetana2015treaty", "inferred": "a test"}]}
    data.update(fields)
    return "\n- " + "\n  ".join(f"{k}: {yaml_value(v)}" for k, v in data.items()) + "\n"


def entry_text(fields: dict) -> str:
    data = {"title": "{{Battery}}", "url": "{https://example.org/battery}", "date": "{2020}", "keywords": "{further reading}"}
    data.update(fields)
    body = ",\n".join(f"  {k.strip()} = {v}" for k, v in data.items())
    return f"\n@online{{battery2020test,\n{body}\n}}\n% verified: a test entry\n"


def apply(case: dict, project: Path) -> dict:
    env = dict(case.get("env", {}))
    if "event" in case:
        path = project / "docs/data/timeline/06-aftermath.yaml"
        path.write_text(path.read_text(encoding="utf-8") + event_text(case["event"]), encoding="utf-8")
    if "person" in case:
        path = project / "docs/data/people.yaml"
        path.write_text(path.read_text(encoding="utf-8") + person_text(case["person"]), encoding="utf-8")
    if "entry" in case:
        path = project / "bibliography/other.bib"
        path.write_text(path.read_text(encoding="utf-8") + entry_text(case["entry"]), encoding="utf-8")
    if "front" in case:
        page, field, value = case["front"]
        path = project / page
        lines = path.read_text(encoding="utf-8").split("\n")
        end = lines.index("---", 1)
        kept = [line for line in lines[1:end] if not line.startswith(f"{field}:")]
        path.write_text("\n".join(["---", *kept, f"{field}: {value}", *lines[end:]]), encoding="utf-8")
    if "append" in case:
        name, text = case["append"]
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")
    if "replace" in case:
        name, old, new = case["replace"]
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"case {case['id']}: '{old}' not in {name}: update the battery"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if "write" in case:
        name, text = case["write"]
        (project / name).write_text(text, encoding="utf-8")
    if "delete" in case:
        (project / case["delete"]).unlink()
    if "latin1" in case:
        path = project / case["latin1"]
        text = path.read_text(encoding="utf-8")
        path.write_bytes(("Český " + text).encode("latin-1", errors="replace"))
    if case.get("no_cache"):
        shutil.rmtree(project / ".cache", ignore_errors=True)
    return env


def outputs(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".json", ".bib", ".ris", ".csv", ".xml", ".js") and "assets" not in p.parts}


STRAIGHT = str.maketrans("‘’“”", "''\"\"")      # the pages' typography (SmartyPants) curls quotes


def shown_text(name: str, text: str) -> str:
    """What a reader or a program gets from an output file: the text of HTML, the strings of JSON."""
    if name.endswith(".html"):
        text = BeautifulSoup(text, "html.parser").get_text()
    elif name.endswith(".json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.translate(STRAIGHT)


def check_escaped(case: dict, site: Path) -> None:
    marker = case["marker"]
    files = outputs(site)
    assert any(marker in shown_text(name, text) for name, text in files.items()) or case.get("csv_formula"), \
        f"{case['id']}: the value was lost"
    for name, text in files.items():
        if name.endswith(".html"):
            soup = BeautifulSoup(text, "html.parser")
            for element in soup.find_all(True):
                for attribute in element.attrs:
                    assert not attribute.lower().startswith("on"), f"{case['id']}: {name}: live {attribute} on <{element.name}>"
                if element.name == "a":
                    assert not element.get("href", "").lower().startswith("javascript:"), f"{case['id']}: {name}"
            for script in soup.find_all("script"):
                if script.get("type") == "application/ld+json":     # data, not code: parsed, and it cannot end early
                    json.loads(script.string)
                    assert "<" not in script.string, f"{case['id']}: {name}: markup inside the JSON-LD block"
                else:
                    assert "alert(" not in script.get_text(), f"{case['id']}: {name}: the value runs as a script"
        elif name.endswith(".json"):
            json.loads(text)       # JSON carries the value as a plain-text string: escaped by JSON's own rules
    for doc in json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]:
        for field in ("title", "text"):                   # Material inserts these as HTML into the results
            fragment = BeautifulSoup(doc.get(field, ""), "html.parser")
            assert not fragment.find(["script", "img", "iframe"]), f"{case['id']}: search index: {doc['location']}"
            assert not any(a.lower().startswith("on") for e in fragment.find_all(True) for a in e.attrs), \
                f"{case['id']}: search index: live attribute in {doc['location']}"
    library = bibtexparser.parse_string((site / "downloads/references.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks, case["id"]
    for bib in (site / "cite").glob("*.bib"):
        parsed = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
        assert not parsed.failed_blocks and len(parsed.entries) == 1, f"{case['id']}: {bib.name}"
    for ris in (site / "cite").glob("*.ris"):
        assert len(rispy.loads(ris.read_text(encoding="utf-8"))) == 1, f"{case['id']}: {ris.name}"
    rows = list(csv.DictReader(io.StringIO((site / "downloads/timeline.csv").read_text(encoding="utf-8"))))
    assert not any(v.startswith(("=", "+", "@")) for row in rows for v in row.values() if v), f"{case['id']}: CSV formula"


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case, tmp_path):
    project = copy_project(tmp_path / "project", with_cache=True)
    env = apply(case, project)
    site = tmp_path / "site"
    if case.get("site_dir_is_file"):
        site.write_text("not a directory")
    result = mkdocs_build(project, site, env=env)
    assert "Traceback" not in result.output, result.output[-3000:]
    if case["expect"] == "error":
        errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
        assert result.returncode != 0 and len(errors) == 1, result.output[-3000:]
        if case.get("names"):
            assert f"ERROR   -  {case['names']}" in errors[0], errors[0]
        if case.get("says"):
            assert case["says"] in errors[0], errors[0]
        return
    assert result.returncode == 0, result.output[-3000:]
    if case["expect"] == "escaped":
        check_escaped(case, site)
        if case.get("open"):
            open_without_dialogs(site, case["open"])


def open_without_dialogs(site: Path, paths: list[str]) -> None:
    from browser import browser

    dialogs: list[str] = []
    with serve(site) as base, browser() as chromium:
        page = chromium.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in paths:
            page.goto(base + path)
            page.wait_for_timeout(200)
    assert not dialogs, f"a script ran: {dialogs}"


def test_the_battery_covers_every_class_with_sixty_cases_or_more():
    assert len(CASES) >= 60
    kinds = {c["expect"] for c in CASES}
    assert {"error", "escaped"} <= kinds
    assert len({c["id"] for c in CASES}) == len(CASES)
