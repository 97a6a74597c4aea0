"""The people registry (docs/data/people.yaml), shared by the timeline, the People page and search."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .citations import LOCATOR, Cite
from .dates import DateError, parse_iso
from .errors import ContentError, did_you_mean
from .evidence import Excerpts, cite_label, read_evidence
from .notes import Evidence
from .yamldata import Record, load_records, validated_records

GOVERNMENTS = ["British", "US", "Soviet", "Czechoslovak", "Polish", "other"]
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
TEXT = {"type": "string", "minLength": 1}
SOURCE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key"],
    "properties": {
        "key": TEXT,
        "locator": TEXT,
        "quote": {"anyOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}]},
        "inferred": TEXT,
    },
}
PERSON_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "government", "sources"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "name": TEXT,
        "government": {"enum": GOVERNMENTS},
        "offices": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title"],
                "properties": {"title": TEXT, "from": TEXT, "to": TEXT},
            },
        },
        "aliases": {"type": "array", "items": TEXT},
        "note": TEXT,
        "sources": {"type": "array", "minItems": 1, "items": SOURCE_SCHEMA},
    },
}


@dataclass
class Source:
    """A source of an event or a person: a work, where in it, and the passage the claim rests on."""
    key: str
    locator: str
    evidence: Evidence

    @property
    def cite(self) -> Cite:
        return Cite(key=self.key, locator=self.locator)

    def as_record(self) -> dict:
        data = {"key": self.key, "locator": self.locator or None}
        if self.evidence.quote:
            data["quote"] = list(self.evidence.quote)
        if self.evidence.inferred:
            data["inferred"] = self.evidence.inferred
        return data


@dataclass
class Person:
    id: str
    name: str
    government: str
    offices: list[dict]
    sources: list[Source]
    note: str
    line: int
    aliases: list[str] = field(default_factory=list)

    def office_text(self, office: dict) -> str:
        """'Ambassador in the United Kingdom (from March 1941 to March 1946)'."""
        start, end = office.get("from"), office.get("to")
        if start and end:
            span = f"{parse_iso(start).long()} – {parse_iso(end).long()}"
        elif start:
            span = f"from {parse_iso(start).long()}"
        elif end:
            span = f"until {parse_iso(end).long()}"
        else:
            return office["title"]
        return f"{office['title']} ({span})"


def read_sources(record: Record, shown: str, label: str, references, excerpts: Excerpts) -> list[Source]:
    sources, seen = [], set()
    line = record.line_of("sources")
    for data in record.data["sources"]:
        key, locator = data["key"], " ".join(str(data.get("locator", "")).split())
        if key not in references:
            raise ContentError(shown, line, f"{label}: sources: unknown reference key '{key}'", did_you_mean(key, references))
        if locator and not LOCATOR.match(locator):
            raise ContentError(shown, line, f"{label}: sources: bad locator '{locator}'",
                               "write e.g. 'p. 12', 'pp. 10–12', 'col. 1347', 'n. 5', 'enclosure 1'")
        if (key, locator) in seen:
            raise ContentError(shown, line, f"{label}: sources: '{cite_label(key, locator)}' is listed twice", "merge the two")
        seen.add((key, locator))
        evidence = read_evidence(data, shown, line, f"{label}: source '{cite_label(key, locator)}'", key, excerpts)
        sources.append(Source(key=key, locator=locator, evidence=evidence))
    return sources


def load_people(path: Path, shown: str, references, excerpts: Excerpts) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for record, label in validated_records(load_records(path, shown), shown, PERSON_SCHEMA, "person", "id", "- id: ..."):
        data = record.data
        if data["id"] in people:
            raise ContentError(shown, record.line, f"{label}: id: duplicate id (first at line {people[data['id']].line})",
                               "give each person a unique id")
        for office in data.get("offices", []):
            for name in ("from", "to"):
                if name in office:
                    try:
                        parse_iso(office[name])
                    except DateError as err:
                        raise ContentError(shown, record.line_of("offices"), f"{label}: offices: {name}: {err}",
                                           "write an ISO date: 1941, 1941-03 or 1941-03-01") from None
        people[data["id"]] = Person(
            id=data["id"], name=data["name"], government=data["government"], offices=data.get("offices", []),
            sources=read_sources(record, shown, label, references, excerpts), note=data.get("note", ""),
            line=record.line, aliases=data.get("aliases", []))
    if not people:
        raise ContentError(shown, None, "the people registry holds no one", "restore docs/data/people.yaml from git")
    return people


def check_actor(actor: str, people: dict[str, Person], shown: str, line: int, label: str) -> None:
    if actor not in people:
        raise ContentError(shown, line, f"{label}: actors: unknown person '{actor}'",
                           did_you_mean(actor, people) + " (people are in docs/data/people.yaml)")
