"""Search forgives typing: without diacritics, or in another spelling, a name finds the same pages.

The browser tests type each query into Material's real search box in Debian Chromium, on the built
site served locally and on the offline copy opened from disk, and read the pages of the results.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from browser import browser
from conftest import ROOT, mkdocs_build
from tooling import copy_project, serve
from treatysite import search
from treatysite.errors import ContentError

# The pairs of issue 14: each spelling must find the same pages as the other.
PAIRS = [("Benes", "Beneš"), ("Mikolajczyk", "Mikołajczyk"), ("Nemecek", "Němeček"), ("Teheran", "Tehran"),
         ("Korneichuk", "Korneychuk"), ("Maisky", "Maiskii"), ("Ruthenia", "Transcarpathia")]
# Names that have no other spelling: they find exactly the pages whose text has them, nothing more.
PLAIN = ["Masaryk", "Gromyko"]
SEPARATOR = re.compile(r"[\s\-]+")      # Material's default for English (search_index.json config.separator)


# ---- the index, in Python ------------------------------------------------------------------------

def tiny_index(*texts: str) -> dict:
    return {"config": {"separator": r"[\s\-]+", "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
            "docs": [{"location": f"p{i}.html", "title": f"Page {i}", "text": text} for i, text in enumerate(texts)]}


def test_fold_drops_latin_diacritics_only():
    assert search.fold("Beneš Mikołajczyk Němeček Těšín Żurawski chargé") == "Benes Mikolajczyk Nemecek Tesin Zurawski charge"
    assert search.fold("Бенеш 939½") == "Бенеш 939½"


def test_augment_adds_folded_spellings_and_variant_groups_only_where_needed():
    index = tiny_index("<p>Beneš met (Mikołajczyk).</p>", "<p>Benes in a FRUS title</p>",
                       "<p>At the Teheran conference</p>", "<p>Nothing to add here.</p>")
    search.augment(index, search.merge_groups([["Tehran", "Teheran"]]))
    variants = [doc.get(search.FIELD, "").split() for doc in index["docs"]]
    assert sorted(variants[0]) == ["benes", "mikolajczyk", "mikołajczyk"]   # "beneš" is indexed as it is already
    assert variants[1] == ["beneš"]                                           # the site's own spelling, for Beneš
    assert variants[2] == ["tehran"]
    assert search.FIELD not in index["docs"][3]
    assert index["config"]["fields"][search.FIELD] == {"boost": 1.0}
    again = json.loads(json.dumps(index))
    assert search.augment(again, search.merge_groups([["Tehran", "Teheran"]])) == index   # idempotent


def test_groups_from_people_use_the_last_word_and_merge_when_they_share_one():
    assert search.last_name_word("Edward Frederick Lindley Wood, Viscount Halifax") == "Halifax"
    assert search.last_name_word("Anthony J. Drexel Biddle Jr.") == "Biddle"
    assert search.last_name_word("Foreign Office (British)") == "Office"
    merged = search.merge_groups([["Maisky", "Maiskii"], ["Majskij", "Maiskii"], ["Beneš", "Benes"], ["Praha", "Prague"]])
    assert sorted(map(sorted, merged)) == [["maiskii", "maisky", "majskij"], ["prague", "praha"]]


def test_the_aliases_file_loads_and_the_built_index_carries_its_variants(site_dir):
    groups = search.load_aliases(ROOT / "docs" / search.ALIASES, "docs/data/aliases.yaml")
    assert ["Tehran", "Teheran"] in groups
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["fields"][search.FIELD] == {"boost": 1.0}
    with_tehran = [doc for doc in index["docs"] if re.search(r"\btehran\b", doc["text"], re.I)]
    assert with_tehran and all("teheran" in doc[search.FIELD].split() for doc in with_tehran)


BAD_ALIASES = [
    ("- variants: [Tehran, Teheran]\n- variants: [Carpatho-Ukraine, Ruthenia]\n", 2, "'Carpatho-Ukraine' is not a single word"),
    ("- variants: [Tehran, Teheran]\n\n- variants: [Praha, teheran]\n", 3, "'teheran' is already listed at line 1"),
    ("- variants: [Praha, Prague, praha]\n", 1, "'praha' is already listed in this group"),
    ("- variants: [Tehran]\n", 1, "a group needs a list of at least two spellings"),
    ("- variants: Tehran\n", 1, "a group needs a list of at least two spellings"),
    ("- variants: [Tehran, Teheran]\n- {}\n", 2, "variants: missing"),
    ("- variants: [Tehran, Teheran]\n  note: 1943 spelling\n", 2, "note: unknown field"),
    ("- variants: [Tehran, 1943]\n", 1, "'1943' is not a single word"),
    ("- variants: [Tehran, Teheran]\n  variants: [Praha, Prague]\n", 2, "'variants' is given twice"),
    ("- variants: [Tehran, Teheran\n", 2, "YAML error"),
    ("- [Tehran, Teheran]\n", 1, "each group must be a mapping"),
    ("variants: [Tehran, Teheran]\n", 1, "must be a YAML list"),
]


@pytest.mark.parametrize("text, line, says", BAD_ALIASES, ids=[c[2] for c in BAD_ALIASES])
def test_a_bad_aliases_file_stops_with_file_and_line(tmp_path, text, line, says):
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        search.load_aliases(path, "docs/data/aliases.yaml")
    message = str(caught.value)
    assert message.startswith(f"docs/data/aliases.yaml:{line}: ") and says in message, message


@pytest.mark.slow
def test_a_bad_aliases_file_stops_the_build_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project", with_cache=True)
    (project / "docs" / search.ALIASES).write_text("- variants: [Tehran, Teheran]\n- variants: [Teheran Conference, Tehran]\n",
                                                  encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    errors = [line for line in result.output.splitlines() if "ERROR" in line]
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert len(errors) == 1 and "docs/data/aliases.yaml:2: variants: 'Teheran Conference' is not a single word" in errors[0], result.output


# ---- the real search box -------------------------------------------------------------------------

def pages_with_word(site_dir: Path, word: str) -> set[str]:
    """Pages whose indexed title or text has a word beginning with `word`, as Material splits and matches them."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = set()
    for doc in index["docs"]:
        text = re.sub(r"<[^>]*>", " ", f"{doc['title']} {doc['text']}").lower()
        if any(token.startswith(word.lower()) for token in SEPARATOR.split(text)):
            found.add(doc["location"].split("#")[0])
    return found


