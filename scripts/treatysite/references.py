"""The reference set: every .bib file in bibliography/, parsed once, validated, grouped by kind.

The model of each kind of source is in bibliography/README.md. Validation happens on load, so the
build and the tests see the same errors: each one is a ContentError 'file:line: what: how to fix'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

from pybtex.database import Person, parse_string
from pybtex.exceptions import PybtexError

from . import datamodel
from .dates import DateError, DocumentDate, parse_iso
from .errors import ContentError, did_you_mean
from .yamldata import load_records, read_text

# mkdocs-bibtex and the URL anchors read keys with [\w-]+: anything else would be cut short.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
ENTRY_START = re.compile(r"^\s*@(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]*)\s*,?")
FIELD_START = re.compile(r"^\s*(?P<name>[A-Za-z]+)\s*=")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
FRUS_VOLUME_KEY = re.compile(r"^frus\d{4}[A-Za-z0-9]*$")
FRUS_DOCUMENT_KEY = re.compile(r"^(?P<volume>frus\d{4}[A-Za-z0-9]*)-d(?P<number>\d+)$")

ENTRY_TYPES = set(datamodel.BY_TYPE)
SUBTYPES = {
    "article": {"newspaper", "magazine", "parliamentary debate"},
    "inbook": {"telegram", "despatch", "letter", "note", "aide-mémoire", "memorandum", "memorandum of conversation",
               "message", "editorial note", "conference document", "minutes", "treaty"},
    "online": {"encyclopedia entry", "exhibition"},
    "report": {"bill"},
    "misc": {"broadcast", "treaty", "book", "article", "despatch", "memorandum", "letter", "report"},
}
CORRESPONDENCE = {"telegram", "despatch", "letter", "note", "aide-mémoire", "message"}
FRUS_VOLUME_FIELDS = ("maintitle", "booktitle", "volume", "publisher", "location", "date")
LANGUAGES = {"english": "en", "american": "en-US", "british": "en-GB", "czech": "cs", "slovak": "sk",
             "russian": "ru", "polish": "pl", "german": "de", "french": "fr", "spanish": "es", "ukrainian": "uk",
             "danish": "da", "chinese": "zh", "italian": "it", "croatian": "hr", "hungarian": "hu"}
# The few TeX escapes a field may use; anything else with a backslash is refused, not guessed.
TEX_ESCAPES = {r"\&": "&", r"\%": "%", r"\_": "_", r"\#": "#", r"\$": "$"}
TEX_ESCAPE = re.compile("|".join(re.escape(k) for k in TEX_ESCAPES))


@dataclass(frozen=True)
class Name:
    """A person or body as the exports need it."""
    family: str = ""
    given: str = ""
    literal: str = ""          # a body ('United States Department of State') or an unsplittable name

    @property
    def is_person(self) -> bool:
        return not self.literal

    def display(self) -> str:
        return self.literal or " ".join(p for p in (self.given, self.family) if p)

    def inverted(self) -> str:
        return self.literal or ", ".join(p for p in (self.family, self.given) if p)


@dataclass
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, list[Person]]
    file: str
    line: int
    provenance: list[str] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict)
    section: str = ""

    # ---- plain values --------------------------------------------------------------------------
    def text(self, name: str) -> str:
        """A field as plain text: braces removed, the allowed TeX escapes decoded, '--' as an en dash in ranges."""
        value = self.fields.get(name, "")
        value = TEX_ESCAPE.sub(lambda m: TEX_ESCAPES[m.group(0)], value).replace("{", "").replace("}", "")
        if name == "pages":
            value = value.replace("--", "–")
        return " ".join(value.split())

    @property
    def title(self) -> str:
        return self.text("title")

    @property
    def url(self) -> str:
        return self.fields.get("url", "")

    @property
    def subtype(self) -> str:
        return self.text("entrysubtype")

    @property
    def options(self) -> set[str]:
        return {o.strip() for o in self.fields.get("options", "").split(",") if o.strip()}

    @property
    def keywords(self) -> list[str]:
        return [k.strip() for k in self.text("keywords").split(",") if k.strip()]

    @property
    def is_further_reading(self) -> bool:
        return "further reading" in (k.lower() for k in self.keywords)

    def names(self, role: str) -> list[Name]:
        """The people or bodies of a role; 'and others' is not a name (see has_others)."""
        if role == "recipient":
            if self.fields.get("nameatype") != "recipient" or "namea" not in self.fields:
                return []
            people = [Person(part) for part in re.split(r"\s+and\s+", self.fields["namea"])]
        else:
            if role == "author" and "useauthor=false" in self.options:
                return []
            people = self.persons.get(role, [])
        return [_name(p) for p in people if not _is_others(p)]

    def has_others(self, role: str) -> bool:
        return any(_is_others(p) for p in self.persons.get(role, []))

    @property
    def language(self) -> str:
        """BCP 47 code of the text's language (from biblatex's langid)."""
        return LANGUAGES.get(self.text("langid").lower(), "")

    # ---- dates ----------------------------------------------------------------------------------
    @property
    def undated(self) -> bool:
        """No source shows a date: 'date = {../YYYY-MM-DD}' says only that the work existed when read."""
        return self.text("date").startswith("../")

    @property
    def year(self) -> str:
        return "" if self.undated else (self.text("year") or self.text("date")[:4])

    @property
    def publication_date(self) -> DocumentDate | None:
        """The date of publication (date or year), None for an undated work."""
        if self.undated or not (self.text("date") or self.text("year")):
            return None
        return DocumentDate.parse(self.text("date") or self.text("year"))

    @property
    def document_date(self) -> DocumentDate | None:
        """The date of a document (origdate), or None (an editorial note has none)."""
        if "origdate" not in self.fields:
            return None
        return DocumentDate.parse(self.text("origdate"), received=self.text("usera") == "received")

    @property
    def sort_date(self) -> str:
        date = self.document_date
        return date.sort_key() if date else (self.year and (self.text("date") or self.year)) or "9999"

    # ---- kinds ----------------------------------------------------------------------------------
    @property
    def frus_volume_key(self) -> str:
        match = FRUS_DOCUMENT_KEY.match(self.key)
        return match["volume"] if match and self.type == "inbook" else ""

    @property
    def is_frus_document(self) -> bool:
        return bool(self.frus_volume_key)

    @property
    def is_document(self) -> bool:
        """A dated primary document printed in a collection (FRUS and the like)."""
        return self.type == "inbook" and self.subtype not in ("", "treaty")

    def sort_key(self) -> tuple:
        names = self.names("author") or self.names("editor")
        first = names[0].inverted() if names else (self.text("journaltitle") or self.title)
        return (first.lower(), self.sort_date, self.title.lower())


@dataclass
class Section:
    """One section of the bibliography page: a kind of source, shown from one or more .bib files."""
    id: str
    heading: str
    files: list[str]
    aliases: list[str]
    entries: list[Entry]


@dataclass
class ReferenceSet:
    sections: list[Section]
    files: list[Path]

    @cached_property
    def entries(self) -> dict[str, Entry]:
        return {e.key: e for s in self.sections for e in s.entries}

    def documents_of(self, volume_key: str) -> list[Entry]:
        """The cited documents printed in a volume, in the volume's order."""
        docs = [e for e in self.entries.values() if e.fields.get("crossref") == volume_key]
        return sorted(docs, key=lambda e: int(e.text("eid") or 0) if e.text("eid").isdigit() else 0)

    def raw_bibtex(self) -> str:
        """All .bib files as they are, provenance comments included (the .bib download)."""
        return "\n\n".join(path.read_text(encoding="utf-8").removeprefix("\ufeff").rstrip() for path in self.files) + "\n"


