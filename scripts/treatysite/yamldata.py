"""Load a YAML list of records keeping the line of every record and field."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError

# libyaml's parser when PyYAML has it (ten times faster), with the same line marks.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Record:
    data: dict
    line: int
    field_lines: dict[str, int]

    def line_of(self, field: str | None) -> int:
        return self.field_lines.get(field, self.line) if field else self.line


def load_records(path: Path, shown: str) -> list[Record]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(shown, None, "file not found", "create it (see README)") from None
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise ContentError(shown, mark.line + 1 if mark else None, f"YAML error: {getattr(err, 'problem', err)}",
                           "fix the YAML syntax (indentation, quotes, colons)") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ContentError(shown, root.start_mark.line + 1, "the file must be a YAML list of records",
                           "start each record with '- id: ...'")
    records = []
    for node in root.value:
        data = _construct(node)
        field_lines = {}
        if isinstance(node, yaml.MappingNode):
            field_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
        records.append(Record(data=data, line=node.start_mark.line + 1, field_lines=field_lines))
    return records


def _construct(node):
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()
