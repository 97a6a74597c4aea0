"""Every citation carries the passage it rests on; quotations from stored public-domain texts are exact.

The data files and excerpts are read here with PyYAML directly, not through the site's own loader.
"""
from __future__ import annotations

import re

import yaml

from conftest import ROOT, mkdocs_build
from tooling import copy_project

EXCERPTS = ROOT / "bibliography" / "excerpts"


def normal(text: str) -> str:
    return " ".join(str(text).split())


def excerpt(key: str) -> str | None:
    path = EXCERPTS / f"{key}.txt"
    if not path.exists():
        return None
    return normal(" ".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")))


def all_evidence():
    """(file, key, quote or None, inferred or None) for every piece of evidence in the data."""
    for path in sorted((ROOT / "docs/data/evidence").rglob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            key = record["cite"].split(",")[0].strip().lstrip("@")
            yield path, key, record.get("quote"), record.get("inferred")
    for path in sorted((ROOT / "docs/data/timeline").glob("*.yaml")) + [ROOT / "docs/data/people.yaml"]:
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for source in record["sources"]:
                yield path, source["key"], source.get("quote"), source.get("inferred")


def test_every_source_of_the_data_has_evidence():
    missing = [f"{path.relative_to(ROOT)}: {key}" for path, key, quote, inferred in all_evidence() if not (quote or inferred)]
    assert not missing, "\n".join(missing[:20])


def test_quotations_from_stored_excerpts_occur_word_for_word():
    checked, wrong = 0, []
    for path, key, quote, _inferred in all_evidence():
        text = excerpt(key)
        if text is None or quote is None:
            continue
        for passage in quote if isinstance(quote, list) else [quote]:
            checked += 1
            if normal(passage) not in text:
                wrong.append(f"{path.relative_to(ROOT)}: {key}: {passage[:80]}")
    assert not wrong, "quotations not found in bibliography/excerpts/:\n" + "\n".join(wrong[:20])
    assert checked >= 150


def test_every_frus_document_cited_has_a_stored_excerpt(site_model):
    for key in site_model.cited_on:
        if site_model.references.entries[key].is_frus_document:
            assert (EXCERPTS / f"{key}.txt").exists(), key


def test_quotations_are_short_and_contiguous():
    for path, key, quote, _inferred in all_evidence():
        for passage in (quote if isinstance(quote, list) else [quote]) if quote else []:
            assert len(passage.split()) <= 45, f"{path.relative_to(ROOT)}: {key}: {len(passage.split())} words"
            assert "…" not in passage and "..." not in passage, f"{path.relative_to(ROOT)}: {key}: an ellipsis"


def test_readers_see_the_source_in_every_note(content_pages):
    notes = 0
    for path, soup in content_pages.items():
        for cite in soup.select("div.footnote span.cite"):
            source = cite.select_one(".note-source")
            assert source is not None and re.match(r"Source: (“|inferred from )", source.get_text()), (path, cite["data-key"])
            notes += 1
    assert notes >= 800


def test_a_misquotation_stops_the_build_naming_the_file(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "docs/data/evidence/us-position.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = next(r for r in records if r.get("quote") and (EXCERPTS / f"{r['cite'].split(',')[0].strip()}.txt").exists())
    text = path.read_text(encoding="utf-8")
    original = target["quote"] if isinstance(target["quote"], str) else target["quote"][0]
    words = original.split()
    altered = " ".join(words[:-1] + [words[-1] + "x"])
    path.write_text(text.replace(original, altered, 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "docs/data/evidence/us-position.yaml:" in result.output and "not found word for word" in result.output
