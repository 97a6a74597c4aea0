"""Figures generated from the data at build time as inline SVG (no JavaScript library, no other host).

timeline_figure(site, page)        the whole timeline: one lane per government, phases as bands,
                                   one mark per event linking to its permanent anchor
timeline_figure_1943(site, page)   the compact 1943 lanes for the home page
correspondence(site, page)         who wrote to whom in the cited documents, by month

How the figures are drawn:
- One SVG per row, 1 unit = 1 CSS pixel; a row wider than the column scrolls sideways
  (docs/stylesheets/figures.css), and the print edition scales it to the page.
- Time runs left to right and is compressed: each event (or letter) has its own slot, and a longer
  gap before it adds a little width. Bands are the timeline's phases (or the months).
- Every mark is one <a> with a <title>: that title is its accessible name and its tooltip.
- Colours are Material's CSS custom properties (figures.css), so the figures follow the light and
  dark schemes. No ids inside the SVG: the print edition puts several figures on one page.
- Every value from the data reaches the SVG through escape.py (html_text, html_attr).

The correspondence figure places each writer and addressee at one of five posts (PLACES): see
`place_of` for the rule, which the figure's caption states for readers.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import MONTHS_SHORT
from .escape import html_attr, html_text
from .timeline import PHASES, POSITIONS, Event

if TYPE_CHECKING:  # pragma: no cover
    from .people import Person
    from .references import Entry, Name
    from .site import Site

# ---- geometry (CSS pixels) ----------------------------------------------------------------------
FONT = 11             # the labels' font size (figures.css)
CHAR = 0.58 * FONT    # a generous average width of one character, to keep labels from overlapping
TOP = 20              # room for the row title and the band labels
AXIS = 18             # room for the axis labels under the lanes
PAD = 6               # space around the marks inside a row
FOCUS_YEAR = 1943     # the timeline's middle row, and the home page's figure
OTHER_LANE = "Other"  # events that name no government
SHORT_PHASES = {"background": "Background", "early-1943": "Jan.–Apr.", "washington": "Washington",
                "memoranda-moscow": "Memoranda, Moscow", "signing": "Signing", "aftermath": "Aftermath"}


def _n(value: float) -> str:
    """A coordinate, short: 12, 12.5."""
    return f"{value:.1f}".removesuffix(".0")


def _fits(text: str, width: float) -> bool:
    return len(text) * CHAR <= width


def _gap(days: int, scale: float, cap: float) -> float:
    """Extra width for the time between two marks: nothing for the same day, at most `cap`."""
    return min(cap, scale * math.log2(1 + max(days, 0) / 30))


@dataclass
class Row:
    """One SVG: a run of slots (x positions) over a set of lanes."""
    title: str
    lanes: list[str]
    lane_height: int
    labels: dict[str, str]      # lane -> its label

    @property
    def gutter(self) -> float:
        """Room on the left for the lane labels and the row's title."""
        widest = max([len(text) for text in self.labels.values()] + [len(self.title) + 1])
        return round(widest * CHAR + 12)

    def lane_y(self, lane: str) -> float:
        return TOP + self.lane_height * (self.lanes.index(lane) + 0.5)

    @property
    def bottom(self) -> float:
        return TOP + self.lane_height * len(self.lanes)

    def frame(self, width: float, height: float, label: str, bands: str, axis: str, marks: str) -> str:
        """The SVG: a decorative layer hidden from assistive technology, then the marks (the links)."""
        lanes = "".join(
            f'<path class="fg-lane" d="M{self.gutter} {_n(self.lane_y(lane))}H{_n(width - 2)}"/>'
            f'<text class="fg-lab" x="{self.gutter - 6}" y="{_n(self.lane_y(lane) + 4)}">{html_text(self.labels[lane])}</text>'
            for lane in self.lanes)
        title = f'<text class="fg-title" x="0" y="14">{html_text(self.title)}</text>' if self.title else ""
        return (f'<svg class="fg-row" viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
                f'role="group" aria-label="{html_attr(label)}">'
                f'<g aria-hidden="true">{bands}{lanes}{title}'
                f'<path class="fg-axis" d="M{self.gutter} {_n(self.bottom)}H{_n(width - 2)}"/>{axis}</g>'
                f"{marks}</svg>")


