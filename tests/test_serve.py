"""The author loop: `serve` rebuilds when a .bib or data file changes, and shows a broken build in the browser."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ENV
from tooling import copy_project

PAGE = "smetana-1943/sources/bibliography.html"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:       # a build error is served as a 500 page
        return error.read().decode("utf-8")


def wait_for(url: str, condition, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            text = fetch(url)
            if condition(text):
                return text
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed the expected change; last text: {text[:300]}")


@pytest.mark.slow
def test_serve_picks_up_bib_edits_and_shows_build_errors(tmp_path):
    project = copy_project(tmp_path / "project", with_cache=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{PAGE}"
    press = project / "bibliography" / "press.bib"
    original = press.read_text(encoding="utf-8")
    try:
        wait_for(url, lambda text: "Greymouth" in text)
        press.write_text(original.replace("Position of Poland", "Position of Poland (edited under serve)"), encoding="utf-8")
        wait_for(url, lambda text: "edited under serve" in text)
        press.write_text(original.replace("},\n", "}\n", 1), encoding="utf-8")          # a broken entry
        broken = wait_for(url, lambda text: "could not be built" in text)
        assert "bibliography/press.bib:" in broken and "Traceback" not in broken
        press.write_text(original, encoding="utf-8")
        wait_for(url, lambda text: "Greymouth" in text and "could not be built" not in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
