"""The timeline model: events loaded from docs/data/timeline.yaml and validated.

Every event id is a permanent public anchor (timeline.html#<id>).
Errors read 'file:line: event <id>: field: what is wrong: how to fix'.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator

from .citations import LOCATOR
from .errors import ContentError, did_you_mean
from .people import SLUG, SOURCE_SCHEMA, Person, check_actor, schema_error
from .yamldata import load_records

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
        "date_note": {"type": "string", "minLength": 1},
        "phase": {"enum": [p for p, _ in PHASES]},
        "title": {"type": "string", "minLength": 1},
        "summary": {"type": "string", "minLength": 1},
        "actors": {"type": "array", "items": {"type": "string"}},
        "positions": {"type": "array", "items": {"enum": POSITIONS}, "uniqueItems": True},
        "place": {"type": "string"},
        "sources": {"type": "array", "minItems": 1, "items": SOURCE_SCHEMA},
        "related": {"type": "array", "items": {"type": "string"}},
    },
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@dataclass
class Event:
    id: str
    date: str
    precision: str
    phase: str
    title: str
    summary: str
    sources: list[dict]
    line: int
    end_date: str = ""
    approximate: bool = False
    date_note: str = ""
    actors: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    place: str = ""
    related: list[str] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return parse_date(self.date)

    @property
    def display_date(self) -> str:
        text = format_date(self.date)
        if self.end_date:
            text += f" – {format_date(self.end_date)}"
        return ("c. " + text) if self.approximate else text

    def as_record(self) -> dict:
        """The event as plain data, in a stable field order (for JSON and CSV)."""
        return {
            "id": self.id, "date": self.date, "precision": self.precision, "end_date": self.end_date or None,
            "approximate": self.approximate, "date_note": self.date_note or None, "phase": self.phase,
            "title": self.title, "summary": self.summary, "actors": self.actors, "positions": self.positions,
            "place": self.place or None, "sources": self.sources, "related": self.related,
        }


def parse_date(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def format_date(text: str) -> str:
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _normalise_dates(data: dict) -> None:
    """Accept unquoted YAML dates (PyYAML reads them as date objects)."""
    for name in ("date", "end_date"):
        if isinstance(data.get(name), dt.date):
            data[name] = data[name].isoformat()


def _check_date(value: str, shown: str, line: int, label: str, name: str) -> dt.date:
    try:
        date = parse_date(value)
    except ValueError:
        raise ContentError(shown, line, f"{label}: {name}: '{value}' is not a real date",
                           "check the day and month (YYYY-MM-DD)") from None
    if not PERIOD_START <= date <= PERIOD_END:
        raise ContentError(shown, line, f"{label}: {name}: {value} is outside the period 1935–1948",
                           "check the year; the timeline covers 1935 to 1948")
    return date


def load_timeline(path: Path, shown: str, known_keys, people: dict[str, Person]) -> list[Event]:
    validator = Draft202012Validator(EVENT_SCHEMA)
    events: list[Event] = []
    lines: dict[str, int] = {}
    for record in load_records(path, shown):
        if not isinstance(record.data, dict):
            raise ContentError(shown, record.line, "each event must be a mapping", "start it with '- id: ...'")
        _normalise_dates(record.data)
        label = f"event {record.data.get('id', '?')}"
        schema_error(validator, record, shown, label)
        data = record.data
        if data["id"] in lines:
            raise ContentError(shown, record.line, f"{label}: id: duplicate id (first at line {lines[data['id']]})",
                               "event ids are permanent: give the new event its own id")
        lines[data["id"]] = record.line
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
        for source in data["sources"]:
            if source["key"] not in known_keys:
                raise ContentError(shown, record.line_of("sources"), f"{label}: sources: unknown reference key '{source['key']}'",
                                   did_you_mean(source["key"], known_keys))
            if "locator" in source and not LOCATOR.match(source["locator"]):
                raise ContentError(shown, record.line_of("sources"), f"{label}: sources: bad locator '{source['locator']}'",
                                   "write e.g. 'p. 12', 'doc. 530', 'col. 1347', 'enclosure 1'")
        if events and start < events[-1].start:
            raise ContentError(shown, record.line_of("date"), f"{label}: date: {data['date']} comes before the previous event ({events[-1].id}, {events[-1].date})",
                               "keep the file in chronological order: move the event up")
        events.append(Event(
            id=data["id"], date=data["date"], precision=data["precision"], phase=data["phase"],
            title=data["title"], summary=data["summary"].strip(), sources=data["sources"], line=record.line,
            end_date=data.get("end_date", ""), approximate=data.get("approximate", False),
            date_note=data.get("date_note", ""), actors=data.get("actors", []),
            positions=data.get("positions", []), place=data.get("place", ""), related=data.get("related", []),
        ))
    for event in events:
        for other in event.related:
            if other not in lines:
                raise ContentError(shown, event.line, f"event {event.id}: related: unknown event '{other}'",
                                   did_you_mean(other, lines))
    return events


def source_citation(sources: list[dict]) -> str:
    """The sources of an event or person as one pandoc citation block."""
    parts = [f"@{s['key']}, {s['locator']}" if s.get("locator") else f"@{s['key']}" for s in sources]
    return "[" + "; ".join(parts) + "]"
