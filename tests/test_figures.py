"""The figures (scripts/treatysite/figures.py): the timeline as inline SVG, its 1943 lanes for the home
page, and the correspondence by month.

Checked twice: in the generated HTML (one mark per event, in order, escaped, the right shapes), and
in Debian's Chromium, light and dark (accessible names, keyboard, working links, contrast of the marks,
the filters dim the marks they hide, axe-core on the figure), in the print edition and in a project
copy whose home page carries the 1943 figure.
"""
from __future__ import annotations

import dataclasses
import re
import types

import pytest
from bs4 import BeautifulSoup

from browser import browser
from conftest import ROOT, mkdocs_build
from npm_tools import npm_file
from tooling import copy_project, serve
from treatysite import figures

SCHEMES = ["light", "dark"]


def marks_of(html: str, selector: str = "a.fg-mark") -> list:
    return BeautifulSoup(html, "html.parser").select(selector)


def event_name(event) -> str:
    return f"{event.display_date}: {event.title}"


# ---- the generated HTML ---------------------------------------------------------------------------
def test_timeline_figure_has_one_mark_per_event_in_order(site_model):
    html = figures.timeline_figure(site_model, "timeline.md")
    marks = marks_of(html)
    assert [m["href"] for m in marks] == [f"#{e.id}" for e in site_model.events]
    assert [m.title.get_text() for m in marks] == [event_name(e) for e in site_model.events]
    lanes = figures.timeline_lanes(site_model)
    assert lanes[:5] == ["British", "US", "Soviet", "Czechoslovak", "Polish"]
    labels = [t.get_text() for t in BeautifulSoup(html, "html.parser").select("svg.fg-row")[0].select("text.fg-lab")]
    assert labels == lanes
    for mark, event in zip(marks, site_model.events):
        glyphs = mark.select(".fg-g")
        assert len(glyphs) == len(figures.event_lanes(event)), event.id     # one glyph in each of its lanes
        shape = {"day": "circle", "month": "rect", "year": "path"}[event.precision]
        assert {g.name for g in glyphs} == {shape}, event.id
        assert ("fg-ap" in mark["class"]) == event.approximate, event.id


def test_exact_month_and_approximate_dates_are_drawn_differently_and_explained(site_model):
    html = figures.timeline_figure(site_model, "timeline.md")
    kinds = {(e.precision, e.approximate) for e in site_model.events}
    assert {("day", False), ("month", False), ("day", True)} <= kinds    # the data has all three
    legend = BeautifulSoup(html, "html.parser").select_one("figcaption ul.fg-legend").get_text(" ")
    for words in ("exact day", "month only", "approximate"):
        assert words in legend


def test_phases_are_bands_and_rows_split_the_years(site_model):
    soup = BeautifulSoup(figures.timeline_figure(site_model, "timeline.md"), "html.parser")
    rows = soup.select("svg.fg-row")
    groups = [[e for e in site_model.events if test(e.start.year)]
              for test in (lambda y: y < 1943, lambda y: y == 1943, lambda y: y > 1943)]
    assert all(groups)
    years = [sorted({e.start.year for e in group}) for group in groups]
    assert [r.select_one("text.fg-title").get_text() for r in rows] == [
        f"{y[0]}–{y[-1]}" if len(y) > 1 else str(y[0]) for y in years]
    assert [len(r.select("a.fg-mark")) for r in rows] == [len(group) for group in groups]
    assert [len(r.select("rect.fg-band0, rect.fg-band1")) for r in rows] == [len({e.phase for e in g}) for g in groups]


def test_every_text_of_the_figures_is_escaped(site_model):
    nasty = 'A <b>bold</b> & "quoted" <script>alert(1)</script> title'
    events = [dataclasses.replace(e, title=nasty) for e in site_model.events]
    fake = types.SimpleNamespace(events=events)
    html = figures.timeline_figure(fake, "timeline.md")
    assert "<b>" not in html and "<script>" not in html
    assert marks_of(html)[0].title.get_text() == f"{events[0].display_date}: {nasty}"


