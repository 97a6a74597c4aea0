"""Downloads generated from the same data as the pages.

timeline.json (+ its JSON Schema) and timeline.csv; the reference set as .bib (the files as they
are), CSL-JSON (treatysite.csl, the same mapping the notes use) and RIS (written by rispy). Every
value is plain text: citations in summaries become readable short references.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING

import rispy

from .citations import BLOCK, find_blocks
from .csl import reference_items
from .escape import csv_cell, ris_text
from .notes import short_reference
from .timeline import PHASES, POSITIONS, Event

if TYPE_CHECKING:  # pragma: no cover
    from .site import Site

TIMELINE_SCHEMA_ID = "timeline.schema.json"
NULLABLE_TEXT = {"type": ["string", "null"]}
TIMELINE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": TIMELINE_SCHEMA_ID,
    "title": "Timeline of the 1943 Czechoslovak-Soviet treaty negotiations",
    "description": "The events of the Reader's timeline. Each event's url is its permanent address.",
    "type": "object",
    "required": ["events"],
    "additionalProperties": False,
    "properties": {
        "edition": {"type": "string"},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "url", "date", "precision", "end_date", "approximate", "date_note", "phase", "title",
                             "summary", "actors", "positions", "place", "sources", "related"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "url": {"type": "string", "format": "uri"},
                    "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                    "precision": {"enum": ["day", "month", "year"]},
                    "end_date": {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                    "approximate": {"type": "boolean"},
                    "date_note": NULLABLE_TEXT,
                    "phase": {"enum": [p for p, _ in PHASES]},
                    "title": {"type": "string", "minLength": 1},
                    "summary": {"type": "string", "minLength": 1,
                                "description": "Plain text; each citation as a short reference in parentheses."},
                    "actors": {"type": "array", "items": {"type": "string"}},
                    "positions": {"type": "array", "items": {"enum": POSITIONS}},
                    "place": NULLABLE_TEXT,
                    "sources": {
                        "type": "array", "minItems": 1,
                        "items": {
                            "type": "object", "additionalProperties": False,
                            "required": ["key", "locator", "reference"],
                            "properties": {
                                "key": {"type": "string"},
                                "locator": NULLABLE_TEXT,
                                "reference": {"type": "string", "description": "Short reference, Chicago style."},
                                "quote": {"type": "array", "items": {"type": "string"}},
                                "inferred": {"type": "string"},
                            },
                        },
                    },
                    "related": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
CSV_COLUMNS = ["id", "url", "date", "precision", "end_date", "approximate", "date_note", "phase", "title", "summary",
               "actors", "positions", "place", "sources", "related"]


def _plain(site: "Site", text: str, event: Event) -> str:
    """A data field as plain text: citations as short references, Markdown emphasis and links dropped."""
    def reference(match) -> str:
        (block,) = find_blocks(match.group(0), event.file, event.line)
        parts = [short_reference(site.forms[c.key], c, site.references.entries[c.key]) for c in block.cites]
        return "(" + "; ".join(parts) + ")"

    text = BLOCK.sub(reference, text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # links: keep their text
    text = re.sub(r"(\*\*|\*|__|_)(\S(?:.*?\S)?)\1", r"\2", text)  # emphasis
    return " ".join(text.split())


def event_record(site: "Site", event: Event, timeline_url: str) -> dict:
    sources = []
    for source in event.sources:
        item = {"key": source.key, "locator": source.locator or None,
                "reference": short_reference(site.forms[source.key], source.cite, site.references.entries[source.key])}
        if source.evidence.quote:
            item["quote"] = list(source.evidence.quote)
        if source.evidence.inferred:
            item["inferred"] = source.evidence.inferred
        sources.append(item)
    return {
        "id": event.id, "url": f"{timeline_url}#{event.id}", "date": event.date, "precision": event.precision,
        "end_date": event.end_date or None, "approximate": bool(event.approximate),
        "date_note": _plain(site, event.date_note, event) or None, "phase": event.phase, "title": event.title,
        "summary": _plain(site, event.summary, event), "actors": list(event.actors), "positions": list(event.positions),
        "place": event.place or None, "sources": sources, "related": list(event.related),
    }


def timeline_json(site: "Site", timeline_url: str, edition: str) -> str:
    data = {"edition": edition, "events": [event_record(site, e, timeline_url) for e in site.events]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def timeline_csv(site: "Site", timeline_url: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in site.events:
        row = event_record(site, event, timeline_url)
        row["approximate"] = "true" if row["approximate"] else "false"      # as JSON writes it
        for name in ("actors", "positions", "related"):
            row[name] = "; ".join(row[name])
        row["sources"] = "; ".join(s["reference"] for s in row["sources"])
        writer.writerow({k: csv_cell(row[k]) for k in CSV_COLUMNS})
    return out.getvalue()


# ---- references ---------------------------------------------------------------------------------
RIS_TYPES = {
    "article-journal": "JOUR", "article-newspaper": "NEWS", "article-magazine": "MGZN", "book": "BOOK",
    "chapter": "CHAP", "webpage": "ELEC", "entry-encyclopedia": "ENCYC", "personal_communication": "PCOMM", "hearing": "HEAR",
    "bill": "BILL", "treaty": "STAT", "broadcast": "VIDEO", "thesis": "THES", "report": "RPRT",
    "manuscript": "MANSCPT", "article": "JOUR", "document": "GEN",
}


class RisWriter(rispy.RisWriter):
    """RIS as the format has it: no counter line before each record."""

    def set_header(self, count):
        return ""


def _ris_names(people: list[dict]) -> list[str]:
    """CSL names as RIS 'Family, Given' (a body keeps its whole name)."""
    return [ris_text(", ".join(x for x in (p.get("family") or p.get("literal"), p.get("given")) if x)) for p in people]


def _ris_date(date: dict | None) -> str:
    """RIS's date form YYYY/MM/DD/ (empty parts left empty)."""
    parts = ((date or {}).get("date-parts") or [[]])[0]
    if not parts:
        return ""
    padded = [str(parts[0])] + [f"{p:02d}" for p in parts[1:3]] + [""] * (3 - len(parts))
    return "/".join(padded) + "/"


