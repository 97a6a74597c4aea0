#!/usr/bin/env python3
"""One entry point for the README's commands; each installs what it needs first.

    python3 scripts/dev.py serve       build and serve the site at http://127.0.0.1:8000/smetana-1943/
                                       (the path of site_url in mkdocs.yml)
    python3 scripts/dev.py test        run the whole test suite (builds the site itself)
    python3 scripts/dev.py build       build the site into site/ with --strict
    python3 scripts/dev.py offline     build the offline copy (folder + zip) and the print edition PDF
    python3 scripts/dev.py benchmark   measure build time and page weight against bare Material
    python3 scripts/dev.py manifest    add new page addresses and anchors to tests/url-manifest.txt
    python3 scripts/dev.py check       validate all content (pages, citations, evidence, data, .bib) in a second
    python3 scripts/dev.py release     release the current edition (docs/data/editions.yaml): one commit
    python3 scripts/dev.py publish     SITE_URL=... : the current site and every edition into site/ (--offline DIR)

Only Python 3.11+ is needed: the script makes a virtual environment in .venv and installs the
project with its test extras there (again only when pyproject.toml changes).
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed-from"


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed (found %s)." % sys.version.split()[0])
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing the project and its test tools into .venv ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run(*args: str) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONUTF8="1")
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command not in {"serve", "test", "build", "offline", "benchmark", "manifest", "check", "release", "publish"}:
        print(__doc__)
        return 0 if command == "help" else 2
    ensure_environment()
    if command == "serve":
        return run(BIN / "mkdocs", "serve", "--strict", *rest)
    if command == "build":
        return run(BIN / "mkdocs", "build", "--strict", *rest)
    if command == "test":
        return run(PYTHON, "-m", "pytest", *rest)
    if command == "offline":
        return run(PYTHON, "scripts/build_offline.py", *rest)
    if command in ("release", "publish"):
        return run(PYTHON, "scripts/publish.py", command, *rest)
    if command == "check":
        return run(PYTHON, "scripts/check_content.py", *rest)
    if command == "manifest":
        return run(PYTHON, "scripts/update_url_manifest.py", *rest)
    return run(PYTHON, "scripts/benchmark.py", *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