def test_home_figure_holds_the_1943_events_and_leads_to_the_timeline(site_model):
    html = figures.timeline_figure_1943(site_model, "index.md")
    in_1943 = [e for e in site_model.events if e.start.year == 1943]
    assert in_1943 and len(in_1943) < len(site_model.events)
    assert [m["href"] for m in marks_of(html)] == [f"timeline.html#{e.id}" for e in in_1943]
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("svg.fg-row")) == 1
    assert soup.select_one("figcaption a[href='timeline.html']")


@pytest.mark.parametrize("heading, sender, recipient", [
    ("The Ambassador in the United Kingdom (Winant) to the Secretary of State", ("London", "US"), ("Washington", "US")),
    ("The Ambassador to the Polish Government in Exile (Biddle) to the Secretary of State", ("Polish government", "US"), ("Washington", "US")),
    ("The Acting Secretary of State to the Ambassador to the Polish Government in Exile (Biddle), at London", ("Washington", "US"), ("Polish government", "US")),
    ("The Chargé Near the Czechoslovak Government in Exile (Schoenfeld) to the Secretary of State", ("Czechoslovak government", "US"), ("Washington", "US")),
    ("The Ambassador in the Soviet Union (Harriman) to the Secretary of State", ("Moscow", "US"), ("Washington", "US")),
    ("The British Embassy to the Department of State", ("London", "British"), ("Washington", "US")),
    ("The Secretary of State to the Ambassador of the Soviet Union (Gromyko)", ("Washington", "US"), ("Moscow", "Soviet")),
    ("President Roosevelt to the President of the Provisional Government of Czechoslovakia in Exile (Beneš)", ("Washington", "US"), ("Czechoslovak government", "Czechoslovak")),
    ("The British Prime Minister (Churchill) to President Truman", ("London", "British"), ("Washington", "US")),
    ("Mr. Boris Fedorovich Podtserob of the Soviet Delegation to Mr. Charles E. Bohlen of the American Delegation", ("Moscow", "Soviet"), ("Washington", "US")),
    ("The Ambassador in Czechoslovakia (Steinhardt) to the Secretary of State", ("Czechoslovak government", "US"), ("Washington", "US")),
])
def test_correspondence_places_each_party_by_the_rule(heading, sender, recipient):
    sender_part, recipient_part = figures.heading_parties(heading)
    assert figures.place_of(sender_part, [], {}) == figures.Party(*sender)
    assert figures.place_of(recipient_part, [], {}) == figures.Party(*recipient)


def test_a_heading_without_a_post_falls_back_to_the_names_then_the_people_registry(site_model):
    from treatysite.references import Name

    assert figures.heading_parties("[Note of October 23, 1943, from the Commissariat]") == ("", "")
    assert figures.place_of("", [Name(literal="American Embassy in the Soviet Union")], {}) == figures.Party("Moscow", "US")
    hull = site_model.people["hull"]
    assert figures.place_of("", [Name(family="Hull", given="Cordell")], site_model.people) == figures.Party(
        figures.GOVERNMENT_PLACES[hull.government], hull.government)
    assert figures.place_of("", [Name(family="Nobody", given="A.")], {}) == figures.Party("", "")


def test_correspondence_figure_links_every_letter_to_its_entry(site_model):
    placed, others, unplaced = figures.letters(site_model)
    assert placed and not unplaced, [e.key for e in unplaced]
    documents = [e for e in site_model.references.entries.values() if e.is_document and site_model.cited_on.get(e.key)]
    assert len(placed) + len(others) == len(documents)
    for letter in placed:
        assert letter.entry.names("author") and letter.entry.names("recipient")
        assert letter.sender.place in figures.PLACES and letter.recipient.place in figures.PLACES
    html = figures.correspondence(site_model, "sources/primary-sources.md")
    marks = marks_of(html)
    assert [m["href"] for m in marks] == [f"bibliography.html#{lt.entry.key}" for lt in placed]
    assert [m.title.get_text() for m in marks] == [figures.letter_name(lt) for lt in placed]
    months = [lt.entry.document_date.start.start() for lt in placed]
    assert months == sorted(months)
    labels = [t.get_text() for t in BeautifulSoup(html, "html.parser").select("text.fg-lab")]
    assert labels == [figures.PLACE_LABELS[p] for p in figures.PLACES]