def _bands(xs: list[float], keys: list, left: float, width: float, top: float, bottom: float, label_of,
           parity_of=None) -> str:
    """Alternating bands over runs of equal keys (shaded by parity_of(key), or every other run), each
    labelled at its top with the first of label_of(key) that fits."""
    parts, start, runs = [], 0, 0
    for index in range(1, len(keys) + 1):
        if index < len(keys) and keys[index] == keys[start]:
            continue
        x0 = left if start == 0 else (xs[start - 1] + xs[start]) / 2
        x1 = width - 2 if index == len(keys) else (xs[index - 1] + xs[index]) / 2
        parity = parity_of(keys[start]) if parity_of else runs % 2
        parts.append(f'<rect class="fg-band{parity}" x="{_n(x0)}" y="{_n(top)}" '
                     f'width="{_n(x1 - x0)}" height="{_n(bottom - top)}"/>')
        label = next((t for t in label_of(keys[start]) if _fits(t, x1 - x0 - 6)), "")
        if label:
            parts.append(f'<text class="fg-band-lab" x="{_n(x0 + 3)}" y="14">{html_text(label)}</text>')
        start, runs = index, runs + 1
    return "".join(parts)


def _ticks(xs: list[float], keys: list, y: float, text_of, tick: bool = True) -> str:
    """Axis labels at the first mark of each period, skipping any that would overlap the one before."""
    parts, free_from = [], 0.0
    for index, (x, key) in enumerate(zip(xs, keys)):
        if index and key == keys[index - 1]:
            continue
        text = text_of(key)
        end = index
        while end + 1 < len(keys) and keys[end + 1] == key:
            end += 1
        left = max(x - 4, free_from)      # pushed right past the label before, but only within its period
        if left > xs[end]:
            continue
        if tick:
            parts.append(f'<path class="fg-tick" d="M{_n(x)} {_n(y)}v4"/>')
        parts.append(f'<text class="fg-tick-lab" x="{_n(left)}" y="{_n(y + 14)}">{html_text(text)}</text>')
        free_from = left + len(text) * CHAR + 8
    return "".join(parts)


def _slots(dates: list, keys: list, left: float, slot: float, scale: float, cap: float, key_gap: float) -> list[float]:
    """Each mark's x: one slot each, widened by the time since the previous mark and at a change of key."""
    xs, x = [], left + PAD + slot / 2
    for index, date in enumerate(dates):
        if index:
            x += slot + _gap((date - dates[index - 1]).days, scale, cap) + (key_gap if keys[index] != keys[index - 1] else 0)
        xs.append(x)
    return xs


def _legend(items: list[tuple[str, str]]) -> str:
    """A list of (small SVG drawing, words); the drawings are decorative."""
    return ('<ul class="fg-legend">' + "".join(
        f'<li><svg class="fg-key" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">{drawing}</svg> {words}</li>'
        for drawing, words in items) + "</ul>")


def _page_link(from_page: str, to_page: str) -> str:
    """A link from one docs page to another as the built site has it ('' for the page itself)."""
    from .site import relative

    return "" if from_page == to_page else relative(from_page, to_page).removesuffix(".md") + ".html"


# ---- the timeline ------------------------------------------------------------------------------
SLOT = 9.0            # one event's width
GAP_SCALE, GAP_CAP, PHASE_GAP = 4.0, 30.0, 6.0


def _glyph(precision: str, x: float, y: float) -> str:
    if precision == "month":
        return f'<rect class="fg-g" x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" width="7" height="7"/>'
    if precision == "year":
        return f'<path class="fg-g" d="M{_n(x)} {_n(y - 5)}l5 5-5 5-5-5z"/>'
    return f'<circle class="fg-g" cx="{_n(x)}" cy="{_n(y)}" r="4"/>'


def event_lanes(event: Event) -> list[str]:
    return [p for p in POSITIONS if p in event.positions] or [OTHER_LANE]


def timeline_lanes(site: "Site") -> list[str]:
    return POSITIONS + ([OTHER_LANE] if any(not e.positions for e in site.events) else [])