def _is_others(person: Person) -> bool:
    return str(person).strip().lower() == "others"


def _name(person: Person) -> Name:
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    plain_family = family.replace("{", "").replace("}", "")
    if not given and family.startswith("{") and family.endswith("}"):
        return Name(literal=plain_family)
    return Name(family=plain_family, given=given.replace("{", "").replace("}", ""))


def _display(path: Path, root: Path | None) -> str:
    try:
        return path.relative_to(root).as_posix() if root else str(path)
    except ValueError:
        return str(path)


# ---- loading -----------------------------------------------------------------------------------------
def load_sections(bib_dir: Path, root: Path | None = None) -> list[tuple[dict, list[Path]]]:
    """bibliography/groups.yaml: the page's sections, each with its heading and its .bib files."""
    groups_file = bib_dir / "groups.yaml"
    shown = _display(groups_file, root)
    records = load_records(groups_file, shown)
    result, listed = [], {}
    for record in records:
        data = record.data
        if not isinstance(data, dict) or not {"id", "heading", "files"} <= set(data) or set(data) - {"id", "heading", "files", "aliases"}:
            raise ContentError(shown, record.line, "each section needs 'id', 'heading' and 'files' (and optionally 'aliases')",
                               "see the other sections in the file")
        paths = []
        for name in data["files"] or []:
            path = bib_dir / str(name)
            if not path.exists():
                raise ContentError(shown, record.line_of("files"), f"lists {name}, which does not exist", "create it or remove it from the list")
            if name in listed:
                raise ContentError(shown, record.line_of("files"), f"lists {name} twice (also line {listed[name]})", "keep it in one section")
            listed[name] = record.line
            paths.append(path)
        result.append((data, paths))
    for path in sorted(bib_dir.glob("*.bib")):
        if path.name not in listed:
            raise ContentError(_display(path, root), None, "not listed in bibliography/groups.yaml",
                               "add it to a section, or its entries would never appear on the bibliography page")
    return result


