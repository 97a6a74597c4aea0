"""The thin MkDocs layer: hand pages and data to scripts/treatysite and back.

Order of events (hooks run after plugins unless given a priority):
  on_config   (first)  load and validate everything -> one clean error, before mkdocs-bibtex reads the .bib files
  on_files             format every citation of the site in ONE pandoc pass (warms mkdocs-bibtex's cache),
                       check no locator is lost, add the generated downloads
  on_page_markdown (early) fill generated sections, resolve event links  -> then mkdocs-bibtex runs
  on_page_markdown (late)  give every citation footnote a link to its bibliography entry
  on_page_content      keep per-page reference notes out of the search index
  on_page_context      the page's metadata record for the templates
  on_post_build        no address of the URL manifest may disappear
"""
from __future__ import annotations

import html
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent))

from treatysite import exports, pagemeta, urls  # noqa: E402
from treatysite.citations import PANDOC_SPAN, clean_pandoc_markdown, locator_survives  # noqa: E402
from treatysite.errors import ContentError  # noqa: E402
from treatysite.site import BIBLIOGRAPHY_PAGE, Site, relative  # noqa: E402

FOOTNOTE_DEFINITION = "[^{key}]: "
STATE: dict = {}


def _fail(error: ContentError):
    raise PluginError(str(error)) from None


OFFLINE_SHIM = "assets/javascripts/iframe-worker-shim.js"


@event_priority(100)
def on_config(config):
    root = Path(config.config_file_path).parent
    if config.plugins["material/offline"].config.enabled:
        # Serve the offline plugin's iframe-worker shim from the copy itself, never from a CDN.
        if not os.environ.get("IFRAME_WORKER_SHIM"):
            _fail(ContentError("mkdocs.yml", None, "the offline build needs the iframe-worker shim",
                               "build the offline copy with python3 scripts/dev.py offline"))
        config.extra["polyfills"] = [OFFLINE_SHIM]
    bibtex = config.plugins["bibtex"].config
    csl = root / bibtex.csl_file
    bibtex.csl_file = str(csl)   # pandoc resolves a relative path against the working directory, not mkdocs.yml
    if 'citation-format="author-date"' not in csl.read_text(encoding="utf-8"):
        _fail(ContentError(str(csl.relative_to(root)), None, "not an author-date CSL style",
                           "mkdocs-bibtex drops every locator with note or numeric styles; use an author-date style"))
    try:
        STATE["site"] = site = Site.load(root, Path(config.docs_dir), root / "bibliography")
    except ContentError as error:
        _fail(error)
    # The CSL-JSON download needs its own pandoc run: start it now, beside the citation formatting.
    STATE["csl_json"] = ThreadPoolExecutor(max_workers=1).submit(exports.references_csl_json, site.references)
    return config


def on_files(files, config):
    site: Site = STATE["site"]
    registry = config.plugins["bibtex"].registry
    from mkdocs_bibtex.citation import Citation, CitationBlock

    blocks = {block.markdown: block for block in site.all_blocks()}   # each distinct citation once
    theirs = {raw: CitationBlock.from_markdown(raw)[0] for raw in blocks}
    everything = list(theirs.values()) + [CitationBlock(citations=[Citation(key=k)]) for k in site.references.entries]
    registry.validate_citation_blocks(everything)          # one pandoc run for the whole site
    for raw, block in blocks.items():
        rendered = registry.inline_text(theirs[raw])
        for cite in block.cites:
            if cite.locator and not locator_survives(cite.locator, rendered):
                _fail(ContentError(block.source, block.line, f"locator '{cite.locator}' of {cite.key} was lost in formatting ({rendered!r})",
                                   "check the CSL style is author-date and the locator is written like 'p. 12'"))
    STATE["formatted"] = {key: clean_pandoc_markdown(registry.reference_text(Citation(key=key)))
                          for key in site.references.entries}

    STATE["records"] = records = _page_records(site, files, config)
    downloads = exports.site_downloads(site.events, site.references, STATE["csl_json"].result(),
                                       config.site_url or "", records.values())
    for path, content in downloads.items():
        files.append(File.generated(config, path, content=content))
    if config.plugins["material/offline"].config.enabled:
        files.append(File.generated(config, OFFLINE_SHIM, abs_src_path=os.environ["IFRAME_WORKER_SHIM"]))
    return files


