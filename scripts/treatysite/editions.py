"""Editions: the citable, unchanging versions of the site (docs/data/editions.yaml).

The last edition is the current one. Every released edition (one with a commit) is built from that
commit and kept at editions/<number>/ beside the current site (scripts/publish.py); its pages carry
a banner pointing to the current version of the same page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .dates import DateError, parse_iso
from .errors import ContentError
from .escape import html_attr, html_text
from .yamldata import load_records, validated_records

KINDS = ["corrected", "added", "changed", "removed", "renamed"]
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "date", "commit", "summary"],
    "properties": {
        "number": {"type": "string", "pattern": r"^\d+\.\d+$"},
        "date": {"type": "string"},
        "commit": {"type": "string", "pattern": r"^([0-9a-f]{40}|current)$"},
        "summary": {"type": "string", "minLength": 1},
        "changes": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["kind", "text"],
            "properties": {"kind": {"enum": KINDS}, "text": {"type": "string", "minLength": 1}}}},
    },
}
PLACEHOLDER_HOST = ".invalid"          # site_url on a reserved .invalid host marks a local preview


@dataclass
class Edition:
    number: str
    date: str
    commit: str
    summary: str
    changes: list[dict] = field(default_factory=list)
    line: int = 0

    @property
    def released(self) -> bool:
        return self.commit != "current"

    @property
    def path(self) -> str:
        """Where its frozen copy lives in the site."""
        return f"editions/{self.number}/"


def load_editions(path: Path, shown: str) -> list[Edition]:
    editions: list[Edition] = []
    for record, label in validated_records(load_records(path, shown), shown, SCHEMA, "edition", "number", '- number: "2.0"'):
        data = record.data
        try:
            if parse_iso(data["date"]).precision != "day":
                raise DateError(f"'{data['date']}' is not a full date")
        except DateError as err:
            raise ContentError(shown, record.line_of("date"), f"{label}: date: {err}", "write the day: \"2026-12-01\"") from None
        if editions and _order(data["number"]) <= _order(editions[-1].number):
            raise ContentError(shown, record.line_of("number"), f"{label}: number: not after edition {editions[-1].number}",
                               "list the editions oldest first, each with a higher number")
        if editions and data["date"] < editions[-1].date:      # ISO days compare as text
            raise ContentError(shown, record.line_of("date"), f"{label}: date: before edition {editions[-1].number} ({editions[-1].date})",
                               "an edition is dated on or after the one before it")
        if editions and not editions[-1].released:
            raise ContentError(shown, record.line, f"{label}: edition {editions[-1].number} before it is not released",
                               "release it first (python3 scripts/dev.py release), then add the next edition")
        editions.append(Edition(number=data["number"], date=data["date"], commit=data["commit"], summary=data["summary"],
                                changes=data.get("changes", []), line=record.line))
    if not editions:
        raise ContentError(shown, None, "lists no edition", "restore docs/data/editions.yaml from git")
    return editions


def _order(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def is_preview(site_url: str) -> bool:
    host = re.sub(r"^https?://", "", site_url).split("/")[0]
    return host.endswith(PLACEHOLDER_HOST)


def changes_markdown(editions: list[Edition], site_url: str) -> str:
    """The 'What changed' page: every edition, newest first, corrections first. An earlier edition is
    linked by its public address: it is a fixed copy on the public site, not part of this build (nor
    of this edition's offline copy)."""
    from .escape import markdown_text

    parts = []
    for edition in reversed(editions):
        when = parse_iso(edition.date).long()
        state = "current edition" + ("" if edition.released else ", not yet released as a fixed copy")
        if edition is not editions[-1]:
            state = "earlier edition"
        parts.append(f"## Edition {edition.number}, {when} {{#edition-{edition.number.replace('.', '-')}}}\n")
        link = ""
        if edition.released:
            link = f" Read it as it was: [edition {edition.number}]({site_url.rstrip('/')}/{edition.path})."
        parts.append(f"*{state.capitalize()}.* {markdown_text(edition.summary)}{link}\n{{: .editorial }}\n")
        ordered = sorted(edition.changes, key=lambda c: KINDS.index(c["kind"]))
        for change in ordered:
            parts.append(f"- **{change['kind'].capitalize()}:** {markdown_text(change['text'])}\n  {{: .editorial }}")
        parts.append("")
    return "\n".join(parts)


def banner_html(edition: Edition, page_path: str) -> str:
    """The banner on every page of a frozen edition: which edition, and the way to the current page."""
    depth = page_path.count("/") + 2           # editions/<n>/ plus the page's own folders
    up = "../" * depth
    when = parse_iso(edition.date).long()
    return (f'<aside class="edition-banner" role="note" aria-label="Edition {html_attr(edition.number)}">'
            f"<p>You are reading <strong>edition {html_text(edition.number)}</strong> of this page ({html_text(when)}), "
            f"kept unchanged at this address so that citations of it stay valid. "
            f'<a href="{html_attr(up + page_path)}">Read the current version of this page</a> · '
            f'<a href="{html_attr(up + "about/changes.html")}">What changed between editions</a></p></aside>')
