"""The timeline in a real browser: filters work with JavaScript; without it every event shows."""
from __future__ import annotations

import pytest

from browser import browser
from tooling import serve

pytestmark = pytest.mark.browser


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(".tl-event:not([hidden]) h3", "els => els.map(e => e.id)")


def test_filters_by_government_and_person(site_dir, site_model):
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "timeline.html")
        form = page.locator("form.tl-filters")
        assert form.is_visible()
        everything = visible_ids(page)
        assert everything == [e.id for e in site_model.events]

        for box in page.locator("input[name=position]").all():
            if box.get_attribute("value") != "US":
                box.uncheck()
        us_only = visible_ids(page)
        expected = [e.id for e in site_model.events if "US" in e.positions or not e.positions]
        assert us_only == expected and 0 < len(us_only) < len(everything)
        assert f"{len(expected)} of {len(everything)} events shown" in page.locator(".tl-count").inner_text()

        page.locator("form.tl-filters button[type=reset]").click()
        page.wait_for_function("document.querySelectorAll('.tl-event[hidden]').length === 0")
        person = "benes"
        page.select_option("select[name=actor]", person)
        by_person = visible_ids(page)
        assert by_person == [e.id for e in site_model.events if person in e.actors] and by_person


def test_without_javascript_every_event_shows(site_dir, site_model):
    with serve(site_dir) as base, browser() as chromium:
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "timeline.html")
        assert not page.locator("form.tl-filters").is_visible()
        assert len(visible_ids(page)) == len(site_model.events)
        context.close()


def test_event_permalink_scrolls_into_view(site_dir, site_model):
    event = site_model.events[len(site_model.events) // 2]
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + f"timeline.html#{event.id}")
        page.wait_for_timeout(300)
        box = page.locator(f"[id='{event.id}']").bounding_box()
        assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_cite_block_bibtex_has_a_copy_button(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "british-position.html")
        button = page.locator("#cite-this-page button[data-md-type=copy]")
        assert button.count() == 1
