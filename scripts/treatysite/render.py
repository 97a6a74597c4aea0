"""Markdown generated from the data: timeline, people, bibliography, primary-source register.

The output goes through the same Markdown pipeline as the hand-written pages, so
citations in events render exactly like citations in prose (locators kept).
"""
from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from .people import GOVERNMENTS
from .timeline import PHASES, POSITIONS, Event, format_date, source_citation

if TYPE_CHECKING:  # pragma: no cover
    from .site import Site

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md_escape(text: str) -> str:
    """Field text shown literally: no Markdown or HTML in a title can take effect."""
    text = html.escape(str(text).replace("\\&", "&"), quote=False)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def attr_escape(text: str) -> str:
    return html.escape(str(text), quote=True)


def event_citation_text(event: Event) -> str:
    return event.summary + "\n\n" + source_citation(event.sources)


def person_citation_text(person) -> str:
    return source_citation(person.sources)


def _links(site: "Site", from_page: str, pages: list[str]) -> str:
    from .site import relative

    return ", ".join(f"[{md_escape(site.pages[p].title)}]({relative(from_page, p)})" for p in pages if p in site.pages)


# ---- timeline ---------------------------------------------------------------------------------
def timeline_filters(site: "Site") -> str:
    actors = sorted({a for e in site.events for a in e.actors}, key=lambda a: site.people[a].name)
    boxes = "".join(
        f'<label><input type="checkbox" name="position" value="{p}" checked> {p}</label> ' for p in POSITIONS)
    options = "".join(f'<option value="{a}">{attr_escape(site.people[a].name)}</option>' for a in actors)
    return (
        '<form class="tl-filters" hidden aria-label="Filter the timeline">\n'
        f'<fieldset><legend>Governments</legend> {boxes}</fieldset>\n'
        f'<label>Person <select name="actor"><option value="">Everyone</option>{options}</select></label>\n'
        '<button type="reset">Show all</button>\n'
        '<p class="tl-count" role="status" aria-live="polite"></p>\n'
        '</form>\n'
    )


def event_markdown(site: "Site", event: Event) -> str:
    from .site import PEOPLE_PAGE, TIMELINE_PAGE, relative

    people_link = relative(TIMELINE_PAGE, PEOPLE_PAGE)
    meta = [f"**Date:** {md_escape(event.display_date)}"]
    if event.place:
        meta.append(f"**Place:** {md_escape(event.place)}")
    if event.actors:
        names = ", ".join(f"[{md_escape(site.people[a].name)}]({people_link}#{a})" for a in event.actors)
        meta.append(f"**People:** {names}")
    if event.positions:
        meta.append(f"**Positions:** {', '.join(event.positions)}")
    lines = [
        f'<div class="tl-event" data-positions="{" ".join(event.positions)}" data-actors="{" ".join(event.actors)}" markdown="1">',
        "",
        f"### {md_escape(event.display_date)}: {md_escape(event.title)} {{#{event.id}}}",
        "",
        " · ".join(meta),
        "{: .tl-meta }",
        "",
    ]
    if event.date_note:
        lines += [f"*Date:* {event.date_note}", "{: .tl-date-note }", ""]
    lines += [event.summary, "", f"Sources: {source_citation(event.sources)}", "{: .tl-sources }", ""]
    links = []
    if event.related:
        related = [site.event_ids[r] for r in event.related]
        links.append("Related: " + "; ".join(f"[{md_escape(r.display_date)}: {md_escape(r.title)}](#{r.id})" for r in related))
    if site.event_links.get(event.id):
        links.append("Discussed on: " + _links(site, TIMELINE_PAGE, site.event_links[event.id]))
    if links:
        lines += [" · ".join(links), "{: .tl-links }", ""]
    lines += ["</div>", ""]
    return "\n".join(lines)


def timeline_markdown(site: "Site") -> str:
    parts = []
    for phase, heading in PHASES:
        events = [e for e in site.events if e.phase == phase]
        if not events:
            continue
        first, last = events[0], events[-1]
        parts.append(f"## {heading} {{#phase-{phase}}}\n")
        span = format_date(first.date)
        if (last.end_date or last.date) != first.date:
            span += f" to {format_date(last.end_date or last.date)}"
        noun = "event" if len(events) == 1 else "events"
        parts.append(f"{len(events)} {noun}: {span}.\n{{: .tl-phase-count }}\n")
        parts.extend(event_markdown(site, e) for e in events)
    return "\n".join(parts)


