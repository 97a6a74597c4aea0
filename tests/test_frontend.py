"""The reader's front end in a real browser: note previews, the light/dark choice, search on demand.

Each feature must work when used and cost nothing before: no note preview, no search worker and no
search index before the reader asks for them, and the palette set once while the page is parsed.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from browser import browser
from conftest import ENV, ROOT
from npm_tools import npm_file
from tooling import serve

pytestmark = pytest.mark.browser

NOTES_PAGE = "british-position.html"
SEARCH_WORK = re.compile(r"search/search_index\.js(on)?$|/workers/search\.[^/]*\.js$")


def text(value: str) -> str:
    return " ".join(value.replace("\u21a9\ufe0e", "").split())


def note_text(page, mark) -> str:
    """The text of the note a mark points to, at the end of the page (without its back link).

    textContent, not innerText: notes far from the screen are not drawn yet (content-visibility)."""
    note_id = mark.get_attribute("href").split("#")[1]
    return text(page.locator(f"[id='{note_id}']").text_content())


# ---- note previews -----------------------------------------------------------------------------------
def test_note_preview_appears_on_hover_and_on_focus_with_the_notes_text(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + NOTES_PAGE)
        marks = page.locator("article a.footnote-ref")
        assert marks.count() > 10
        # Nothing is prepared before the first hover or focus, and Material's own tooltips are off.
        assert page.locator("#note-preview").count() == 0
        assert page.locator("a.footnote-ref[aria-describedby]").count() == 0

        first = marks.nth(2)
        first.hover()
        preview = page.locator("#note-preview")
        assert preview.is_visible()
        assert preview.get_attribute("role") == "tooltip"
        assert first.get_attribute("aria-describedby") == "note-preview"
        assert text(preview.text_content()) == note_text(page, first)
        assert preview.locator("span.cite").count() >= 1
        assert page.locator(".md-tooltip2").count() == 0

        page.mouse.move(0, 0)
        preview.wait_for(state="hidden")
        assert first.get_attribute("aria-describedby") is None

        second = marks.nth(7)
        second.focus()
        assert preview.is_visible()
        assert text(preview.text_content()) == note_text(page, second)
        assert text(preview.text_content()) != note_text(page, first)
        assert second.get_attribute("aria-describedby") == "note-preview"
        page.keyboard.press("Escape")
        assert preview.is_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_note_preview_passes_axe(site_dir, scheme):
    axe = npm_file("axe-core", "axe.min.js").read_text(encoding="utf-8")
    with serve(site_dir) as base, browser() as chromium:
        context = chromium.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(base + NOTES_PAGE)
        page.locator("article a.footnote-ref").nth(3).focus()
        assert page.locator("#note-preview").is_visible()
        page.add_script_tag(content=axe)
        result = page.evaluate("""async () => await axe.run(
            {include: [["#note-preview"], ["a.footnote-ref[aria-describedby]"]]}, {resultTypes: ['violations']})""")
        context.close()
    problems = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
    assert not problems, "\n".join(problems)


def test_note_preview_follows_the_keyboard_from_mark_to_mark(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + NOTES_PAGE)
        marks = page.locator("article a.footnote-ref")
        marks.nth(0).focus()
        for _ in range(40):    # Tab on to the next mark, through whatever links lie between
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('a.footnote-ref')"):
                break
        focused = page.locator("a.footnote-ref:focus")
        assert focused.count() == 1 and focused.get_attribute("href") != marks.nth(0).get_attribute("href")
        assert text(page.locator("#note-preview").text_content()) == note_text(page, focused)


# ---- addresses on long pages (parts drawn only near the screen) ----------------------------------------
@pytest.mark.parametrize("width", [412, 1280])
@pytest.mark.parametrize("path, target", [(NOTES_PAGE, "note"), ("timeline.html", "note"), ("timeline.html", "event")])
def test_an_address_lands_its_target_just_below_the_header(site_dir, site_model, width, path, target):
    """Opened by its address, a note or an event stays where the browser put it while the parts
    around it are drawn: at the top, below the header, neither pushed down nor hidden under it."""
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": width, "height": 800})
        page.goto(base + path)
        if target == "note":
            ids = page.eval_on_selector_all("div.footnote li[id]", "els => els.map(e => e.id)")
        else:
            ids = [event.id for event in site_model.events]
        target_id = ids[len(ids) * 2 // 3]
        page.goto(base + "index.html")
        page.goto(base + f"{path}#{target_id}")
        page.wait_for_load_state("load")
        page.wait_for_timeout(1200)
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        top = page.evaluate(f"document.getElementById('{target_id}').getBoundingClientRect().top")
        assert header <= top <= header + 40, f"#{target_id} at {top}px, header ends at {header}px"


# ---- the light/dark choice -----------------------------------------------------------------------------
BODY_PALETTE_CHANGES = """
window.__paletteChanges = [];
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver(records => records.forEach(r => window.__paletteChanges.push(r.attributeName)))
    .observe(document.body, {attributes: true, attributeFilter:
      ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent", "data-md-color-switching"]});
});
"""


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def changes_after_parsing(page) -> list[str]:
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return page.evaluate("window.__paletteChanges")


def test_palette_toggle_switches_persists_and_is_set_while_parsing(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        context = chromium.new_context(color_scheme="light")
        context.add_init_script(BODY_PALETTE_CHANGES)
        page = context.new_page()
        page.goto(base + "index.html")
        assert scheme(page) == "default"
        assert changes_after_parsing(page) == [], "the palette was applied again after the page was parsed"
        to_dark = page.get_by_title("Switch to dark mode")
        assert to_dark.is_visible() and page.get_by_title("Switch to light mode").is_hidden()

        to_dark.click()
        assert scheme(page) == "slate"
        assert page.get_by_title("Switch to light mode").is_visible()
        assert page.locator('meta[name="color-scheme"]').get_attribute("content") == "dark"

        page.goto(base + "timeline.html")        # the choice persists on another page, set while parsing
        assert scheme(page) == "slate"
        assert changes_after_parsing(page) == []

        page.locator("input.md-option:checked").focus()
        page.keyboard.press("Enter")              # the toggle works from the keyboard too
        assert scheme(page) == "default"
        page.reload()
        assert scheme(page) == "default"
        context.close()


def test_palette_follows_the_system_until_the_reader_chooses(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        context = chromium.new_context(color_scheme="dark")
        page = context.new_page()
        page.goto(base + "sources/bibliography.html")
        assert scheme(page) == "slate"
        assert page.get_by_title("Switch to light mode").is_visible()
        page.get_by_title("Switch to light mode").click()
        page.reload()
        assert scheme(page) == "default"
        context.close()


# ---- search on demand ----------------------------------------------------------------------------------
def open_search_and_find(page, word: str) -> int:
    page.keyboard.press("/")   # Material's shortcut to open search
    page.locator(".md-search__input").press_sequentially(word, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.locator(".md-search-result__item").count()


def test_search_index_and_worker_are_requested_only_when_search_is_opened(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + NOTES_PAGE)
        page.wait_for_load_state("networkidle")
        page.locator("article a.footnote-ref").first.hover()
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(500)
        assert not [url for url in requested if SEARCH_WORK.search(url)], "search work before search was opened"

        assert open_search_and_find(page, "Fierlinger") > 0
        index_requests = [url for url in requested if url.endswith("search/search_index.json")]
        assert len(index_requests) == 1
        assert any("/workers/search." in url for url in requested)


def test_search_result_highlights_its_words_on_the_page_it_opens(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "timeline.html")
        open_search_and_find(page, "Fierlinger")
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_selector("mark[data-md-highlight]", timeout=15000)
        assert "?h=" in page.url
        assert "fierlinger" in page.locator("mark[data-md-highlight]").first.inner_text().lower()


# ---- the offline copy: search from disk, started only when opened ---------------------------------------
@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    """The offline copy (Material's offline plugin), built by scripts/build_offline.py without the PDF."""
    if not shutil.which("npm"):
        if os.environ.get("CI") == "true":
            pytest.fail("npm is needed to build the offline copy")
        pytest.skip("npm is not installed")
    out = tmp_path_factory.mktemp("offline")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_offline.py"), "--out", str(out), "--no-pdf"],
                            cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "offline"


def test_offline_copy_loads_search_only_when_opened_and_finds(offline_copy):
    with browser() as chromium:
        context = chromium.new_context()
        context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
        page = context.new_page()
        page.goto((offline_copy / NOTES_PAGE).resolve().as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        # The index is a script defining __index; the worker runs in an iframe (iframe-worker shim).
        assert page.evaluate("typeof __index") == "undefined"
        assert page.locator("iframe").count() == 0
        assert open_search_and_find(page, "Fierlinger") > 0
        assert page.evaluate("typeof __index") == "object"
        context.close()
