"""The reference set: every .bib file in bibliography/, parsed, validated and grouped.

Validation happens on load, so the build and the tests see the same errors:
each one is a ContentError 'file:line: what is wrong: how to fix'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

import yaml
from pybtex.database import parse_string
from pybtex.exceptions import PybtexError

from .errors import ContentError

# mkdocs-bibtex reads keys with [\w-]+; anything else is cut short silently.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
ENTRY_START = re.compile(r"^\s*@(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]*)\s*,?")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
YEAR = re.compile(r"^\d{4}$")

# Fields each entry type must have (one of the names in a tuple is enough).
REQUIRED_FIELDS: dict[str, list[tuple[str, ...]]] = {
    "article": [("author",), ("title",), ("journal", "journaltitle"), ("year", "date")],
    "book": [("author", "editor"), ("title",), ("publisher",), ("year", "date")],
    "incollection": [("author",), ("title",), ("booktitle",), ("year", "date")],
    "inbook": [("author",), ("title",), ("booktitle",), ("year", "date")],
    "misc": [("title",)],
    "online": [("title",), ("url",)],
}

PRIMARY_GROUP_FILES = {"frus.bib", "hansard.bib", "treaties.bib", "press.bib"}


@dataclass
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, list[str]]
    file: str
    line: int
    group: str
    provenance: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return strip_braces(self.fields.get("title", ""))

    @property
    def url(self) -> str:
        return self.fields.get("url", "")

    @property
    def year(self) -> str:
        return self.fields.get("year") or self.fields.get("date", "")[:4]

    @property
    def is_frus_document(self) -> bool:
        return "frusdocument" in self.fields

    @property
    def is_primary(self) -> bool:
        return Path(self.file).name in PRIMARY_GROUP_FILES

    def sort_key(self) -> tuple:
        first_name = (self.persons.get("author") or self.persons.get("editor") or [self.title])[0]
        return (strip_braces(first_name).lower(), self.fields.get("date") or self.year, self.title.lower())


@dataclass
class Group:
    file: str
    heading: str
    entries: list[Entry]

    @property
    def anchor(self) -> str:
        return "group-" + Path(self.file).stem


@dataclass
class ReferenceSet:
    groups: list[Group]
    files: list[Path]

    @cached_property
    def entries(self) -> dict[str, Entry]:
        return {e.key: e for g in self.groups for e in g.entries}

    def raw_bibtex(self) -> str:
        """All .bib files concatenated, provenance comments included (the .bib download)."""
        return "\n\n".join(path.read_text(encoding="utf-8").rstrip() for path in self.files) + "\n"


def strip_braces(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def _display(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def load_groups(bib_dir: Path, root: Path | None = None) -> list[tuple[Path, str]]:
    groups_file = bib_dir / "groups.yaml"
    shown = _display(groups_file, root)
    if not groups_file.exists():
        raise ContentError(shown, None, "missing", "list each .bib file with its heading (see README, 'Add a reference')")
    try:
        records = yaml.safe_load(groups_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        line = err.problem_mark.line + 1 if getattr(err, "problem_mark", None) else None
        raise ContentError(shown, line, f"YAML error: {getattr(err, 'problem', err)}", "fix the YAML syntax") from None
    result = []
    for index, record in enumerate(records or [], 1):
        if not isinstance(record, dict) or set(record) != {"file", "heading"}:
            raise ContentError(shown, None, f"item {index} must have exactly 'file' and 'heading'", "see the other items")
        path = bib_dir / record["file"]
        if not path.exists():
            raise ContentError(shown, None, f"lists {record['file']}, which does not exist", "create it or remove the item")
        result.append((path, str(record["heading"])))
    listed = {p.name for p, _ in result}
    for path in sorted(bib_dir.glob("*.bib")):
        if path.name not in listed:
            raise ContentError(_display(path, root), None, "not listed in bibliography/groups.yaml",
                               "add it with a heading, or its entries would never appear on the bibliography page")
    return result


def _scan_entries(text: str, shown: str) -> list[tuple[int, str, str]]:
    """(line, type, key) of every entry start, found line by line so errors can name the line."""
    starts = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("%"):
            if "@" in line:
                raise ContentError(shown, number, "'@' inside a comment is read as the start of an entry",
                                   "write 'at' instead")
            continue
        match = ENTRY_START.match(line)
        if match:
            starts.append((number, match["type"].lower(), match["key"]))
    return starts


def _provenance(text: str, starts: list[tuple[int, str, str]]) -> dict[str, list[str]]:
    """The '% verified:' lines that follow each entry (up to the next entry)."""
    lines = text.splitlines()
    result: dict[str, list[str]] = {}
    bounds = [s[0] for s in starts] + [len(lines) + 1]
    for (start, _type, key), end in zip(starts, bounds[1:]):
        notes = []
        for line in lines[start - 1:end - 1]:
            stripped = line.strip()
            if stripped.startswith("% verified:"):
                notes.append(stripped[len("% verified:"):].strip())
        result[key] = notes
    return result


def _check_entry(entry: Entry, shown: str) -> None:
    where = (shown, entry.line)
    for alternatives in REQUIRED_FIELDS.get(entry.type, [("title",)]):
        present = any(name in entry.fields or name in entry.persons for name in alternatives)
        if not present:
            raise ContentError(*where, f"entry {entry.key} (@{entry.type}) lacks {' or '.join(alternatives)}",
                               "add the field if a source shows it, otherwise type the entry @misc and say so in its % verified: line")
    if "year" in entry.fields and not YEAR.match(entry.fields["year"]):
        raise ContentError(*where, f"entry {entry.key}: year '{entry.fields['year']}' is not a four-digit year",
                           "write e.g. year = {1943}, or leave the year out if no source shows it")
    if "date" in entry.fields and not ISO_DATE.match(entry.fields["date"]):
        raise ContentError(*where, f"entry {entry.key}: date '{entry.fields['date']}' is not ISO",
                           "write YYYY, YYYY-MM or YYYY-MM-DD")
    for name in ("url",):
        if name in entry.fields:
            parsed = urlparse(entry.fields[name])
            if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in entry.fields[name] \
                    or "\\" in entry.fields[name]:
                raise ContentError(*where, f"entry {entry.key}: malformed {name} '{entry.fields[name]}'",
                                   "give a full http(s) address without spaces or backslashes (write % as it is, not \\%)")
    if not entry.provenance:
        raise ContentError(*where, f"entry {entry.key} has no '% verified:' line",
                           "add one after the entry naming the page read and the fields it confirms")


def load_reference_set(bib_dir: Path, root: Path | None = None) -> ReferenceSet:
    """Parse and validate every .bib file listed in bibliography/groups.yaml."""
    bib_dir = Path(bib_dir)
    seen: dict[str, tuple[str, int]] = {}
    groups = []
    for path, heading in load_groups(bib_dir, root):
        shown = _display(path, root)
        text = path.read_text(encoding="utf-8")
        starts = _scan_entries(text, shown)
        for number, _type, key in starts:
            if not KEY_PATTERN.match(key):
                raise ContentError(shown, number, f"key '{key}' has characters mkdocs-bibtex would cut off",
                                   "use only letters, digits, '_' and '-'")
            if key.lower() in seen:
                other_file, other_line = seen[key.lower()]
                raise ContentError(shown, number, f"duplicate key '{key}' (also {other_file}:{other_line}; keys are compared case-insensitively)",
                                   "rename one of the two entries or merge them")
            seen[key.lower()] = (shown, number)
        try:
            data = parse_string(text, "bibtex")
        except PybtexError as err:
            line = getattr(err, "lineno", None)
            detail = re.sub(r"^syntax error in line \d+: ", "", str(err))
            before = [s for s in starts if line and s[0] <= line]
            entry = f" in entry '{before[-1][2]}' (starts at line {before[-1][0]})" if before else ""
            raise ContentError(shown, line, f"BibTeX syntax error{entry}: {detail}",
                               "check that entry for a missing brace, comma or quote") from None
        lines = {key: number for number, _type, key in starts}
        provenance = _provenance(text, starts)
        entries = []
        for key, raw in data.entries.items():
            entry = Entry(
                key=key,
                type=raw.type.lower(),
                fields={name: str(value) for name, value in raw.fields.items()},
                persons={role: [str(p) for p in people] for role, people in raw.persons.items()},
                file=shown,
                line=lines.get(key, 0),
                group=heading,
                provenance=provenance.get(key, []),
            )
            _check_entry(entry, shown)
            entries.append(entry)
        groups.append(Group(file=path.name, heading=heading, entries=sorted(entries, key=Entry.sort_key)))
    return ReferenceSet(groups=groups, files=[bib_dir / g.file for g in groups])
