"""Notes in Chicago notes-bibliography form, one per citation, with the locator always kept.

Formatting is done per *work*, not per citation: one pandoc run (with the notes style
bibliography/reader-notes.csl) renders every work's bibliography entry and, in the forms the site's
citations need (with a locator, without one), its full and its short note, with a placeholder where
the locator goes. A citation's note is then put together here: the
full form at a work's first citation on a page, the short form after, with the locator formatted
(citations.format_locator) and the evidence behind it. The cost grows with the number of works,
and the pandoc output is cached on disk, keyed by everything it depends on.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
from html.parser import HTMLParser
from dataclasses import asdict, dataclass
from pathlib import Path

from .citations import Cite, format_locator, is_page_locator, locator_label
from .errors import ContentError

PLACEHOLDER = "ZQLOCQZ"
BARE = "__bare"            # a second copy of each item, cited without a locator
FOOTNOTE = re.compile(r'<li id="fn(\d+)"><p>(.*?)<a href="#fnref\1" class="footnote-back"[^>]*>.*?</a></p></li>', re.DOTALL)
ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', re.DOTALL)


@dataclass
class WorkForms:
    """How one work reads: in a first note, in a later note (each with and without a locator), in the bibliography."""
    full: str
    full_bare: str
    short: str
    short_bare: str
    bibliography: str


def pandoc_path() -> str:
    try:
        import pypandoc
        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as err:
        raise ContentError("pyproject.toml", None, f"pandoc is not available ({err})",
                           "install the project with python3 scripts/dev.py build (it installs pypandoc-binary)") from None


LOCATED, BARE = "located", "bare"      # the forms a work needs: with a locator, without one


def forms_needed(blocks, entries) -> dict[str, set[str]]:
    """Which forms each work needs, from the site's citations: only those are formatted (a work that no
    page cites needs its bibliography entry alone)."""
    needs: dict[str, set[str]] = {key: set() for key in entries}
    for block in blocks:
        for cite in block.cites:
            needs[cite.key].add(LOCATED if locator_text(entries[cite.key], cite.locator) else BARE)
    return needs


def format_works(items: list[dict], style: Path, needs: dict[str, set[str]],
                 cache_dir: Path | None = None) -> dict[str, WorkForms]:
    """Every work's forms, from one pandoc run (or from the cache when nothing it depends on changed)."""
    style_text = style.read_text(encoding="utf-8")
    pandoc = pandoc_path()
    wanted = {key: sorted(kinds) for key, kinds in needs.items()}
    digest = hashlib.sha256(json.dumps([items, wanted, style_text, pandoc, 3], ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    cached = cache_dir / f"{digest}.json" if cache_dir else None
    if cached and cached.exists():
        return {key: WorkForms(**forms) for key, forms in json.loads(cached.read_text(encoding="utf-8")).items()}
    forms = _run_pandoc(items, style, pandoc, needs)
    if cached:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            for old in cached.parent.glob("*.json"):
                old.unlink()
            cached.write_text(json.dumps({k: asdict(v) for k, v in forms.items()}, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass    # a cache that cannot be written only costs time
    return forms


def _run_pandoc(items: list[dict], style: Path, pandoc: str, needs: dict[str, set[str]]) -> dict[str, WorkForms]:
    """One document citing each work in the forms it needs, twice over (first notes, then short ones);
    works cited nowhere are listed with nocite, for their bibliography entries."""
    citations: list[tuple[str, str, str]] = []        # (key, form, the id cited)
    copies: list[dict] = []
    for item in items:
        kinds = needs.get(item["id"], set())
        if LOCATED in kinds:
            citations.append((item["id"], LOCATED, item["id"]))
        if BARE in kinds:
            cited = item["id"] + BARE if LOCATED in kinds else item["id"]   # a copy, so that it too is a first citation
            if cited != item["id"]:
                copies.append(dict(item, id=cited))
            citations.append((item["id"], BARE, cited))
    uncited = [item["id"] for item in items if not needs.get(item["id"])]
    one_pass = "\n\n".join(f"x[@{cited}, {{{PLACEHOLDER}}}]" if form == LOCATED else f"x[@{cited}]" for _key, form, cited in citations)
    front = "---\nnocite: |\n  " + ", ".join(f"@{key}" for key in uncited) + "\n---\n\n" if uncited else ""
    document = json.dumps(items + copies, ensure_ascii=False)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        bibliography = Path(folder) / "references.json"
        bibliography.write_text(document, encoding="utf-8")
        try:
            result = subprocess.run(
                [pandoc, "--from", "markdown", "--to", "html", "--wrap=none", "--citeproc",
                 "--bibliography", str(bibliography), "--csl", str(style)],
                input=front + one_pass + "\n\n" + one_pass + "\n", capture_output=True, text=True, encoding="utf-8", check=False)
        except OSError as err:
            raise ContentError(str(style), None, f"pandoc could not be started ({err})", "reinstall with python3 scripts/dev.py build") from None
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise ContentError(str(style.name), None, f"pandoc could not format the notes: {message}",
                           "check the CSL style for an XML error")
    notes = {int(number): text.strip() for number, text in FOOTNOTE.findall(result.stdout)}
    entries = dict(ENTRY.findall(result.stdout))
    count = len(citations)
    if len(notes) != 2 * count:
        raise ContentError(str(style.name), None, f"pandoc returned {len(notes)} notes for {2 * count} citations",
                           "check the CSL style (every citation must render)")
    forms = {item["id"]: WorkForms("", "", "", "", entries.get(item["id"], "")) for item in items}
    for index, (key, form, _cited) in enumerate(citations):
        full, short = notes[index + 1], notes[count + index + 1]
        if form == LOCATED:
            if PLACEHOLDER not in full or PLACEHOLDER not in short:
                raise ContentError(str(style.name), None, f"the style drops the locator of '{key}'",
                                   "every layout of the notes style must print the locator")
            forms[key].full, forms[key].short = full, short
        else:
            forms[key].full_bare, forms[key].short_bare = full, short
    return forms


@dataclass
class Evidence:
    """The passage a citation rests on: the source's words, or what the claim is inferred from."""
    quote: tuple[str, ...] = ()
    inferred: str = ""

    def html(self) -> str:
        if self.quote:
            passages = "; ".join(f"\u201c{html.escape(q, quote=False)}\u201d" for q in self.quote)
            return f'<span class="note-source">Source: {passages}</span>'
        if self.inferred:
            return f'<span class="note-source">Source: inferred from {html.escape(self.inferred, quote=False)}</span>'
        return ""


@dataclass
class NoteCite:
    cite: Cite
    first: bool            # the work's first citation on the page
    evidence: Evidence | None
    entry_url: str         # link to the work's bibliography entry


def whole_locator(entry) -> str:
    """A work's own pages (or columns) as a locator: used when a citation gives none."""
    pages = entry.text("pages")
    if not pages:
        return ""
    label = ("cols." if "–" in pages else "col.") if entry.text("pagination") == "column" else "pp."
    return format_locator(f"{label} {pages}")


def in_own_units(entry, locator: str) -> bool:
    """Whether a locator counts in the work's own units (columns for Hansard, pages otherwise)."""
    label = locator_label(locator)
    return label in ("col", "cols") if entry.text("pagination") == "column" else is_page_locator(locator)


def locator_text(entry, locator: str) -> str:
    """The locator as the note prints it. A document in a collection cited by a note, an enclosure or
    a paragraph keeps its pages in front ("726–27, enclosure 1"), so that "FRUS 1943, 3:726–27" reads right."""
    whole = whole_locator(entry)
    if not locator:
        return whole
    text = format_locator(locator)
    if entry.is_document and whole and not in_own_units(entry, locator):
        return f"{whole}, {text}"
    return text


def _form(forms: WorkForms, key: str, first: bool, located: bool) -> str:
    form = (forms.full if first else forms.short) if located else (forms.full_bare if first else forms.short_bare)
    if not form:     # forms_needed decides what is formatted; a citation it did not see is a bug, not a reader's problem
        raise RuntimeError(f"no {'located' if located else 'bare'} form was formatted for '{key}'")
    return form


def cite_html(forms: WorkForms, note: NoteCite, entry) -> str:
    """One work in a note, with its locator and the evidence behind the citation."""
    cite = note.cite
    locator = locator_text(entry, cite.locator)
    template = _form(forms, cite.key, note.first, bool(locator))
    text = template.replace(PLACEHOLDER, html.escape(locator, quote=False))
    if cite.prefix:
        text = f"{html.escape(cite.prefix, quote=False)} {text}"
    source = f" \u2014 {note.evidence.html()}" if note.evidence and note.evidence.html() else ""
    link = (f' <a class="bib-link" href="{html.escape(note.entry_url, quote=True)}" '
            'title="Full entry in the bibliography" aria-label="Full entry in the bibliography">\u2197</a>')
    return (f'<span class="cite" data-key="{html.escape(cite.key, quote=True)}" '
            f'data-locator="{html.escape(cite.locator, quote=True)}">{text}{source}{link}</span>')


def plain_text(fragment: str) -> str:
    """A formatted HTML fragment as plain text."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def short_reference(forms: WorkForms, cite: Cite, entry) -> str:
    """A citation as a plain-text short reference ('Winant to Hull, [ca. 15 Dec. 1943], FRUS 1943, 3:727–28')."""
    locator = locator_text(entry, cite.locator)
    template = _form(forms, cite.key, False, bool(locator))
    return plain_text(template.replace(PLACEHOLDER, html.escape(locator, quote=False)))


def note_html(parts: list[str]) -> str:
    """A note: its works separated by semicolons, a capital at the start, a full stop at the end."""
    text = "; ".join(parts)
    text = re.sub(r'^((?:<[^>]+>)*)([a-z])', lambda m: m.group(1) + m.group(2).upper(), text, count=1)
    return text + "."


# ---- the notes of a page ---------------------------------------------------------------------------
TOKEN = re.compile(r"ZQCITE\d+ZQ")
FORBIDDEN = {"code": "code", "pre": "code", "kbd": "code", "samp": "code", "a": "a link's text", "h1": "a heading",
             "h2": "a heading", "h3": "a heading", "h4": "a heading", "h5": "a heading", "h6": "a heading",
             "script": "a script", "style": "a style block", "title": "a title", "textarea": "a form field",
             "option": "a form field", "button": "a button", "summary": "a summary line"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TokenFinder(HTMLParser):
    """Where each citation token ended up in the rendered HTML: (token, problem or '')."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            for token in TOKEN.findall(value or ""):
                self.found.append((token, f"the {name} attribute of <{tag}>"))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        problem = next((FORBIDDEN[t] for t in reversed(self.stack) if t in FORBIDDEN), "")
        self.found.extend((token, problem) for token in TOKEN.findall(data))

    def handle_comment(self, data):
        self.found.extend((token, "an HTML comment") for token in TOKEN.findall(data))


def render_page(page_html: str, citations, forms: dict[str, WorkForms], references, bibliography_href: str) -> str:
    """Replace every citation token of a page by its note mark and append the notes.

    Stops the build, naming the citation's file and line, if a citation ended up where a note
    cannot go (code, a link's text, a heading, an attribute, a comment) or was lost altogether.
    """
    if not citations.items:
        return page_html
    finder = _TokenFinder()
    finder.feed(page_html)
    finder.close()
    seen: dict[str, int] = {}
    for token, problem in finder.found:
        pending = citations.items.get(token)
        if pending is None:
            continue
        block = pending.block
        if problem:
            raise ContentError(block.source, block.line, f"citation '{block.markdown}' is inside {problem}",
                               "move it out: a note mark can only follow running text")
        seen[token] = seen.get(token, 0) + 1
    for token, pending in citations.items.items():
        if seen.get(token, 0) != 1:
            block = pending.block
            raise ContentError(block.source, block.line, f"citation '{block.markdown}' was {'lost' if not seen.get(token) else 'repeated'} in rendering",
                               "check the Markdown around it (an unclosed link, a reference definition or an HTML comment)")
    order = [token for token, _problem in finder.found if token in citations.items]
    numbers = {token: number for number, token in enumerate(order, 1)}
    first_seen: set[str] = set()
    notes = []
    for token in order:
        pending = citations.items[token]
        parts = []
        for cite, evidence in zip(pending.block.cites, pending.evidence):
            entry = references[cite.key]
            note = NoteCite(cite=cite, first=cite.key not in first_seen, evidence=evidence,
                            entry_url=f"{bibliography_href}#{cite.key}")
            first_seen.add(cite.key)
            part = cite_html(forms[cite.key], note, entry)
            if cite.locator and html.escape(format_locator(cite.locator), quote=False) not in part:
                raise ContentError(pending.block.source, pending.block.line, f"locator '{cite.locator}' of {cite.key} was lost in formatting",
                                   "report this: the notes style must print every locator")
            parts.append(part)
        number = numbers[token]
        notes.append(f'<li id="fn:{number}">\n<p>{note_html(parts)}&#160;<a class="footnote-backref" href="#fnref:{number}" '
                     f'title="Jump back to note {number} in the text">&#8617;&#xFE0E;</a></p>\n</li>')
    marked = TOKEN.sub(lambda m: f'<sup id="fnref:{numbers[m.group(0)]}"><a class="footnote-ref" href="#fn:{numbers[m.group(0)]}">'
                                 f'{numbers[m.group(0)]}</a></sup>' if m.group(0) in numbers else m.group(0), page_html)
    return marked + '\n<div class="footnote" data-search-exclude>\n<hr>\n<ol>\n' + "\n".join(notes) + "\n</ol>\n</div>\n"


def as_markdown_footnotes(markdown: str, page_html: str) -> str:
    """A page's tokenised Markdown with its notes as Markdown footnotes (what a plain MkDocs site would be fed).

    Used only by the benchmark, to give bare Material the same text, notes included.
    """
    notes = dict(re.findall(r'<li id="fn:(\d+)">\n<p>(.*?)&#160;<a class="footnote-backref"', page_html, re.DOTALL))
    order = [number for number in re.findall(r'<sup id="fnref:(\d+)">', page_html)]
    tokens = TOKEN.findall(markdown)
    mapping = dict(zip(sorted(tokens, key=lambda t: markdown.index(t)), order))
    body = TOKEN.sub(lambda m: f"[^{mapping.get(m.group(0), '0')}]", markdown)
    definitions = "\n".join(f"[^{n}]: {' '.join(text.split())}" for n, text in notes.items())
    return body + "\n\n" + definitions + "\n"
