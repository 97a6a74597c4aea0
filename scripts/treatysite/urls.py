"""The URL manifest: every published page address and anchor, which must never disappear.

The manifest (tests/url-manifest.txt) only grows. A build in which an address or anchor of the
manifest is missing, and no redirect covers its page, fails.
"""
from __future__ import annotations

import re
from pathlib import Path

SKIP_PAGES = {"404.html"}
SKIP_ANCHORS = {"cite-this-page-heading", "__comments"}


# The site's HTML is written by Python-Markdown and our own templates, so plain patterns suffice.
HEADING_ID = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"')
# Bibliography entries (also documents listed under their volume) and kept anchors of renamed sections.
ENTRY_ID = re.compile(r'<(?:div|span) class="(?:bib-entry[^"]*|anchor-alias)" id="([^"]+)"')
REDIRECT_STUB = re.compile(r'<meta http-equiv="refresh"', re.IGNORECASE)


def published_urls(site_dir: Path) -> set[str]:
    """Page paths and 'page#anchor' for every heading, event, person and bibliography entry."""
    urls = set()
    for path in sorted(Path(site_dir).rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        html = path.read_text(encoding="utf-8")
        if rel in SKIP_PAGES or REDIRECT_STUB.search(html):
            continue
        urls.add(rel)
        anchors = HEADING_ID.findall(html) + ENTRY_ID.findall(html)
        urls.update(f"{rel}#{anchor}" for anchor in anchors if anchor not in SKIP_ANCHORS)
    return urls


def redirect_stubs(site_dir: Path) -> set[str]:
    """Built pages that only redirect (mkdocs-redirects): they keep an old address and its anchors alive."""
    return {path.relative_to(site_dir).as_posix() for path in sorted(Path(site_dir).rglob("*.html"))
            if REDIRECT_STUB.search(path.read_text(encoding="utf-8"))}


def read_manifest(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def missing_urls(manifest: list[str], present: set[str], redirected_pages: set[str]) -> list[str]:
    """Manifest entries that the build no longer has and no redirect covers."""
    return [url for url in manifest if url not in present and url.split("#")[0] not in redirected_pages]


def redirected_pages(redirect_maps: dict) -> set[str]:
    """Built addresses of the pages that mkdocs-redirects keeps alive ('old.md' -> 'old.html')."""
    return {str(old)[:-3] + ".html" if str(old).endswith(".md") else str(old) for old in redirect_maps}


HEADER = """# URL manifest: every published page address and anchor of the Reader, relative to site_url.
# Addresses here must keep working: the build fails if one disappears without a redirect.
# Add new ones with `python3 scripts/update_url_manifest.py`; never delete a line.
"""


def write_manifest(path: Path, urls: set[str]) -> int:
    """Add `urls` to the manifest, keeping every existing line. Returns how many were new."""
    existing = read_manifest(path)
    merged = sorted(set(existing) | urls)
    path.write_text(HEADER + "\n".join(merged) + "\n", encoding="utf-8")
    return len(merged) - len(existing)