def test_a_letter_the_rule_cannot_place_is_named_under_the_figure_not_dropped(site_model):
    from pybtex.database import Person

    placed, _others, _unplaced = figures.letters(site_model)
    known = placed[0].entry
    odd = dataclasses.replace(known, key="odd-letter", persons={"author": [Person("Smith, John")]},
                              fields={**known.fields, "title": "The Consul at Lisbon (Smith) to the <i>Foreign</i> Minister",
                                      "namea": "Jones, Ann"})
    fake = types.SimpleNamespace(references=types.SimpleNamespace(entries={known.key: known, odd.key: odd}),
                                 cited_on={known.key: ["a page"], odd.key: ["a page"]}, people={})
    placed, _others, unplaced = figures.letters(fake)
    assert [lt.entry.key for lt in placed] == [known.key] and unplaced == [odd]
    html = figures.correspondence(fake, "sources/primary-sources.md")
    assert [m["href"] for m in marks_of(html)] == [f"bibliography.html#{known.key}"]
    note = BeautifulSoup(html, "html.parser").select_one("figcaption a[href='bibliography.html#odd-letter']")
    assert note is not None and note.get_text() == "The Consul at Lisbon (Smith) to the <i>Foreign</i> Minister"


# ---- in the browser --------------------------------------------------------------------------------
def _channels(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _luminance(rgb) -> float:
    def linear(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast of a (possibly translucent) colour drawn over an opaque background."""
    *fg, alpha = _channels(foreground)
    bg = _channels(background)[:3]
    mixed = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg)]
    light, dark = sorted((_luminance(mixed), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def run_axe(page, selector: str) -> list[str]:
    page.add_script_tag(content=npm_file("axe-core", "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("async (s) => await axe.run(document.querySelector(s), {resultTypes: ['violations']})", selector)
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def colours(page, figure: str) -> dict:
    return page.evaluate("""(figure) => {
        const f = document.querySelector(figure);
        const style = (sel, prop) => getComputedStyle(f.querySelector(sel))[prop];
        return {background: getComputedStyle(document.body).backgroundColor,
                mark: style('a.fg-mark .fg-g', 'fill'), label: style('text.fg-lab', 'fill'),
                tick: style('text.fg-tick-lab', 'fill'), link: getComputedStyle(document.body).getPropertyValue('--md-typeset-a-color')};
    }""", figure)


def check_figure_colours(page, figure: str, scheme: str) -> None:
    found = colours(page, figure)
    assert found["background"] not in ("", "rgba(0, 0, 0, 0)")
    assert contrast(found["mark"], found["background"]) >= 3, (scheme, found)      # a graphic object
    assert contrast(found["label"], found["background"]) >= 4.5, (scheme, found)   # text
    assert contrast(found["tick"], found["background"]) >= 4.5, (scheme, found)


def names_in(figure_locator, names: list[str]) -> list[str]:
    """The names that are not exactly one link's accessible name inside the figure."""
    return [n for n in names if figure_locator.get_by_role("link", name=n, exact=True).count() != 1]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_timeline_figure_in_chromium(site_dir, site_model, scheme):
    with serve(site_dir) as base, browser() as chromium:
        context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base + "timeline.html")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
        figure = page.locator("figure.fg-timeline")
        assert figure.is_visible() and page.locator("figure.fg-timeline").count() == 1
        # at the top of the page: before the filters and the first event
        assert page.evaluate("""() => {
            const f = document.querySelector('figure.fg-timeline'), e = document.querySelector('.tl-event');
            return !!(f.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
        marks = figure.locator("a.fg-mark")
        assert marks.count() == len(site_model.events)
        assert names_in(figure, [event_name(e) for e in site_model.events]) == []
        targets = page.evaluate("""() => [...document.querySelectorAll('figure.fg-timeline a.fg-mark')].map(a => {
            const t = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
            return [a.getAttribute('href'), a.tabIndex, !!(t && t.closest('.tl-event'))]; })""")
        assert [t[0] for t in targets] == [f"#{e.id}" for e in site_model.events]
        assert all(tab == 0 and found for _href, tab, found in targets), targets
        check_figure_colours(page, "figure.fg-timeline", scheme)
        assert run_axe(page, "figure.fg-timeline") == []

        # keyboard: Tab from the last link before the figure reaches the first mark, then the next; Enter follows it
        page.evaluate("""() => {
            const figure = document.querySelector('figure.fg-timeline');
            const before = [...document.querySelectorAll('article a[href], article button, article input')]
                .filter(el => el.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING && !figure.contains(el));
            before[before.length - 1].focus(); }""")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{site_model.events[0].id}"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{site_model.events[1].id}"
        page.keyboard.press("Enter")
        page.wait_for_function(f"location.hash === '#{site_model.events[1].id}'")

        # a click leads to the event, in view
        event = site_model.events[len(site_model.events) // 2]
        figure.locator(f"a.fg-mark[href='#{event.id}']").click()
        page.wait_for_function(f"location.hash === '#{event.id}'")
        box = page.locator(f"[id='{event.id}']").bounding_box()
        assert box and 0 <= box["y"] < 900
        context.close()


@pytest.mark.browser
def test_filters_dim_the_marks_of_the_events_they_hide(site_dir, site_model):
    def dimmed(page) -> dict:
        return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('figure.fg-timeline a.fg-mark')].map(
            a => [a.getAttribute('href').slice(1), Number(getComputedStyle(a).opacity)]))""")

    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "timeline.html")
        assert set(dimmed(page).values()) == {1.0}
        for box in page.locator("input[name=position]").all():
            if box.get_attribute("value") != "US":
                box.uncheck()
        hidden = {e.id for e in site_model.events if e.positions and "US" not in e.positions}
        opacity = dimmed(page)
        assert hidden and {i for i, o in opacity.items() if o < 0.5} == hidden
        assert all(opacity[e.id] == 1.0 for e in site_model.events if e.id not in hidden)

        # a dimmed mark still leads to its event: following it shows the event
        chosen = next(e for e in site_model.events if e.id in hidden)
        page.locator(f"figure.fg-timeline a.fg-mark[href='#{chosen.id}']").click()
        page.wait_for_function(f"location.hash === '#{chosen.id}'")
        page.wait_for_function(f"!document.getElementById('{chosen.id}').closest('.tl-event').hidden")
        box = page.locator(f"[id='{chosen.id}']").bounding_box()
        assert box and 0 <= box["y"] < 900
        page.mouse.move(0, 0)                  # a hovered mark shows in full anyway
        assert dimmed(page)[chosen.id] == 1.0

        page.locator("form.tl-filters button[type=reset]").click()
        page.wait_for_function("document.querySelectorAll('.tl-event[hidden]').length === 0")
        assert set(dimmed(page).values()) == {1.0}
        page.select_option("select[name=actor]", "benes")
        opacity = dimmed(page)
        assert {i for i, o in opacity.items() if o < 0.5} == {e.id for e in site_model.events if "benes" not in e.actors}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_correspondence_figure_in_chromium(site_dir, site_model, scheme):
    placed, _others, _unplaced = figures.letters(site_model)
    with serve(site_dir) as base, browser() as chromium:
        context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base + "sources/primary-sources.html")
        figure = page.locator("figure.fg-letters")
        assert figure.is_visible()
        assert figure.locator("a.fg-mark").count() == len(placed)
        assert names_in(figure, [figures.letter_name(lt) for lt in placed]) == []
        check_figure_colours(page, "figure.fg-letters", scheme)
        assert run_axe(page, "figure.fg-letters") == []
        letter = placed[len(placed) // 2]
        figure.locator(f"a.fg-mark[href='bibliography.html#{letter.entry.key}']").click()
        page.wait_for_url(f"**/sources/bibliography.html#{letter.entry.key}")
        assert page.locator(f"div.bib-entry[id='{letter.entry.key}']").is_visible()
        context.close()


@pytest.mark.browser
def test_figures_at_phone_width_scroll_sideways_and_keep_their_size(site_dir):
    with serve(site_dir) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 390, "height": 800})
        page.goto(base + "timeline.html")
        sizes = page.evaluate("""() => { const s = document.querySelector('figure.fg-timeline .fg-scroll');
            const row = [...s.querySelectorAll('svg.fg-row')].map(r => r.getBoundingClientRect().width);
            return {box: s.clientWidth, scroll: s.scrollWidth, rows: row,
                    drawn: [...s.querySelectorAll('svg.fg-row')].map(r => Number(r.getAttribute('width')))}; }""")
        assert sizes["box"] < 390 and sizes["scroll"] > sizes["box"]          # the widest row scrolls ...
        assert sizes["rows"] == pytest.approx(sizes["drawn"], abs=0.5)       # ... at its drawn size, not shrunk