def _event_mark(event: Event, x: float, row: Row, href: str) -> str:
    ys = [row.lane_y(lane) for lane in event_lanes(event)]
    half = row.lane_height / 2
    kind = " fg-ap" if event.approximate else ""
    joint = f'<path class="fg-join" d="M{_n(x)} {_n(ys[0])}V{_n(ys[-1])}"/>' if len(ys) > 1 else ""
    return (f'<a class="fg-mark{kind}" href="{html_attr(href)}"><title>{html_text(f"{event.display_date}: {event.title}")}</title>'
            f'<rect class="fg-hit" x="{_n(x - SLOT / 2)}" y="{_n(ys[0] - half)}" width="{_n(SLOT)}" height="{_n(ys[-1] - ys[0] + 2 * half)}"/>'
            f'{joint}{"".join(_glyph(event.precision, x, y) for y in ys)}</a>')


def _timeline_row(events: list[Event], title: str, lanes: list[str], lane_height: int, href_of) -> str:
    row = Row(title=title, lanes=lanes, lane_height=lane_height, labels={lane: lane for lane in lanes})
    phases = [e.phase for e in events]
    xs = _slots([e.start for e in events], phases, row.gutter, SLOT, GAP_SCALE, GAP_CAP, PHASE_GAP)
    width = xs[-1] + SLOT / 2 + PAD
    height = row.bottom + AXIS
    order = [p for p, _ in PHASES]
    headings = dict(PHASES)
    bands = _bands(xs, phases, row.gutter, width, 2, row.bottom, lambda p: (headings[p], SHORT_PHASES.get(p, "")),
                   lambda p: order.index(p) % 2)
    one_year = len({e.start.year for e in events}) == 1
    keys = [(e.start.year, e.start.month) if one_year else e.start.year for e in events]
    axis = _ticks(xs, keys, row.bottom, lambda k: MONTHS_SHORT[k[1] - 1] if one_year else str(k))
    marks = "".join(_event_mark(e, x, row, href_of(e)) for e, x in zip(events, xs))
    return row.frame(width, height, f"Timeline, {title}: {len(events)} events", bands, axis, marks)


def _years(events: list[Event]) -> str:
    first, last = events[0].start.year, max(e.start.year for e in events)
    return str(first) if first == last else f"{first}–{last}"


def _timeline_legend(events: list[Event]) -> str:
    precisions = {e.precision for e in events}
    items = [(_glyph("day", 12, 8), "exact day"), (_glyph("month", 12, 8), "month only")]
    if "year" in precisions:
        items.append((_glyph("year", 12, 8), "year only"))
    items.append((f'<g class="fg-ap">{_glyph("day", 7, 8)}{_glyph("month", 18, 8)}</g>', "approximate (inferred) date"))
    items.append(('<g><path class="fg-join" d="M12 2V14"/>' + _glyph("day", 12, 3.5) + _glyph("day", 12, 12.5) + "</g>",
                  "one event that concerns several governments"))
    return _legend(items)


def _figure(class_name: str, rows: list[str], caption: str) -> str:
    """The figure: a sideways-scrolling strip of rows, then the caption (editorial text, out of search)."""
    return (f'<figure class="fg {class_name}" data-search-exclude>\n<div class="fg-scroll">{"".join(rows)}</div>\n'
            f'<figcaption class="editorial">{caption}</figcaption>\n</figure>\n')


def timeline_figure(site: "Site", page: str) -> str:
    """The whole timeline in three rows (before, during and after 1943), one lane per government."""
    from .site import TIMELINE_PAGE

    if not site.events:
        return ""
    target = _page_link(page, TIMELINE_PAGE)
    lanes = timeline_lanes(site)
    groups = [[e for e in site.events if e.start.year < FOCUS_YEAR], [e for e in site.events if e.start.year == FOCUS_YEAR],
              [e for e in site.events if e.start.year > FOCUS_YEAR]]
    rows = [_timeline_row(events, _years(events), lanes, 18, lambda e: f"{target}#{e.id}") for events in groups if events]
    other = (f" Events that name no government are in the lane “{OTHER_LANE}”." if OTHER_LANE in lanes else "")
    caption = (f"<p>The {len(site.events)} events of the timeline, one lane for each government whose position an event "
               f"shows; the bands are the phases below.{other} Time runs left to right and is compressed: every event "
               "has its own place, and a longer gap before it is drawn a little wider. Each mark leads to the event’s "
               "entry; with JavaScript on, the filters below dim the marks of the events they hide.</p>" + _timeline_legend(site.events))
    return _figure("fg-timeline", rows, caption)


