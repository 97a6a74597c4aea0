"""The thin MkDocs layer: hand pages and data to scripts/treatysite and back.

Order of events (hooks run after plugins unless given a priority):
  on_config   (first)  load and validate everything, format every work's notes and bibliography entry
                       (one pandoc run, cached), install the result as mkdocs-bibtex's registry
  on_files             page metadata records and the generated downloads
  on_page_markdown (early) citations -> note tokens, generated sections, event links
  on_page_content      tokens -> note marks, the page's notes appended
  on_page_context      the page's metadata record for the templates
  on_post_build        no address of the URL manifest may disappear
Every content or environment problem stops the build with one line: file:line: problem: fix.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent))

from treatysite import csl, exports, notes, pagemeta, search, urls  # noqa: E402
from treatysite.editions import is_preview  # noqa: E402
from treatysite.errors import ContentError  # noqa: E402
from treatysite.escape import html_text  # noqa: E402
from treatysite.site import BIBLIOGRAPHY_PAGE, Site, relative  # noqa: E402

STATE: dict = {}


def notes_registry(forms):
    """mkdocs-bibtex's registry interface over the site's reference set, already parsed and formatted."""
    from mkdocs_bibtex.registry import ReferenceRegistry
    from pybtex.database import BibliographyData

    class Registry(ReferenceRegistry):
        def __init__(self):              # parsed and validated by treatysite.references
            self.bib_data = BibliographyData()
            self.footnote_format = "{key}"

        def validate_citation_blocks(self, citation_blocks):   # checked by treatysite.citations
            return None

        def validate_inline_references(self, inline_references):
            return set()

        def inline_text(self, citation_block):
            return str(citation_block)

        def reference_text(self, citation):
            return forms[citation.key].bibliography

    return Registry()


OFFLINE_SHIM = "assets/javascripts/iframe-worker-shim.js"


def one_line(function):
    """Turn a content error raised anywhere in a hook into MkDocs' one-line build error."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ContentError as error:
            raise PluginError(str(error)) from None
    return wrapper


def page_step(function):
    """A per-page hook: a content error is kept and the page passed on unchanged, so that MkDocs does
    not add its own 'Error reading page' line; on_env then stops the build with the one line."""
    @functools.wraps(function)
    def wrapper(content, page, *args, **kwargs):
        if "error" in STATE:
            return content
        try:
            return function(content, page, *args, **kwargs)
        except ContentError as error:
            STATE["error"] = error
            return content
    return wrapper


@event_priority(100)
def on_env(env, config, files):
    """Every page has been read: stop here with the first content error any page raised."""
    if "error" in STATE:
        raise PluginError(str(STATE["error"]))
    return env


def check_site_dir(site_dir: Path) -> None:
    """The build writes into site_dir: say so now, in one line, if it cannot."""
    if site_dir.exists() and not site_dir.is_dir():
        raise ContentError(str(site_dir), None, "the site directory is a file", "remove it or build into another directory (-d)")
    probe = site_dir / ".reader-write-test"
    try:
        site_dir.mkdir(parents=True, exist_ok=True)
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as err:
        raise ContentError(str(site_dir), None, f"the site directory cannot be written ({err.strerror})",
                           "check its permissions or build into another directory (-d)") from None