@pytest.mark.browser
def test_the_figures_print(tmp_path, site_model):
    """The print edition (print-site plugin) carries the figures at a page's width, with working links."""
    from build_offline import prefix_print_page_ids

    result = mkdocs_build(ROOT, tmp_path / "print", env={"PRINT": "true"})
    assert result.returncode == 0, result.output
    path = result.site / "print_page.html"
    path.write_text(prefix_print_page_ids(path.read_text(encoding="utf-8")), encoding="utf-8")
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    timeline_marks = soup.select("figure.fg-timeline:not(.fg-compact) a.fg-mark")     # the home page's 1943 row aside
    assert [m["href"] for m in timeline_marks] == [f"#timeline-{e.id}" for e in site_model.events]
    letter_marks = soup.select("figure.fg-letters a.fg-mark")
    assert letter_marks and all(m["href"].startswith("#sources-bibliography-") for m in letter_marks)
    assert all(m["href"][1:] in ids for m in timeline_marks + letter_marks)
    with serve(result.site) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "print_page.html")
        page.emulate_media(media="print")
        rows = page.evaluate("""() => [...document.querySelectorAll('figure.fg svg.fg-row')].map(r => {
            const box = r.getBoundingClientRect(), column = r.closest('figure').getBoundingClientRect();
            return [getComputedStyle(r).display, box.width, box.height, column.width]; })""")
        assert len(rows) >= 4
        for display, width, height, column in rows:
            assert display != "none" and height > 50 and 0 < width <= column + 0.5
        assert page.pdf(format="A4")[:4] == b"%PDF"


