"""The timeline: validated data, permanent event anchors, citations, links both ways, downloads."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import mkdocs_build
from tooling import copy_project
from treatysite.errors import ContentError
from treatysite.people import Person
from treatysite.evidence import Excerpts
from treatysite.timeline import PHASES, load_timeline


class Ref:
    is_document = False


KEYS = {"frus1943v03-d530": Ref(), "smetana2015treaty": Ref()}
PEOPLE = {"benes": Person("benes", "Edvard Beneš", "Czechoslovak", [], [], "", 1)}
GOOD = """- id: 1943-07-16-benes-postpones
  date: "1943-07-16"
  precision: day
  phase: washington
  title: Beneš postpones
  summary: Beneš told Winant he would postpone the journey.
  actors: [benes]
  sources:
    - {key: frus1943v03-d530, inferred: a test}
"""


def load(tmp_path: Path, text: str):
    folder = tmp_path / "timeline"
    folder.mkdir(exist_ok=True)
    (folder / "01-test.yaml").write_text(text, encoding="utf-8")
    return load_timeline(folder, "docs/data/timeline", KEYS, PEOPLE, Excerpts(tmp_path / "excerpts"))


def test_good_event_loads(tmp_path):
    (event,) = load(tmp_path, GOOD)
    assert event.display_date == "16 July 1943" and event.line == 1


def later(**changes) -> str:
    """A second event after GOOD, with fields changed (None removes a field)."""
    fields = {"id": "1943-12-12-signed", "date": '"1943-12-12"', "precision": "day", "phase": "signing",
              "title": "Signed", "summary": "Signed in Moscow.", "sources": "\n    - {key: smetana2015treaty, inferred: a test}"}
    fields.update(changes)
    lines = [f"  {k}: {v}" for k, v in fields.items() if v is not None]
    return GOOD + "- " + "\n".join(lines)[2:] + "\n"


F = "docs/data/timeline/01-test.yaml"


@pytest.mark.parametrize("text, message", [
    (GOOD + "- id: [unclosed\n", f"{F}:11: YAML error"),
    (later(colour="red"), f"{F}:18: event 1943-12-12-signed: colour: unknown field"),
    (later(id=None), f"{F}:10: event ?: id: missing"),
    (later(date=None), f"{F}:10: event 1943-12-12-signed: date: missing"),
    (later(title=None), f"{F}:10: event 1943-12-12-signed: title: missing"),
    (later(sources=None), f"{F}:10: event 1943-12-12-signed: sources: missing"),
    (later(sources="[]"), f"{F}:16: event 1943-12-12-signed: sources"),
    (later(date='"1943-02-30"'), f"{F}:11: event 1943-12-12-signed: date: '1943-02-30' is not a real date"),
    (later(date="1943-02-30"), f"{F}:11: event 1943-12-12-signed: date: '1943-02-30' is not a real date"),
    (later(date='"1953-12-12"'), f"{F}:11: event 1943-12-12-signed: date: 1953-12-12 is outside the period 1935–1948"),
    (later(date='"12.12.1943"'), f"{F}:11: event 1943-12-12-signed: date ('12.12.1943'): '12.12.1943' does not match"),
    (later(precision="month"), f"{F}:12: event 1943-12-12-signed: precision: 'month' does not match date 1943-12-12"),
    (later(id="1943-07-16-benes-postpones"), f"{F}:10: event 1943-07-16-benes-postpones: id: duplicate id (first at {F}:1)"),
    (later(sources="\n    - {key: smetana2015treatie, inferred: x}"), f"{F}:16: event 1943-12-12-signed: sources: unknown reference key 'smetana2015treatie': did you mean smetana2015treaty"),
    (later(sources="\n    - {key: smetana2015treaty, locator: somewhere, inferred: x}"), f"{F}:16: event 1943-12-12-signed: sources: bad locator 'somewhere'"),
    (later(sources="\n    - {key: smetana2015treaty}"), f"{F}:16: event 1943-12-12-signed: source 'smetana2015treaty': no evidence"),
    (later(actors="[benesh]"), f"{F}:18: event 1943-12-12-signed: actors: unknown person 'benesh': did you mean benes"),
    (later(date='"1943-01-01"'), f"{F}:11: event 1943-12-12-signed: date: 1943-01-01 comes before the previous event"),
    (later(approximate="true"), f"{F}:10: event 1943-12-12-signed: date_note: missing for an approximate date"),
    (later(related="[no-such-event]"), f"{F}:10: event 1943-12-12-signed: related: unknown event 'no-such-event'"),
    (later(phase="later"), f"{F}:13: event 1943-12-12-signed: phase"),
    (later(end_date='"1943-12-01"'), f"{F}:18: event 1943-12-12-signed: end_date: 1943-12-01 is before date 1943-12-12"),
    (later(summary="Signed [@frus1943v03-d530, p. 709]."), f"{F}:15: event 1943-12-12-signed: summary: citation 'frus1943v03-d530, p. 709' is not among the event's sources"),
    (later(title="One", summary="Two", place="A", sources="\n    - {key: smetana2015treaty, inferred: x}\n  title: Again"), f"{F}:18: 'title' is given twice (first at line 14)"),
])
def test_bad_events_stop_with_file_line_event_and_field(tmp_path, text, message):
    with pytest.raises(ContentError) as caught:
        load(tmp_path, text)
    assert str(caught.value).startswith(message), str(caught.value)


def test_unquoted_dates_are_read_as_written(tmp_path):
    (event,) = load(tmp_path, GOOD.replace('"1943-07-16"', "1943-07-16"))
    assert event.date == "1943-07-16"


def test_real_timeline_is_substantial_and_covers_every_phase(site_model):
    events = site_model.events
    assert len(events) >= 40
    assert {e.phase for e in events} == {p for p, _ in PHASES}
    assert events[0].date < "1943" and events[-1].date >= "1944"
    months_1943 = {e.date[:7] for e in events if e.date.startswith("1943-")}
    assert len(months_1943) >= 9, sorted(months_1943)
    assert all(e.sources for e in events)


def test_every_event_is_an_anchor_with_permalink_and_citations(site_model, pages):
    page = pages["timeline.html"]
    footnotes = {li["id"] for li in page.select("div.footnote li[id]")}
    for event in site_model.events:
        heading = page.find(id=event.id)
        assert heading is not None and heading.name == "h3", event.id
        assert heading.find("a", class_="headerlink")["href"] == f"#{event.id}"
        box = heading.find_parent("div", class_="tl-event")
        sources = box.find(class_="tl-sources")
        refs = sources.select("a.footnote-ref")
        assert len(refs) >= 1, event.id
        assert all(ref["href"][1:] in footnotes for ref in refs)
        cited = {(c["data-key"], c["data-locator"]) for c in page.select("div.footnote span.cite")}
        for source in event.sources:
            assert (source.key, source.locator) in cited, (event.id, source.key)


def test_events_are_grouped_by_phase(site_model, pages):
    page = pages["timeline.html"]
    for event in site_model.events:
        phase_heading = page.find(id=event.id).find_previous("h2")
        assert phase_heading["id"] == f"phase-{event.phase}", event.id


def test_pages_link_to_events_and_events_list_them(site_model, pages):
    assert sum(len(v) for v in site_model.event_links.values()) >= 15
    timeline = pages["timeline.html"]
    for event_id, linking_pages in site_model.event_links.items():
        box = timeline.find(id=event_id).find_parent("div", class_="tl-event")
        hrefs = {a["href"] for a in box.select(".tl-links a")}
        for source in linking_pages:
            assert source.replace(".md", ".html") in hrefs, (event_id, source)


def test_link_to_unknown_event_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "british-position.md"
    text = page.read_text(encoding="utf-8") + "\nSee [the signing](event:1943-12-13-treaty-signed).\n"
    page.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    line = len(text.splitlines())
    assert f"docs/british-position.md:{line}: link to unknown timeline event '1943-12-13-treaty-signed'" in result.output


def test_malformed_timeline_stops_the_real_build_with_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "docs" / "data" / "timeline" / "03-washington.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("precision: day", "precision: daily", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "docs/data/timeline/03-washington.yaml:" in errors[0] and "precision" in errors[0]


def test_downloads_match_the_data(site_model, site_dir, pages):
    data = json.loads((site_dir / "downloads/timeline.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in data["events"]] == [e.id for e in site_model.events]
    assert all(e["url"].endswith(f"timeline.html#{e['id']}") for e in data["events"])
    rows = list(csv.DictReader(io.StringIO((site_dir / "downloads/timeline.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [e.id for e in site_model.events]
    assert [r["date"] for r in rows] == [e.date for e in site_model.events]
    links = {a["href"] for a in pages["timeline.html"].select("a[href^='downloads/']")}
    assert {"downloads/timeline.json", "downloads/timeline.csv"} <= links


def test_people_page_lists_every_actor_with_events(site_model, pages):
    page = pages["context/people.html"]
    for person in site_model.people.values():
        heading = page.find(id=person.id)
        assert heading is not None, person.id
    for event in site_model.events:
        for actor in event.actors:
            assert page.find("a", href=f"../timeline.html#{event.id}"), (actor, event.id)
