"""Read YAML faithfully: every value as written, the line of every record and field, or one clear error.

PyYAML on its own would silently keep the last of two equal keys, turn 1.10 into 1.1 and an
unquoted 1943-02-30 into a crash. This loader refuses duplicate keys, keeps scalars that look like
dates or numbers as the text that was written (the caller validates them), and refuses files that
are not UTF-8.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml
from jsonschema import Draft202012Validator

from .errors import ContentError

BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextLoader(BaseLoader):
    """Safe YAML in which timestamps and floats stay the strings that were written."""


# Keep timestamps and floats as text: '1943-12-12' and '1.10' mean what the editor typed.
TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float")]
    for first, resolvers in BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Record:
    data: dict
    line: int
    field_lines: dict[str, int]

    def line_of(self, field: str | None) -> int:
        return self.field_lines.get(field, self.line) if field else self.line


def read_text(path: Path, shown: str) -> str:
    """A data file's text: UTF-8 (a byte-order mark is dropped), or one clear error."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(shown, None, "file not found", "create it (see docs/data/README.md)") from None
    except OSError as err:
        raise ContentError(shown, None, f"cannot be read ({err.strerror})", "check the file's permissions") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise ContentError(shown, line, "not UTF-8 text", "save the file as UTF-8 in your editor") from None
    return text.removeprefix("\ufeff")


def compose(text: str, shown: str, first_line: int = 1):
    """The YAML node tree of a text, with duplicate keys refused (line numbers from first_line)."""
    try:
        root = yaml.compose(text, Loader=TextLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ContentError(shown, mark.line + first_line if mark else None, f"YAML error: {getattr(err, 'problem', err)}",
                           "fix the YAML syntax (indentation, quotes, colons)") from None
    if root is not None:
        _refuse_duplicate_keys(root, shown, first_line)
    return root


def _refuse_duplicate_keys(node, shown: str, first_line: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            line = key.start_mark.line + first_line
            if name in seen:
                raise ContentError(shown, line, f"'{name}' is given twice (first at line {seen[name]}); the second would silently replace the first",
                                   "merge the two into one")
            seen[name] = line
            _refuse_duplicate_keys(value, shown, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(item, shown, first_line)


def construct(node):
    loader = TextLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_mapping(text: str, shown: str, first_line: int = 1) -> dict:
    """A YAML mapping (front matter, settings) with its values as written."""
    root = compose(text, shown, first_line)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise ContentError(shown, root.start_mark.line + first_line, "expected 'name: value' lines", "write one 'name: value' per line")
    return construct(root)


def load_records(path: Path, shown: str) -> list[Record]:
    """A YAML list of mappings, each with the line of the record and of each of its fields."""
    root = compose(read_text(path, shown), shown)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ContentError(shown, root.start_mark.line + 1, "the file must be a YAML list of records",
                           "start each record with '- id: ...'")
    records = []
    for node in root.value:
        field_lines = {}
        if isinstance(node, yaml.MappingNode):
            field_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
        records.append(Record(data=construct(node), line=node.start_mark.line + 1, field_lines=field_lines))
    return records


def validated_records(records: list["Record"], shown: str, schema: dict, noun: str, id_field: str | None,
                      start_hint: str) -> Iterator[tuple["Record", str]]:
    """Each record checked to be a mapping that matches the schema, with its label ('event 1943-…', or
    the noun alone for records without an id)."""
    validator = Draft202012Validator(schema)
    for record in records:
        if not isinstance(record.data, dict):
            raise ContentError(shown, record.line, f"each {noun} must be a mapping", f"start it with '{start_hint}'")
        label = f"{noun} {record.data.get(id_field, '?')}" if id_field else noun
        schema_error(validator, record, shown, label)
        yield record, label


def schema_error(validator: Draft202012Validator, record: Record, shown: str, label: str) -> None:
    """Raise the first JSON-schema error of a record as a ContentError with its line."""
    errors = sorted(validator.iter_errors(record.data), key=lambda e: list(e.path))
    if not errors:
        return
    error = errors[0]
    field_name = str(error.path[0]) if error.path else None
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        where = ".".join(str(p) for p in error.path)
        name = f"{where}.{extra[0]}" if where else extra[0]
        raise ContentError(shown, record.line_of(field_name or extra[0]), f"{label}: {name}: unknown field",
                           f"allowed fields are {', '.join(error.schema['properties'])}")
    if error.validator == "required":
        missing = error.message.split("'")[1]
        where = ".".join(str(p) for p in error.path)
        raise ContentError(shown, record.line_of(field_name), f"{label}: {where + '.' if where else ''}{missing}: missing",
                           f"add '{missing}:' to the record")
    where = ".".join(str(p) for p in error.path) or "record"
    value = error.instance
    shown_value = f" ({value!r})" if isinstance(value, (str, int, float, bool)) or value is None else ""
    raise ContentError(shown, record.line_of(field_name), f"{label}: {where}{shown_value}: {error.message}",
                       "see the field list in docs/data/README.md")