def timeline_figure_1943(site: "Site", page: str) -> str:
    """The 1943 row alone, compact, for the home page: each mark leads to its event on the timeline page."""
    from .site import TIMELINE_PAGE

    events = [e for e in site.events if e.start.year == FOCUS_YEAR]
    if not events:
        return ""
    target = _page_link(page, TIMELINE_PAGE)
    row = _timeline_row(events, str(FOCUS_YEAR), timeline_lanes(site), 15, lambda e: f"{target}#{e.id}")
    caption = (f'<p>The {len(events)} events of {FOCUS_YEAR}, one lane for each government whose position an event '
               f'shows. Each mark leads to its entry in the '
               f'<a href="{html_attr(target or "#")}">timeline of the negotiations</a>, which also covers the years '
               "before and after.</p>" + _timeline_legend(events))
    return _figure("fg-timeline fg-compact", [row], caption)


# ---- the correspondence ------------------------------------------------------------------------
PLACES = ["London", "Czechoslovak government", "Polish government", "Washington", "Moscow"]
PLACE_LABELS = {"London": "London", "Czechoslovak government": "Czechoslovak govt", "Polish government": "Polish govt",
                "Washington": "Washington", "Moscow": "Moscow"}
GOVERNMENT_PLACES = {"British": "London", "US": "Washington", "Soviet": "Moscow", "Czechoslovak": "Czechoslovak government",
                     "Polish": "Polish government"}
# What a FRUS heading says about one party -> (its place, its government). First match wins:
# a US envoy first (placed at his post), then the other governments, then Washington.
POST_RULES = [
    (re.compile(r"\bin the United Kingdom\b", re.I), "London", "US"),
    (re.compile(r"\bin the Soviet Union\b", re.I), "Moscow", "US"),
    (re.compile(r"\b(?:to|near) the Polish Government\b|\bin Poland\b", re.I), "Polish government", "US"),
    (re.compile(r"\b(?:to|near) the Czechoslovak Government\b|\bin Czechoslovakia\b", re.I), "Czechoslovak government", "US"),
    (re.compile(r"\bPol(?:ish|and)\b", re.I), "Polish government", "Polish"),
    (re.compile(r"\bCzechoslova", re.I), "Czechoslovak government", "Czechoslovak"),
    (re.compile(r"\bBritish\b|\bUnited Kingdom\b", re.I), "London", "British"),
    (re.compile(r"\bSoviet\b|\bCommissar", re.I), "Moscow", "Soviet"),
    (re.compile(r"\bSecretary of State\b|\bDepartment of State\b|\bPresident (?:Roosevelt|Truman)\b|\bAmerican\b|\bUnited States\b", re.I),
     "Washington", "US"),
]
ENVOY_TO = re.compile(r"(?:Ambassador|Minister|Chargé|Envoy|Representative)$")
SLOT_LETTER, MONTH_GAP = 14.0, 8.0


@dataclass(frozen=True)
class Party:
    place: str        # one of PLACES, or "" if nothing says
    government: str   # British, US, Soviet, Czechoslovak, Polish, or ""


@dataclass
class Letter:
    entry: "Entry"
    sender: Party
    recipient: Party

    @property
    def within_us_service(self) -> bool:
        return self.sender.government == self.recipient.government == "US"


def heading_parties(title: str) -> tuple[str, str]:
    """A FRUS heading 'The Ambassador in the United Kingdom (Winant) to the Secretary of State' as
    (sender part, recipient part); ('', '') when the heading is not of that form."""
    cuts = [m.start() for m in re.finditer(r" to ", title)]
    after_name = [c for c in cuts if title[:c].endswith(")")]
    plain = [c for c in cuts if not ENVOY_TO.search(title[:c])]
    cut = (after_name or plain or [None])[0]
    return ("", "") if cut is None else (title[:cut], title[cut + 4:])


