"""Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

from tooling import CHROMIUM_ARGS, chromium_path


def require_chromium() -> str:
    path = chromium_path()
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("Debian's chromium is required in CI (apt-get install chromium)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


@contextmanager
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