def csl_to_ris(item: dict) -> dict:
    """One CSL-JSON item as an RIS record, with each creator in the role Zotero reads for its type."""
    kind = item["type"]
    record: dict = {"type_of_reference": RIS_TYPES.get(kind, "GEN"), "id": item["id"]}
    if item.get("title"):
        record["title"] = ris_text(item["title"])
    if item.get("author"):
        record["authors"] = _ris_names(item["author"])
    if item.get("editor"):
        # Zotero: A2 is the editor of a chapter; of a book A2 is the series editor and A3 the editor.
        record["tertiary_authors" if kind == "book" else "secondary_authors"] = _ris_names(item["editor"])
    if item.get("recipient"):
        record["secondary_authors"] = _ris_names(item["recipient"])
    if item.get("translator"):
        record["subsidiary_authors"] = _ris_names(item["translator"])
    container = item.get("container-title")
    if container:
        record["secondary_title"] = ris_text(container)
    if item.get("volume-title") and kind == "book":
        record["secondary_title"] = ris_text(item["volume-title"])
    if kind == "hearing" and item.get("authority"):
        record["tertiary_title"] = ris_text(item["authority"])
    issued = item.get("issued") or item.get("original-date")
    if issued and issued.get("date-parts"):
        record["year"] = str(issued["date-parts"][0][0])
        record["date"] = _ris_date(issued)
    if item.get("accessed"):
        record["access_date"] = _ris_date(item["accessed"])
    for csl, ris in (("publisher", "publisher"), ("publisher-place", "place_published"), ("volume", "volume"),
                     ("issue", "number"), ("number", "number"), ("DOI", "doi"), ("ISBN", "issn"), ("ISSN", "issn"),
                     ("abstract", "abstract"), ("language", "language"), ("genre", "type_of_work"),
                     ("archive_location", "call_number"), ("edition", "edition")):
        if item.get(csl):
            record[ris] = ris_text(item[csl])
    if item.get("URL"):
        record["urls"] = [item["URL"]]
    if item.get("keyword"):
        record["keywords"] = [ris_text(k) for k in item["keyword"].split(",") if k.strip()]
    if item.get("note"):
        record["notes"] = [ris_text(item["note"])]
    if item.get("page"):
        first, _, last = str(item["page"]).replace("–", "-").partition("-")
        record["start_page"] = first
        if last:
            record["end_page"] = last
    return record


def references_ris(items: list[dict]) -> str:
    return rispy.dumps([csl_to_ris(item) for item in items], implementation=RisWriter)


def site_downloads(site: "Site", site_url: str, page_records, edition: str = "") -> dict[str, str]:
    """Every generated download of the site, by its path in the built site."""
    timeline_url = site_url + "timeline.html"
    items = sorted(reference_items(site.references), key=lambda i: i["id"])
    files = {
        "downloads/timeline.json": timeline_json(site, timeline_url, edition),
        "downloads/timeline.schema.json": json.dumps(TIMELINE_SCHEMA, ensure_ascii=False, indent=2) + "\n",
        "downloads/timeline.csv": timeline_csv(site, timeline_url),
        "downloads/references.bib": site.references.raw_bibtex(),
        "downloads/references.json": json.dumps(items, ensure_ascii=False, indent=2) + "\n",
        "downloads/references.ris": references_ris(items),
    }
    for record in page_records:
        files[f"cite/{record.slug}.bib"] = record.bibtex()
        files[f"cite/{record.slug}.ris"] = record.ris()
        files[f"cite/{record.slug}.json"] = json.dumps([record.csl_json()], ensure_ascii=False, indent=2) + "\n"
    return files