def _registry_match(names: list["Name"], people: dict[str, "Person"]) -> "Person | None":
    """The person of the registry with one of these names (full name, alias, or an unambiguous surname)."""
    def plain(text: str) -> str:
        return " ".join(text.lower().replace(".", " ").split())

    for name in names:
        wanted = plain(name.display())
        for person in people.values():
            if wanted in {plain(person.name), *(plain(a) for a in person.aliases)}:
                return person
        if name.family:
            same = [p for p in people.values() if plain(p.name).split()[-1:] == [plain(name.family)]
                    or plain(p.name).removesuffix(" jr").split()[-1:] == [plain(name.family)]]
            if len(same) == 1:
                return same[0]
    return None


def place_of(heading_part: str, names: list["Name"], people: dict[str, "Person"]) -> Party:
    """Where a writer or addressee stands in the figure.

    The rule: a US envoy abroad is placed at the capital or government he was accredited to, as the
    FRUS heading names his post (Winant, 'Ambassador in the United Kingdom', writes from London;
    Biddle, 'Ambassador to the Polish Government in Exile', from the Polish government); the
    President, the Department of State and its delegations are Washington; every other writer stands
    with his own government, wherever he sat (the British Embassy in Washington is London, the Soviet
    ambassador in Washington is Moscow). The heading decides; where it names no post, the names do;
    where they do not either, the people registry's government does.
    """
    for text in (heading_part, " / ".join(n.display() for n in names)):
        for pattern, place, government in POST_RULES:
            if text and pattern.search(text):
                return Party(place, government)
    person = _registry_match(names, people)
    if person and person.government in GOVERNMENT_PLACES:
        return Party(GOVERNMENT_PLACES[person.government], person.government)
    return Party("", "")


def letters(site: "Site") -> tuple[list[Letter], list["Entry"], list["Entry"]]:
    """The cited documents that went from someone to someone, in date order; the cited documents
    that did not (memoranda, minutes, editorial notes); and the letters that could not be placed."""
    documents = sorted((e for e in site.references.entries.values() if e.is_document and site.cited_on.get(e.key)),
                       key=lambda e: (e.sort_date, e.key))
    placed, others, unplaced = [], [], []
    for entry in documents:
        if not (entry.names("author") and entry.names("recipient") and entry.document_date):
            others.append(entry)
            continue
        sender_part, recipient_part = heading_parties(entry.title)
        letter = Letter(entry, place_of(sender_part, entry.names("author"), site.people),
                        place_of(recipient_part, entry.names("recipient"), site.people))
        if letter.sender.place and letter.recipient.place and entry.document_date.start.month:
            placed.append(letter)
        else:
            unplaced.append(entry)
    return placed, others, unplaced


def letter_name(letter: Letter) -> str:
    """The letter's accessible name and tooltip: date, kind, document number, who to whom (FRUS's heading), places."""
    entry = letter.entry
    if heading_parties(entry.title)[0]:
        who = entry.title
    else:
        who = " and ".join(n.display() for n in entry.names("author")) + " to " + \
              " and ".join(n.display() for n in entry.names("recipient"))
    kind = entry.subtype or "document"
    places = (f"within {letter.sender.place}" if letter.sender.place == letter.recipient.place
              else f"{letter.sender.place} to {letter.recipient.place}")
    number = f", FRUS doc. {entry.text('eid')}" if entry.is_frus_document and entry.text("eid") else ""
    return f"{entry.document_date.display()}, {kind}{number}: {who} ({places})"


def _letter_mark(letter: Letter, x: float, row: Row, href: str) -> str:
    y0, y1 = row.lane_y(letter.sender.place), row.lane_y(letter.recipient.place)
    style = " fg-us" if letter.within_us_service else ""
    half = row.lane_height / 2
    top, bottom = min(y0, y1) - half, max(y0, y1) + half
    if y0 == y1:
        drawing = f'<circle class="fg-g" cx="{_n(x)}" cy="{_n(y0)}" r="3"/><circle class="fg-ring" cx="{_n(x)}" cy="{_n(y0)}" r="6"/>'
    else:
        down = 1 if y1 > y0 else -1
        tip = y1 - down * 3
        drawing = (f'<circle class="fg-g" cx="{_n(x)}" cy="{_n(y0)}" r="3"/>'
                   f'<path class="fg-line" d="M{_n(x)} {_n(y0)}V{_n(tip - down * 6)}"/>'
                   f'<path class="fg-head" d="M{_n(x - 4)} {_n(tip - down * 7)}L{_n(x)} {_n(tip)}L{_n(x + 4)} {_n(tip - down * 7)}z"/>')
    return (f'<a class="fg-mark fg-letter{style}" href="{html_attr(href)}"><title>{html_text(letter_name(letter))}</title>'
            f'<rect class="fg-hit" x="{_n(x - SLOT_LETTER / 2)}" y="{_n(top)}" width="{_n(SLOT_LETTER)}" height="{_n(bottom - top)}"/>'
            f"{drawing}</a>")


