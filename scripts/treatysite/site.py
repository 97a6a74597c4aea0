"""The site as data: pages, references, people and timeline, and who cites or links what.

`Site.load()` reads and validates everything once; the MkDocs hooks and the tests
both start from it. Nothing here imports MkDocs.
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import render
from .citations import CiteBlock, check_keys, find_bare_mentions, find_blocks
from .errors import ContentError, did_you_mean
from .people import Person, load_people
from .references import ReferenceSet, load_reference_set
from .timeline import Event, load_timeline

EVENT_LINK = re.compile(r"\[(?P<label>[^\]]*)\]\(event:(?P<id>[^)\s]*)\)")
MARKER = re.compile(r"<!--\s*generated:\s*(?P<name>[a-z-]+)\s*-->")
TIMELINE_PAGE = "timeline.md"
BIBLIOGRAPHY_PAGE = "sources/bibliography.md"
REGISTER_PAGE = "sources/primary-sources.md"
PEOPLE_PAGE = "context/people.md"
GENERATED_SECTIONS = {"timeline": TIMELINE_PAGE, "bibliography": BIBLIOGRAPHY_PAGE,
                      "primary-sources": REGISTER_PAGE, "people": PEOPLE_PAGE, "timeline-filters": TIMELINE_PAGE}


@dataclass
class Page:
    path: str            # relative to docs/, with '/' separators
    meta: dict
    body: str            # Markdown after the front matter
    body_line: int       # file line of the body's first line

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
class Site:
    root: Path
    docs_dir: Path
    references: ReferenceSet
    people: dict[str, Person]
    events: list[Event]
    pages: dict[str, Page]
    blocks: dict[str, list[CiteBlock]] = field(default_factory=dict)   # citer label -> blocks
    cited_on: dict[str, list[Citer]] = field(default_factory=lambda: defaultdict(list))
    event_links: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    # ---- loading -----------------------------------------------------------------------------
    @classmethod
    def load(cls, root: Path, docs_dir: Path | None = None, bib_dir: Path | None = None) -> "Site":
        root = Path(root)
        docs_dir = Path(docs_dir or root / "docs")
        bib_dir = Path(bib_dir or root / "bibliography")
        references = load_reference_set(bib_dir, root)
        keys = references.entries.keys()
        data_dir = docs_dir / "data"
        people = load_people(data_dir / "people.yaml", _shown(data_dir / "people.yaml", root), keys)
        events = load_timeline(data_dir / "timeline.yaml", _shown(data_dir / "timeline.yaml", root), keys, people)
        pages = {}
        for path in sorted(docs_dir.rglob("*.md")):
            rel = path.relative_to(docs_dir).as_posix()
            pages[rel] = read_page(path, rel, _shown(path, root))
            for required in ("title", "description"):
                if not pages[rel].meta.get(required):
                    raise ContentError(_shown(path, root), 1, f"front matter lacks '{required}'",
                                       f"add '{required}: ...' between the --- lines at the top of the page")
        site = cls(root=root, docs_dir=docs_dir, references=references, people=people, events=events, pages=pages)
        site._index()
        return site

    @property
    def event_ids(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def _index(self) -> None:
        keys = self.references.entries.keys()
        for page in self.pages.values():
            shown = _shown(self.docs_dir / page.path, self.root)
            blocks = find_blocks(page.body, shown, page.body_line)
            check_keys(blocks, keys, shown, find_bare_mentions(page.body, page.body_line))
            self._record(Citer(page=page.path, label=page.title), blocks)
            for number, line in enumerate(page.body.splitlines(), page.body_line):
                for match in EVENT_LINK.finditer(line):
                    if match["id"] not in self.event_ids:
                        raise ContentError(shown, number, f"link to unknown timeline event '{match['id']}'",
                                           did_you_mean(match["id"], self.event_ids) + " (event ids are in docs/data/timeline.yaml)")
                    if page.path not in self.event_links[match["id"]]:
                        self.event_links[match["id"]].append(page.path)
                for match in MARKER.finditer(line):
                    expected = GENERATED_SECTIONS.get(match["name"])
                    if expected != page.path:
                        raise ContentError(shown, number, f"unknown or misplaced marker '{match.group(0)}'",
                                           f"known markers: {', '.join(sorted(GENERATED_SECTIONS))}, each on its own page")
        timeline_shown = _shown(self.docs_dir / "data" / "timeline.yaml", self.root)
        for event in self.events:
            blocks = find_blocks(render.event_citation_text(event), timeline_shown, event.line)
            check_keys(blocks, keys, timeline_shown)
            self._record(Citer(page=TIMELINE_PAGE, anchor=event.id, label=f"Timeline: {event.display_date}, {event.title}"), blocks)
        people_shown = _shown(self.docs_dir / "data" / "people.yaml", self.root)
        for person in self.people.values():
            blocks = find_blocks(render.person_citation_text(person), people_shown, person.line)
            self._record(Citer(page=PEOPLE_PAGE, anchor=person.id, label=f"People: {person.name}"), blocks)

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
    def expand(self, page_path: str, markdown: str, formatted: dict[str, str] | None = None) -> str:
        """The page's Markdown with generated sections filled in and event links resolved."""
        def section(match: re.Match) -> str:
            name = match["name"]
            if name == "timeline":
                return render.timeline_markdown(self)
            if name == "timeline-filters":
                return render.timeline_filters(self)
            if name == "people":
                return render.people_markdown(self)
            if name == "bibliography":
                return render.bibliography_markdown(self, formatted or {})
            if name == "primary-sources":
                return render.register_markdown(self)
            return match.group(0)

        markdown = MARKER.sub(section, markdown)
        return EVENT_LINK.sub(lambda m: self.event_link(page_path, m["id"], m["label"]), markdown)

    def event_link(self, from_page: str, event_id: str, label: str = "") -> str:
        event = self.event_ids[event_id]
        label = label or render.md_escape(f"{event.display_date}: {event.title}")
        return f"[{label}]({relative(from_page, TIMELINE_PAGE)}#{event_id})"


def relative(from_page: str, to_page: str) -> str:
    """A relative link between two docs pages (paths relative to docs/)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)


def read_page(path: Path, rel: str, shown: str) -> Page:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        return Page(path=rel, meta={}, body=text, body_line=1)
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ContentError(shown, mark.line + 2 if mark else 1, f"front matter YAML error: {getattr(err, 'problem', err)}",
                           "fix the YAML between the --- lines") from None
    if not isinstance(meta, dict):
        raise ContentError(shown, 1, "front matter must be a YAML mapping", "write 'title: ...' lines between the --- lines")
    return Page(path=rel, meta=meta, body=text[match.end():], body_line=match.group(0).count("\n") + 1)
