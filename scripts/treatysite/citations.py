"""Citations in Markdown: find them, check them, format their locators, and make sure none is lost.

The syntax is pandoc's: [@key], [@key, p. 12], [see @a, p. 5; @b, col. 1347]. Every block is read
strictly; anything that looks like a citation but cannot be read stops the build with the file,
the line, the problem and the fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ContentError, did_you_mean

BLOCK = re.compile(r"\[([^\[\]]*?@[^\[\]]*?)\]")
PART = re.compile(r"^\s*(?P<prefix>[^@;]*?)\s*@(?P<key>[A-Za-z0-9_-]+)(?:,\s*(?P<locator>[^;]*?))?\s*$")
PAGE_LABELS = ("p", "pp")
LOCATOR_LABELS = (
    "p", "pp", "col", "cols", "para", "paras", "n", "nn", "no", "nos", "vol", "vols", "ch", "chap", "art", "arts",
    "sec", "fol", "fols", "fig", "l", "ll", "doc", "docs",
)
LOCATOR_WORDS = ("enclosure", "annex", "appendix", "preamble", "protocol", "item", "section", "article", "question",
                 "entry", "s.v.", "paragraph")
NUMBER = r"(?:\d+[a-z]?|[ivxlcdm]+|[IVXLCDM]+)"
RANGE = rf"{NUMBER}(?:\s*[–-]\s*{NUMBER})?"
LOCATOR = re.compile(
    rf"^(?:(?P<label>{'|'.join(LOCATOR_LABELS)})\.\s*|(?P<word>{'|'.join(re.escape(w) for w in LOCATOR_WORDS)})\s+)?"
    rf"(?P<value>{RANGE}(?:\s*(?:,|and|&)\s*(?:(?:[a-z]+\.?\s+)?{RANGE}))*)"
    r"(?P<extra>\s*\([^()]+\))?$"
)
BARE = re.compile(r"(?<![\w.+\-/\[])@([A-Za-z0-9_-]+)")
FENCE = re.compile(r"^\s*(```|~~~)")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class Cite:
    key: str
    locator: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class CiteBlock:
    raw: str            # the text between the brackets, exactly as written
    cites: tuple[Cite, ...]
    line: int
    source: str = ""    # the file it was read from, for messages

    @property
    def markdown(self) -> str:
        return f"[{self.raw}]"


def _code_spans(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"(`+)(?:(?!\1).)+?\1", line)]


def find_blocks(markdown: str, source: str, first_line: int = 1) -> list[CiteBlock]:
    """Every citation block in a Markdown text, strictly parsed.

    `source` names the file (for messages); `first_line` is the file line of the text's first line.
    A citation inside code (fenced or inline) stops the build: it would print as code, not as a note.
    """
    blocks = []
    in_fence = False
    for offset, line in enumerate(markdown.splitlines()):
        number = first_line + offset
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        spans = _code_spans(line)
        for match in BLOCK.finditer(line):
            raw = match.group(1)
            if raw.startswith("^"):
                continue  # a footnote reference such as [^1], not a citation
            if in_fence or any(a <= match.start() < b for a, b in spans):
                raise ContentError(source, number, f"citation '{match.group(0)}' inside code",
                                   "it would print as code, not as a note: move it out of the code")
            hidden = INVISIBLE.search(raw)
            if hidden:
                raise ContentError(source, number, f"invisible character U+{ord(hidden.group(0)):04X} in citation '{match.group(0)}'",
                                   "delete it and type the citation again")
            blocks.append(CiteBlock(raw=raw, cites=tuple(_parse_parts(raw, source, number)), line=number, source=source))
    return blocks


def find_bare_mentions(markdown: str, first_line: int = 1) -> list[tuple[int, str]]:
    """'@word' written outside brackets (and outside code): (line, word)."""
    mentions = []
    in_fence = False
    for offset, line in enumerate(markdown.splitlines()):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in BARE.finditer(BLOCK.sub("", re.sub(r"`[^`]*`", "", line))):
            mentions.append((first_line + offset, match.group(1)))
    return mentions


def _parse_parts(raw: str, source: str, line: int) -> list[Cite]:
    cites = []
    for part in raw.split(";"):
        match = PART.match(part)
        if not match:
            raise ContentError(source, line, f"malformed citation '[{raw}]'",
                               "write [@key], [@key, p. 12] or [@a, p. 5; @b, col. 1347]; keys use only letters, digits, '_' and '-'")
        locator = " ".join((match["locator"] or "").split())
        if match["locator"] is not None and not locator:
            raise ContentError(source, line, f"empty locator in '[{raw}]'", "remove the comma or add e.g. 'p. 12'")
        if locator:
            check_locator(locator, source, line, f"'[{raw}]'")
        cites.append(Cite(key=match["key"], locator=locator, prefix=match["prefix"].strip()))
    return cites


def check_locator(locator: str, source: str, line: int | None, where: str) -> None:
    if not LOCATOR.match(locator):
        raise ContentError(source, line, f"bad locator '{locator}' in {where}",
                           "write a page or section locator such as 'p. 12', 'pp. 10–12', 'col. 1347', 'n. 5', 'enclosure 1'")


def check_keys(blocks: list[CiteBlock], references, source: str, bare_mentions=()) -> None:
    """Every key must be in the reference set; a FRUS document is located by page, never by 'doc.'."""
    for line, word in bare_mentions:
        if word in references:
            raise ContentError(source, line, f"'@{word}' is not in brackets, so it would print as plain text",
                               f"write [@{word}] (or [@{word}, p. 12])")
    for block in blocks:
        for cite in block.cites:
            if cite.key not in references:
                raise ContentError(source, block.line, f"unknown citation key '{cite.key}'",
                                   did_you_mean(cite.key, references) + " (keys are in bibliography/*.bib)")
            entry = references[cite.key]
            if cite.locator and getattr(entry, "is_document", False) and locator_label(cite.locator) in ("doc", "docs"):
                raise ContentError(source, block.line, f"locator '{cite.locator}' of {cite.key}: the document number is part of the entry",
                                   "give the page instead (e.g. 'p. 727'), or no locator to cite the whole document")


# ---- locators ----------------------------------------------------------------------------------------
def locator_label(locator: str) -> str:
    match = LOCATOR.match(locator)
    return (match["label"] or match["word"] or "") if match else ""


def is_page_locator(locator: str) -> bool:
    return locator_label(locator) in PAGE_LABELS + ("",)


def chicago_range(first: str, last: str) -> str:
    """Chicago's abbreviation of a number range: 727–28, 101–8, 321–28, 498–532, 1496–500, 71–72, 100–104."""
    if not (first.isdigit() and last.isdigit()) or len(first) != len(last) or int(last) <= int(first):
        return f"{first}–{last}"
    start = int(first)
    if start < 100 or start % 100 == 0:
        return f"{first}–{last}"
    index = next(i for i, (a, b) in enumerate(zip(first, last)) if a != b)
    changed = last[index:]
    if start % 100 < 10:
        changed = changed.lstrip("0") or changed
    elif len(changed) < 2:
        changed = last[-2:]
    return f"{first}–{changed}"


def _ranges(text: str) -> str:
    return re.sub(r"(\d+)\s*[–-]+\s*(\d+)", lambda m: chicago_range(m.group(1), m.group(2)), text)


def format_locator(locator: str) -> str:
    """A locator as a Chicago note prints it: pages without 'p.', other labels kept, ranges shortened."""
    match = LOCATOR.match(locator)
    if not match:
        return locator
    label = match["label"]
    value = _ranges(match["value"])
    extra = match["extra"] or ""
    if label in PAGE_LABELS or (not label and not match["word"]):
        return value + extra
    return locator[: match.start("value")] + value + extra


def locator_in_text(locator: str, text: str) -> bool:
    """Whether a note's text holds the locator as the site formats it (the 'never lost' check)."""
    return format_locator(locator) in text