def _page_records(site: Site, files, config) -> dict:
    extra = config.extra["reader"]
    defaults = pagemeta.SiteDefaults(
        site_name=config.site_name, site_url=config.site_url or "", corporate_author=extra["corporate_author"],
        edition=str(extra["edition"]), edition_date=str(extra["edition_date"]), license=extra["license"],
        license_url=extra["license_url"])
    records = {}
    for file in files.documentation_pages():
        page = site.pages[file.src_uri]
        cited = [site.references.entries[k] for k in site.cited_keys(file.src_uri)]
        records[file.src_uri] = pagemeta.build_record(file.src_uri, file.dest_uri, page.meta, page.title, defaults, cited)
    return records


def on_post_build(config):
    """No published address may disappear: check the URL manifest against what was built."""
    if os.environ.get("READER_SKIP_MANIFEST") == "1":   # only scripts/update_url_manifest.py sets this
        return
    root = Path(config.config_file_path).parent
    manifest = root / "tests" / "url-manifest.txt"
    redirect_maps = config.plugins["redirects"].config["redirect_maps"] if "redirects" in config.plugins else {}
    gone = urls.missing_urls(urls.read_manifest(manifest), urls.published_urls(Path(config.site_dir)),
                             urls.redirected_pages(redirect_maps))
    if gone:
        shown = ", ".join(gone[:5]) + (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
        _fail(ContentError("tests/url-manifest.txt", None, f"{len(gone)} published address(es) no longer exist: {shown}",
                           "restore the page or anchor, or add a redirect in mkdocs.yml (plugins: redirects: redirect_maps)"))


def on_page_content(html, page, config, files):
    """Keep the per-page reference notes out of the search index: the bibliography page holds them once."""
    return html.replace('<div class="footnote">', '<div class="footnote" data-search-exclude>', 1)


def on_page_context(context, page, config, nav):
    record = STATE["records"].get(page.file.src_uri)
    if record is None:   # the print edition's combined page has no record of its own
        return context
    # Material prints page.meta.description into an attribute without escaping it.
    page.meta["description"] = html.escape(record.description, quote=True)
    base = relative(page.file.src_uri, "index.md")[: -len("index.md")]
    context["reader"] = {"head": record.head_html(), "cite": record.cite_html(base), "record": record}
    return context


@event_priority(50)
def expand_generated_sections(markdown, page, config, files):
    site: Site = STATE["site"]
    return site.expand(page.file.src_uri, markdown, STATE.get("formatted"))


@event_priority(-50)
def link_footnotes_to_bibliography(markdown, page, config, files):
    """mkdocs-bibtex writes '[^key]: reference'; add the way to the full entry."""
    site: Site = STATE["site"]
    target = relative(page.file.src_uri, BIBLIOGRAPHY_PAGE)
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("[^"):
            key = line[2:line.find("]")]
            if key in site.references.entries and line.startswith(FOOTNOTE_DEFINITION.format(key=key)):
                lines[index] = f'{clean_pandoc_markdown(line)} [Full entry in the bibliography]({target}#{key}){{: .bib-link }}'
    markdown = PANDOC_SPAN.sub(r"\1", "\n".join(lines))   # in-text citations of works without an author
    if os.environ.get("READER_DUMP_MARKDOWN"):   # scripts/benchmark.py: the Markdown as Python-Markdown gets it
        target = Path(os.environ["READER_DUMP_MARKDOWN"]) / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    return markdown


on_page_markdown = CombinedEvent(expand_generated_sections, link_footnotes_to_bibliography)
