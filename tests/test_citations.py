"""The citation layer: no citation is ever lost; bad citations stop the build with one clear line."""
from __future__ import annotations

import re

import pytest

from conftest import mkdocs_build
from tooling import copy_project
from treatysite.citations import check_keys, find_bare_mentions, find_blocks, locator_survives
from treatysite.errors import ContentError

KEYS = {"frus1943v03-d530", "smetana2015treaty", "eden1965reckoning"}


def parse(text: str, keys=KEYS):
    blocks = find_blocks(text, "docs/page.md", first_line=10)
    check_keys(blocks, keys, "docs/page.md", find_bare_mentions(text, 10))
    return blocks


def test_locators_and_prefixes_are_read():
    (block,) = parse("A claim [see @frus1943v03-d530, p. 744; @eden1965reckoning, pp. 10–12].")
    assert [(c.key, c.locator, c.prefix) for c in block.cites] == [
        ("frus1943v03-d530", "p. 744", "see"), ("eden1965reckoning", "pp. 10–12", "")]


@pytest.mark.parametrize("text, message", [
    ("Intro.\nA claim [@frus1943v03-d53].", "docs/page.md:11: unknown citation key 'frus1943v03-d53': did you mean frus1943v03-d530"),
    ("A claim [@smetana2015treaty, banana].", "docs/page.md:10: bad locator 'banana'"),
    ("A claim [@smetana2015treaty, ].", "docs/page.md:10: empty locator"),
    ("A claim [@smetana.2015].", "docs/page.md:10: malformed citation '[@smetana.2015]'"),
    ("A claim [@smetana2015treaty 12].", "docs/page.md:10: malformed citation"),
    ("A claim @smetana2015treaty.", "docs/page.md:10: '@smetana2015treaty' is not in brackets"),
    ("```\n[@smetana2015treaty]\n```", "docs/page.md:11: citation '[@smetana2015treaty]' inside a code block"),
])
def test_bad_citations_are_named_with_file_line_and_fix(text, message):
    with pytest.raises(ContentError) as caught:
        parse(text)
    assert str(caught.value).startswith(message)
    assert str(caught.value).count(":") >= 3  # file:line: problem: fix


def test_email_addresses_and_footnotes_are_not_citations():
    assert parse("Write to editor@example.org or see note[^1].") == []


def test_locator_survival_check():
    assert locator_survives("p. 744", "(Winant 1943, 744)")
    assert locator_survives("doc. 530", "(United States Department of State, n.d., doc. 530)")
    assert not locator_survives("p. 744", "(Winant 1943)")
    assert locator_survives("pp. 744–745", "(Hull 1943, 744–45)")
    assert not locator_survives("pp. 744–745", "(Hull 1943, 744)")


def test_locators_reach_the_built_pages(site_model, content_pages):
    """Every citation with a locator in the sources shows its numbers in the rendered in-text citation."""
    checked = 0
    for path, page in site_model.pages.items():
        html_path = re.sub(r"\.md$", ".html", path)
        article = content_pages[html_path].select_one("article")
        text = article.get_text(" ")
        citations = re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*\d*", text)
        blocks = [b for label, bl in site_model.blocks.items() if label.split("#")[0] == path for b in bl]
        for block in blocks:
            for cite in block.cites:
                if not cite.locator:
                    continue
                assert any(locator_survives(cite.locator, c) for c in citations), \
                    f"{path}:{block.line}: locator '{cite.locator}' of {cite.key} is not in any rendered citation"
                checked += 1
    assert checked >= 20


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


def test_bad_locator_stops_the_real_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "us-position.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA claim [@smetana2015treaty, somewhere].\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "docs/us-position.md:" in result.output and "bad locator 'somewhere'" in result.output


def test_note_style_csl_is_refused(tmp_path):
    """A note style would make mkdocs-bibtex drop every locator silently: the build refuses it."""
    project = copy_project(tmp_path / "project")
    csl = project / "bibliography" / "chicago-author-date.csl"
    csl.write_text(csl.read_text(encoding="utf-8").replace('citation-format="author-date"', 'citation-format="note"'), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "not an author-date CSL style" in result.output
