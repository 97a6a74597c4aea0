"""The site as data: pages, references, people and timeline, and who cites or links what.

`Site.load()` reads and validates everything once; the MkDocs hooks and the tests both start
from it. Nothing here imports MkDocs.
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import figures, render
from .editions import changes_markdown, load_editions
from .citations import BLOCK, Cite, CiteBlock, check_keys, find_bare_mentions, find_blocks
from .errors import ContentError, did_you_mean
from .evidence import Excerpts, PageEvidence, cite_label, load_page_evidence
from .notes import Evidence
from .people import Person, load_people
from .references import ReferenceSet, load_reference_set
from .timeline import Event, load_timeline
from .yamldata import load_mapping, read_text

EVENT_LINK = re.compile(r"\[(?P<label>[^\]]*)\]\(event:(?P<id>[^)\s]*)\)")
MARKER = re.compile(r"<!--\s*generated:\s*(?P<name>[a-z0-9-]+)\s*-->")
HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#(?P<id>[A-Za-z0-9_-]+)[^}]*\}\s*$")
TIMELINE_PAGE = "timeline.md"
BIBLIOGRAPHY_PAGE = "sources/bibliography.md"
REGISTER_PAGE = "sources/primary-sources.md"
PEOPLE_PAGE = "context/people.md"
CHANGES_PAGE = "about/changes.md"
GENERATED_SECTIONS = {"editions": CHANGES_PAGE, "timeline": TIMELINE_PAGE, "bibliography": BIBLIOGRAPHY_PAGE, "primary-sources": REGISTER_PAGE,
                      "people": PEOPLE_PAGE, "timeline-filters": TIMELINE_PAGE, "timeline-figure": TIMELINE_PAGE,
                      "timeline-figure-1943": "index.md", "correspondence": REGISTER_PAGE}


@dataclass
class Page:
    path: str            # relative to docs/, with '/' separators
    meta: dict
    body: str            # Markdown after the front matter
    body_line: int       # file line of the body's first line
    shown: str = ""      # the file as messages name it

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.path)


@dataclass
class Citer:
    """Something that cites: a page, or a timeline event (or person) on a page."""
    page: str
    anchor: str = ""
    label: str = ""


@dataclass
class PendingCitation:
    """A citation block on its way to becoming a note: its token in the Markdown, and its evidence."""
    token: str
    block: CiteBlock
    evidence: list[Evidence]


@dataclass
class PageCitations:
    """The citations of one page in the order they were written, each stood in for by a token."""
    page: str
    items: dict[str, PendingCitation] = field(default_factory=dict)

    def add(self, block: CiteBlock, evidence: list[Evidence]) -> str:
        token = f"ZQCITE{len(self.items) + 1}ZQ"
        self.items[token] = PendingCitation(token, block, evidence)
        return token


@dataclass
class Site:
    root: Path
    docs_dir: Path
    references: ReferenceSet
    people: dict[str, Person]
    events: list[Event]
    pages: dict[str, Page]
    excerpts: Excerpts
    evidence: dict[str, PageEvidence] = field(default_factory=dict)
    blocks: dict[str, list[CiteBlock]] = field(default_factory=dict)   # citer 'page#anchor' -> blocks
    cited_on: dict[str, list[Citer]] = field(default_factory=lambda: defaultdict(list))
    event_links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    editions: list = field(default_factory=list)     # editions.Edition, oldest first; the last is current
    site_url: str = ""                               # the public address (set by the build), for links to editions
    forms: dict = field(default_factory=dict)      # key -> notes.WorkForms (set by the build)

    # ---- loading -----------------------------------------------------------------------------
    @classmethod
    def load(cls, root: Path, docs_dir: Path | None = None, bib_dir: Path | None = None) -> "Site":
        root = Path(root)
        docs_dir = Path(docs_dir or root / "docs")
        bib_dir = Path(bib_dir or root / "bibliography")
        references = load_reference_set(bib_dir, root)
        excerpts = Excerpts(bib_dir / "excerpts")
        data_dir = docs_dir / "data"
        people = load_people(data_dir / "people.yaml", _shown(data_dir / "people.yaml", root), references.entries, excerpts)
        events = load_timeline(data_dir / "timeline", _shown(data_dir / "timeline", root), references.entries, people, excerpts)
        pages = {}
        for path in sorted(docs_dir.rglob("*.md")):
            if data_dir in path.parents:
                continue
            rel = path.relative_to(docs_dir).as_posix()
            pages[rel] = read_page(path, rel, _shown(path, root))
        editions = load_editions(data_dir / "editions.yaml", _shown(data_dir / "editions.yaml", root))
        site = cls(root=root, docs_dir=docs_dir, references=references, people=people, events=events, pages=pages,
                   excerpts=excerpts, editions=editions)
        site._index()
        return site

    @property
    def event_ids(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def evidence_file(self, page_path: str) -> Path:
        return self.docs_dir / "data" / "evidence" / (page_path[:-3] + ".yaml")

    def _index(self) -> None:
        keys = self.references.entries
        for page in self.pages.values():
            blocks = find_blocks(page.body, page.shown, page.body_line)
            check_keys(blocks, keys, page.shown, find_bare_mentions(page.body, page.body_line))
            evidence_path = self.evidence_file(page.path)
            self.evidence[page.path] = evidence = load_page_evidence(
                evidence_path, _shown(evidence_path, self.root), keys, self.excerpts)
            for block in blocks:
                for cite in block.cites:
                    self._page_evidence(page.path, cite, block)
            evidence.check_all_used()
            self._record(Citer(page=page.path, label=page.title), blocks)
            self._check_links_and_markers(page)
        for event in self.events:
            blocks = [b for text, name in ((event.summary, "summary"), (event.date_note, "date_note"))
                      for b in find_blocks(text, event.file, event.line)]
            blocks += find_blocks(render.source_citation(event.sources), event.file, event.line)
            self._record(Citer(page=TIMELINE_PAGE, anchor=event.id, label=f"Timeline: {event.display_date}, {event.title}"), blocks)
        for person in self.people.values():
            blocks = find_blocks(render.source_citation(person.sources), "docs/data/people.yaml", person.line)
            if person.note:
                blocks += find_blocks(person.note, "docs/data/people.yaml", person.line)
                for block in blocks:
                    for cite in block.cites:
                        if not any(s.key == cite.key and s.locator == cite.locator for s in person.sources):
                            raise ContentError("docs/data/people.yaml", person.line,
                                               f"person {person.id}: note: citation '{cite_label(cite.key, cite.locator)}' is not among the person's sources",
                                               "list it under sources with the same key and locator, and its evidence")
            check_keys(blocks, keys, "docs/data/people.yaml")
            self._record(Citer(page=PEOPLE_PAGE, anchor=person.id, label=f"People: {person.name}"), blocks)
        self._check_permanent_ids()

    def _page_evidence(self, page_path: str, cite: Cite, block: CiteBlock) -> Evidence:
        evidence = self.evidence[page_path]
        return evidence.lookup(cite, block.source, block.line)

    def _check_links_and_markers(self, page: Page) -> None:
        for number, line in enumerate(page.body.splitlines(), page.body_line):
            for match in EVENT_LINK.finditer(line):
                if match["id"] not in self.event_ids:
                    raise ContentError(page.shown, number, f"link to unknown timeline event '{match['id']}'",
                                       did_you_mean(match["id"], self.event_ids) + " (event ids are in docs/data/timeline/)")
                if page.path not in self.event_links[match["id"]]:
                    self.event_links[match["id"]].append(page.path)
            for match in MARKER.finditer(line):
                expected = GENERATED_SECTIONS.get(match["name"])
                if expected != page.path:
                    raise ContentError(page.shown, number, f"unknown or misplaced marker '{match.group(0)}'",
                                       f"known markers: {', '.join(sorted(GENERATED_SECTIONS))}, each on its own page")
            if line.lstrip().startswith("[^") or re.search(r"\[\^[^\]]+\]", line):
                raise ContentError(page.shown, number, "hand-written footnote", "notes are made from citations: put the remark in the text, or cite a source")

    def _check_permanent_ids(self) -> None:
        """A heading id must not take over the address of an event, a person or a bibliography entry."""
        taken = {TIMELINE_PAGE: {e.id: "timeline event" for e in self.events},
                 PEOPLE_PAGE: {p: "person" for p in self.people},
                 BIBLIOGRAPHY_PAGE: {**{k: "bibliography entry" for k in self.references.entries},
                                     **{s.id: "bibliography section" for s in self.references.sections}}}
        for page in self.pages.values():
            reserved = taken.get(page.path, {})
            seen: dict[str, int] = {}
            for number, line in enumerate(page.body.splitlines(), page.body_line):
                match = HEADING_ID.match(line)
                if not match:
                    continue
                anchor = match["id"]
                if anchor in reserved:
                    raise ContentError(page.shown, number, f"heading id '{anchor}' is the permanent address of a {reserved[anchor]}",
                                       "give the heading another id")
                if anchor in seen:
                    raise ContentError(page.shown, number, f"heading id '{anchor}' is used twice (also line {seen[anchor]})",
                                       "give each heading its own id")
                seen[anchor] = number

    def _record(self, citer: Citer, blocks: list[CiteBlock]) -> None:
        self.blocks[f"{citer.page}#{citer.anchor}"] = blocks
        for block in blocks:
            for cite in block.cites:
                if not any(c.page == citer.page and c.anchor == citer.anchor for c in self.cited_on[cite.key]):
                    self.cited_on[cite.key].append(citer)

    def cited_keys(self, page_path: str) -> list[str]:
        """Keys cited on a page (its prose and the events or people generated on it), in order."""
        keys: dict[str, None] = {}
        for label, blocks in self.blocks.items():
            if label.split("#")[0] == page_path:
                for block in blocks:
                    keys.update((c.key, None) for c in block.cites)
        return list(keys)

    def all_blocks(self) -> list[CiteBlock]:
        return [b for blocks in self.blocks.values() for b in blocks]

    # ---- page expansion ------------------------------------------------------------------------
    def expand(self, page_path: str, markdown: str) -> tuple[str, PageCitations]:
        """The page's Markdown with every citation replaced by a token, generated sections filled in
        and event links resolved. The notes are made from the rendered HTML (notes_layer)."""
        citations = PageCitations(page_path)
        page = self.pages.get(page_path)
        shown = page.shown if page else page_path
        # MkDocs hands over the body without the blank lines that follow the front matter.
        first_line = page.body_line + len(page.body) - len(page.body.lstrip("\n")) if page else 1
        lines = markdown.split("\n")
        for index, line in enumerate(lines):
            if "@" not in line:
                continue

            def token(match: re.Match, number=first_line + index) -> str:
                if match.group(1).startswith("^"):
                    return match.group(0)
                (block,) = find_blocks(match.group(0), shown, number)
                return citations.add(block, [self._page_evidence(page_path, cite, block) for cite in block.cites])

            lines[index] = BLOCK.sub(token, line)
        markdown = "\n".join(lines)

        def section(match: re.Match) -> str:
            name = match["name"]
            if name == "editions":
                return changes_markdown(self.editions, self.site_url)
            if name == "timeline":
                return render.timeline_markdown(self, citations)
            if name == "timeline-filters":
                return render.timeline_filters(self)
            if name == "people":
                return render.people_markdown(self, citations)
            if name == "bibliography":
                return render.bibliography_html(self)
            if name == "primary-sources":
                return render.register_markdown(self)
            if name == "timeline-figure":
                return figures.timeline_figure(self, page_path)
            if name == "timeline-figure-1943":
                return figures.timeline_figure_1943(self, page_path)
            if name == "correspondence":
                return figures.correspondence(self, page_path)
            return match.group(0)

        markdown = MARKER.sub(section, markdown)
        markdown = EVENT_LINK.sub(lambda m: self.event_link(page_path, m["id"], m["label"]), markdown)
        return markdown, citations

    def event_link(self, from_page: str, event_id: str, label: str = "") -> str:
        event = self.event_ids[event_id]
        from .escape import markdown_text

        label = label or markdown_text(f"{event.display_date}: {event.title}")
        return f"[{label}]({relative(from_page, TIMELINE_PAGE)}#{event_id})"


def relative(from_page: str, to_page: str) -> str:
    """A relative link between two docs pages (paths relative to docs/)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_page(path: Path, rel: str, shown: str) -> Page:
    """A page's front matter (strict YAML between --- lines) and body, or one clear error."""
    text = read_text(path, shown)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(shown, 1, "the page does not start with front matter", "begin the file with a line '---', then 'title: ...' and 'description: ...', then '---'")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    except StopIteration:
        raise ContentError(shown, 1, "the front matter has no closing '---' line", "add a line '---' after the last 'name: value' line") from None
    meta = load_mapping("\n".join(lines[1:end]), shown, first_line=2)
    for required in ("title", "description"):
        value = meta.get(required)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(shown, 1, f"front matter lacks '{required}' (text)", f"add '{required}: ...' between the --- lines at the top of the page")
    for name in ("published", "modified"):
        if name in meta:
            from .dates import DateError, parse_iso

            try:
                if parse_iso(str(meta[name])).precision != "day":
                    raise DateError(f"'{meta[name]}' is not a full date")
            except DateError as err:
                raise ContentError(shown, next((i for i, line in enumerate(lines[1:end], 2) if line.startswith(name)), 1),
                                   f"front matter {name}: {err}", "write a full ISO date: 2026-11-27") from None
    return Page(path=rel, meta=meta, body="\n".join(lines[end + 1:]), body_line=end + 2, shown=shown)