@event_priority(100)
@one_line
def on_config(config):
    STATE.clear()
    root = Path(config.config_file_path).parent
    if config.plugins["material/offline"].config.enabled:
        # Serve the offline plugin's iframe-worker shim from the copy itself, never from a CDN.
        if not os.environ.get("IFRAME_WORKER_SHIM"):
            raise ContentError("mkdocs.yml", None, "the offline build needs the iframe-worker shim",
                               "build the offline copy with python3 scripts/dev.py offline")
        config.extra["polyfills"] = [OFFLINE_SHIM]
    check_site_dir(Path(config.site_dir))
    bibtex = config.plugins["bibtex"]
    style = root / bibtex.config.csl_file
    if not style.exists():
        raise ContentError("mkdocs.yml", None, f"the notes style {bibtex.config.csl_file} does not exist",
                           "restore bibliography/reader-notes.csl from git or fix csl_file under plugins: bibtex")
    if 'class="note"' not in style.read_text(encoding="utf-8"):
        raise ContentError(str(style.relative_to(root)), None, "not a notes style (class=\"note\")",
                           "the site prints a note per citation: use bibliography/reader-notes.csl")
    site = Site.load(root, Path(config.docs_dir), root / "bibliography")
    site.site_url = config.site_url or ""
    STATE["edition"], STATE["frozen"] = edition, frozen = edition_being_built(site, config)
    reader = config.extra.get("reader")
    if isinstance(reader, dict):       # the footer shows the edition and marks a preview
        reader.update(edition=edition.number, edition_date=edition.date, preview=is_preview(config.site_url or ""))
    items = csl.reference_items(site.references, for_display=True)
    needs = notes.forms_needed(site.all_blocks(), site.references.entries)
    site.forms = notes.format_works(items, style, needs, cache_dir=root / ".cache" / "notes")
    # mkdocs-bibtex keeps its place as the reference-set engine: the plugin's registry is ours, already loaded,
    # so it neither parses the .bib files again nor runs pandoc a second time.
    bibtex.registry = notes_registry(site.forms)
    bibtex.last_configured = time.time()
    STATE.update(site=site, citations={})
    return config


def edition_being_built(site: Site, config):
    """The current edition, or (READER_EDITION_FROZEN=<number>, set by scripts/publish.py) an edition's copy."""
    edition = site.editions[-1]
    frozen = os.environ.get("READER_EDITION_FROZEN", "")
    if frozen:
        if frozen != edition.number:
            raise ContentError("docs/data/editions.yaml", edition.line, f"building edition {frozen}, but the last edition here is {edition.number}",
                               "build an edition from the commit in which it was the current one (scripts/publish.py)")
        edition = dataclasses.replace(edition, commit="0" * 40)      # in its own copy, the edition is released
    if os.environ.get("READER_RELEASE") == "1" and is_preview(config.site_url or ""):
        raise ContentError("mkdocs.yml", None, f"a release build needs the public address, not the preview address {config.site_url}",
                           "set SITE_URL to the site's real address, e.g. SITE_URL=https://example.org/reader/")
    return edition, bool(frozen)


@one_line
def on_files(files, config):
    site: Site = STATE["site"]
    STATE["records"] = records = _page_records(site, files, config)
    for path, content in exports.site_downloads(site, config.site_url or "", records.values()).items():
        files.append(File.generated(config, path, content=content))
    if config.plugins["material/offline"].config.enabled:
        files.append(File.generated(config, OFFLINE_SHIM, abs_src_path=os.environ["IFRAME_WORKER_SHIM"]))
    return files


def _page_records(site: Site, files, config) -> dict:
    defaults = pagemeta.site_defaults(config.site_name, config.site_url or "", config.extra.get("reader"),
                                      STATE["edition"], STATE["frozen"])
    records = {}
    for file in files.documentation_pages():
        page = site.pages[file.src_uri]
        cited = [site.references.entries[k] for k in site.cited_keys(file.src_uri)]
        records[file.src_uri] = pagemeta.build_record(file.src_uri, file.dest_uri, page.meta, page.title, defaults,
                                                       cited, site.references)
    return records


@event_priority(50)
@page_step
def on_page_markdown(markdown, page, config, files):
    site: Site = STATE["site"]
    markdown, STATE["citations"][page.file.src_uri] = site.expand(page.file.src_uri, markdown)
    STATE.setdefault("markdown", {})[page.file.src_uri] = markdown
    return markdown


@page_step
def on_page_content(html, page, config, files):
    site: Site = STATE["site"]
    citations = STATE["citations"].get(page.file.src_uri)
    if citations is None:
        return html
    bibliography = relative(page.file.src_uri, BIBLIOGRAPHY_PAGE).removesuffix(".md") + ".html"
    result = notes.render_page(html, citations, site.forms, site.references.entries, bibliography)
    if os.environ.get("READER_DUMP_MARKDOWN"):    # scripts/benchmark.py: the same text as plain Markdown footnotes
        target = Path(os.environ["READER_DUMP_MARKDOWN"]) / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notes.as_markdown_footnotes(STATE["markdown"][page.file.src_uri], result), encoding="utf-8")
    return result


