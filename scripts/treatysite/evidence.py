"""The evidence behind every citation: the passage it rests on, or what the claim is inferred from.

Pages keep theirs in docs/data/evidence/<page>.yaml (one record per cited work and locator);
timeline events and people keep theirs with each source. A quotation from a source whose text is
kept in bibliography/excerpts/<key>.txt must occur there word for word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .citations import Cite, check_locator
from .errors import ContentError
from .notes import Evidence
from .yamldata import load_records

MAX_QUOTE_WORDS = 45        # "at most about 40 words"
ELLIPSIS = re.compile(r"…|\.\.\.|\[\s*\.\.\.\s*\]")


def cite_label(key: str, locator: str = "") -> str:
    """How a citation is named in evidence files and messages: 'key, locator'."""
    return f"{key}, {locator}" if locator else key


def normalise(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class Excerpts:
    """The stored texts of public-domain sources (bibliography/excerpts/<key>.txt)."""
    folder: Path
    _texts: dict[str, str | None] = field(default_factory=dict)

    def text(self, key: str) -> str | None:
        if key not in self._texts:
            path = self.folder / f"{key}.txt"
            if path.exists():
                lines = path.read_text(encoding="utf-8").splitlines()
                self._texts[key] = normalise(" ".join(line for line in lines if not line.startswith("#")))
            else:
                self._texts[key] = None
        return self._texts[key]


def read_evidence(data: dict, shown: str, line: int, label: str, key: str, excerpts: Excerpts) -> Evidence:
    """The evidence fields of a record ('quote' or 'inferred'), checked."""
    quote, inferred = data.get("quote"), data.get("inferred")
    if quote is not None and inferred is not None:
        raise ContentError(shown, line, f"{label}: give either 'quote' or 'inferred', not both", "keep the one that applies")
    if quote is None and inferred is None:
        raise ContentError(shown, line, f"{label}: no evidence",
                           "add quote: \"the source's own words\" or inferred: \"what the claim is inferred from\" (docs/data/README.md)")
    if inferred is not None:
        if not isinstance(inferred, str) or not inferred.strip():
            raise ContentError(shown, line, f"{label}: 'inferred' must be one line of text", "say what the claim is inferred from")
        return Evidence(inferred=normalise(inferred))
    passages = quote if isinstance(quote, list) else [quote]
    checked = []
    for passage in passages:
        if not isinstance(passage, str) or not passage.strip():
            raise ContentError(shown, line, f"{label}: a quotation must be text", "write the source's words in quotes")
        passage = normalise(passage)
        if ELLIPSIS.search(passage):
            raise ContentError(shown, line, f"{label}: quotation '{passage[:40]}…' has an ellipsis",
                               "quote one contiguous passage; give several passages as a list")
        if len(passage.split()) > MAX_QUOTE_WORDS:
            raise ContentError(shown, line, f"{label}: quotation of {len(passage.split())} words is too long",
                               "quote at most about 40 words: the passage the claim rests on")
        stored = excerpts.text(key)
        if stored is not None and passage not in stored:
            raise ContentError(shown, line, f"{label}: quotation not found word for word in bibliography/excerpts/{key}.txt: '{passage[:60]}'",
                               "copy the words exactly as the excerpt has them")
        checked.append(passage)
    return Evidence(quote=tuple(checked))


@dataclass
class PageEvidence:
    """The evidence file of one page: (key, locator) -> evidence."""
    shown: str
    records: dict[tuple[str, str], Evidence]
    lines: dict[tuple[str, str], int]
    used: set = field(default_factory=set)

    def lookup(self, cite: Cite, source: str, line: int) -> Evidence:
        wanted = (cite.key, cite.locator)
        if wanted not in self.records:
            raise ContentError(source, line, f"citation '{cite_label(cite.key, cite.locator)}' has no evidence",
                               f"add '- cite: {cite_label(cite.key, cite.locator)}' with a quote or inferred line to {self.shown}")
        self.used.add(wanted)
        return self.records[wanted]

    def check_all_used(self) -> None:
        for wanted, line in self.lines.items():
            if wanted not in self.used:
                raise ContentError(self.shown, line, f"evidence for '{cite_label(*wanted)}' is used by no citation on the page",
                                   "remove the record, or correct its key or locator to match the citation")


def load_page_evidence(path: Path, shown: str, references, excerpts: Excerpts) -> PageEvidence:
    records, lines = {}, {}
    if not path.exists():
        return PageEvidence(shown, records, lines)
    for record in load_records(path, shown):
        data = record.data
        if not isinstance(data, dict) or "cite" not in data or set(data) - {"cite", "quote", "inferred"}:
            raise ContentError(shown, record.line, "each record needs 'cite' and 'quote' or 'inferred' (nothing else)",
                               "see docs/data/README.md, 'Citations and their evidence'")
        label = normalise(data["cite"])
        key, _, locator = label.partition(",")
        key, locator = key.strip().lstrip("@"), locator.strip()
        if key not in references:
            raise ContentError(shown, record.line, f"cite '{label}': unknown key '{key}'", "use a key from bibliography/*.bib")
        if locator:
            check_locator(locator, shown, record.line, f"cite '{label}'")
        if (key, locator) in records:
            raise ContentError(shown, record.line, f"cite '{label}' is given twice (first at line {lines[(key, locator)]})",
                               "merge the two records (quote can be a list)")
        records[(key, locator)] = read_evidence(data, shown, record.line, f"cite '{label}'", key, excerpts)
        lines[(key, locator)] = record.line
    return PageEvidence(shown, records, lines)