def _scan(text: str, shown: str) -> tuple[list[tuple[int, str, str]], dict[str, list[str]], dict[str, dict[str, int]]]:
    """Entry starts (line, type, key), the '% verified:' lines after each entry, and each field's line."""
    starts: list[tuple[int, str, str]] = []
    provenance: dict[str, list[str]] = {}
    field_lines: dict[str, dict[str, int]] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("%"):
            if "@" in line:
                raise ContentError(shown, number, "'@' inside a comment is read as the start of an entry", "write 'at' instead")
            if current and stripped.startswith("% verified:"):
                provenance[current].append(stripped[len("% verified:"):].strip())
            continue
        match = ENTRY_START.match(line)
        if match:
            current = match["key"]
            starts.append((number, match["type"].lower(), current))
            provenance.setdefault(current, [])
            field_lines.setdefault(current, {})
            continue
        hidden = INVISIBLE.search(line)
        if hidden:
            raise ContentError(shown, number, f"invisible character U+{ord(hidden.group(0)):04X} in the text",
                               "delete it (it cannot be seen in most editors but changes keys and values)")
        field_match = FIELD_START.match(line)
        if current and field_match:
            field_lines[current].setdefault(field_match["name"].lower(), number)
    return starts, provenance, field_lines


def _parse(text: str, shown: str, starts) -> dict:
    try:
        return parse_string(text, "bibtex").entries
    except PybtexError as err:
        message = str(err)
        line = getattr(err, "lineno", None)
        duplicate = re.match(r"entry with key (\S+) has a duplicate (\S+) field", message)
        if duplicate:
            entry_line = next((n for n, _t, k in starts if k == duplicate[1]), None)
            raise ContentError(shown, entry_line, f"entry {duplicate[1]} has the field '{duplicate[2]}' twice; the second would replace the first",
                               "merge the two values into one field") from None
        detail = re.sub(r"^syntax error in line \d+: ", "", message)
        before = [s for s in starts if line and s[0] <= line]
        where = f" in entry '{before[-1][2]}' (starts at line {before[-1][0]})" if before else ""
        raise ContentError(shown, line, f"BibTeX syntax error{where}: {detail}",
                           "check that entry for a missing brace, comma or quote") from None


