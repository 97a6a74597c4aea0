#!/usr/bin/env python3
"""Speed and size, measured side by side on one machine, written to scripts/benchmark-results.md.

    python3 scripts/dev.py benchmark [--runs 3] [--no-lighthouse]

1. cold `mkdocs build --strict` of the full site vs a bare Material build of the same Markdown
   (no bibtex, no hooks)                                                     goal: <= 1.3x
2. bytes a reader downloads on a first visit of a content page vs the bare Material page   goal: <= 1.1x
3. a synthetic 10x site (500 events, 1,000 references, 100 pages) vs the real site          goal: <= 11x
4. Lighthouse 12.2.3 scores (Debian chromium) for one content page
Goals are checked here and reported; the test suite has no timing assertions.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from tooling import CHROMIUM_ARGS, chromium_path, copy_project, serve  # noqa: E402

RESULTS = ROOT / "scripts" / "benchmark-results.md"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
CONTENT_PAGE = "british-position.html"
BARE_CONFIG = """site_name: bare
site_url: https://reader.example.org/smetana-1943/
use_directory_urls: false
exclude_docs: |
  data/
theme:
  name: material
  font: false
plugins: [search]
markdown_extensions: [smarty, attr_list, md_in_html, def_list, tables, admonition, pymdownx.details, footnotes, toc]
"""


def bare_project(target: Path) -> Path:
    shutil.copytree(ROOT / "docs", target / "docs")
    (target / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    return target


def timed_build(project: Path, strict: bool = True) -> float:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", out]
        start = time.perf_counter()
        result = subprocess.run(command + (["--strict"] if strict else []), cwd=project, env=ENV,
                                capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"build of {project} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def median_build(project: Path, runs: int, strict: bool = True) -> float:
    return statistics.median(timed_build(project, strict) for _ in range(runs))


# ---- synthetic 10x site ---------------------------------------------------------------------------
def synthetic_project(target: Path, events: int = 500, references: int = 1000, pages: int = 100) -> Path:
    project = copy_project(target)
    (project / "tests/url-manifest.txt").unlink()   # the synthetic timeline replaces the real events
    rng = random.Random(1943)
    bib = []
    for n in range(references):
        bib.append(f"@misc{{synthetic{n:04d},\n  author = {{Author{n % 97}, Test}},\n  title = {{{{Synthetic Work {n}}}}},\n"
                   f"  year = {{{1935 + n % 14}}},\n  keywords = {{further reading}},\n  url = {{https://example.org/{n}}}\n}}\n"
                   f"% verified: synthetic benchmark entry\n")
    (project / "bibliography/synthetic.bib").write_text("\n".join(bib), encoding="utf-8")
    with open(project / "bibliography/groups.yaml", "a", encoding="utf-8") as groups:
        groups.write("- file: synthetic.bib\n  heading: Synthetic\n")
    start = dt.date(1935, 1, 1)
    timeline_file = project / "docs/data/timeline.yaml"
    records = yaml.safe_load(timeline_file.read_text(encoding="utf-8"))   # the real events stay (pages link them)
    for n in range(events):
        keys = rng.sample(range(references), 2)
        records.append({
            "id": f"synthetic-{n:03d}", "date": (start + dt.timedelta(days=n * 10)).isoformat(), "precision": "day",
            "phase": "background", "title": f"Synthetic event {n}",
            "summary": f"A synthetic event for the benchmark [@synthetic{keys[0]:04d}, p. {n + 1}].",
            "sources": [{"key": f"synthetic{keys[1]:04d}", "locator": f"p. {n + 2}"}]})
    records.sort(key=lambda r: str(r["date"]))
    timeline_file.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    nav = []
    for n in range(pages):
        body = [f"---\ntitle: Synthetic page {n}\ndescription: A synthetic page.\n---\n\n# Synthetic page {n} {{#synthetic-page}}\n"]
        for p in range(12):
            key = rng.randrange(references)
            body.append(f"## Section {p} {{#section-{p}}}\n\nParagraph {p} of page {n} cites a work [@synthetic{key:04d}, p. {p + 1}] "
                        f"and links an event: [](event:synthetic-{rng.randrange(events):03d}).\n")
        (project / f"docs/synthetic-{n:03d}.md").write_text("\n".join(body), encoding="utf-8")
        nav.append(f"      - synthetic-{n:03d}.md\n")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - About:\n", "  - Synthetic:\n" + "".join(nav) + "  - About:\n"), encoding="utf-8")
    return project


# ---- bytes of a first visit -------------------------------------------------------------------------
def build_into(project: Path, out: Path, strict: bool = True, env: dict | None = None) -> Path:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    subprocess.run(command + (["--strict"] if strict else []), cwd=project, env=dict(ENV, **(env or {})),
                   check=True, capture_output=True)
    return out


def expanded_project(real: Path, target: Path) -> Path:
    """A bare Material project fed the Markdown our hooks produce (generated pages, rendered citations)."""
    dump = target / "docs"
    build_into(real, target / "scratch-site", env={"READER_DUMP_MARKDOWN": str(dump)})
    for extra in ("stylesheets", "javascripts"):
        shutil.copytree(real / "docs" / extra, dump / extra)
    (target / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    return target


def first_visit_bytes(site: Path, page: str) -> tuple[int, int]:
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.on("requestfinished", lambda request: sizes.__setitem__(request.url.replace(base, ""),
                                                                    request.sizes()["responseBodySize"]))
        tab.goto(base + page, wait_until="networkidle")
        browser.close()
    return sum(sizes.values()), len(sizes), sizes


# ---- Lighthouse ---------------------------------------------------------------------------------------
def lighthouse(site: Path, page: str) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from npm_tools import npm_file

    cli = npm_file("lighthouse", "cli/index.js")
    with serve(site) as base, tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        flags = " ".join(CHROMIUM_ARGS)
        subprocess.run(["node", str(cli), base + page, "--quiet", f"--chrome-flags={flags}", "--output=json",
                        f"--output-path={report}", "--only-categories=performance,accessibility,best-practices,seo",
                        "--preset=desktop"], env=dict(ENV, CHROME_PATH=chromium_path()), check=True, capture_output=True)
        data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(category["score"] * 100) for name, category in data["categories"].items()}


def machine() -> str:
    memory = ""
    if Path("/proc/meminfo").exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores {cpu}{memory}; Python {platform.python_version()}"


def verdict(value: float, goal: float) -> str:
    return "meets goal" if value <= goal else "MISSES goal"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        real = copy_project(work / "real")
        bare = bare_project(work / "bare")
        real_time = median_build(real, args.runs)
        bare_time = median_build(bare, args.runs, strict=False)
        build_ratio = real_time / bare_time
        rows.append(("Cold build, full site vs bare Material of the same docs/ (median of %d)" % args.runs,
                     f"{real_time:.2f} s vs {bare_time:.2f} s", f"{build_ratio:.2f}x", "<= 1.3x", verdict(build_ratio, 1.3)))
        expanded = expanded_project(real, work / "expanded")
        expanded_time = median_build(expanded, args.runs, strict=False)
        layer_ratio = real_time / expanded_time
        rows.append(("Same, against bare Material of the generated Markdown (timeline, bibliography, citations "
                     "already in the text): the cost of the project's own layer",
                     f"{real_time:.2f} s vs {expanded_time:.2f} s", f"{layer_ratio:.2f}x", "(context)", "—"))

        real_site = build_into(real, work / "real-site")
        bare_site = build_into(bare, work / "bare-site", strict=False)
        real_bytes, real_requests, real_parts = first_visit_bytes(real_site, CONTENT_PAGE)
        bare_bytes, bare_requests, bare_parts = first_visit_bytes(bare_site, CONTENT_PAGE)
        bytes_ratio = real_bytes / bare_bytes
        rows.append((f"First visit of {CONTENT_PAGE}: bytes downloaded",
                     f"{real_bytes / 1024:.0f} KiB ({real_requests} requests) vs {bare_bytes / 1024:.0f} KiB ({bare_requests})",
                     f"{bytes_ratio:.2f}x", "<= 1.1x", verdict(bytes_ratio, 1.1)))
        expanded_site = build_into(expanded, work / "expanded-site", strict=False)
        expanded_bytes, expanded_requests, _ = first_visit_bytes(expanded_site, CONTENT_PAGE)
        rows.append(("Same, against bare Material of the generated Markdown (same text, same search index content)",
                     f"{real_bytes / 1024:.0f} KiB vs {expanded_bytes / 1024:.0f} KiB ({expanded_requests})",
                     f"{real_bytes / expanded_bytes:.2f}x", "(context)", "—"))

        synthetic = synthetic_project(work / "synthetic")
        synthetic_time = median_build(synthetic, 1)
        scale_ratio = synthetic_time / real_time
        rows.append(("Synthetic 10x site (500 events, 1,000 references, 100 pages) vs real site",
                     f"{synthetic_time:.2f} s vs {real_time:.2f} s", f"{scale_ratio:.1f}x", "<= 11x", verdict(scale_ratio, 11)))

        scores = {} if args.no_lighthouse else lighthouse(real_site, CONTENT_PAGE)
    breakdown = ["| resource | this site | bare Material |", "|---|---|---|"]
    for name in sorted(set(real_parts) | set(bare_parts), key=lambda n: -max(real_parts.get(n, 0), bare_parts.get(n, 0))):
        breakdown.append(f"| `{name}` | {real_parts.get(name, 0) / 1024:.0f} KiB | {bare_parts.get(name, 0) / 1024:.0f} KiB |")
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC by `python3 scripts/dev.py benchmark` "
        f"on: {machine()}.",
        "",
        "| measure | values | ratio | goal | result |",
        "|---|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows],
        "",
    ]
    lines += [f"First visit of `{CONTENT_PAGE}`, uncompressed bytes per resource:", "", *breakdown, ""]
    if scores:
        lines += [f"Lighthouse 12.2.3 (desktop preset, Debian Chromium) for `{CONTENT_PAGE}`: "
                  + ", ".join(f"{name} {score}" for name, score in scores.items()) + ".", ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
