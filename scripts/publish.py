#!/usr/bin/env python3
"""Publishing: the current site plus every released edition, each unchanged at editions/<number>/.

    SITE_URL=https://example.org/reader/ python3 scripts/dev.py publish [--out site] [--offline dist]
        builds the current site (a release build: the preview address is refused) and every released
        edition of docs/data/editions.yaml from its own commit, into --out; checks that every address
        of the URL manifest (edition addresses included) resolves; with --offline, also the offline
        copy (zip) and the print edition (PDF) of the current site and of each edition, into that folder.

    python3 scripts/dev.py release
        releases the current edition: writes the current commit into docs/data/editions.yaml, records
        the edition's addresses in the URL manifest, and commits both. Needs a clean work tree.

An edition is built from its commit with that commit's own code and content, the public address
<SITE_URL>editions/<number>/ and SOURCE_DATE_EPOCH set to its date, so the result is the same
byte for byte every time; a banner is then added to each page, linking to the current version.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from tooling import strict_build  # noqa: E402
from treatysite import urls  # noqa: E402
from treatysite.editions import Edition, banner_html, is_preview, load_editions  # noqa: E402
from treatysite.errors import ContentError  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONUTF8="1")
ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)')
REDIRECT = re.compile(r'<meta http-equiv="refresh"', re.IGNORECASE)


class PublishError(Exception):
    """A problem that stops publishing: one line, no traceback."""


def message(line: str) -> str:
    """A MkDocs log line without its level prefix: the one line a publisher needs to read."""
    return line.removeprefix("ERROR   -  ").removeprefix("WARNING -  ")


def run(command: list[str], cwd: Path, env: dict) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("ERROR", "WARNING"))]
        raise PublishError(message(lines[0]) if lines else (result.stderr.strip().splitlines() or ["failed"])[-1])


def editions_of(root: Path) -> list[Edition]:
    try:
        return load_editions(root / "docs/data/editions.yaml", "docs/data/editions.yaml")
    except ContentError as error:
        raise PublishError(str(error)) from None


def epoch(date: str) -> str:
    return str(int(dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc).timestamp()))


def extract(commit: str, target: Path, repository: Path) -> Path:
    """The tree of a commit, as files (git archive), without touching the work tree."""
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=repository, capture_output=True)
    if archive.returncode:
        raise PublishError(f"docs/data/editions.yaml: commit {commit[:12]} cannot be read from git "
                           f"({archive.stderr.decode(errors='replace').strip()}): fetch the full history (git fetch --unshallow)")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as handle:
        handle.write(archive.stdout)
        handle.seek(0)
        with tarfile.open(fileobj=handle) as tar:
            tar.extractall(target, filter="data")
    return target


def build(tree: Path, out: Path, site_url: str, extra: dict) -> None:
    env = dict(ENV, SITE_URL=site_url, READER_RELEASE="1", **extra)
    status, problems = strict_build("-f", str(tree / "mkdocs.yml"), "-d", str(out), cwd=tree, env=env)
    if status:
        raise PublishError(message(problems[0]))


def add_banners(folder: Path, edition: Edition) -> None:
    """Every page of an edition's copy says which edition it is and leads to the current version of the
    page at the same address. A page renamed later keeps that address as a redirect to its successor,
    so the copy never has to change (it stays byte for byte what was released)."""
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel == "404.html" or REDIRECT.search(text):
            continue
        text = text.replace("<head>", '<head>\n<meta name="robots" content="noindex">', 1)
        text = ARTICLE.sub(lambda m: m.group(1) + banner_html(edition, rel), text, count=1)
        path.write_text(text, encoding="utf-8")


def build_edition(edition: Edition, site_url: str, out: Path, repository: Path) -> Path:
    """An edition's unchanging copy at out/editions/<number>/."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = extract(edition.commit, Path(scratch) / "tree", repository)
        target = out / edition.path
        if target.exists():
            shutil.rmtree(target)
        build(tree, target, site_url + edition.path, {"READER_EDITION_FROZEN": edition.number,
                                                        "SOURCE_DATE_EPOCH": epoch(edition.date)})
    add_banners(target, edition)
    return target