# Done when every result shown belongs to the query typed last: Material's highlight link (?h=) names the
# query terms a result matched. Typing narrows the results, so "none" on the way means none at the end.
RESULTS_FOR = """term => {
    const meta = document.querySelector(".md-search-result__meta").textContent
    const items = [...document.querySelectorAll(".md-search-result__item")]
    if (meta === "No matching documents") return true
    return /^\\d+ matching document/.test(meta) && items.length > 0 && items.every(item =>
        [...item.querySelectorAll("a.md-search-result__link")].some(link =>
            (new URL(link.href).searchParams.get("h") || "").split(" ").includes(term)))
}"""


def result_pages(page, start_url: str, base_path: str, query: str) -> set[str]:
    """Type a query into the search box of a fresh page; the pages (paths under the site) of all its results."""
    page.goto(start_url)
    page.keyboard.press("/")            # Material's shortcut to open search
    box = page.locator(".md-search__input")
    box.press_sequentially(query, delay=20)
    # Playwright types letters a US keyboard lacks (š, ł) as text, without the key release that a real keyboard
    # sends and Material searches on: End releases a key without changing the query.
    box.press("End")
    page.wait_for_function(RESULTS_FOR, arg=query.lower(), timeout=20000)
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(meta.split()[0]) if meta[0].isdigit() else 0
    while (shown := page.locator(".md-search-result__item").count()) < total:   # Material renders 10, then 4 per scroll
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTop = el.scrollHeight")
        page.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length > n", arg=shown)
    paths = page.eval_on_selector_all(".md-search-result__item > a:first-child", "links => links.map(a => new URL(a.href).pathname)")
    assert len(paths) == total
    return {unquote(path).removeprefix(base_path) for path in paths}


def check_pairs(page, start_url: str, base_path: str, site_dir: Path) -> dict[str, set[str]]:
    found = {query: result_pages(page, start_url, base_path, query) for pair in PAIRS for query in pair}
    found |= {query: result_pages(page, start_url, base_path, query) for query in PLAIN}
    for first, second in PAIRS:
        literal = pages_with_word(site_dir, first) | pages_with_word(site_dir, second)
        assert found[first], f"{first} finds nothing"
        assert found[first] == found[second], f"{first}: {sorted(found[first])}\n{second}: {sorted(found[second])}"
        assert literal <= found[first], f"{first}/{second} miss pages that spell them out: {sorted(literal - found[first])}"
    for name in PLAIN:
        expected = pages_with_word(site_dir, name)
        assert found[name] == expected != set(), f"{name}: found {sorted(found[name])}, the text has it on {sorted(expected)}"
    return found


@pytest.mark.browser
def test_spellings_find_the_same_pages_online_and_offline(site_dir, offline):
    folder = offline / "offline"
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        online = check_pairs(page, base + "index.html", "/", site_dir)
        offline_page = chromium.new_context().new_page()
        from_disk = check_pairs(offline_page, (folder / "index.html").resolve().as_uri(), folder.resolve().as_posix() + "/", folder)
    assert from_disk == online
