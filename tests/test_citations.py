"""The citation layer: a Chicago note per citation, every locator kept, nothing lost; bad citations stop the build."""
from __future__ import annotations

import re

import pytest

from conftest import mkdocs_build
from tooling import copy_project
from treatysite.citations import check_keys, chicago_range, find_bare_mentions, find_blocks, format_locator
from treatysite.errors import ContentError


class Entry:       # the little of a reference entry that check_keys looks at
    is_document = False


KEYS = {"frus1943v03-d530": Entry(), "smetana2015treaty": Entry(), "eden1965reckoning": Entry()}


def parse(text: str, keys=KEYS):
    blocks = find_blocks(text, "docs/page.md", first_line=10)
    check_keys(blocks, keys, "docs/page.md", find_bare_mentions(text, 10))
    return blocks


def test_locators_and_prefixes_are_read():
    (block,) = parse("A claim [see @frus1943v03-d530, p. 744; @eden1965reckoning, pp. 10–12].")
    assert [(c.key, c.locator, c.prefix) for c in block.cites] == [
        ("frus1943v03-d530", "p. 744", "see"), ("eden1965reckoning", "pp. 10–12", "")]


def test_a_key_with_two_swapped_characters_is_suggested_first():
    keys = {"frus1943v03-d530": Entry(), "frus1943v03-d360": Entry(), "frus1943v03-d301": Entry()}
    with pytest.raises(ContentError) as stopped:
        parse("A claim [@frus1943v03-d310].", keys)
    assert "did you mean frus1943v03-d301, " in str(stopped.value)


@pytest.mark.parametrize("text, message", [
    ("Intro.\nA claim [@frus1943v03-d53].", "docs/page.md:11: unknown citation key 'frus1943v03-d53': did you mean frus1943v03-d530"),
    ("A claim [@smetana2015treaty, banana].", "docs/page.md:10: bad locator 'banana'"),
    ("A claim [@smetana2015treaty, ].", "docs/page.md:10: empty locator"),
    ("A claim [@smetana.2015].", "docs/page.md:10: malformed citation '[@smetana.2015]'"),
    ("A claim [@smetana2015treaty 12].", "docs/page.md:10: malformed citation"),
    ("A claim @smetana2015treaty.", "docs/page.md:10: '@smetana2015treaty' is not in brackets"),
    ("```\n[@smetana2015treaty]\n```", "docs/page.md:11: citation '[@smetana2015treaty]' inside code"),
    ("Text `[@smetana2015treaty]` text.", "docs/page.md:10: citation '[@smetana2015treaty]' inside code"),
    ("A claim [@smetana2015\u200btreaty].", "docs/page.md:10: invisible character U+200B"),
])
def test_bad_citations_are_named_with_file_line_and_fix(text, message):
    with pytest.raises(ContentError) as caught:
        parse(text)
    assert str(caught.value).startswith(message), str(caught.value)
    assert str(caught.value).count(": ") >= 2  # file:line: problem: fix


def test_email_addresses_and_footnote_marks_are_not_citations():
    assert parse("Write to editor@example.org or see note[^1].") == []


@pytest.mark.parametrize("first, last, expected", [
    ("727", "728", "727–28"), ("101", "108", "101–8"), ("321", "328", "321–28"), ("498", "532", "498–532"),
    ("1087", "1089", "1087–89"), ("1496", "1500", "1496–500"), ("71", "72", "71–72"), ("100", "104", "100–104"),
    ("1519", "1521", "1519–21"), ("804", "805", "804–5"),
])
def test_chicago_page_ranges(first, last, expected):
    assert chicago_range(first, last) == expected


def test_locators_print_as_chicago_notes_print_them():
    assert format_locator("p. 744") == "744"
    assert format_locator("pp. 727–728") == "727–28"
    assert format_locator("col. 1520") == "col. 1520"
    assert format_locator("cols. 1519–1521") == "cols. 1519–21"
    assert format_locator("enclosure 1") == "enclosure 1"


# ---- the built site ----------------------------------------------------------------------------------
def numbers_present(locator: str, text: str) -> bool:
    """Every number of a locator appears in a note (a range's end may be shortened to its changed digits).

    Written independently of the site's own formatting code on purpose.
    """
    ranges = dict(re.findall(r"(\d+)\s*[–-]+\s*(\d+)", locator))
    for start, end in ranges.items():
        if start not in text:
            return False
        if not any(end[i:] in text for i in range(len(end))):
            return False
    singles = [n for n in re.findall(r"\d+", locator) if n not in ranges and n not in ranges.values()]
    return all(n in text for n in singles)


