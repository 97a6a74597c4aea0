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
              its own floor; the exponent of the layer's CPU (site - floor) against the factor
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
import http.server
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

from tooling import CHROMIUM_ARGS, QuietHandler, chromium_path, copy_project  # noqa: E402
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


def verdict(value: float, goal: float, higher_is_better: bool = False, unit: str = "x") -> str:
    met = value >= goal if higher_is_better else value <= goal
    if met:
        return "meets"
    gap = goal - value if higher_is_better else value - goal
    return f"**MISSED** by {gap:.2f}{unit}" if unit == "x" else f"**MISSED** by {gap:g}{unit}"


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
@dataclass
class Build:
    cpu: float
    wall: float


def mkdocs(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *map(str, args)]


def run_build(config: Path, out: Path, env: dict | None = None, expect_failure: bool = False) -> tuple[Build, str]:
    """`mkdocs build --strict`; CPU of the process and everything it waited for (pandoc included)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(mkdocs("build", "--strict", "-f", config, "-d", out), cwd=config.parent,
                                   env=dict(ENV, **(env or {})), stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if expect_failure:
        return Build(0, 0), output if process.returncode else ""
    if process.returncode or re.search(r"^WARNING\b", output, re.MULTILINE):
        sys.exit(f"benchmark stopped: the build of {config} failed or warned (exit {process.returncode}):\n{output}")
    return Build(usage.ru_utime + usage.ru_stime, wall), output


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

    site = Site.load(project, require_evidence=False)
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
    wall: dict = field(default_factory=lambda: {"cold": Sample(), "warm": Sample(), "floor": Sample()})

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
            print(f"  round {round_number + 1}/{runs}: {scale.factor}x {kind}: {build.cpu:.2f} s CPU, {build.wall:.2f} s wall", flush=True)


def growth_exponent(scales: list[Scale], kind: str) -> tuple[float, Sample]:
    """Least-squares slope of log(layer CPU) on log(factor), from the medians, and per round."""
    def slope(points):
        xs, ys = [math.log(f) for f, _ in points], [math.log(max(v, 1e-3)) for _, v in points]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)

    median = slope([(s.factor, s.layer(kind).median) for s in scales])
    rounds = Sample([slope([(s.factor, s.layer(kind).values[r]) for s in scales])
                     for r in range(len(scales[0].layer(kind).values))])
    return median, rounds


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


@contextmanager
def serve_gzip(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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


def first_visit_files(site: Path, pages: list[str]) -> dict[str, list[str]]:
    """The files a browser fetches on a first visit of each page (the search worker's index included)."""
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import sync_playwright

    fetched: dict[str, list[str]] = {}
    with serve_gzip(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for page in pages:
            context = browser.new_context()
            urls: list[str] = []
            context.on("request", lambda request: urls.append(request.url))
            tab = context.new_page()
            tab.goto(base + page, wait_until="networkidle")
            context.close()
            files = {unquote(urlsplit(url).path).lstrip("/") for url in urls if url.startswith(base)}
            fetched[page] = sorted(f for f in files if (site / f).is_file())
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
    lost = {name: [data["audits"][ref["id"]]["title"] for ref in c["auditRefs"]
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

    chromium = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.strip() if chromium_path() else "none"
    return (f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, mkdocs-bibtex {version('mkdocs-bibtex')}, "
            f"pandoc (pypandoc-binary {version('pypandoc-binary')}), {chromium}")


def kib(n: int) -> str:
    return f"{n / 1024:.1f}"


def report(args, scales: list[Scale], strict: list[str], reload: dict | None, lighthouse: dict | None,
           visits: dict | None, sites: dict[str, Path], pages: list[str], presets: list[str]) -> str:
    base = scales[0]
    goals, sections = [], []
    cold_ratio, warm_ratio = paired_ratios(base.cpu["cold"], base.cpu["floor"]), paired_ratios(base.cpu["warm"], base.cpu["floor"])
    for label, kind, ratio in (("cold (no pandoc cache)", "cold", cold_ratio), ("warm (pandoc cache kept)", "warm", warm_ratio)):
        value = base.cpu[kind].median / base.cpu["floor"].median
        goals.append((f"Build CPU, site {label} vs floor", f"{value:.2f}x (rounds {ratio.show('x')})", f"≤ {GOAL_CPU}x",
                      verdict(value, GOAL_CPU)))
    if reload:
        value = reload["site"].median / reload["floor"].median
        goals.append(("Edit-to-reload under `mkdocs serve`, site vs floor", f"{value:.2f}x (rounds {paired_ratios(reload['site'], reload['floor']).show('x')})",
                      f"≤ {GOAL_RELOAD}x", verdict(value, GOAL_RELOAD)))
    if lighthouse:
        worst = []
        for page in pages:
            for category in CATEGORIES:
                score = lighthouse_median(lighthouse[("site", page, "mobile")], category)
                worst.append((score if score is not None else -1, page, category))
        low = min(worst)
        misses = [f"{PAGE_TYPES[p]} {c} {s:g}" for s, p, c in sorted(worst) if s < GOAL_LIGHTHOUSE]
        goals.append(("Lighthouse mobile, every page type and category (median)",
                      f"lowest {low[0]:g} ({PAGE_TYPES[low[1]]}, {low[2]})" + (f"; below goal: {', '.join(misses)}" if misses else ""),
                      f"≥ {GOAL_LIGHTHOUSE}", verdict(low[0], GOAL_LIGHTHOUSE, higher_is_better=True, unit=" points")))
    span = f"{scales[0].factor}x to {scales[-1].factor}x"
    if len(scales) > 1:
        for kind in ("cold", "warm"):
            value, rounds = growth_exponent(scales, kind)
            goals.append((f"Growth exponent of the layer's CPU (site − floor), {kind}, {span}",
                          f"{value:.2f} (rounds {rounds.show('', 2)})", f"≤ {GOAL_EXPONENT}", verdict(value, GOAL_EXPONENT, unit="")))
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC by `python3 scripts/dev.py benchmark"
        f"{' --quick' if args.quick else ''}` in one run on: {machine()}. {versions()}.",
        f"Rounds: builds {args.runs} (A/B interleaved, order rotating), reloads {args.reload_runs}, Lighthouse {args.lighthouse_runs}. "
        "Values are medians with the range (min–max) over rounds in brackets."
        + (" Run with READER_ALLOW_MISSING_EVIDENCE=1 (evidence still being gathered)." if os.environ.get("READER_ALLOW_MISSING_EVIDENCE") == "1" else ""),
        "",
        "**The floor** is this project's own `mkdocs.yml` without the bibtex plugin and without the hooks, fed the same "
        "generated Markdown (timeline, bibliography, register and people sections filled in, every citation's note as a "
        "plain Markdown footnote; written by the hooks under READER_DUMP_MARKDOWN), with the site's stylesheets, scripts "
        "and downloads. Both are built with `mkdocs build --strict`; " + "; ".join(strict) + ".",
        "",
        "## Goals",
        "",
        "| goal | measured | target | result |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in goals],
        "",
    ]
    # ---- builds and growth
    lines += ["## Build CPU (user + sys, pandoc included) and wall time", "",
              "| content | pages | events | references | citations | site cold CPU | site warm CPU | floor CPU | layer cold (site − floor) | layer warm | wall: cold / warm / floor |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for scale in scales:
        c = scale.counts
        lines.append(f"| {scale.factor}x | {c['pages']} | {c['events']} | {c['references']} | {c['citations']} | "
                     f"{scale.cpu['cold'].show()} | {scale.cpu['warm'].show()} | {scale.cpu['floor'].show()} | "
                     f"{scale.layer('cold').show()} | {scale.layer('warm').show()} | "
                     f"{scale.wall['cold'].median:.2f} / {scale.wall['warm'].median:.2f} / {scale.wall['floor'].median:.2f} s |")
    pandoc = Sample([c - w for c, w in zip(base.cpu["cold"].values, base.cpu["warm"].values)])
    lines += ["", f"At 1x the cold build's extra CPU over the warm one (the pandoc run that formats every work's notes, "
              f"cached in .cache/notes) is {pandoc.show()}; the warm layer (loading and checking the data, the notes, the "
              f"downloads, the page metadata) is {base.layer('warm').show()}.",
              "Synthetic sites: copies 2..n of every page (generated sections left to the original page) with its evidence, "
              "of every timeline event (next to its original) and of every reference (new keys in a new .bib file per copy), "
              "each copy citing its own references and linking its own events; people are not copied. "
              "The exponent is the least-squares slope of log(layer CPU) on log(factor).", ""]
    # ---- reload
    if reload:
        lines += ["## Edit-to-reload under `mkdocs serve`", "",
                  f"A word added to `{EDITED_PAGE}` (site) or its floor copy; time from the saved file until the page served "
                  "by `mkdocs serve --strict` shows it (polled every 20 ms; MkDocs polls files every 0.5 s, the floor's too).", "",
                  "| site | floor | ratio |", "|---|---|---|",
                  f"| {reload['site'].show()} | {reload['floor'].show()} | {reload['site'].median / reload['floor'].median:.2f}x |", ""]
    # ---- Lighthouse
    if lighthouse:
        lines += ["## Lighthouse 12.2.3 (served with gzip; site / floor)", "",
                  "| page type | preset | performance | accessibility | best practices | SEO | LCP |", "|---|---|---|---|---|---|---|"]
        for page in pages:
            for preset in presets:
                cells = []
                for category in CATEGORIES:
                    site_score = lighthouse_median(lighthouse[("site", page, preset)], category)
                    floor_score = lighthouse_median(lighthouse[("floor", page, preset)], category)
                    cells.append(f"{site_score:g} / {floor_score:g}" if site_score is not None and floor_score is not None else "—")
                lcps = [statistics.median(r["lcp"] for r in lighthouse[(w, page, preset)] if r["lcp"] is not None) / 1000
                        for w in ("site", "floor")]
                lines.append(f"| {PAGE_TYPES[page]} (`{page}`) | {preset} | {' | '.join(cells)} | {lcps[0]:.1f} / {lcps[1]:.1f} s |")
        lost = sorted({f"{PAGE_TYPES[page]}, {preset}, {category}: {title}"
                       for (which, page, preset), runs in lighthouse.items() if which == "site"
                       for run in runs for category, titles in run["lost"].items() for title in titles})
        lines += ["", "Audits scoring under 0.9 in some run on this site: " + ("; ".join(lost) if lost else "none") + ".", ""]
    # ---- bytes
    if visits:
        lines += ["## Bytes of a first visit, by kind (KiB: raw / gzip 6 / Brotli 11)", "",
                  "The page's own HTML and the CSS are what a reader waits for; the last column sets each kind's Brotli "
                  "bytes against the page's own Brotli HTML + CSS on this site.", "",
                  "| page type | kind | site | floor | site ÷ page's HTML+CSS (br) |", "|---|---|---|---|---|"]
        for page in pages:
            site_sizes, floor_sizes = visits["site"][page], visits["floor"][page]
            own = site_sizes["HTML"][2] + site_sizes["CSS"][2]
            for kind in KINDS:
                s, f = site_sizes[kind], floor_sizes[kind]
                if s[0] == 0 and f[0] == 0:
                    continue
                lines.append(f"| {PAGE_TYPES[page]} | {kind} | {' / '.join(map(kib, s))} | {' / '.join(map(kib, f))} | "
                             f"{s[2] / own:.2f} |")
            total = [sum(v[i] for v in site_sizes.values()) for i in range(3)]
            floor_total = [sum(v[i] for v in floor_sizes.values()) for i in range(3)]
            lines.append(f"| {PAGE_TYPES[page]} | **total** | {' / '.join(map(kib, total))} | {' / '.join(map(kib, floor_total))} | "
                         f"{total[2] / own:.2f} |")
        none = [kind for kind in KINDS if all(visits[w][p][kind][0] == 0 for w in visits for p in pages)]
        lines += ["", f"Nothing of kind: {', '.join(none)} (the theme uses the system's fonts)." if none else "", ""]
    return "\n".join(lines).rstrip() + "\n"


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

    with tempfile.TemporaryDirectory(prefix="reader-benchmark-") as folder:
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
        print("Bytes of a first visit ...", flush=True)
        visits = {which: {page: bytes_by_kind(site, files) for page, files in first_visit_files(site, pages).items()}
                  for which, site in sites.items()}
        reload = None
        if not args.no_reload:
            print("Edit-to-reload ...", flush=True)
            reload = measure_reload(base.project, args.reload_runs)
        lighthouse = None
        if not args.no_lighthouse:
            print("Lighthouse ...", flush=True)
            lighthouse = measure_lighthouse(sites, pages, presets, args.lighthouse_runs)
        text = report(args, scales, strict, reload, lighthouse, visits, sites, pages, presets)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