def _plural(kind: str) -> str:
    """'memorandum of conversation' -> 'memoranda of conversation', 'editorial note' -> 'editorial notes'."""
    head, _, rest = kind.partition(" of ")
    head = {"memorandum": "memoranda", "minutes": "minutes"}.get(head, head if head.endswith("s") else head + "s")
    return f"{head} of {rest}" if rest else head


def correspondence(site: "Site", page: str) -> str:
    """Who wrote to whom in the cited documents, by month: one lane per place, one arrow per letter."""
    from .site import BIBLIOGRAPHY_PAGE

    placed, others, unplaced = letters(site)
    if not placed:
        return ""
    bibliography = _page_link(page, BIBLIOGRAPHY_PAGE)
    row = Row(title="", lanes=PLACES, lane_height=24, labels=PLACE_LABELS)
    months = [(lt.entry.document_date.start.year, lt.entry.document_date.start.month) for lt in placed]
    xs = _slots([lt.entry.document_date.start.start() for lt in placed], months, row.gutter, SLOT_LETTER, 0, 0, MONTH_GAP)
    width = xs[-1] + SLOT_LETTER / 2 + PAD
    height = row.bottom + AXIS + 16
    bands = _bands(xs, months, row.gutter, width, TOP - 2, row.bottom, lambda m: ())
    month_axis = _ticks(xs, months, row.bottom, lambda m: MONTHS_SHORT[m[1] - 1].rstrip("."))
    year_axis = _ticks(xs, [m[0] for m in months], row.bottom + 16, str, tick=False)
    marks = "".join(_letter_mark(lt, x, row, f"{bibliography}#{lt.entry.key}") for lt, x in zip(placed, xs))
    svg = row.frame(width, height, f"Correspondence by month: {len(placed)} letters", bands, month_axis + year_axis, marks)
    between = sum(not lt.within_us_service for lt in placed)
    kinds = sorted({_plural(e.subtype or "document") for e in others})
    left_out = (f" The other {len(others)} cited documents ({', '.join(kinds)}) were addressed to no one and are not "
                "drawn." if others else "")
    not_placed = ""
    if unplaced:
        links = "; ".join(f'<a href="{html_attr(bibliography)}#{html_attr(e.key)}">{html_text(e.title)}</a>' for e in unplaced)
        not_placed = (f"<p>Not drawn, because the figure cannot place them (their heading and names name no post it "
                      f"knows, or their date gives no month): {links}.</p>")
    caption = (f"<p>The {len(placed)} cited documents that went from a writer to an addressee, one arrow each from the "
               "writer’s place to the addressee’s, in date order and grouped by month (a document dated within a window "
               f"stands at its earliest month). {between} passed between governments; the dashed ones are reports and "
               "instructions within the US service. Who stands where: a US envoy abroad at the capital or government he "
               "was accredited to, as the FRUS heading names his post (the ambassador in the United Kingdom writes from "
               "London); the President and the Department of State in Washington; everyone else with their own "
               "government, wherever they sat (the British Embassy in Washington is London). Each arrow leads to the "
               f"document’s entry in the bibliography.{left_out}</p>{not_placed}"
               + _legend([('<circle class="fg-g" cx="4" cy="8" r="3"/><path class="fg-line" d="M4 8H14"/>'
                           '<path class="fg-head" d="M13 4L20 8L13 12z"/>', "between governments"),
                          ('<g class="fg-us"><circle class="fg-g" cx="4" cy="8" r="3"/><path class="fg-line" d="M4 8H14"/>'
                           '<path class="fg-head" d="M13 4L20 8L13 12z"/></g>', "within the US service"),
                          ('<circle class="fg-g" cx="12" cy="8" r="3"/><circle class="fg-ring" cx="12" cy="8" r="6"/>',
                           "within one place")]))
    return _figure("fg-letters", [svg], caption)
