"""Citations in Markdown: find them, check them, and make sure none is lost.

The syntax is pandoc's, as mkdocs-bibtex reads it: [@key], [@key, 12],
[see @a, p. 5; @b, doc. 530]. mkdocs-bibtex drops what it cannot read without a
word; this module reads the same blocks strictly first and stops the build with
the page, the line, the key and the nearest known keys instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ContentError, did_you_mean

# The same block pattern mkdocs-bibtex uses: a [...] on one line holding an '@'.
BLOCK = re.compile(r"\[([^\[\]]*?@[^\[\]]*?)\]")
PART = re.compile(r"^\s*(?P<prefix>[^@;]*?)\s*(?P<suppress>-?)@(?P<key>[A-Za-z0-9_-]+)(?:,\s*(?P<locator>[^;]*?))?\s*$")
LOCATOR_LABELS = (
    "p", "pp", "doc", "docs", "col", "cols", "para", "paras", "n", "nn", "no", "nos", "vol", "vols",
    "ch", "chap", "art", "arts", "sec", "fol", "fols", "fig", "tel", "l", "ll",
)
LOCATOR_WORDS = ("enclosure", "annex", "appendix", "preamble", "protocol", "item", "document", "section",
                 "article", "telegram", "question", "cols", "entry", "s.v.")
NUMBER = r"(?:\d+[a-z]?|[ivxlcdm]+|[IVXLCDM]+)"
LOCATOR = re.compile(
    rf"^(?:(?:{'|'.join(LOCATOR_LABELS)})\.\s*|(?:{'|'.join(re.escape(w) for w in LOCATOR_WORDS)})\s+)?"
    rf"{NUMBER}(?:\s*[–-]\s*{NUMBER})?(?:\s*(?:,|and|&)\s*(?:(?:[a-z]+\.?\s+)?{NUMBER}(?:\s*[–-]\s*{NUMBER})?))*"
    r"(?:\s*\([^()]+\))?$"
)
BARE = re.compile(r"(?<![\w.+\-/\[])@([A-Za-z0-9_-]+)")
FENCE = re.compile(r"^\s*(```|~~~)")


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


def find_blocks(markdown: str, source: str, first_line: int = 1) -> list[CiteBlock]:
    """Every citation block in a Markdown text, strictly parsed.

    `source` names the file (for messages); `first_line` is the file line of the
    text's first line (front matter and YAML offsets).
    """
    blocks = []
    in_fence = False
    for offset, line in enumerate(markdown.splitlines()):
        number = first_line + offset
        if FENCE.match(line):
            in_fence = not in_fence
        for match in BLOCK.finditer(line):
            raw = match.group(1)
            if raw.startswith("^"):
                continue  # a footnote reference such as [^1], not a citation
            if in_fence:
                raise ContentError(source, number, f"citation '{match.group(0)}' inside a code block",
                                   "mkdocs-bibtex would still replace it; move it out of the code block")
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
                               "write [@key], [@key, p. 12] or [@a, p. 5; @b, doc. 530]; keys use only letters, digits, '_' and '-'")
        locator = (match["locator"] or "").strip()
        if match["locator"] is not None and not locator:
            raise ContentError(source, line, f"empty locator in '[{raw}]'", "remove the comma or add e.g. 'p. 12'")
        if locator and not LOCATOR.match(locator):
            raise ContentError(source, line, f"bad locator '{locator}' in '[{raw}]'",
                               "write a page or document locator such as 'p. 12', 'pp. 10–12', 'doc. 530', 'col. 1347', 'enclosure 1'")
        cites.append(Cite(key=match["key"], locator=locator, prefix=match["prefix"].strip()))
    return cites


def check_keys(blocks: list[CiteBlock], known_keys, source: str, bare_mentions=()) -> None:
    known = set(known_keys)
    for line, word in bare_mentions:
        if word in known:
            raise ContentError(source, line, f"'@{word}' is not in brackets, so it would print as plain text",
                               f"write [@{word}] (or [@{word}, p. 12])")
    for block in blocks:
        for cite in block.cites:
            if cite.key not in known:
                raise ContentError(source, block.line, f"unknown citation key '{cite.key}'",
                                   did_you_mean(cite.key, known) + " (keys are in bibliography/*.bib)")


def locator_survives(locator: str, rendered: str) -> bool:
    """Every number of the locator must appear in the rendered in-text citation.

    Chicago shortens the end of a range (pp. 744–745 -> 744–45, 804–805 -> 804–5), so a range end
    only needs its last digit.
    """
    text = rendered.replace("--", "–")
    ranges = re.findall(r"(\d+)\s*[–-]+\s*(\d+)", locator)
    ends = {end for _start, end in ranges}
    for number in re.findall(r"\d+", locator):
        needle = number[-1:] if number in ends else number
        if needle not in text:
            return False
    return True


PANDOC_SPAN = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\{\.(?:nocase|smallcaps)\}")


# Pandoc escapes that Python-Markdown does not know (it would print the backslash); "\\%" comes from
# pybtex re-writing the .bib for pandoc, which then keeps it inside URLs.
PANDOC_ESCAPES = {"\\%": "%", "\\<": "&lt;", "\\&": "&amp;", "\\ ": " ", "\\$": "$", "\\|": "&#124;", "\\~": "~",
                  "\\^": "^", "\\@": "&#64;", '\\"': "&quot;", "\\'": "'"}
PANDOC_ESCAPE = re.compile("|".join(re.escape(k) for k in PANDOC_ESCAPES))


def clean_pandoc_markdown(text: str) -> str:
    """Make pandoc's Markdown safe for Python-Markdown.

    Pandoc keeps {{protected}} title case as [..]{.nocase} spans and escapes characters that
    Python-Markdown would print with their backslash; markup in a field must show as text.
    """
    text = PANDOC_SPAN.sub(r"\1", text)
    return PANDOC_ESCAPE.sub(lambda m: PANDOC_ESCAPES[m.group(0)], text)
