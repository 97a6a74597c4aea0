"""Quality in a real browser and a real validator: axe-core (light and dark) and the Nu Html Checker."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from browser import browser
from tooling import serve
from npm_tools import npm_file

# Errors the Nu Html Checker reports in markup that Material's base template produces, not ours.
# Each is listed in README.md ("Known validator messages") with the reason.
MATERIAL_TEMPLATE_ERRORS = [
    # base.html: the hidden drawer/search toggles are checkboxes with autocomplete="off".
    "Attribute “autocomplete” is only allowed when the input type is",
    # partials/nav-item.html: navigation section labels carry tabindex="" when not focusable.
    "Bad value “” for attribute “tabindex” on element “label”",
]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(site_dir, content_pages, scheme):
    axe = npm_file("axe-core", "axe.min.js").read_text(encoding="utf-8")
    problems = []
    with serve(site_dir) as base, browser() as chromium:
        context = chromium.new_context(color_scheme=scheme)
        page = context.new_page()
        for path in content_pages:
            page.goto(base + path)
            page.add_script_tag(content=axe)
            # target-size (WCAG 2.2 AA, 24 px targets) is off by default in axe; Lighthouse checks it.
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations'],"
                                   " rules: {'target-size': {enabled: true}}})")
            for violation in result["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                problems.append(f"{scheme} {path}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
        context.close()
    assert not problems, "\n".join(problems)


def test_nu_html_checker_finds_no_errors_in_our_markup(site_dir, content_pages):
    if not shutil.which("java"):
        if os.environ.get("CI") == "true":
            pytest.fail("java is required in CI for the Nu Html Checker")
        pytest.skip("java is not installed")
    jar = npm_file("vnu-jar", "build/dist/vnu.jar")
    files = [str(site_dir / path) for path in content_pages]
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error"
              and not any(known in m.get("message", "") for known in MATERIAL_TEMPLATE_ERRORS)]
    shown = [f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in errors]
    assert not errors, "\n".join(shown[:40])
