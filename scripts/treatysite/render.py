"""Markdown and HTML generated from the data: timeline, people, bibliography, primary-source register.

Values from YAML and BibTeX reach the page only through scripts/treatysite/escape.py: as literal
text (markdown_text, html_text, html_attr) or, for summaries and notes, as restricted Markdown.
Citations in the data become note tokens here, with the evidence of their event or person.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .citations import BLOCK, find_blocks
from .escape import html_attr, html_text, markdown_text, restricted_markdown
from .people import GOVERNMENTS, Source
from .timeline import PHASES, POSITIONS, Event

if TYPE_CHECKING:  # pragma: no cover
    from .site import PageCitations, Site


def source_citation(sources: list[Source]) -> str:
    """The sources of an event or person as one citation block."""
    return "[" + "; ".join(f"@{s.key}, {s.locator}" if s.locator else f"@{s.key}" for s in sources) + "]"


def _tokenise(text: str, sources: list[Source], citations: "PageCitations", shown: str, line: int) -> str:
    """Citations in a data field as note tokens, with the evidence of the matching source."""
    def token(match) -> str:
        (block,) = find_blocks(match.group(0), shown, line)
        by_citation = {(s.key, s.locator): s.evidence for s in sources}     # the loaders check every cite is a source
        evidence = [by_citation[c.key, c.locator] for c in block.cites]
        return citations.add(block, evidence)
    return BLOCK.sub(token, text)


def data_text(text: str, sources: list[Source], citations: "PageCitations", shown: str, line: int, field: str) -> str:
    """A summary, date note or person note: its citations as notes, the rest as restricted Markdown."""
    return _tokenise(restricted_markdown(text, (shown, line), field), sources, citations, shown, line)


def sources_note(sources: list[Source], citations: "PageCitations", shown: str, line: int) -> str:
    return _tokenise(source_citation(sources), sources, citations, shown, line)


def _links(site: "Site", from_page: str, pages: list[str]) -> str:
    from .site import relative

    return ", ".join(f"[{markdown_text(site.pages[p].title)}]({relative(from_page, p)})" for p in pages if p in site.pages)


# ---- timeline ---------------------------------------------------------------------------------
def timeline_filters(site: "Site") -> str:
    actors = sorted({a for e in site.events for a in e.actors}, key=lambda a: site.people[a].name)
    boxes = "".join(
        f'<label><input type="checkbox" name="position" value="{p}" checked> {p}</label> ' for p in POSITIONS)
    options = "".join(f'<option value="{html_attr(a)}">{html_text(site.people[a].name)}</option>' for a in actors)
    return (
        '<form class="tl-filters" hidden aria-label="Filter the timeline" data-search-exclude>\n'
        f'<fieldset><legend>Governments</legend> {boxes}</fieldset>\n'
        f'<label>Person <select name="actor"><option value="">Everyone</option>{options}</select></label>\n'
        '<button type="reset">Show all</button>\n'
        '<p class="tl-count" role="status" aria-live="polite"></p>\n'
        '</form>\n'
    )


def event_markdown(site: "Site", event: Event, citations: "PageCitations") -> str:
    from .site import PEOPLE_PAGE, TIMELINE_PAGE, relative

    people_link = relative(TIMELINE_PAGE, PEOPLE_PAGE)
    meta = [f"**Date:** {markdown_text(event.display_date)}"]
    if event.place:
        meta.append(f"**Place:** {markdown_text(event.place)}")
    if event.actors:
        names = ", ".join(f"[{markdown_text(site.people[a].name)}]({people_link}#{a})" for a in event.actors)
        meta.append(f"**People:** {names}")
    if event.positions:
        meta.append(f"**Positions:** {', '.join(event.positions)}")
    lines = [
        f'<div class="tl-event" data-positions="{html_attr(" ".join(event.positions))}" '
        f'data-actors="{html_attr(" ".join(event.actors))}" markdown="1">',
        "",
        f"### {markdown_text(event.display_date)}: {markdown_text(event.title)} {{#{event.id}}}",
        "",
        " · ".join(meta),
        "{: .tl-meta }",
        "",
    ]
    if event.date_note:
        note = data_text(event.date_note, event.sources, citations, event.file, event.line, "date_note")
        lines += [f"*Date:* {note}", "{: .tl-date-note }", ""]
    summary = data_text(event.summary, event.sources, citations, event.file, event.line, "summary")
    lines += [summary, "", f"Sources: {sources_note(event.sources, citations, event.file, event.line)}", "{: .tl-sources }", ""]
    links = []
    if event.related:
        related = [site.event_ids[r] for r in event.related]
        links.append("Related: " + "; ".join(f"[{markdown_text(r.display_date)}: {markdown_text(r.title)}](#{r.id})" for r in related))
    if site.event_links.get(event.id):
        links.append("Discussed on: " + _links(site, TIMELINE_PAGE, site.event_links[event.id]))
    if links:
        lines += [" · ".join(links), "{: .tl-links }", ""]
    lines += ["</div>", ""]
    return "\n".join(lines)


def timeline_markdown(site: "Site", citations: "PageCitations") -> str:
    parts = []
    for phase, heading in PHASES:
        events = [e for e in site.events if e.phase == phase]
        if not events:
            continue
        first, last = events[0], events[-1]
        parts.append(f"## {heading} {{#phase-{phase}}}\n")
        span = first.display_date.removeprefix("c. ")
        if (last.end_date or last.date) != first.date:
            span = f"{first.display_date.split(' – ')[0].removeprefix('c. ')} to {last.display_date.split(' – ')[-1].removeprefix('c. ')}"
        noun = "event" if len(events) == 1 else "events"
        parts.append(f"{len(events)} {noun}: {markdown_text(span)}.\n{{: .tl-phase-count }}\n")
        parts.extend(event_markdown(site, e, citations) for e in events)
    return "\n".join(parts)


# ---- people -----------------------------------------------------------------------------------
def people_markdown(site: "Site", citations: "PageCitations") -> str:
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
            parts.append(f"### {markdown_text(person.name)} {{#{person.id}}}\n")
            offices = "; ".join(markdown_text(person.office_text(o)) for o in person.offices)
            text = (offices + ". ") if offices else ""
            if person.note:
                text += data_text(person.note, person.sources, citations, "docs/data/people.yaml", person.line, "note") + " "
            parts.append(f"{text}{sources_note(person.sources, citations, 'docs/data/people.yaml', person.line)}\n")
            if person.aliases:
                parts.append(f"Also written: {markdown_text(', '.join(person.aliases))}\n{{: .person-aliases }}\n")
            events = [e for e in site.events if person.id in e.actors]
            if events:
                items = "; ".join(f"[{markdown_text(e.display_date)}: {markdown_text(e.title)}]({timeline}#{e.id})" for e in events)
                parts.append(f"In the timeline: {items}\n{{: .person-events }}\n")
    return "\n".join(parts)


# ---- bibliography -----------------------------------------------------------------------------
def cited_on_html(site: "Site", key: str, from_page: str) -> str:
    from .site import relative

    links = []
    for citer in site.cited_on.get(key, []):
        target = relative(from_page, citer.page).removesuffix(".md") + ".html" + (f"#{citer.anchor}" if citer.anchor else "")
        links.append(f'<a href="{html_attr(target)}">{html_text(citer.label)}</a>')
    return "; ".join(links)


def _entry_html(site: "Site", key: str, extra_class: str = "") -> str:
    from .site import BIBLIOGRAPHY_PAGE

    entry = site.references.entries[key]
    cited = cited_on_html(site, key, BIBLIOGRAPHY_PAGE)
    if cited:
        status = f"Cited on: {cited}"
    elif site.references.documents_of(key):
        status = "Listed for its documents (see below)."
    elif entry.is_further_reading:
        status = "Further reading: not cited on this site."
    else:
        status = "Not cited on this site."
    provenance = "<br>".join(html_text(p) for p in entry.provenance)
    formatted = site.forms[key].bibliography if site.forms else html_text(entry.title)
    return (
        f'<div class="bib-entry{extra_class}" id="{html_attr(key)}">\n'
        f'<p class="bib-ref">{formatted}</p>\n'
        f'<p class="bib-cited">Key <code>{html_text(key)}</code> · {status}</p>\n'
        f'<details class="bib-provenance" data-search-exclude><summary>How this entry was verified</summary>'
        f"<p>{provenance}</p></details>\n"
        "</div>\n"
    )


def bibliography_html(site: "Site") -> str:
    """The bibliography page, by kind of source; each documentary volume with its cited documents beneath."""
    parts = []
    for section in site.references.sections:
        if not section.entries:
            continue
        aliases = "".join(f'<span class="anchor-alias" id="{html_attr(a)}"></span>' for a in section.aliases)
        parts.append(f"## {markdown_text(section.heading)} {{#{section.id}}}\n")
        if aliases:
            parts.append(aliases + "\n")
        keys = {e.key for e in section.entries}
        for entry in section.entries:
            if entry.fields.get("crossref") in keys:
                continue   # listed under its volume
            parts.append(_entry_html(site, entry.key))
            documents = [d for d in site.references.documents_of(entry.key) if d.key in keys]
            if documents:
                parts.append('<div class="bib-documents" role="group" aria-label="Documents cited from this volume">\n'
                             + "".join(_entry_html(site, d.key, " bib-document") for d in documents) + "</div>\n")
    return "\n".join(parts)


# ---- primary-source register ------------------------------------------------------------------
def _cited_pages(site: "Site", key: str) -> str:
    from .site import REGISTER_PAGE, relative

    counts = Counter(c.page for c in site.cited_on.get(key, []))
    out = []
    for page, count in counts.items():
        title = site.pages[page].meta.get("short_title") or site.pages[page].title
        label = html_text(title) + (f" ({count})" if count > 1 else "")
        out.append(f'<a href="{html_attr(relative(REGISTER_PAGE, page).removesuffix(".md") + ".html")}">{label}</a>')
    return ", ".join(out) or "—"


def _table(table_id: str, caption: str, columns: list[str], rows: list[list[str]]) -> str:
    """An HTML table whose cells carry their column name, so that a narrow screen can stack them."""
    head = "".join(f'<th scope="col">{html_text(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f'<td data-label="{html_attr(c)}">{cell}</td>' for c, cell in zip(columns, row)) + "</tr>\n"
                   for row in rows)
    return (f'<table class="register" id="{table_id}-table">\n<caption>{html_text(caption)}</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n")


def register_markdown(site: "Site") -> str:
    """One table per kind of primary source, each with only the columns that apply to it."""
    from .csl import csl_type

    entries = [e for e in site.references.entries.values() if site.cited_on.get(e.key)]

    def of(test) -> list:
        return sorted((e for e in entries if test(e)), key=lambda e: (e.sort_date, e.key))

    def link(entry, text: str) -> str:
        return f'<a href="bibliography.html#{html_attr(entry.key)}">{html_text(text)}</a>'

    def outside(url: str, text: str) -> str:
        return f'<a href="{html_attr(url)}">{html_text(text)}</a>' if url else html_text(text)

    def date(entry) -> str:
        document_date = entry.document_date
        return html_text(document_date.display() if document_date else _date_text(entry))

    sections = []
    documents = of(lambda e: e.is_document)
    if documents:
        rows = []
        for e in documents:
            kind = " ".join(p for p in (e.subtype, e.text("number")) if p) or "document"
            names = " → ".join(", ".join(n.display() for n in e.names(role)) for role in ("author", "recipient") if e.names(role)) or "—"
            pages = f", p. {e.text('pages')}" if e.text("pages") else ""
            where = f"{_volume_short(site, e)}, doc. {e.text('eid')}{pages}" if e.text("eid") else _volume_short(site, e)
            rows.append([date(e), link(e, kind[:1].upper() + kind[1:]), html_text(names), html_text(e.text("library")) or "—",
                         outside(e.url, where), _cited_pages(site, e.key)])
        sections.append(("documents", "Diplomatic documents",
                         _table("documents", "Diplomatic documents, in date order",
                                ["Date", "Document", "From → to", "File", "Printed in", "Cited on"], rows)))
    debates = of(lambda e: csl_type(e) == "hearing")
    if debates:
        rows = [[date(e), link(e, e.title), outside(e.url, f"vol. {e.text('volume')}, cols. {e.text('pages')}" if e.text("volume") else "—"),
                 _cited_pages(site, e.key)] for e in debates]
        sections.append(("debates", "Parliamentary debates",
                         _table("debates", "House of Commons debates, by sitting", ["Sitting", "Debate", "Volume, columns", "Cited on"], rows)))
    texts = of(lambda e: csl_type(e) in ("treaty", "bill"))
    if texts:
        rows = []
        for e in texts:
            where = ", ".join(p for p in (e.text("booktitle") or e.text("institution"), e.text("volume") and f"vol. {e.text('volume')}",
                                          e.text("pages") and f"p. {e.text('pages')}") if p) or "—"
            rows.append([date(e), link(e, e.title), outside(e.url, where), _cited_pages(site, e.key)])
        sections.append(("texts", "Treaty texts and parliamentary prints",
                         _table("texts", "Treaty texts and parliamentary prints, in date order", ["Date", "Text", "Printed in", "Cited on"], rows)))
    press = of(lambda e: csl_type(e) in ("article-newspaper", "article-magazine"))
    if press:
        rows = [[date(e), outside(e.url, e.text("journaltitle")), link(e, e.title), _cited_pages(site, e.key)] for e in press]
        sections.append(("press", "Press of the time",
                         _table("press", "Newspaper and magazine items, in date order", ["Date", "Paper", "Article", "Cited on"], rows)))
    return "\n".join(f"## {heading} {{#{anchor}}}\n\n{table}" for anchor, heading, table in sections)


def _date_text(entry) -> str:
    from .dates import DateError, parse_iso

    try:
        return parse_iso(entry.text("date") or entry.text("year")).long()
    except DateError:
        return "—"


def _volume_short(site: "Site", entry) -> str:
    parent = site.references.entries.get(entry.fields.get("crossref", ""))
    if parent is not None and parent.text("shorthand"):
        volume = parent.text("volume")
        return f"{parent.text('shorthand')}" + (f", vol. {volume}" if volume else "")
    return entry.text("booktitle")