def load_reference_set(bib_dir: Path, root: Path | None = None) -> ReferenceSet:
    """Parse and validate every .bib file listed in bibliography/groups.yaml."""
    bib_dir = Path(bib_dir)
    seen: dict[str, tuple[str, int]] = {}
    sections: list[Section] = []
    files: list[Path] = []
    for data, paths in load_sections(bib_dir, root):
        entries: list[Entry] = []
        for path in paths:
            shown = _display(path, root)
            text = read_text(path, shown)
            starts, provenance, field_lines = _scan(text, shown)
            for number, entry_type, key in starts:
                if not KEY_PATTERN.match(key):
                    odd = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(key) if not (c.isascii() and (c.isalnum() or c in "_-")))
                    raise ContentError(shown, number, f"key '{key}' has characters that would be cut off in addresses ({odd})",
                                       "use only letters, digits, '_' and '-'")
                if key.lower() in seen:
                    other_file, other_line = seen[key.lower()]
                    raise ContentError(shown, number, f"duplicate key '{key}' (also {other_file}:{other_line}; keys are compared case-insensitively)",
                                       "rename one of the two entries or merge them")
                seen[key.lower()] = (shown, number)
            lines = {key: number for number, _type, key in starts}
            parsed = _parse(text, shown, starts)
            if not parsed:
                raise ContentError(shown, None, "holds no entries",
                                   "restore it from git, or remove it from bibliography/groups.yaml if it is meant to go")
            for key, raw in parsed.items():
                entries.append(Entry(
                    key=key, type=raw.type.lower(), fields={name.lower(): str(value) for name, value in raw.fields.items()},
                    persons={role.lower(): list(people) for role, people in raw.persons.items()},
                    file=shown, line=lines.get(key, 0), provenance=provenance.get(key, []),
                    field_lines=field_lines.get(key, {}), section=str(data["heading"])))
            files.append(path)
        sections.append(Section(id=str(data["id"]), heading=str(data["heading"]), files=[p.name for p in paths],
                                aliases=[str(a) for a in data.get("aliases") or []], entries=entries))
    if not seen:
        raise ContentError(_display(bib_dir, root), None, "bibliography/ holds no entries",
                           "the .bib files listed in groups.yaml are empty: restore them from git")
    references = ReferenceSet(sections=sections, files=files)
    for entry in references.entries.values():
        check_entry(entry, references)
    for section in sections:
        section.entries.sort(key=Entry.sort_key)
    return references


# ---- validation --------------------------------------------------------------------------------------
def check_entry(entry: Entry, references: ReferenceSet) -> None:
    def fail(field_name: str | None, problem: str, fix: str):
        line = entry.field_lines.get(field_name, entry.line) if field_name else entry.line
        raise ContentError(entry.file, line, f"entry {entry.key}: {problem}", fix)

    if entry.type not in ENTRY_TYPES:
        fail(None, f"entry type @{entry.type} is not one the site models",
             f"use one of @{', @'.join(sorted(ENTRY_TYPES))} (see bibliography/README.md)")
    allowed = datamodel.allowed_fields(entry.type)
    for name in list(entry.fields) + list(entry.persons):
        if name not in allowed:
            fail(name, f"field '{name}' is not valid for @{entry.type} in biblatex's data model",
                 "see bibliography/README.md for the fields of this kind of source")
    for alternatives in datamodel.MANDATORY[entry.type]:
        if not any(n in entry.fields or n in entry.persons for n in alternatives):
            fail(None, f"lacks {' or '.join(alternatives)} (required for @{entry.type})",
                 "add the field if a source shows it; otherwise choose the type that fits (bibliography/README.md)")
    if ("date" in entry.fields) == ("year" in entry.fields):
        fail("year" if "year" in entry.fields else None, "needs exactly one of 'date' and 'year'",
             "keep date (ISO: 1943, 1943-12 or 1943-12-15) and remove year")
    subtype = entry.subtype
    if subtype and subtype not in SUBTYPES.get(entry.type, set()):
        known = sorted(SUBTYPES.get(entry.type, set()))
        fail("entrysubtype", f"entrysubtype '{subtype}' is not known for @{entry.type}",
             f"use one of: {', '.join(known)}" if known else "remove it")
    for name, value in entry.fields.items():
        bad = re.search(r"\\(?![&%_#$])[A-Za-z]*", value)
        if bad:
            fail(name, f"field '{name}' uses the TeX command '{bad.group(0)}', which the site would print as is",
                 r"write the character itself in UTF-8 (only \& \% \_ \# \$ are allowed)")
        if value.count("{") != value.count("}"):
            fail(name, f"field '{name}' has unbalanced braces", "add or remove a brace")
    if "date" in entry.fields:
        value = entry.text("date")
        try:
            parse_iso(value[3:]) if value.startswith("../") else DocumentDate.parse(value)
        except DateError as err:
            fail("date", f"date: {err}", "write an ISO date (1943, 1943-12, 1943-12-15); 1943-12~ if inferred; ../YYYY-MM-DD if undated")
    if "urldate" in entry.fields:
        try:
            if parse_iso(entry.text("urldate")).precision != "day":
                raise DateError("urldate must be a full day (2026-11-27)")
        except DateError as err:
            fail("urldate", f"urldate: {err}", "write the day you read the page: 2026-11-27")
    if "year" in entry.fields and not re.fullmatch(r"\d{4}", entry.text("year")):
        fail("year", f"year '{entry.text('year')}' is not a four-digit year", "write e.g. year = {1943}, or leave it out")
    if "origdate" in entry.fields:
        try:
            entry.document_date
        except DateError as err:
            fail("origdate", f"origdate: {err}", "see 'Dates' in bibliography/README.md")
    if entry.text("usera") not in ("", "received"):
        fail("usera", "usera may only be 'received' (the date given is the date of receipt)", "remove it or write usera = {received}")
    if "langid" in entry.fields and entry.text("langid").lower() not in LANGUAGES:
        fail("langid", f"langid '{entry.text('langid')}' is not a language the site knows",
             f"use one of: {', '.join(sorted(LANGUAGES))}")
    if "url" in entry.fields:
        parsed_url = urlparse(entry.url)
        if parsed_url.scheme not in ("http", "https") or not parsed_url.netloc or re.search(r"[\s\\{}]", entry.url):
            fail("url", f"malformed url '{entry.url}'",
                 "give a full http(s) address without spaces, braces or backslashes (write % as it is, not \\%)")
    if "crossref" in entry.fields and entry.fields["crossref"] not in references.entries:
        fail("crossref", f"crossref '{entry.fields['crossref']}' is not a key of the reference set",
             did_you_mean(entry.fields["crossref"], references.entries))
    if "namea" in entry.fields and entry.fields.get("nameatype") != "recipient":
        fail("namea", "namea is used only for the recipient", "add nameatype = {recipient}")
    if entry.is_frus_document:
        check_frus_document(entry, references, fail)
    if not entry.provenance:
        fail(None, "has no '% verified:' line", "add one after the entry naming the page read and the fields it confirms")


