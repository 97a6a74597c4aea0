"""The offline copy opens from disk with search and makes no request; the print edition has it all.

The copy is built once per test run by the `offline` fixture (tests/conftest.py)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from browser import browser

SITE_URL = "https://reader.invalid/smetana-1943/"   # the local preview address (mkdocs.yml)


def open_blocked(chromium, path):
    """A page from disk with every http(s) request blocked and recorded."""
    context = chromium.new_context()
    attempts = []

    def block(route):
        attempts.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(https?|wss?)://"), block)
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    return context, page, attempts


def test_offline_copy_reads_and_searches_from_disk_without_network(offline, site_model):
    folder = offline / "offline"
    event = next(e for e in site_model.events if e.phase == "signing")
    with browser() as chromium:
        context, page, attempts = open_blocked(chromium, folder / "index.html")
        assert page.locator("h1").first.is_visible()

        page.goto((folder / "timeline.html").resolve().as_uri() + f"#{event.id}")
        page.wait_for_timeout(300)
        box = page.locator(f"[id='{event.id}']").bounding_box()
        assert box and 0 <= box["y"] < page.viewport_size["height"]
        assert page.locator(".tl-event").count() == len(site_model.events)

        page.keyboard.press("/")   # Material's shortcut to open search
        page.locator(".md-search__input").press_sequentially("Fierlinger", delay=30)
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert page.locator(".md-search-result__item").count() > 0

        page.goto((folder / "british-position.html").resolve().as_uri())
        note = page.locator("div.footnote li a.bib-link").first
        note_href = note.get_attribute("href")
        assert (folder / note_href.split("#")[0]).exists()
        context.close()
    assert attempts == [], f"the offline copy tried to reach: {attempts}"


def test_offline_copy_keeps_online_canonical_and_downloads(offline, site_model):
    folder = offline / "offline"
    html = (folder / "timeline.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}timeline.html">' in html
    assert f'href="{SITE_URL}timeline.html">{SITE_URL}timeline.html</a>' in html
    data = json.loads((folder / "downloads/timeline.json").read_text(encoding="utf-8"))
    assert len(data["events"]) == len(site_model.events)
    assert (folder / "cite/timeline.bib").exists() and (folder / "downloads/references.ris").exists()
    assert "unpkg.com" not in html and "fonts.googleapis" not in html
    with zipfile.ZipFile(offline / "reader-offline.zip") as archive:
        assert "reader/index.html" in archive.namelist() and "reader/search/search_index.js" in archive.namelist()


def test_print_edition_pdf_has_timeline_and_bibliography(offline, site_model):
    if not shutil.which("pdftotext"):
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is needed")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    pdf = offline / "reader-print.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Timeline of the negotiations" in flat and "Bibliography" in flat
    assert site_model.events[-1].title.split()[0] in flat
    assert "Winant" in flat and "history.state.gov" in flat


def test_print_page_holds_every_page_in_reading_order(offline, nav_paths):
    html = (offline / "offline/print_page.html").read_text(encoding="utf-8")
    positions = [html.find(f'<section class="print-page" id="{path.replace(".md", "").replace("/", "-")}"') for path in nav_paths]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), list(zip(nav_paths, positions))


def test_every_link_and_anchor_resolves_in_the_offline_copy_and_print_edition(offline):
    from bs4 import BeautifulSoup
    from test_site_build import broken_links

    folder = offline / "offline"
    pages = {p.relative_to(folder).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
             for p in folder.rglob("*.html")}
    assert "print_page.html" in pages
    problems, checked = broken_links(folder, pages)
    assert not problems, "\n".join(problems[:30])
    assert checked > 1000
