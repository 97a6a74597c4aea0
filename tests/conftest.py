"""Shared fixtures: the real site, built once per test run with --strict into a temporary folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONUTF8="1")


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def rename_glossary(project: Path) -> None:
    """Rename a page the URL policy's way: glossary.md becomes terms.md (its evidence file follows it),
    every link follows, and the old address redirects to the new one."""
    docs = project / "docs"
    (docs / "context/glossary.md").rename(docs / "context/terms.md")
    (docs / "data/evidence/context/glossary.yaml").rename(docs / "data/evidence/context/terms.yaml")
    for page in docs.rglob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("glossary.md", "terms.md"), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("context/glossary.md", "context/terms.md")
    config.write_text(text.replace("redirect_maps: {}", 'redirect_maps: {"context/glossary.md": "context/terms.md"}'),
                      encoding="utf-8")


def mkdocs_build(project: Path, site_dir: Path, *extra: str, env: dict | None = None) -> BuildResult:
    """Run the real `mkdocs build --strict` on a project folder."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir), *extra],
        cwd=project, env=dict(ENV, **(env or {})), capture_output=True, text=True)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir)


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> BuildResult:
    result = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def site_dir(build) -> Path:
    return build.site


@pytest.fixture(scope="session")
def pages(site_dir) -> dict[str, BeautifulSoup]:
    """Every built HTML page, parsed, keyed by its path in the site."""
    return {p.relative_to(site_dir).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site_dir.rglob("*.html"))}


@pytest.fixture(scope="session")
def content_pages(pages) -> dict[str, BeautifulSoup]:
    """The pages built from docs/*.md (not the 404 page or redirect stubs)."""
    return {path: soup for path, soup in pages.items()
            if soup.select_one("article.md-content__inner") and path != "404.html"}


@pytest.fixture(scope="session")
def offline(tmp_path_factory) -> Path:
    """The offline copy and print edition, built once per test run by scripts/build_offline.py into a temporary
    folder (offline/, reader-offline.zip, reader-print.pdf)."""
    from browser import require_chromium

    require_chromium()
    if not shutil.which("npm"):
        if os.environ.get("CI") == "true":
            pytest.fail("npm is needed to build the offline copy")
        pytest.skip("npm is not installed")
    out = tmp_path_factory.mktemp("offline")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_offline.py"), "--out", str(out)],
                            cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_model():
    from treatysite.site import Site

    return Site.load(ROOT)


@pytest.fixture(scope="session")
def nav_paths() -> list[str]:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    found = []

    def walk(items):
        for item in items:
            for value in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(value, list):
                    walk(value)
                else:
                    found.append(value)
    walk(config["nav"])
    return found
