"""The URL manifest: every published page address and anchor, which must never disappear.

The manifest (tests/url-manifest.txt) only grows. A build in which an address or anchor of the
manifest is missing, and no redirect covers its page, fails.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PERMANENT_CLASSES = {"bib-entry"}
SKIP_PAGES = {"404.html"}


class _AnchorCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.anchors: list[str] = []
        self.redirect_stub = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.redirect_stub = True
        anchor = attributes.get("id")
        if not anchor or anchor.startswith(("fn:", "fnref")) or anchor == "cite-this-page-heading":
            return
        if tag in HEADINGS or PERMANENT_CLASSES & set((attributes.get("class") or "").split()):
            self.anchors.append(anchor)


def published_urls(site_dir: Path) -> set[str]:
    """Page paths and 'page#anchor' for every heading, event, person and bibliography entry."""
    urls = set()
    for path in sorted(Path(site_dir).rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel in SKIP_PAGES:
            continue
        collector = _AnchorCollector()
        collector.feed(path.read_text(encoding="utf-8"))
        if collector.redirect_stub:
            continue
        urls.add(rel)
        urls.update(f"{rel}#{anchor}" for anchor in collector.anchors)
    return urls


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
