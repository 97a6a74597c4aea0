"""Search that forgives typing: the search index, augmented after MkDocs writes it.

Material's search (lunr in a web worker) lowercases words and matches what the reader types as the
start of a word (Teheran finds Teheran's), but folds no diacritics and knows no other spellings: Benes
does not find Beneš, Teheran does not find Tehran. augment_index() therefore gives every entry of
search/search_index.json that needs it one more searchable field, `variants`, which the reader never
sees (Material shows title and text only). It holds, for the words of the entry's title and text:

- each word with diacritics, also without them: Mikołajczyk -> mikołajczyk mikolajczyk;
- each word written without diacritics that the site elsewhere writes with them: Benes -> beneš;
- every spelling of a variant group when the entry has one of them as a word: a group
  of docs/data/aliases.yaml (places and terms: Tehran, Teheran), or a person of docs/data/people.yaml
  with `aliases`, whose group is the last word of the name and of each alias (Maisky, Maiskii).

Only words that are not already indexed as they are get added, so the index grows little. It runs
after the search plugin writes the index and before Material's offline plugin copies it into
search_index.js (scripts/mkdocs_hooks.py), so the offline copy searches the same way.
"""
from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError
from .yamldata import load_records, validated_records

if TYPE_CHECKING:  # pragma: no cover
    from .people import Person
    from .site import Site

FIELD = "variants"
ALIASES = "data/aliases.yaml"            # under docs/
WORD = re.compile(r"[^\W\d_]+")          # a run of letters, in any script
TAG = re.compile(r"<[^>]*>")
LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})
SCHEMA = {"type": "object", "additionalProperties": False, "required": ["variants"], "properties": {"variants": {}}}
EXAMPLE = "- variants: [Tehran, Teheran]"


@functools.lru_cache(maxsize=None)
def _fold_char(char: str) -> str:
    parts = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in parts if not unicodedata.combining(c))
    return base if base != char and base.isascii() and base.isalpha() else char


def fold(text: str) -> str:
    """Latin letters without their diacritics (Beneš -> Benes, Mikołajczyk -> Mikolajczyk); other scripts unchanged."""
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text.translate(LETTERS_WITHOUT_DECOMPOSITION))


# ---- the variant groups ------------------------------------------------------------------------

def load_aliases(path: Path, shown: str) -> list[list[str]]:
    """docs/data/aliases.yaml: groups of one-word spellings that find each other, or one clear error."""
    groups: list[list[str]] = []
    first_seen: dict[str, tuple[str, int]] = {}        # lowercased variant -> (as written, line)
    for record, _label in validated_records(load_records(path, shown), shown, SCHEMA, "group", None, EXAMPLE):
        line, variants = record.line_of("variants"), record.data["variants"]
        if not isinstance(variants, list) or len(variants) < 2:
            raise ContentError(shown, line, "variants: a group needs a list of at least two spellings", f"write it as '{EXAMPLE}'")
        for variant in variants:
            if not isinstance(variant, str) or not WORD.fullmatch(variant):
                raise ContentError(shown, line, f"variants: '{variant}' is not a single word",
                                   "search matches words: list only the word readers type (Teheran, not Teheran Conference)")
            key = variant.lower()
            if key in first_seen:
                written, where = first_seen[key]
                same = "in this group" if where == line else f"at line {where}"
                raise ContentError(shown, line, f"variants: '{variant}' is already listed {same} (as '{written}')",
                                   "list each spelling once; put all spellings of one name in one group")
            first_seen[key] = (variant, line)
        groups.append(list(variants))
    return groups


def last_name_word(name: str) -> str | None:
    """The word search matches for a person: the last word of the name, past initials, 'Jr.' and (notes)."""
    for word in reversed(re.sub(r"\([^)]*\)", " ", name).split()):
        word = word.strip(",;:'\"’“”")
        if WORD.fullmatch(word):
            return word
    return None


def people_groups(people: dict[str, "Person"]) -> list[list[str]]:
    """One group per person with aliases: the last word of the name and of each alias (Maisky, Maiskii)."""
    groups = []
    for person in people.values():
        if person.aliases:
            words = [last_name_word(text) for text in [person.name, *person.aliases]]
            groups.append(sorted({w for w in words if w}))
    return groups


def merge_groups(groups: list[list[str]]) -> list[set[str]]:
    """Lowercased groups; those that share a spelling (diacritics aside) become one, so that every spelling
    finds the same pages. A group that differs only in diacritics is dropped: folding covers it."""
    merged: list[set[str]] = []
    for group in groups:
        words = {w.lower() for w in group}
        keys = {fold(w) for w in words}
        overlapping = [m for m in merged if keys & {fold(w) for w in m}]
        merged = [m for m in merged if not any(m is o for o in overlapping)]
        merged.append(words.union(*overlapping))
    return [group for group in merged if len({fold(w) for w in group}) > 1]


# ---- the index ---------------------------------------------------------------------------------

def augment(index: dict, groups: list[set[str]]) -> dict:
    """Add the `variants` field to the entries of a Material search index (a dict), in place."""
    try:        # how Material splits words (a JavaScript pattern; if Python cannot read it, split at spaces)
        separator = re.compile(index["config"]["separator"])
    except (KeyError, re.error):
        separator = re.compile(r"\s+")
    texts = [html.unescape(TAG.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}")).lower() for doc in index["docs"]]
    spelled = defaultdict(set)                       # benes -> {beneš}: how the site writes a word with diacritics
    for text in texts:
        for word in WORD.findall(text):
            if fold(word) != word:
                spelled[fold(word)].add(word)
    matchers = [(re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(w)) for w in sorted(group)) + r")(?!\w)"),
                 group | {fold(w) for w in group}) for group in groups]
    for doc, text in zip(index["docs"], texts):
        doc.pop(FIELD, None)
        found: set[str] = set()
        for word in set(WORD.findall(text)):
            if fold(word) != word:
                found |= {word, fold(word)}
            elif word in spelled:
                found |= spelled[word] | {word}
        folded = fold(text)
        for matcher, spellings in matchers:
            if matcher.search(folded):
                found |= spellings
        new = found - set(separator.split(text))      # a word Material indexes as it is needs no second copy
        if new:
            doc[FIELD] = " ".join(sorted(new))
    index["config"]["fields"][FIELD] = {"boost": 1.0}
    return index


def augment_index(site_dir: Path, site: "Site") -> None:
    """Rewrite site_dir/search/search_index.json with the variants field (no index, nothing to do)."""
    path = Path(site_dir) / "search" / "search_index.json"
    aliases = site.docs_dir / ALIASES
    shown = aliases.relative_to(site.root).as_posix() if site.root in aliases.parents else str(aliases)
    groups = merge_groups(load_aliases(aliases, shown) + people_groups(site.people))
    if not path.exists():
        return
    index = augment(json.loads(path.read_text(encoding="utf-8")), groups)
    # ASCII-only JSON, as Material writes it: search_index.js of the offline copy then reads right in any charset.
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