def page_citations(site_model, page_path):
    """(key, locator) of every citation on a page, in the order of the page's notes."""
    return [(c.key, c.locator) for label, blocks in site_model.blocks.items() if label.split("#")[0] == page_path
            for block in blocks for c in block.cites]


def test_every_citation_has_one_note_that_keeps_its_locator(site_model, content_pages):
    checked = 0
    for path in site_model.pages:
        soup = content_pages[re.sub(r"\.md$", ".html", path)]
        spans = soup.select("div.footnote li span.cite")
        written = sorted(page_citations(site_model, path))
        rendered = sorted((s["data-key"], s["data-locator"]) for s in spans)
        assert rendered == written, f"{path}: the notes do not match the citations written in the source"
        for span in spans:
            if span["data-locator"]:
                text = span.get_text(" ")
                assert numbers_present(span["data-locator"], text), f"{path}: locator {span['data-locator']} lost in: {text}"
                checked += 1
    assert checked >= 250


def test_each_note_mark_points_to_its_note_and_back(content_pages):
    for path, soup in content_pages.items():
        marks = soup.select("sup[id^='fnref:'] a.footnote-ref")
        notes = soup.select("div.footnote li[id^='fn:']")
        assert len(marks) == len(notes), path
        for number, (mark, note) in enumerate(zip(marks, notes), 1):
            assert mark.get_text() == str(number) and mark["href"] == f"#fn:{number}" and note["id"] == f"fn:{number}", path
            assert note.select_one(f"a.footnote-backref[href='#fnref:{number}']"), path


def test_first_note_is_full_later_notes_are_short(content_pages):
    soup = content_pages["british-position.html"]
    notes = [s.get_text(" ") for s in soup.select("div.footnote li span.cite[data-key='frus1943v03-d575']")]
    assert len(notes) >= 3
    assert "Foreign Relations of the United States" in notes[0] and "doc. 575" in notes[0] and "Winant" in notes[0]
    assert all("FRUS 1943" in n and "Foreign Relations" not in n for n in notes[1:])


def test_no_author_date_parentheticals_or_lettered_nd(content_pages):
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    word = rf"(?!(?:{months}|Spring|Summer|Autumn|Fall|Winter|c\.|ca\.)\b)[A-Z][\w’'.-]+"
    parenthetical = re.compile(rf"\((?:{word},? )+(?:1[89]\d\d|n\.d\.)[a-z]?(?:, [\d–-]+)?\)")
    for path, soup in content_pages.items():
        text = soup.select_one("article").get_text(" ")
        assert not re.search(r"n\.d\.-[a-z]", text), path
        found = parenthetical.search(text)
        assert not found, f"{path}: author-date parenthetical {found.group(0) if found else ''}"


def test_no_telegram_or_despatch_note_prints_nd(content_pages, site_model):
    for path, soup in content_pages.items():
        for span in soup.select("div.footnote span.cite"):
            entry = site_model.references.entries[span["data-key"]]
            if entry.is_frus_document and entry.subtype != "editorial note":
                assert "n.d." not in span.get_text(), (path, span["data-key"])


def test_unknown_key_stops_the_real_build_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "article.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.append("A sentence citing a missing work [@smetana2015treatyy, p. 5].")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "ERROR" in line]
    assert len(errors) == 1, result.output
    assert f"docs/article.md:{len(lines)}: unknown citation key 'smetana2015treatyy': did you mean smetana2015treaty" in errors[0]


def test_a_document_number_as_locator_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "us-position.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA claim [@frus1943v03-d575, doc. 575].\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "docs/us-position.md:" in result.output and "the document number is part of the entry" in result.output


def test_an_author_date_style_is_refused(tmp_path):
    """A style that is not a notes style would print author-date parentheticals: the build refuses it."""
    project = copy_project(tmp_path / "project")
    csl = project / "bibliography" / "reader-notes.csl"
    csl.write_text(csl.read_text(encoding="utf-8").replace('class="note"', 'class="in-text"'), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "not a notes style" in result.output
