"""Downloads generated from the same data as the pages: timeline JSON/CSV, references .bib/CSL-JSON/RIS."""
from __future__ import annotations

import csv
import io
import json

import pypandoc
import rispy

from .references import ReferenceSet
from .timeline import Event

RIS_TYPES = {
    "article-journal": "JOUR", "article-newspaper": "NEWS", "article-magazine": "MGZN", "book": "BOOK",
    "chapter": "CHAP", "webpage": "ELEC", "post-weblog": "BLOG", "broadcast": "VIDEO", "report": "RPRT",
    "thesis": "THES", "legislation": "STAT", "treaty": "STAT", "speech": "HEAR", "hearing": "HEAR",
}


def timeline_json(events: list[Event], timeline_url: str) -> str:
    records = [dict(e.as_record(), url=f"{timeline_url}#{e.id}") for e in events]
    return json.dumps({"events": records}, ensure_ascii=False, indent=2) + "\n"


def timeline_csv(events: list[Event], timeline_url: str) -> str:
    columns = ["id", "date", "precision", "end_date", "approximate", "date_note", "phase", "title", "summary",
               "actors", "positions", "place", "sources", "related", "url"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for event in events:
        row = event.as_record()
        row["actors"] = "; ".join(event.actors)
        row["positions"] = "; ".join(event.positions)
        row["related"] = "; ".join(event.related)
        row["sources"] = "; ".join(f"{s['key']}, {s['locator']}" if s.get("locator") else s["key"] for s in event.sources)
        row["url"] = f"{timeline_url}#{event.id}"
        writer.writerow({k: ("" if row[k] is None else row[k]) for k in columns})
    return out.getvalue()


def references_csl_json(references: ReferenceSet) -> str:
    """CSL-JSON of the whole set, converted by pandoc (the same engine that formats citations)."""
    text = pypandoc.convert_text(references.raw_bibtex(), "csljson", format="biblatex")
    items = json.loads(text)
    return json.dumps(sorted(items, key=lambda i: i["id"]), ensure_ascii=False, indent=2) + "\n"


def _ris_names(people: list[dict]) -> list[str]:
    """CSL name objects as RIS 'Family, Given' (or the literal name of a body)."""
    return [", ".join(x for x in (p.get("family") or p.get("literal"), p.get("given")) if x) for p in people]


def csl_to_ris(items: list[dict]) -> str:
    records = []
    for item in items:
        record = {"type_of_reference": RIS_TYPES.get(item.get("type", ""), "GEN"), "id": item["id"]}
        if item.get("title"):
            record["title"] = item["title"]
        names = _ris_names(item.get("author", []))
        if names:
            record["authors"] = names
        editors = _ris_names(item.get("editor", []))
        if editors:
            record["secondary_authors"] = editors   # RIS A2: editors
        parts = (item.get("issued") or {}).get("date-parts") or []
        if parts and parts[0]:
            record["year"] = str(parts[0][0])
            record["date"] = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0]))
        for csl, ris in (("container-title", "secondary_title"), ("publisher", "publisher"),
                         ("publisher-place", "place_published"), ("volume", "volume"), ("issue", "number"),
                         ("DOI", "doi"), ("ISBN", "issn"), ("ISSN", "issn"), ("note", "notes")):
            if item.get(csl):
                record[ris] = [item[csl]] if ris == "notes" else str(item[csl])
        if item.get("URL"):
            record["urls"] = [item["URL"]]
        if item.get("page"):
            first, _, last = str(item["page"]).replace("–", "-").partition("-")
            record["start_page"] = first
            if last:
                record["end_page"] = last
        records.append(record)
    return rispy.dumps(records)


def references_ris(csl_json: str) -> str:
    return csl_to_ris(json.loads(csl_json))


def site_downloads(events: list[Event], references: ReferenceSet, csl_json: str, site_url: str,
                   page_records) -> dict[str, str]:
    """Every generated download of the site, by its path in the built site."""
    timeline_url = site_url + "timeline.html"
    files = {
        "downloads/timeline.json": timeline_json(events, timeline_url),
        "downloads/timeline.csv": timeline_csv(events, timeline_url),
        "downloads/references.bib": references.raw_bibtex(),
        "downloads/references.json": csl_json,
        "downloads/references.ris": references_ris(csl_json),
    }
    for record in page_records:
        files[f"cite/{record.slug}.bib"] = record.bibtex()
        files[f"cite/{record.slug}.ris"] = record.ris()
        files[f"cite/{record.slug}.json"] = json.dumps([record.csl_json()], ensure_ascii=False, indent=2)
    return files
