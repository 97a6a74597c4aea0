#!/usr/bin/env python3
"""Speed and size of the site against its floor, measured in one run on one machine.

    python3 scripts/dev.py benchmark            full run (about 25 minutes), writes scripts/benchmark-results.md
    python3 scripts/dev.py benchmark --quick    a few minutes, for development: writes .cache/benchmark-quick.md

The floor is this project's own mkdocs.yml without the bibtex plugin and without the hooks, fed the
Markdown that the hooks generate for every page (READER_DUMP_MARKDOWN: generated sections filled in,
citations as plain Markdown footnotes), with the site's stylesheets, scripts and downloads copied.
It is what plain MkDocs + Material costs for the same text; the difference is the project's layer.

Measured, A/B interleaved (the order rotates each round) and repeated (median, min–max shown):
  builds      `mkdocs build --strict` (never -q, which hides warnings from --strict; any WARNING
              line stops the benchmark, and a planted broken link must make both builds fail),
              CPU = user + sys of the build process and its children (os.wait4), wall time beside it;
              the site cold (pandoc cache .cache/notes removed) and warm; the floor
  growth      synthetic sites at 1x, 3x and 10x the real content (pages with their evidence,
              timeline events, references with new keys in new .bib files, all citations), each with
              its own floor; the growth exponent of the layer's CPU, both as site - floor and as the
              CPU spent inside the hooks and the bibtex plugin (timed in every build of the site)
  reload      `mkdocs serve` of the site and of the floor: edit a page, time until the served page changes
  bytes       what a first visit downloads, by kind, raw, gzip (level 6) and Brotli (quality 11)
  Lighthouse  12.2.3, Debian Chromium, mobile and desktop presets, served with gzip, per page type

Goals (issue 16): Lighthouse mobile >= 98 for every page type and category; build CPU <= 1.3x the
floor; reload <= 1.3x the floor's; the layer's growth exponent <= 1.1 from 1x to 10x. The tests
make no timing assertions; this script reports and never fails on a missed goal.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from tooling import CHROMIUM_ARGS, QuietHandler, chromium_path, copy_project, serve  # noqa: E402
from treatysite.references import FRUS_DOCUMENT_KEY, load_reference_set, load_sections  # noqa: E402
from treatysite.site import MARKER  # noqa: E402
from treatysite.yamldata import TextLoader  # noqa: E402

RESULTS = ROOT / "scripts" / "benchmark-results.md"
QUICK_RESULTS = ROOT / ".cache" / "benchmark-quick.md"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONUTF8="1")
FLOOR_CONFIG, FLOOR_DOCS = "mkdocs-floor.yml", "floor-docs"
PAGE_TYPES = {"index.html": "home", "british-position.html": "content page", "timeline.html": "timeline",
              "sources/bibliography.html": "bibliography", "sources/primary-sources.html": "primary-source register"}
EDITED_PAGE = "british-position.md"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOAL_LIGHTHOUSE, GOAL_CPU, GOAL_RELOAD, GOAL_EXPONENT = 98, 1.3, 1.3, 1.1


# ---- numbers ----------------------------------------------------------------------------------------
@dataclass
class Sample:
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, unit: str = " s", digits: int = 2) -> str:
        if not self.values:
            return "—"
        spread = f" ({min(self.values):.{digits}f}–{max(self.values):.{digits}f})" if len(self.values) > 1 else ""
        return f"{self.median:.{digits}f}{unit}{spread}"


def paired_ratios(a: Sample, b: Sample) -> Sample:
    """Round-by-round ratios of interleaved measurements: their spread is the spread of the ratio."""
    return Sample([x / y for x, y in zip(a.values, b.values)])


def verdict(value: float, goal: float, higher_is_better: bool = False, unit: str = "x", rounds: Sample | None = None) -> str:
    met = value >= goal if higher_is_better else value <= goal
    gap = abs(goal - value)
    text = "meets" if met else (f"**MISSED** by {gap:.2f}{unit}" if unit == "x" else f"**MISSED** by {gap:g}{unit}")
    if rounds and len(rounds.values) > 1 and min(rounds.values) <= goal <= max(rounds.values):
        text += " (the goal lies within the range of the rounds)"
    return text


# ---- mkdocs.yml, read and written with its !ENV tags kept -------------------------------------------
class EnvTag:
    def __init__(self, node):
        self.node = node


class ConfigLoader(yaml.SafeLoader):
    pass


class ConfigDumper(yaml.SafeDumper):
    pass


ConfigLoader.add_constructor("!ENV", lambda loader, node: EnvTag(node))
ConfigDumper.add_representer(EnvTag, lambda dumper, tag: tag.node)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ConfigLoader)


def write_config(config: dict, path: Path) -> None:
    path.write_text(yaml.dump(config, Dumper=ConfigDumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


# ---- builds -------------------------------------------------------------------------------------------
# MkDocs' own command line, with the CPU spent inside the project's layer (the hooks module and the
# bibtex plugin) added up per handler: process CPU plus that of the children it waited for (pandoc).
BUILD_WITH_LAYER_TIMES = """
import functools, json, resource, sys, time
from collections import defaultdict
from mkdocs import plugins
from mkdocs.__main__ import cli

spent = defaultdict(float)
register = plugins.PluginCollection._register_event

def cpu():
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime

def register_timed(self, event_name, method, plugin_name=None):
    code = getattr(getattr(method, "__func__", method), "__code__", None)
    source = code.co_filename.replace("\\\\", "/") if code else ""
    if not (source.endswith("/mkdocs_hooks.py") or "/mkdocs_bibtex/" in source):
        return register(self, event_name, method, plugin_name)
    label = ("bibtex " if "/mkdocs_bibtex/" in source else "") + method.__name__

    @functools.wraps(method)
    def timed(*args, **kwargs):
        start = cpu()
        try:
            return method(*args, **kwargs)
        finally:
            spent[label] += cpu() - start

    timed.mkdocs_priority = getattr(method, "mkdocs_priority", 0)
    return register(self, event_name, timed, plugin_name)

plugins.PluginCollection._register_event = register_timed
try:
    cli(sys.argv[2:], prog_name="mkdocs")
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(spent, out)
"""


@dataclass
class Build:
    cpu: float                       # user + sys of the build and its children
    wall: float
    layer: dict[str, float]          # CPU inside the project's hooks and the bibtex plugin, per handler


def mkdocs(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *map(str, args)]


def run_build(config: Path, out: Path, env: dict | None = None, expect_failure: bool = False) -> tuple[Build, str]:
    """`mkdocs build --strict`; CPU of the process and everything it waited for (pandoc included)."""
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as folder:
        layer_file = Path(folder) / "layer.json"
        command = [sys.executable, "-c", BUILD_WITH_LAYER_TIMES, str(layer_file), "build", "--strict", "-f", str(config), "-d", str(out)]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=config.parent, env=dict(ENV, **(env or {})), stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        layer = json.loads(layer_file.read_text()) if layer_file.exists() else {}
    if expect_failure:
        return Build(0, 0, {}), output if process.returncode else ""
    if process.returncode or re.search(r"^WARNING\b", output, re.MULTILINE):
        sys.exit(f"benchmark stopped: the build of {config} failed or warned (exit {process.returncode}):\n{output}")
    return Build(usage.ru_utime + usage.ru_stime, wall, layer), output


def check_strict(config: Path, docs: Path) -> str:
    """A broken link planted in a page must make the build fail: --strict is really in force."""
    page = docs / EDITED_PAGE
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n\nA planted [broken link](no-such-page-zq.md).\n{: .editorial }\n", encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as out:
            _, output = run_build(config, Path(out), expect_failure=True)
    finally:
        page.write_text(original, encoding="utf-8")
    found = re.search(r"Aborted with \d+ warnings? in strict mode", output)
    if not found:
        sys.exit(f"benchmark stopped: a broken link did not make the build of {config} fail:\n{output}")
    return found.group(0)


def check_same_notes(sites: dict[str, Path], pages: list[str]) -> str:
    """The floor must carry the site's text: the same number of notes on every measured page."""
    counts = {which: [(site / page).read_text(encoding="utf-8").count('<li id="fn:') for page in pages]
              for which, site in sites.items()}
    if counts["site"] != counts["floor"]:
        sys.exit(f"benchmark stopped: the floor's notes differ from the site's on {pages}: {counts}")
    return f"the floor's pages carry the same notes as the site's ({sum(counts['site'])} on the measured pages)"


def notes_cache(project: Path) -> Path:
    return project / ".cache" / "notes"