# ---- people -----------------------------------------------------------------------------------
def people_markdown(site: "Site") -> str:
    from .site import PEOPLE_PAGE, TIMELINE_PAGE, relative

    timeline = relative(PEOPLE_PAGE, TIMELINE_PAGE)
    parts = []
    for government in GOVERNMENTS:
        people = sorted((p for p in site.people.values() if p.government == government), key=lambda p: p.name)
        if not people:
            continue
        heading = "Others" if government == "other" else f"{government} side"
        parts.append(f"## {heading} {{#side-{government.lower()}}}\n")
        for person in people:
            parts.append(f"### {md_escape(person.name)} {{#{person.id}}}\n")
            offices = "; ".join(
                md_escape(o["title"]) + (f" ({md_escape(o['period'])})" if o.get("period") else "") for o in person.offices)
            text = (offices + ". ") if offices else ""
            if person.note:
                text += person.note.strip() + " "
            parts.append(f"{text}{source_citation(person.sources)}\n")
            events = [e for e in site.events if person.id in e.actors]
            if events:
                items = "; ".join(f"[{md_escape(e.display_date)}: {md_escape(e.title)}]({timeline}#{e.id})" for e in events)
                parts.append(f"In the timeline: {items}\n{{: .person-events }}\n")
    return "\n".join(parts)


# ---- bibliography -----------------------------------------------------------------------------
def cited_on_markdown(site: "Site", key: str, from_page: str) -> str:
    from .site import relative

    links = []
    for citer in site.cited_on.get(key, []):
        target = relative(from_page, citer.page) + (f"#{citer.anchor}" if citer.anchor else "")
        links.append(f"[{md_escape(citer.label)}]({target})")
    return "; ".join(links)


def bibliography_markdown(site: "Site", formatted: dict[str, str]) -> str:
    from .site import BIBLIOGRAPHY_PAGE

    parts = []
    for group in site.references.groups:
        if not group.entries:
            continue
        parts.append(f"## {md_escape(group.heading)} {{#{group.anchor}}}\n")
        for entry in group.entries:
            cited = cited_on_markdown(site, entry.key, BIBLIOGRAPHY_PAGE)
            status = f"Cited on: {cited}" if cited else "Further reading: not cited on this site."
            provenance = "<br>".join(html.escape(p) for p in entry.provenance)
            parts.append(
                f'<div class="bib-entry" id="{entry.key}" markdown="1">\n\n'
                f"{formatted[entry.key]}\n\n"
                f"Key `{entry.key}` · {status}\n{{: .bib-cited }}\n\n"
                f'<details class="bib-provenance" data-search-exclude><summary>How this entry was verified</summary>'
                f"<p>{provenance}</p></details>\n\n"
                "</div>\n"
            )
    return "\n".join(parts)


def register_markdown(site: "Site") -> str:
    from .site import REGISTER_PAGE

    rows = []
    for group in site.references.groups:
        for entry in group.entries:
            if not entry.is_primary or (group.file == "frus.bib" and not entry.is_frus_document):
                continue  # FRUS volumes are publications, not documents
            rows.append(entry)
    rows.sort(key=lambda e: (e.fields.get("date") or e.year or "9999", e.key))
    out = ["| Date | Document | From → to | File no. | Where published | Cited on |",
           "|---|---|---|---|---|---|"]
    for entry in rows:
        f = entry.fields
        date = format_date(f["date"]) if f.get("date") else (f.get("year") or "n.d.")
        sender = f.get("sender", "")
        recipient = f.get("recipient", "")
        route = f"{md_escape(sender)} → {md_escape(recipient)}" if sender or recipient else "—"
        where = md_escape(f.get("howpublished") or f.get("journal") or f.get("publisher") or "")
        if entry.url:
            where = f"[{where or 'online'}]({entry.url})"
        title = f"[{md_escape(entry.title)}](bibliography.md#{entry.key})"
        cited = cited_on_markdown(site, entry.key, REGISTER_PAGE) or "—"
        out.append(f"| {date} | {title} | {route} | {md_escape(f.get('filenumber', '')) or '—'} | {where} | {cited} |")
    return "\n".join(out) + "\n"
