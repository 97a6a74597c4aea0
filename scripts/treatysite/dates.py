"""Dates: the one place that reads and prints them.

Accepted forms (strings, never YAML or BibTeX magic):
  ISO           1943, 1943-12, 1943-12-15
  approximate   1943-12-15~, 1943-04~            (extended ISO 8601 / EDTF, as biblatex reads it)
  window        1943-06-16~/1943-07-16~          (a date inferred to lie between two dates)
Every part is checked against the calendar: 1943-02-30 is refused.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTHS_SHORT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(~?)$")


class DateError(ValueError):
    """A date string that is not a real date in one of the accepted forms."""


@dataclass(frozen=True)
class Date:
    """A calendar date to year, month or day precision."""
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def parts(self) -> list[int]:
        return [p for p in (self.year, self.month, self.day) if p is not None]

    def iso(self) -> str:
        return "-".join([f"{self.year:04d}"] + [f"{p:02d}" for p in self.parts()[1:]])

    def start(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def long(self) -> str:
        """15 December 1943, December 1943, 1943."""
        words = [str(self.day)] if self.day else []
        if self.month:
            words.append(MONTHS[self.month - 1])
        return " ".join(words + [str(self.year)])

    def short(self) -> str:
        """15 Dec. 1943."""
        words = [str(self.day)] if self.day else []
        if self.month:
            words.append(MONTHS_SHORT[self.month - 1])
        return " ".join(words + [str(self.year)])


def _date(year: str, month: str | None, day: str | None, text: str) -> Date:
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise DateError(f"'{text}' is not a real date (check the day and month)") from None
    return Date(int(year), int(month) if month else None, int(day) if day else None)


def parse_iso(text: str) -> Date:
    """YYYY, YYYY-MM or YYYY-MM-DD, checked against the calendar."""
    match = ISO.match(str(text).strip())
    if not match:
        raise DateError(f"'{text}' is not an ISO date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    return _date(*match.groups(), text)


@dataclass(frozen=True)
class DocumentDate:
    """The date of a document: printed, approximate, a window, or a date of receipt."""
    start: Date
    end: Date | None = None
    approximate: bool = False
    received: bool = False

    @classmethod
    def parse(cls, text: str, received: bool = False) -> "DocumentDate":
        pieces = str(text).strip().split("/")
        if len(pieces) > 2:
            raise DateError(f"'{text}' has more than one '/' (a window is START~/END~)")
        parsed = []
        for piece in pieces:
            match = PART.match(piece)
            if not match:
                raise DateError(f"'{text}' is not a date of the forms 1943-12-15, 1943-12-15~ or 1943-06-16~/1943-07-16~")
            parsed.append((_date(*match.groups()[:3], text), bool(match.group(4))))
        approximate = any(flag for _date_, flag in parsed)
        if len(parsed) == 2:
            if not all(flag for _date_, flag in parsed):
                raise DateError(f"'{text}': a window marks both ends approximate (1943-06-16~/1943-07-16~)")
            if parsed[1][0].start() < parsed[0][0].start():
                raise DateError(f"'{text}': the window ends before it starts")
        return cls(parsed[0][0], parsed[1][0] if len(parsed) == 2 else None, approximate, received)

    def edtf(self) -> str:
        mark = "~" if self.approximate else ""
        text = self.start.iso() + mark
        return text + "/" + self.end.iso() + mark if self.end else text

    def sort_key(self) -> str:
        return self.start.iso()

    def _range(self, form: str) -> str:
        first, last = getattr(self.start, form)(), getattr(self.end, form)() if self.end else ""
        if not self.end:
            return first
        if self.start.year == self.end.year and self.start.month and self.end.month:
            first = first.rsplit(" ", 1)[0]          # 16 June and 16 July 1943
            if self.start.month == self.end.month and self.start.day and self.end.day:
                first = first.split(" ")[0]          # 1 and 2 August 1941
        return f"{first} and {last}"

    def display(self, form: str = "long") -> str:
        """How a note prints it: 15 December 1943, [ca. 15 December 1943], [between … and …], [received …]."""
        text = self._range(form)
        if self.received:
            return f"[received {text}]"
        if self.end:
            return f"[between {text}]"
        return f"[ca. {text}]" if self.approximate else text

    def csl(self) -> dict:
        """The CSL-JSON date object (circa for inferred dates; a literal for a date of receipt)."""
        if self.received:
            return {"literal": self.display("long")}
        parts = [self.start.parts()] + ([self.end.parts()] if self.end else [])
        if self.end and len(parts[0]) != len(parts[1]):
            # CSL wants both ends to the same precision: a window June 1943 – 16 July 1943 runs from 1 June.
            parts = [_padded(self.start, first=True), _padded(self.end, first=False)]
        data: dict = {"date-parts": parts}
        if self.approximate:
            data["circa"] = True
        return data


def _padded(date: Date, first: bool) -> list[int]:
    """A date to the day: its first day (a window's start) or its last (a window's end)."""
    import calendar

    month = date.month or (1 if first else 12)
    day = date.day or (1 if first else calendar.monthrange(date.year, month)[1])
    return [date.year, month, day]


def format_iso(text: str) -> str:
    """A display form of an ISO date string: '15 December 1943'."""
    return parse_iso(text).long()
