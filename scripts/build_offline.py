#!/usr/bin/env python3
"""Build the offline copy (folder + zip) and the print edition (single page + PDF).

    python3 scripts/dev.py offline [--out build]

1. installs the iframe-worker shim from the npm registry (the offline plugin would load it from a CDN);
2. builds the whole site with Material's offline plugin and the print-site plugin into build/offline/;
3. zips it as build/reader-offline.zip;
4. prints build/offline/print_page.html to build/reader-print.pdf with Debian's headless Chromium.
Nothing is fetched from outside the package registries, and the copy makes no request to any host.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from tooling import CHROMIUM_ARGS, chromium_path, strict_build  # noqa: E402

IFRAME_WORKER = "iframe-worker@1.0.4"


def install_shim(cache: Path) -> Path:
    shim = cache / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not shim.exists():
        if not shutil.which("npm"):
            sys.exit("npm is needed to install the iframe-worker shim (apt-get install npm)")
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(cache), IFRAME_WORKER],
                       check=True)
    return shim


def build_copy(out: Path, shim: Path) -> Path:
    folder = out / "offline"
    env = dict(os.environ, OFFLINE="true", PRINT="true", IFRAME_WORKER_SHIM=str(shim),
               NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    status, problems = strict_build("-d", str(folder), env=env)
    if status:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(status)
    return folder


SECTION = re.compile(r"""<section class=['"]print-page[^'"]*['"] id=['"]([^'"]+)['"]""")
ELEMENT_ID = re.compile(r'(<[a-zA-Z][^<>]*?\sid=")([^"]+)(")')


def prefix_print_page_ids(html: str) -> str:
    """Make every id of the print page unique, as its links expect.

    mkdocs-print-site-plugin rewrites every in-page link to '#<page>-<anchor>' but renames only some
    ids (its tag pattern misses e.g. footnote marks and our bibliography entries): finish the job.
    """
    starts = [(m.start(), m.group(1)) for m in SECTION.finditer(html)]
    if not starts:
        return html
    pieces = [html[:starts[0][0]]]
    for (start, key), end in zip(starts, [s for s, _ in starts[1:]] + [len(html)]):
        section = html[start:end]
        pieces.append(ELEMENT_ID.sub(
            lambda m: m.group(0) if m.group(2) == key or m.group(2).startswith(key + "-")
            else f"{m.group(1)}{key}-{m.group(2)}{m.group(3)}", section))
    return "".join(pieces)


def make_zip(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path("reader") / path.relative_to(folder))


def make_pdf(page: Path, target: Path) -> int:
    chromium = chromium_path()
    if not chromium:
        sys.exit("Debian's chromium is needed for the PDF (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.route(re.compile(r"^https?://"), lambda route: route.abort())
        tab = context.new_page()
        tab.goto(page.resolve().as_uri())
        tab.emulate_media(media="print")
        # Page numbers come from the print-site plugin's print stylesheet.
        tab.pdf(path=str(target), format="A4", print_background=False, prefer_css_page_size=True)
        browser.close()
    return pdf_page_count(target)


def pdf_page_count(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build", help="output folder (default: build/)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    shim = install_shim(out / ".npm")
    if (out / "offline").exists():
        shutil.rmtree(out / "offline")
    folder = build_copy(out, shim)
    print_page = folder / "print_page.html"
    print_page.write_text(prefix_print_page_ids(print_page.read_text(encoding="utf-8")), encoding="utf-8")
    make_zip(folder, out / "reader-offline.zip")
    print(f"offline copy: {folder} ({folder_size(folder) / 1e6:.1f} MB, "
          f"zip {(out / 'reader-offline.zip').stat().st_size / 1e6:.1f} MB)")
    if not args.no_pdf:
        pages = make_pdf(folder / "print_page.html", out / "reader-print.pdf")
        print(f"print edition: {out / 'reader-print.pdf'} ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