def check_frus_document(entry: Entry, references: ReferenceSet, fail) -> None:
    """The FRUS document model: sender, recipient, kind, number, date, file number, volume, document number, pages."""
    volume_key = entry.frus_volume_key
    number = FRUS_DOCUMENT_KEY.match(entry.key)["number"]
    volume = references.entries.get(volume_key)
    if volume is None or volume.type != "book":
        fail(None, f"its volume entry '{volume_key}' is missing", f"add @book{{{volume_key}, ...}} (see bibliography/README.md)")
    if entry.fields.get("crossref") != volume_key:
        fail("crossref", f"crossref must name its volume '{volume_key}'", f"write crossref = {{{volume_key}}}")
    for name in FRUS_VOLUME_FIELDS:
        theirs = volume.text("title" if name == "booktitle" else name)
        if name in ("maintitle", "volume", "publisher", "location", "date") and not theirs:
            continue
        if entry.text(name) != theirs:
            fail(name, f"{name} '{entry.text(name)}' differs from its volume {volume_key} ('{theirs}')",
                 f"copy {name} from the volume entry")
    kind = entry.subtype
    if not kind:
        fail(None, "lacks entrysubtype (the kind of document)", "add e.g. entrysubtype = {telegram}")
    if kind in CORRESPONDENCE | {"memorandum of conversation"} and not entry.names("author"):
        fail("author", f"a {kind} needs its sender (author)", "add the sender's full name, or the sending body in double braces")
    if kind != "editorial note":
        if "origdate" not in entry.fields:
            fail(None, "lacks the document's date (origdate)",
                 "add origdate: as printed, or the date the evidence supports with '~' and the evidence in % verified:")
    if kind in CORRESPONDENCE and not entry.names("recipient"):
        fail(None, f"a {kind} needs its recipient", "add namea = {Family, Given} and nameatype = {recipient}")
    if kind in ("telegram", "despatch") and not entry.text("number"):
        fail(None, f"a {kind} needs its number", "add number = {...} as printed")
    if entry.text("eid") != number:
        fail("eid", f"eid must be the FRUS document number {number}", f"write eid = {{{number}}}")
    expected = f"https://history.state.gov/historicaldocuments/{volume_key}/d{number}"
    if entry.url != expected:
        fail("url", f"url must be the document's address {expected}", f"write url = {{{expected}}}")