@pytest.mark.browser
def test_home_page_figure_in_a_project_copy(tmp_path, site_model):
    """The 1943 lanes on the home page."""
    project = copy_project(tmp_path / "project", with_cache=True)
    assert "<!-- generated: timeline-figure-1943 -->" in (project / "docs" / "index.md").read_text(encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    in_1943 = [e for e in site_model.events if e.start.year == 1943]
    soup = BeautifulSoup((result.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    marks = soup.select("figure.fg-compact a.fg-mark")
    assert [m["href"] for m in marks] == [f"timeline.html#{e.id}" for e in in_1943]
    timeline_ids = {t["id"] for t in BeautifulSoup((result.site / "timeline.html").read_text(encoding="utf-8"),
                                                   "html.parser").find_all(id=True)}
    assert {e.id for e in in_1943} <= timeline_ids
    with serve(result.site) as base, browser() as chromium:
        for scheme in SCHEMES:
            context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(base + "index.html")
            figure = page.locator("figure.fg-compact")
            assert figure.is_visible()
            assert names_in(figure, [event_name(e) for e in in_1943]) == []
            check_figure_colours(page, "figure.fg-compact", scheme)
            assert run_axe(page, "figure.fg-compact") == []
            context.close()
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "index.html")
        event = in_1943[-1]
        page.locator(f"figure.fg-compact a.fg-mark[href='timeline.html#{event.id}']").click()
        page.wait_for_url(f"**/timeline.html#{event.id}")
        box = page.locator(f"[id='{event.id}']").bounding_box()
        assert box and 0 <= box["y"] < 900


def test_no_figure_for_an_empty_timeline():
    empty = types.SimpleNamespace(events=[])
    assert figures.timeline_figure(empty, "timeline.md") == "" and figures.timeline_figure_1943(empty, "index.md") == ""
