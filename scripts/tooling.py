"""Shared by the scripts and the tests: project copies, Debian's headless Chromium and a local static server."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "bibliography", "scripts", "overrides", "tests/url-manifest.txt")


def strict_build(*arguments: str, cwd: Path = ROOT, env: dict | None = None) -> tuple[int, list[str]]:
    """`mkdocs build --strict` with its messages captured: the exit status and every WARNING or ERROR
    line. (Never pass -q: MkDocs 1.6 then drops the warnings that --strict would count, and passes.)"""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *arguments],
                            cwd=cwd, env=env, capture_output=True, text=True)
    output = (result.stdout + result.stderr).splitlines()
    problems = [line for line in output if line.startswith(("ERROR", "WARNING"))]      # the causes first
    problems += [line for line in output if line.startswith("Aborted")]
    if result.returncode and not problems:
        problems = output[-5:] or ["mkdocs build failed"]
    return result.returncode, problems


def copy_project(destination: Path, with_cache: bool = False) -> Path:
    """A throwaway copy of everything a build reads (to break on purpose, or to benchmark).

    with_cache also copies the formatted notes (.cache/notes), so that a copy whose references did
    not change needs no pandoc run.
    """
    parts = PROJECT_PARTS + ((".cache/notes",) if with_cache and (ROOT / ".cache/notes").exists() else ())
    for name in parts:
        source, target = ROOT / name, destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    return destination


# As root, on a machine with no network: no sandbox, and nothing that phones home.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """Debian's chromium (never a browser downloaded by a test tool); CHROMIUM_PATH overrides."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path, handler_class=QuietHandler):
    """Serve a built site on a free loopback port; yields its base URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