# ---- the floor ------------------------------------------------------------------------------------------
def front_matter(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    found = re.match(r"---\n.*?\n---\n", text, re.DOTALL)
    return found.group(0) + "\n" if found else ""


def make_floor(project: Path) -> Path:
    """The floor of a project (copy): its generated Markdown in floor-docs/, and mkdocs-floor.yml."""
    docs, floor_docs = project / "docs", project / FLOOR_DOCS
    shutil.rmtree(floor_docs, ignore_errors=True)
    with tempfile.TemporaryDirectory() as out:
        run_build(project / "mkdocs.yml", Path(out), env={"READER_DUMP_MARKDOWN": str(floor_docs)})
        shutil.copytree(Path(out) / "downloads", floor_docs / "downloads")   # the pages link the generated downloads
    for dumped in floor_docs.rglob("*.md"):     # MkDocs strips the front matter before the hooks see the page
        dumped.write_text(front_matter(docs / dumped.relative_to(floor_docs)) + dumped.read_text(encoding="utf-8"),
                          encoding="utf-8")
    for asset in docs.rglob("*"):               # stylesheets, scripts, images: everything but pages and data
        relative = asset.relative_to(docs)
        if asset.is_file() and asset.suffix != ".md" and relative.parts[0] != "data":
            (floor_docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(asset, floor_docs / relative)
    config = read_config(project / "mkdocs.yml")
    config.pop("hooks", None)
    config["plugins"] = [p for p in config["plugins"] if p != "bibtex" and not (isinstance(p, dict) and "bibtex" in p)]
    config["docs_dir"] = FLOOR_DOCS
    write_config(config, project / FLOOR_CONFIG)
    return project / FLOOR_CONFIG


# ---- synthetic sites: the real content, n times ----------------------------------------------------------
def renamer(names: dict[str, str]):
    """Replace whole keys and event ids (not parts of longer names) everywhere in a text."""
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
    return lambda text: pattern.sub(lambda match: names[match.group(1)], text)


def copy_key(key: str, suffix: str) -> str:
    """A new key of the same kind: a FRUS document stays a document of a (new) FRUS volume."""
    document = FRUS_DOCUMENT_KEY.match(key)
    return f"{document['volume']}{suffix}-d{document['number']}" if document else key + suffix


def multiply_content(project: Path, factor: int) -> None:
    """Turn a project copy into `factor` times its content: copies 2..factor of every page (with its
    evidence), every timeline event (next to its original: ids unique, dates in order) and every
    reference (new keys, in a new .bib file per copy listed in groups.yaml), each copy citing its own."""
    bibliography, docs = project / "bibliography", project / "docs"
    keys = list(load_reference_set(bibliography, project).entries)
    bib_files = [path for _, paths in load_sections(bibliography, project) for path in paths]
    timeline_files = sorted((docs / "data" / "timeline").glob("*.yaml"))
    timelines = {path: yaml.load(path.read_text(encoding="utf-8"), Loader=TextLoader) for path in timeline_files}
    event_ids = [event["id"] for events in timelines.values() for event in events]
    pages = sorted(p for p in docs.rglob("*.md") if "data" not in p.relative_to(docs).parts)
    copies = {}
    config = read_config(project / "mkdocs.yml")
    for number in range(2, factor + 1):
        suffix = f"syn{number}"
        rename = copies[number] = renamer({**{k: copy_key(k, suffix) for k in keys},
                                           **{e: f"{e}-{suffix}" for e in event_ids}})
        bib = "\n\n".join(rename(path.read_text(encoding="utf-8")) for path in bib_files)
        (bibliography / f"synthetic-{number}.bib").write_text(bib, encoding="utf-8")
        with open(bibliography / "groups.yaml", "a", encoding="utf-8") as groups:
            groups.write(f"- id: group-synthetic-{number}\n  heading: Synthetic copy {number}\n  files: [synthetic-{number}.bib]\n")
        for excerpt in list((bibliography / "excerpts").glob("*.txt")):
            if excerpt.stem in keys:        # the copy's quotations are checked against the copied text
                shutil.copy2(excerpt, excerpt.with_name(copy_key(excerpt.stem, suffix) + ".txt"))
        nav = []
        for page in pages:
            relative = page.relative_to(docs).with_name(f"{page.stem}-{suffix}.md")
            # A generated section belongs to one page: the copy keeps the page's own text around it.
            (docs / relative).write_text(rename(MARKER.sub("", page.read_text(encoding="utf-8"))), encoding="utf-8")
            nav.append(relative.as_posix())
            evidence = docs / "data" / "evidence" / page.relative_to(docs).with_suffix(".yaml")
            if evidence.exists():
                evidence.with_name(f"{page.stem}-{suffix}.yaml").write_text(rename(evidence.read_text(encoding="utf-8")),
                                                                           encoding="utf-8")
        config["nav"].append({f"Synthetic copy {number}": nav})
    write_config(config, project / "mkdocs.yml")
    for path, events in timelines.items():
        grown = []
        for event in events:
            grown.append(event)
            grown += [json.loads(copies[n](json.dumps(event, ensure_ascii=False))) for n in range(2, factor + 1)]
        path.write_text(yaml.safe_dump(grown, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def content_counts(project: Path) -> dict[str, int]:
    """Pages, timeline events, references and citations, as the site itself reads them."""
    from treatysite.site import Site

    site = Site.load(project)
    return {"pages": len(site.pages), "events": len(site.events), "references": len(site.references.entries),
            "citations": sum(len(block.cites) for block in site.all_blocks())}


# ---- build benchmark ------------------------------------------------------------------------------------
@dataclass
class Scale:
    factor: int
    project: Path
    floor: Path
    counts: dict
    cpu: dict = field(default_factory=lambda: {"cold": Sample(), "warm": Sample(), "floor": Sample()})
    handlers: dict = field(default_factory=lambda: {"cold": [], "warm": []})   # each build's CPU per layer handler
    wall: dict = field(default_factory=lambda: {"cold": Sample(), "warm": Sample(), "floor": Sample()})

    def layer_inside(self, kind: str) -> Sample:
        """CPU spent inside the hooks and the bibtex plugin, measured directly in each build."""
        return Sample([sum(handlers.values()) for handlers in self.handlers[kind]])

    def layer(self, kind: str) -> Sample:
        return Sample([site - floor for site, floor in zip(self.cpu[kind].values, self.cpu["floor"].values)])


def measure_builds(scales: list[Scale], runs: int, work: Path) -> None:
    cases = [(scale, kind) for scale in scales for kind in ("cold", "warm", "floor")]
    for scale in scales:                              # warm-up: bytecode, disk cache, the notes cache
        run_build(scale.project / "mkdocs.yml", work / "out")
        run_build(scale.floor, work / "out")
    for round_number in range(runs):
        shift = round_number % len(cases)
        for scale, kind in cases[shift:] + cases[:shift]:
            if kind == "cold":
                shutil.rmtree(notes_cache(scale.project), ignore_errors=True)
            config = scale.floor if kind == "floor" else scale.project / "mkdocs.yml"
            build, _ = run_build(config, work / "out")
            scale.cpu[kind].values.append(build.cpu)
            scale.wall[kind].values.append(build.wall)
            if kind != "floor":
                scale.handlers[kind].append(build.layer)
            print(f"  round {round_number + 1}/{runs}: {scale.factor}x {kind}: {build.cpu:.2f} s CPU, {build.wall:.2f} s wall", flush=True)


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(value) on log(factor); None when a value is not above zero."""
    if any(value <= 0 for _, value in points):
        return None
    xs, ys = [math.log(f) for f, _ in points], [math.log(v) for _, v in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def growth_exponent(scales: list[Scale], samples) -> tuple[float | None, Sample]:
    """The exponent from the medians, and its spread over the rounds (each round's values paired)."""
    median = slope([(s.factor, samples(s).median) for s in scales])
    rounds = [slope([(s.factor, samples(s).values[r]) for s in scales]) for r in range(len(samples(scales[0]).values))]
    return median, Sample([r for r in rounds if r is not None])


# ---- serving built sites with gzip (Lighthouse) ------------------------------------------------------------
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".bib", ".ris")


class GzipHandler(QuietHandler):
    """A static server that sends text files gzip-compressed when asked, as any real host does."""
    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = compressed(str(path), "gzip")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=None)
def compressed(path: str, encoding: str) -> bytes:
    data = Path(path).read_bytes()
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=6, mtime=0)
    import brotli

    return brotli.compress(data, quality=11)


def serve_gzip(folder: Path):
    return serve(folder, GzipHandler)


# ---- bytes of a first visit, by kind --------------------------------------------------------------------
KINDS = ("HTML", "CSS", "JS", "search index", "search worker", "fonts", "images", "other")


def kind_of(path: str) -> str:
    if path.endswith("search_index.json"):
        return "search index"
    if "/workers/" in path and path.endswith(".js"):
        return "search worker"
    suffix = Path(path).suffix.lower()
    for kind, suffixes in (("HTML", {".html"}), ("CSS", {".css"}), ("JS", {".js"}), ("fonts", {".woff", ".woff2", ".ttf", ".otf"}),
                           ("images", {".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".avif"})):
        if suffix in suffixes:
            return kind
    return "other"


def first_visit_files(site: Path, pages: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """The files a browser fetches on a first visit of each page, then on first opening search
    (the site starts its search worker and loads the index only then)."""
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import sync_playwright

    def local(urls: list[str]) -> list[str]:
        files = {unquote(urlsplit(url).path).lstrip("/") for url in urls if url.startswith(base)}
        return sorted(f for f in files if (site / f).is_file())

    fetched = {}
    with serve_gzip(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for page in pages:
            context = browser.new_context()
            urls: list[str] = []
            context.on("requestfinished", lambda request: urls.append(request.url))
            tab = context.new_page()
            tab.goto(base + page, wait_until="networkidle")
            tab.wait_for_timeout(1000)
            first = local(urls)
            tab.locator('[data-md-component="search-query"]').focus()
            for _ in range(100):
                if any(url.endswith("search_index.json") for url in urls):
                    break
                tab.wait_for_timeout(100)
            tab.wait_for_load_state("networkidle")
            context.close()
            fetched[page] = (first, sorted(set(local(urls)) - set(first)))
        browser.close()
    return fetched


def bytes_by_kind(site: Path, files: list[str]) -> dict[str, tuple[int, int, int]]:
    sizes = {kind: [0, 0, 0] for kind in KINDS}
    for name in files:
        path = str(site / name)
        totals = sizes[kind_of(name)]
        totals[0] += Path(path).stat().st_size
        totals[1] += len(compressed(path, "gzip"))
        totals[2] += len(compressed(path, "br"))
    return {kind: tuple(values) for kind, values in sizes.items()}


# ---- Lighthouse ---------------------------------------------------------------------------------------------
def lighthouse_cli() -> Path:
    from npm_tools import npm_file

    return npm_file("lighthouse", "cli/index.js")


def lighthouse_run(cli: Path, url: str, preset: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = ["node", str(cli), url, "--quiet", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}", "--output=json",
                   f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}"]
        if preset == "desktop":
            command.append("--preset=desktop")
        result = subprocess.run(command, env=dict(ENV, CHROME_PATH=chromium_path()), capture_output=True, text=True)
        if result.returncode or not report.exists():
            sys.exit(f"benchmark stopped: Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: (None if c["score"] is None else round(c["score"] * 100)) for name, c in data["categories"].items()}
    lost = {name: [data["audits"][ref["id"]]["title"].rstrip(".") for ref in c["auditRefs"]
                   if ref["weight"] > 0 and (data["audits"][ref["id"]].get("score") is not None)
                   and data["audits"][ref["id"]]["score"] < 0.9]
            for name, c in data["categories"].items()}
    lcp = data["audits"].get("largest-contentful-paint", {}).get("numericValue")
    return {"scores": scores, "lost": lost, "lcp": lcp}


def measure_lighthouse(sites: dict[str, Path], pages: list[str], presets: list[str], runs: int) -> dict:
    cli = lighthouse_cli()
    results: dict = {}
    with serve_gzip(sites["site"]) as site_base, serve_gzip(sites["floor"]) as floor_base:
        bases = {"site": site_base, "floor": floor_base}
        for round_number in range(runs):
            for page in pages:
                for preset in presets:
                    order = ["site", "floor"] if round_number % 2 == 0 else ["floor", "site"]
                    for which in order:
                        run = lighthouse_run(cli, bases[which] + page, preset)
                        results.setdefault((which, page, preset), []).append(run)
                        print(f"  Lighthouse round {round_number + 1}/{runs}: {which} {page} {preset}: {run['scores']}", flush=True)
    return results


def lighthouse_median(runs: list[dict], category: str) -> float | None:
    scores = [r["scores"][category] for r in runs if r["scores"][category] is not None]
    return statistics.median(scores) if scores else None


# ---- edit-to-reload under `mkdocs serve` ---------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def with_marker(markdown: str, marker: str) -> str:
    """The page with a word added at the end of its first paragraph."""
    lines = markdown.split("\n")
    in_front_matter = lines[0].strip() == "---"
    for index, line in enumerate(lines[1:], 1):
        if in_front_matter:
            in_front_matter = line.strip() != "---"
            continue
        if line and line[0].isalpha():
            lines[index] = line + f" {marker}"
            return "\n".join(lines)
    raise SystemExit(f"benchmark stopped: no paragraph to edit in {EDITED_PAGE}")


def one_reload(config: Path, page: Path, url_path: str, marker: str) -> float:
    """Start `mkdocs serve`, wait for the page, edit it, and time until the served page shows the edit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{url_path}"
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(mkdocs("serve", "--strict", "-f", config, "-a", f"127.0.0.1:{port}"), cwd=config.parent,
                              env=ENV, stdout=log, stderr=subprocess.STDOUT)
    original = page.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + 300
        while fetch(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                sys.exit(f"benchmark stopped: mkdocs serve of {config} did not start:\n{log.read().decode()[-3000:]}")
            time.sleep(0.2)
        time.sleep(1.5)                   # let the file watcher take its first look
        page.write_text(with_marker(original, marker), encoding="utf-8")
        start = time.perf_counter()
        while marker not in (fetch(url) or ""):
            if time.perf_counter() - start > 120:
                log.seek(0)
                sys.exit(f"benchmark stopped: the edit never reached the page served from {config}:\n{log.read().decode()[-3000:]}")
            time.sleep(0.02)
        return time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        page.write_text(original, encoding="utf-8")


def measure_reload(project: Path, runs: int) -> dict[str, Sample]:
    url_path = "/" + site_path(project) + EDITED_PAGE.removesuffix(".md") + ".html"
    targets = {"site": (project / "mkdocs.yml", project / "docs" / EDITED_PAGE),
               "floor": (project / FLOOR_CONFIG, project / FLOOR_DOCS / EDITED_PAGE)}
    results = {"site": Sample(), "floor": Sample()}
    for round_number in range(runs):
        order = ["site", "floor"] if round_number % 2 == 0 else ["floor", "site"]
        for which in order:
            seconds = one_reload(*targets[which], url_path, f"Reloadmark{round_number}{which}")
            results[which].values.append(seconds)
            print(f"  reload round {round_number + 1}/{runs}: {which}: {seconds:.2f} s", flush=True)
    return results


def site_path(project: Path) -> str:
    """The path part of site_url ('smetana-1943/'), where `mkdocs serve` serves the site."""
    url = read_config(project / "mkdocs.yml")["site_url"]
    if isinstance(url, EnvTag):
        url = url.node.value[-1].value
    path = re.sub(r"^https?://[^/]+/?", "", url)
    return path if not path or path.endswith("/") else path + "/"


# ---- the report ------------------------------------------------------------------------------------------------
@dataclass
class Results:
    scales: list[Scale]
    strict: list[str]
    pages: list[str]
    presets: list[str]
    load: Sample
    visits: dict
    reload: dict | None = None
    lighthouse: dict | None = None


def machine() -> str:
    memory = ""
    if Path("/proc/meminfo").exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = " " + found.group(1).strip() if found else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{cpu}{memory}; Python {platform.python_version()}"


def versions() -> str:
    from importlib.metadata import version

    chromium = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.strip()
    return (f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, mkdocs-bibtex {version('mkdocs-bibtex')}, "
            f"pypandoc-binary {version('pypandoc-binary')}, Lighthouse 12.2.3, {chromium}")


def kib(sizes) -> str:
    return " / ".join(f"{n / 1024:.1f}" for n in sizes)


LAYER_MEASURES = [("site − floor, cold builds", lambda s: s.layer("cold")),
                  ("site − floor, warm builds", lambda s: s.layer("warm")),
                  ("CPU inside the hooks and the bibtex plugin, cold builds", lambda s: s.layer_inside("cold")),
                  ("CPU inside the hooks and the bibtex plugin, warm builds", lambda s: s.layer_inside("warm"))]


def pandoc_cost(scale: Scale) -> Sample:
    """Cold minus warm build, round by round: the pandoc run that the notes cache saves."""
    return Sample([cold - warm for cold, warm in zip(scale.cpu["cold"].values, scale.cpu["warm"].values)])


def goal_rows(r: Results) -> list[tuple[str, str, str, str]]:
    base, rows = r.scales[0], []
    for label, kind in (("cold (no pandoc cache)", "cold"), ("warm (pandoc cache kept)", "warm")):
        value, rounds = base.cpu[kind].median / base.cpu["floor"].median, paired_ratios(base.cpu[kind], base.cpu["floor"])
        rows.append((f"Build CPU, site {label} vs floor", f"{value:.2f}x (rounds {rounds.show('x')})",
                     f"≤ {GOAL_CPU}x", verdict(value, GOAL_CPU, rounds=rounds)))
    if r.reload:
        value, rounds = r.reload["site"].median / r.reload["floor"].median, paired_ratios(r.reload["site"], r.reload["floor"])
        rows.append(("Edit-to-reload under `mkdocs serve`, site vs floor", f"{value:.2f}x (rounds {rounds.show('x')})",
                     f"≤ {GOAL_RELOAD}x", verdict(value, GOAL_RELOAD, rounds=rounds)))
    if r.lighthouse:
        scores = sorted((lighthouse_median(r.lighthouse[("site", page, "mobile")], category) or 0, page, category)
                        for page in r.pages for category in CATEGORIES)
        low = scores[0]
        below = [f"{PAGE_TYPES[p]} {c} {s:g}" for s, p, c in scores if s < GOAL_LIGHTHOUSE]
        rows.append(("Lighthouse mobile, every page type and category (median)",
                     f"lowest {low[0]:g} ({PAGE_TYPES[low[1]]}, {low[2]})" + (f"; below the goal: {', '.join(below)}" if below else ""),
                     f"≥ {GOAL_LIGHTHOUSE}", verdict(low[0], GOAL_LIGHTHOUSE, higher_is_better=True, unit=" points")))
    if len(r.scales) > 1:
        span = f"{r.scales[0].factor}x to {r.scales[-1].factor}x"
        for label, samples in LAYER_MEASURES:
            value, rounds = growth_exponent(r.scales, samples)
            noise = [f"{s.factor}x: {samples(s).show()}" for s in r.scales if min(samples(s).values) <= 0]
            if noise:       # a layer that some round measures at or below zero has no cost over the floor to grow
                rows.append((f"Growth exponent of the layer, {label}, {span}",
                             f"not measurable: the layer is within the noise of zero ({'; '.join(noise)})", f"≤ {GOAL_EXPONENT}", "n/a"))
            else:
                rows.append((f"Growth exponent of the layer, {label}, {span}", f"{value:.2f} (rounds {rounds.show('', 2)})",
                             f"≤ {GOAL_EXPONENT}", verdict(value, GOAL_EXPONENT, unit="", rounds=rounds)))
    return rows


def build_section(r: Results) -> list[str]:
    base = r.scales[0]
    lines = ["## Build CPU (user + sys, pandoc included) and wall time", "",
             "| content | pages | events | references | citations | site cold CPU | site warm CPU | floor CPU | "
             "layer cold (site − floor) | layer warm | wall: cold / warm / floor |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in r.scales:
        c = s.counts
        lines.append(f"| {s.factor}x | {c['pages']} | {c['events']} | {c['references']} | {c['citations']} | "
                     f"{s.cpu['cold'].show()} | {s.cpu['warm'].show()} | {s.cpu['floor'].show()} | "
                     f"{s.layer('cold').show()} | {s.layer('warm').show()} | "
                     f"{s.wall['cold'].median:.2f} / {s.wall['warm'].median:.2f} / {s.wall['floor'].median:.2f} s |")
    handlers = sorted({name for s in r.scales for kind in ("cold", "warm") for run in s.handlers[kind] for name in run})
    lines += ["", "CPU inside the project's layer per handler, cold / warm (measured in every build of the site: the "
              "process's CPU plus that of the children it waited for, i.e. pandoc; medians):", "",
              "| handler | " + " | ".join(f"{s.factor}x" for s in r.scales) + " |", "|---|" + "---|" * len(r.scales)]
    for name in handlers + ["total"]:
        cells = []
        for s in r.scales:
            pair = [s.layer_inside(kind).values if name == "total" else [run.get(name, 0.0) for run in s.handlers[kind]]
                    for kind in ("cold", "warm")]
            cells.append(" / ".join(f"{statistics.median(values):.2f}" for values in pair) + " s")
        lines.append(f"| {'**total**' if name == 'total' else name} | " + " | ".join(cells) + " |")
    lines += ["", f"At 1x a cold build costs {pandoc_cost(base).show()} of CPU more than a warm one: the pandoc run that formats every "
              "work's notes, cached in .cache/notes until a reference or the style changes.",
              "Synthetic sites: copies 2..n of every page with its evidence (a generated section stays on its own page; the "
              "copy keeps the text around it), of every timeline event (next to its original) and of every reference "
              "(new keys, in a new .bib file per copy, excerpts copied), each copy citing its own references and linking "
              "its own events; the people are not copied. An exponent is the least-squares slope of log(layer CPU) on "
              "log(factor), from the medians; in brackets the same from each round's paired builds.", ""]
    return lines


def reload_section(r: Results) -> list[str]:
    if not r.reload:
        return []
    site, floor = r.reload["site"], r.reload["floor"]
    return ["## Edit-to-reload under `mkdocs serve`", "",
            f"A word added to `{EDITED_PAGE}` (site) or to its floor copy; time from the saved file until the page served "
            "by `mkdocs serve --strict` shows it (polled every 20 ms; MkDocs looks for changed files every 0.5 s, so up to "
            "0.5 s of each time is waiting, for both).", "",
            "| site | floor | ratio |", "|---|---|---|", f"| {site.show()} | {floor.show()} | {site.median / floor.median:.2f}x |", ""]


def lighthouse_section(r: Results) -> list[str]:
    if not r.lighthouse:
        return []
    lines = ["## Lighthouse 12.2.3 (served with gzip; site / floor, medians)", "",
             "| page type | preset | performance | accessibility | best practices | SEO | LCP |", "|---|---|---|---|---|---|---|"]
    for page in r.pages:
        for preset in r.presets:
            runs = {which: r.lighthouse[(which, page, preset)] for which in ("site", "floor")}
            cells = [" / ".join(f"{lighthouse_median(runs[w], category) or 0:g}" for w in runs) for category in CATEGORIES]
            lcp = [statistics.median(run["lcp"] or 0 for run in runs[w]) / 1000 for w in runs]
            lines.append(f"| {PAGE_TYPES[page]} (`{page}`) | {preset} | {' | '.join(cells)} | {lcp[0]:.1f} / {lcp[1]:.1f} s |")
    lost = sorted({f"{PAGE_TYPES[page]}, {preset}, {category}: {title}"
                   for (which, page, preset), runs in r.lighthouse.items() if which == "site"
                   for run in runs for category, titles in run["lost"].items() for title in titles})
    return lines + ["", "Audits scoring under 0.9 in some run of this site: " + ("; ".join(lost) if lost else "none") + ".", ""]


def bytes_section(r: Results) -> list[str]:
    lines = ["## Bytes of a first visit, by kind (KiB: raw / gzip 6 / Brotli 11)", "",
             "What a browser fetches on loading the page, then on first opening search (the site, and the floor with the "
             "same scripts, start the search worker and load the index only then). The last column sets each kind's "
             "Brotli bytes against the page's own Brotli HTML + CSS on this site.", "",
             "| page type | kind | site | floor | site ÷ page's HTML+CSS (br) |", "|---|---|---|---|---|"]
    for page in r.pages:
        (site_first, site_search), (floor_first, floor_search) = r.visits["site"][page], r.visits["floor"][page]
        own = site_first["HTML"][2] + site_first["CSS"][2]
        for phase, site_sizes, floor_sizes in (("", site_first, floor_first), ("on opening search: ", site_search, floor_search)):
            for kind in KINDS:
                if site_sizes[kind][0] or floor_sizes[kind][0]:
                    lines.append(f"| {PAGE_TYPES[page]} | {phase}{kind} | {kib(site_sizes[kind])} | {kib(floor_sizes[kind])} | "
                                 f"{site_sizes[kind][2] / own:.2f} |")
            totals = [[sum(v[i] for v in sizes.values()) for i in range(3)] for sizes in (site_sizes, floor_sizes)]
            lines.append(f"| {PAGE_TYPES[page]} | **{phase or 'first visit: '}total** | {kib(totals[0])} | {kib(totals[1])} | "
                         f"{totals[0][2] / own:.2f} |")
    none = [kind for kind in KINDS if not any(phase[kind][0] for sites in r.visits.values() for phases in sites.values() for phase in phases)]
    if none:
        lines += ["", f"Nothing of kind: {', '.join(none)}" + (" (the theme uses the system's fonts)" if "fonts" in none else "") + "."]
    return lines + [""]


def why_section(r: Results) -> list[str]:
    """For each missed goal, what the measurements themselves say about the cause."""
    base, lines = r.scales[0], []
    if base.cpu["cold"].median / base.cpu["floor"].median > GOAL_CPU:
        lines.append(f"- Cold build: of the {base.layer('cold').median:.2f} s the site costs over the floor, "
                     f"{pandoc_cost(base).median:.2f} s is the pandoc run (cold − warm) that formats every work's notes "
                     "(medians of the rounds' differences); it runs only when a reference or the notes style changes "
                     "(the cache in .cache/notes is kept otherwise). Warm, the site costs "
                     f"{base.cpu['warm'].median / base.cpu['floor'].median:.2f}x the floor.")
    if base.cpu["warm"].median / base.cpu["floor"].median > GOAL_CPU:
        top = sorted(((statistics.median(run.get(n, 0.0) for run in base.handlers["warm"]), n)
                      for n in {n for run in base.handlers["warm"] for n in run}), reverse=True)[:3]
        lines.append("- Warm build: the largest handlers of the layer are " + ", ".join(f"{n} {v:.2f} s" for v, n in top) + ".")
    if r.reload and r.reload["site"].median / r.reload["floor"].median > GOAL_RELOAD:
        lines.append(f"- Reload: `mkdocs serve` rebuilds the whole site on every change; the site's warm build costs "
                     f"{base.cpu['warm'].median / base.cpu['floor'].median:.2f}x the floor's CPU (wall "
                     f"{base.wall['warm'].median:.2f} s vs {base.wall['floor'].median:.2f} s).")
    if r.lighthouse:
        for page in r.pages:
            for category in CATEGORIES:
                runs = r.lighthouse[("site", page, "mobile")]
                score = lighthouse_median(runs, category)
                if score is not None and score < GOAL_LIGHTHOUSE:
                    audits = sorted({title for run in runs for title in run["lost"][category]})
                    lines.append(f"- Lighthouse mobile, {PAGE_TYPES[page]}, {category} {score:g} (floor "
                                 f"{lighthouse_median(r.lighthouse[('floor', page, 'mobile')], category) or 0:g}): "
                                 + ("; ".join(audits) if audits else "no single audit under 0.9") + ".")
    if len(r.scales) > 1:
        first, last = r.scales[0], r.scales[-1]
        for label, samples in LAYER_MEASURES:
            value, _ = growth_exponent(r.scales, samples)
            if value is not None and value > GOAL_EXPONENT and all(min(samples(s).values) > 0 for s in r.scales):
                kind = "cold" if "cold" in label else "warm"
                growth = sorted(((statistics.median(run.get(n, 0.0) for run in last.handlers[kind])
                                  - statistics.median(run.get(n, 0.0) for run in first.handlers[kind])), n)
                                for n in {n for run in last.handlers[kind] for n in run})[::-1][:3]
                lines.append(f"- Growth ({label}): exponent {value:.2f}; the handlers that grew most from {first.factor}x to "
                             f"{last.factor}x: " + ", ".join(f"{n} +{v:.2f} s" for v, n in growth) + ".")
    return ["## Why goals are missed", "", *lines, ""] if lines else []


def report(args, r: Results) -> str:
    rows = goal_rows(r)
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC by `python3 scripts/dev.py benchmark"
        f"{' --quick' if args.quick else ''}`, in one run on one machine: {machine()}. {versions()}.",
        "",
        f"Rounds: builds {args.runs} (A/B interleaved, the order rotating each round)"
        + (f", reloads {args.reload_runs}" if r.reload else "") + (f", Lighthouse {args.lighthouse_runs}" if r.lighthouse else "")
        + ". Values are medians, with the range (min–max) over the rounds in brackets. "
        f"The machine's load average while measuring (other work shares it): {r.load.show('', 1)}.",
        "",
        "**The floor** is this project's own `mkdocs.yml` without the bibtex plugin and without the hooks, fed the same "
        "generated Markdown (timeline, bibliography, register and people sections filled in, every citation's note as a "
        "plain Markdown footnote; written by the hooks under READER_DUMP_MARKDOWN), with the site's stylesheets, scripts "
        "and downloads. Both are built with `mkdocs build --strict`; " + "; ".join(r.strict) + ".",
        "",
        "## Goals",
        "",
        "| goal | measured | target | result |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        *why_section(r),
        *build_section(r),
        *reload_section(r),
        *lighthouse_section(r),
        *bytes_section(r),
    ]
    return "\n".join(lines).rstrip() + "\n"


@contextmanager
def load_average():
    """The machine's 1-minute load average, sampled every 5 s while measuring."""
    sample, stop = Sample(), threading.Event()

    def watch():
        while not stop.wait(5):
            sample.values.append(os.getloadavg()[0])

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield sample
    finally:
        stop.set()
        thread.join()


# ---- main ------------------------------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="development run: 2 rounds, 1x and 3x, 2 reloads, one Lighthouse run of two pages")
    parser.add_argument("--runs", type=int, help="rounds of builds (default 5)")
    parser.add_argument("--reload-runs", type=int, help="rounds of edit-to-reload (default 5)")
    parser.add_argument("--lighthouse-runs", type=int, help="Lighthouse runs per page, preset and site (default 3)")
    parser.add_argument("--factors", help="content multiples for the growth, comma-separated (default 1,3,10)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-reload", action="store_true")
    parser.add_argument("--output", type=Path, help="results file (default scripts/benchmark-results.md; --quick: .cache/benchmark-quick.md)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (2 if args.quick else 5)
    args.reload_runs = args.reload_runs or (2 if args.quick else 5)
    args.lighthouse_runs = args.lighthouse_runs or (1 if args.quick else 3)
    factors = sorted({int(f) for f in (args.factors or ("1,3" if args.quick else "1,3,10")).split(",")} | {1})
    pages = ["index.html", "british-position.html"] if args.quick else list(PAGE_TYPES)
    presets = ["mobile", "desktop"]
    output = args.output or (QUICK_RESULTS if args.quick else RESULTS)
    if not chromium_path():
        sys.exit("Debian's chromium is needed (apt-get install chromium)")

    with tempfile.TemporaryDirectory(prefix="reader-benchmark-") as folder, load_average() as load:
        work = Path(folder)
        scales = []
        for factor in factors:
            print(f"Preparing the {factor}x site and its floor ...", flush=True)
            project = copy_project(work / f"site-{factor}x")
            if factor > 1:
                multiply_content(project, factor)
            scales.append(Scale(factor, project, make_floor(project), content_counts(project)))
        base = scales[0]
        strict = [f"a planted broken link stops the site's build ('{check_strict(base.project / 'mkdocs.yml', base.project / 'docs')}') "
                  f"and the floor's ('{check_strict(base.floor, base.project / FLOOR_DOCS)}')",
                  "any WARNING line in a build's output stops the benchmark"]
        print("Builds ...", flush=True)
        measure_builds(scales, args.runs, work)
        sites = {"site": work / "out-site", "floor": work / "out-floor"}
        run_build(base.project / "mkdocs.yml", sites["site"])
        run_build(base.floor, sites["floor"])
        strict.append(check_same_notes(sites, pages))
        print("Bytes of a first visit ...", flush=True)
        visits = {which: {page: [bytes_by_kind(site, files) for files in phases]
                          for page, phases in first_visit_files(site, pages).items()}
                  for which, site in sites.items()}
        results = Results(scales, strict, pages, presets, load, visits)
        if not args.no_reload:
            print("Edit-to-reload ...", flush=True)
            results.reload = measure_reload(base.project, args.reload_runs)
        if not args.no_lighthouse:
            print("Lighthouse ...", flush=True)
            results.lighthouse = measure_lighthouse(sites, pages, presets, args.lighthouse_runs)
    text = report(args, results)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