def on_page_context(context, page, config, nav):
    record = STATE["records"].get(page.file.src_uri)
    if record is None:   # the print edition's combined page has no record of its own
        return context
    # Material prints page.meta.title and .description into the HTML as they are: give it escaped text.
    page.meta["title"] = html_text(record.title)
    page.meta["description"] = html_text(record.description).replace('"', "&quot;")
    base = relative(page.file.src_uri, "index.md")[: -len("index.md")]
    context["reader"] = {"head": record.head_html(), "cite": record.cite_html(base), "record": record}
    return context


@event_priority(-50)      # after the search plugin writes its index, before the offline plugin packs it
@one_line
def augment_search_index(config):
    search.augment_index(Path(config.site_dir), STATE["site"])


@event_priority(-200)     # last: check what was finally written
@one_line
def check_manifest(config):
    """No published address may disappear: check the URL manifest against what was built."""
    if os.environ.get("READER_SKIP_MANIFEST") == "1":   # scripts/update_url_manifest.py (and one bad-input case)
        return
    root = Path(config.config_file_path).parent
    manifest = root / "tests" / "url-manifest.txt"
    redirect_maps = config.plugins["redirects"].config["redirect_maps"] if "redirects" in config.plugins else {}
    expected = [u for u in urls.read_manifest(manifest) if not u.startswith("editions/")]   # checked by scripts/publish.py
    gone = urls.missing_urls(expected, urls.published_urls(Path(config.site_dir)), urls.redirected_pages(redirect_maps))
    if gone:
        shown = ", ".join(gone[:5]) + (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
        raise ContentError("tests/url-manifest.txt", None, f"{len(gone)} published address(es) no longer exist: {shown}",
                           "restore the page or anchor, or add a redirect in mkdocs.yml (plugins: redirects: redirect_maps)")


on_post_build = CombinedEvent(augment_search_index, check_manifest)


def on_serve(server, config, builder):
    """Under `serve`: a failed rebuild shows its error in the browser (and reloads when fixed) instead of hanging."""
    errors: list[str] = []
    logged: list[str] = []

    class Recorder(logging.Handler):      # MkDocs logs the real message, then raises a bare "Aborted"
        def emit(self, record):
            if record.levelno >= logging.ERROR:
                logged.append(record.getMessage())

    def safe_builder(config=None):
        recorder = Recorder()
        logging.getLogger("mkdocs").addHandler(recorder)
        logged.clear()
        try:
            builder(config)
            errors.clear()
        except (PluginError, ContentError, SystemExit) as error:
            errors[:] = [logged[0] if logged else str(error)]
        except Exception as error:     # an unexpected failure: still one line, never a hanging page
            errors[:] = [logged[0] if logged else f"{type(error).__name__}: {error}"]
        finally:
            logging.getLogger("mkdocs").removeHandler(recorder)

    serve_file = server._serve_request

    def serve_request(environ, start_response):
        if errors and not environ.get("PATH_INFO", "").startswith("/livereload/"):
            page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build error</title></head>'
                    '<body style="font-family:sans-serif;margin:2rem"><h1>The site could not be built</h1>'
                    f'<pre style="white-space:pre-wrap">{html_text(errors[0])}</pre>'
                    "<p>Fix the file named above; this page reloads when the build succeeds.</p></body></html>")
            start_response("500 Build error", [("Content-Type", "text/html; charset=utf-8")])
            return [server._inject_js_into_html(page.encode("utf-8"), server._visible_epoch)]
        return serve_file(environ, start_response)

    class ErrorPageRequests(logging.Filter):
        """MkDocs logs every non-200 request as a WARNING, and --strict counts those into the next
        build: the error page's own requests must not make the build after the fix fail."""
        def filter(self, record):
            return not (errors and record.getMessage().endswith(" code 500"))

    logging.getLogger("mkdocs.livereload").addFilter(ErrorPageRequests())
    server.builder = safe_builder
    server._serve_request = serve_request
    return server
