"""Wide content fits: no table on any page is wider than its container, on a laptop or a phone."""
from __future__ import annotations

import pytest

from browser import browser
from tooling import serve

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}


@pytest.mark.parametrize("device", WIDTHS)
def test_no_table_is_wider_than_its_container(site_dir, content_pages, device):
    width, height = WIDTHS[device]
    problems, tables = [], 0
    with serve(site_dir) as base, browser() as chromium:
        for scheme in ("light", "dark"):
            context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            for path in content_pages:
                page.goto(base + path)
                found = page.evaluate("""() => Array.from(document.querySelectorAll('article table')).map(t => {
                    const box = t.closest('.md-typeset__table, .md-typeset__scrollwrap') || t.parentElement;
                    return {width: t.getBoundingClientRect().width, room: box.getBoundingClientRect().width,
                            scroll: t.scrollWidth, id: t.id || t.className};
                })""")
                tables += len(found)
                for table in found:
                    if table["width"] > table["room"] + 1 or table["scroll"] > table["room"] + 1:
                        problems.append(f"{scheme} {path} {table['id']}: {table['width']:.0f}px in {table['room']:.0f}px")
            context.close()
    assert tables >= 4
    assert not problems, "\n".join(problems)