def assemble(out: Path, site_url: str, root: Path = ROOT) -> list[Edition]:
    """The current site and every released edition in one folder; every manifest address must resolve."""
    if is_preview(site_url) or not site_url.startswith(("http://", "https://")):
        raise PublishError(f"SITE_URL '{site_url}' is not the public address: set SITE_URL=https://example.org/reader/")
    site_url = site_url.rstrip("/") + "/"
    editions = editions_of(root)
    build(root, out, site_url, {"SOURCE_DATE_EPOCH": epoch(editions[-1].date)})
    released = [e for e in editions if e.released]
    for edition in released:
        build_edition(edition, site_url, out, root)
    manifest = urls.read_manifest(root / "tests" / "url-manifest.txt")
    gone = urls.missing_urls(manifest, urls.published_urls(out), urls.redirect_stubs(out))
    if gone:
        raise PublishError(f"tests/url-manifest.txt: {len(gone)} published address(es) missing: {', '.join(gone[:5])}: "
                           "restore them, or add a redirect")
    return released


def offline_copies(out: Path, dist: Path, site_url: str, editions: list[Edition], root: Path = ROOT) -> None:
    """The offline copy (zip) and print edition (PDF) of the current site and of each edition."""
    def make(tree: Path, name: str, url: str, extra: dict) -> None:
        target = dist / name
        run([sys.executable, str(tree / "scripts" / "build_offline.py"), "--out", str(target)], tree,
            dict(ENV, SITE_URL=url, READER_RELEASE="1", **extra))
        for built, final in (("reader-offline.zip", f"reader-{name}-offline.zip"), ("reader-print.pdf", f"reader-{name}-print.pdf")):
            shutil.copy(target / built, dist / final)

    dist.mkdir(parents=True, exist_ok=True)
    (dist / "editions.txt").write_text("".join(f"{e.number} {e.commit}\n" for e in editions), encoding="utf-8")
    make(root, "current", site_url, {})
    for edition in editions:
        with tempfile.TemporaryDirectory() as scratch:
            tree = extract(edition.commit, Path(scratch) / "tree", root)
            make(tree, f"edition-{edition.number}", site_url + edition.path,
                 {"READER_EDITION_FROZEN": edition.number, "SOURCE_DATE_EPOCH": epoch(edition.date)})


def release(root: Path = ROOT) -> str:
    """Release the current edition: its commit into editions.yaml, its addresses into the manifest, one commit."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    if status.strip():
        raise PublishError("the work tree has uncommitted changes: commit them first, so that the edition is exactly a commit")
    editions = editions_of(root)
    current = editions[-1]
    if current.released:
        raise PublishError(f"docs/data/editions.yaml: edition {current.number} is already released: add the next edition first")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    path = root / "docs/data/editions.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i in range(current.line - 1, len(lines)) if re.match(r"\s*commit:\s*current\s*$", lines[i]))
    lines[index] = lines[index].replace("current", head)
    path.write_text("\n".join(lines), encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        build_edition(Edition(current.number, current.date, head, current.summary), "https://release-check.example/", out, root)
        added = urls.write_manifest(root / "tests" / "url-manifest.txt",
                                    {u for u in urls.published_urls(out) if u.startswith("editions/")})
    identity = [] if subprocess.run(["git", "config", "user.email"], cwd=root, capture_output=True).stdout.strip() else \
        ["-c", "user.name=Reader editors", "-c", "user.email=editors@reader.invalid"]
    subprocess.run(["git", *identity, "commit", "-q", "-m", f"Release edition {current.number}",
                    "docs/data/editions.yaml", "tests/url-manifest.txt"], cwd=root, check=True)
    return f"edition {current.number} released as commit {head[:12]}; {added} address(es) added to the manifest"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["publish", "release"])
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    parser.add_argument("--offline", type=Path, help="also build each offline copy and PDF into this folder")
    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            print(release())
            return 0
        site_url = os.environ.get("SITE_URL", "")
        if args.out.exists():
            shutil.rmtree(args.out)
        editions = assemble(args.out.resolve(), site_url)
        print(f"published into {args.out}: the current site and edition(s) {', '.join(e.number for e in editions) or 'none'}")
        if args.offline:
            offline_copies(args.out, args.offline.resolve(), site_url.rstrip("/") + "/", editions)
            print(f"offline copies and PDFs in {args.offline}")
    except PublishError as error:
        print(f"ERROR   -  {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
