"""The people registry (docs/data/people.yaml), shared by the timeline and the People page."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from .errors import ContentError, did_you_mean
from .yamldata import load_records

GOVERNMENTS = ["British", "US", "Soviet", "Czechoslovak", "Polish", "other"]
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
SOURCE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key"],
    "properties": {"key": {"type": "string"}, "locator": {"type": "string", "minLength": 1}},
}
PERSON_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "government", "sources"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "name": {"type": "string", "minLength": 1},
        "government": {"enum": GOVERNMENTS},
        "offices": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title"],
                "properties": {"title": {"type": "string"}, "period": {"type": "string"}},
            },
        },
        "note": {"type": "string"},
        "sources": {"type": "array", "minItems": 1, "items": SOURCE_SCHEMA},
    },
}


@dataclass
class Person:
    id: str
    name: str
    government: str
    offices: list[dict]
    sources: list[dict]
    note: str
    line: int


def schema_error(validator: Draft202012Validator, record, shown: str, label: str) -> None:
    """Raise the first JSON-schema error of a record as a ContentError with its line."""
    errors = sorted(validator.iter_errors(record.data), key=lambda e: list(e.path))
    if not errors:
        return
    error = errors[0]
    field = str(error.path[0]) if error.path else None
    if error.validator == "additionalProperties":
        extra = sorted(set(record.data) - set(error.schema.get("properties", {})))
        field = extra[0] if extra and not error.path else field
        raise ContentError(shown, record.line_of(field), f"{label}: {field or extra[0]}: unknown field",
                           f"allowed fields are {', '.join(error.schema['properties'])}")
    if error.validator == "required":
        missing = error.message.split("'")[1]
        raise ContentError(shown, record.line, f"{label}: {missing}: missing", f"add '{missing}:' to the record")
    where = ".".join(str(p) for p in error.path) or "record"
    raise ContentError(shown, record.line_of(field), f"{label}: {where}: {error.message}",
                       "see the field list at the top of the file")


def load_people(path: Path, shown: str, known_keys) -> dict[str, Person]:
    validator = Draft202012Validator(PERSON_SCHEMA)
    people: dict[str, Person] = {}
    for record in load_records(path, shown):
        if not isinstance(record.data, dict):
            raise ContentError(shown, record.line, "each person must be a mapping", "start it with '- id: ...'")
        label = f"person {record.data.get('id', '?')}"
        schema_error(validator, record, shown, label)
        data = record.data
        if data["id"] in people:
            raise ContentError(shown, record.line, f"{label}: id: duplicate id", "give each person a unique id")
        for source in data["sources"]:
            if source["key"] not in known_keys:
                raise ContentError(shown, record.line_of("sources"), f"{label}: sources: unknown reference key '{source['key']}'",
                                   did_you_mean(source["key"], known_keys))
        people[data["id"]] = Person(id=data["id"], name=data["name"], government=data["government"],
                                    offices=data.get("offices", []), sources=data["sources"],
                                    note=data.get("note", ""), line=record.line)
    return people


def check_actor(actor: str, people: dict[str, Person], shown: str, line: int, label: str) -> None:
    if actor not in people:
        raise ContentError(shown, line, f"{label}: actors: unknown person '{actor}'",
                           did_you_mean(actor, people) + " (people are in docs/data/people.yaml)")
