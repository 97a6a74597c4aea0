"""The timeline model: events loaded from docs/data/timeline/*.yaml and validated.

Every event id is a permanent public anchor (timeline.html#<id>).
Errors read 'file:line: event <id>: field: what is wrong: how to fix'.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .citations import find_blocks
from .dates import DateError, parse_iso
from .errors import ContentError, did_you_mean
from .evidence import Excerpts, cite_label
from .people import SLUG, SOURCE_SCHEMA, TEXT, Person, Source, check_actor, read_sources
from .yamldata import load_records, validated_records

POSITIONS = ["British", "US", "Soviet", "Czechoslovak", "Polish"]
PERIOD_START = dt.date(1935, 1, 1)
PERIOD_END = dt.date(1948, 12, 31)
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Phase id, heading and anchor of each group on the timeline page, in reading order.
PHASES = [
    ("background", "Background to 1942"),
    ("early-1943", "January–April 1943"),
    ("washington", "The Washington visit and the postponement"),
    ("memoranda-moscow", "The memoranda and the Moscow Conference"),
    ("signing", "The journey and the signing"),
    ("aftermath", "Aftermath"),
]
EVENT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "date", "precision", "phase", "title", "summary", "sources"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "date": {"type": "string", "pattern": DATE_PATTERN},
        "precision": {"enum": ["day", "month", "year"]},
        "end_date": {"type": "string", "pattern": DATE_PATTERN},
        "approximate": {"type": "boolean"},
        "date_note": TEXT,
        "phase": {"enum": [p for p, _ in PHASES]},
        "title": TEXT,
        "summary": TEXT,
        "actors": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "positions": {"type": "array", "items": {"enum": POSITIONS}, "uniqueItems": True},
        "place": TEXT,
        "sources": {"type": "array", "minItems": 1, "items": SOURCE_SCHEMA},
        "related": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    },
}


@dataclass
class Event:
    id: str
    date: str
    precision: str
    phase: str
    title: str
    summary: str
    sources: list[Source]
    line: int
    file: str = ""
    end_date: str = ""
    approximate: bool = False
    date_note: str = ""
    actors: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    place: str = ""
    related: list[str] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return parse_iso(self.date).start()

    @property
    def display_date(self) -> str:
        text = parse_iso(self.date).long()
        if self.end_date:
            text += f" – {parse_iso(self.end_date).long()}"
        return ("c. " + text) if self.approximate else text

    def source(self, key: str, locator: str) -> Source | None:
        return next((s for s in self.sources if s.key == key and s.locator == locator), None)


def _check_date(value: str, shown: str, line: int, label: str, name: str) -> dt.date:
    try:
        date = parse_iso(value).start()
    except DateError as err:
        raise ContentError(shown, line, f"{label}: {name}: {err}", "check the day and month (YYYY-MM-DD)") from None
    if not PERIOD_START <= date <= PERIOD_END:
        raise ContentError(shown, line, f"{label}: {name}: {value} is outside the period 1935–1948",
                           "check the year; the timeline covers 1935 to 1948")
    return date


def timeline_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def load_timeline(folder: Path, shown_folder: str, references, people: dict[str, Person], excerpts: Excerpts) -> list[Event]:
    events: list[Event] = []
    first_seen: dict[str, str] = {}
    files = timeline_files(folder)
    if not files:
        raise ContentError(shown_folder, None, "holds no timeline files", "restore docs/data/timeline/ from git")
    for path in files:
        shown = f"{shown_folder}/{path.name}"
        records = load_records(path, shown)
        if not records:
            raise ContentError(shown, None, "holds no events", "restore it from git, or delete the file if the phase is meant to be empty")
        for record, label in validated_records(records, shown, EVENT_SCHEMA, "event", "id", "- id: ..."):
            data = record.data
            if data["id"] in first_seen:
                raise ContentError(shown, record.line, f"{label}: id: duplicate id (first at {first_seen[data['id']]})",
                                   "event ids are permanent: give the new event its own id")
            first_seen[data["id"]] = f"{shown}:{record.line}"
            start = _check_date(data["date"], shown, record.line_of("date"), label, "date")
            expected = {1: "year", 2: "month", 3: "day"}[len(data["date"].split("-"))]
            if data["precision"] != expected:
                raise ContentError(shown, record.line_of("precision"), f"{label}: precision: '{data['precision']}' does not match date {data['date']}",
                                   f"use precision: {expected}, or write the date to that precision")
            if "end_date" in data:
                end = _check_date(data["end_date"], shown, record.line_of("end_date"), label, "end_date")
                if end < start:
                    raise ContentError(shown, record.line_of("end_date"), f"{label}: end_date: {data['end_date']} is before date {data['date']}",
                                       "swap them or fix the end date")
            if data.get("approximate") and not data.get("date_note"):
                raise ContentError(shown, record.line, f"{label}: date_note: missing for an approximate date",
                                   "say how the date was inferred and from what")
            for actor in data.get("actors", []):
                check_actor(actor, people, shown, record.line_of("actors"), label)
            sources = read_sources(record, shown, label, references, excerpts)
            event = Event(
                id=data["id"], date=data["date"], precision=data["precision"], phase=data["phase"],
                title=" ".join(data["title"].split()), summary=data["summary"].strip(), sources=sources, line=record.line,
                file=shown, end_date=data.get("end_date", ""), approximate=data.get("approximate", False),
                date_note=data.get("date_note", "").strip(), actors=data.get("actors", []),
                positions=data.get("positions", []), place=data.get("place", ""), related=data.get("related", []))
            for name in ("summary", "date_note"):
                for block in find_blocks(getattr(event, name), shown, record.line_of(name)):
                    for cite in block.cites:
                        if not event.source(cite.key, cite.locator):
                            raise ContentError(shown, block.line, f"{label}: {name}: citation '{cite_label(cite.key, cite.locator)}' is not among the event's sources",
                                               "list it under sources with the same key and locator, and its evidence")
            if events and start < events[-1].start:
                raise ContentError(shown, record.line_of("date"), f"{label}: date: {data['date']} comes before the previous event ({events[-1].id}, {events[-1].date})",
                                   "keep the events in chronological order: move it up")
            events.append(event)
    known = {e.id for e in events}
    for event in events:
        for other in event.related:
            if other not in known:
                raise ContentError(event.file, event.line, f"event {event.id}: related: unknown event '{other}'",
                                   did_you_mean(other, known))
    return events


def source_citation(sources: list[Source]) -> str:
    """The sources of an event or person as one citation block."""
    return "[" + "; ".join(f"@{s.key}, {s.locator}" if s.locator else f"@{s.key}" for s in sources) + "]"
