"""The one mapping from a reference entry (biblatex model) to a CSL-JSON item.

Used twice: for the site's own notes and bibliography (formatted by pandoc with
bibliography/reader-notes.csl) and for the CSL-JSON and RIS downloads. The two differ in one way
only, chosen by `for_display`: "and others" prints as "et al." on the site, while an export never
writes a name that is not a name (it drops "others" and says so in the item's note).
"""
from __future__ import annotations

from .references import Entry, Name, ReferenceSet

ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


def csl_type(entry: Entry) -> str:
    """The CSL type that says what the work is."""
    kind = entry.subtype
    if entry.type == "article":
        return {"newspaper": "article-newspaper", "magazine": "article-magazine",
                "parliamentary debate": "hearing"}.get(kind, "article-journal")
    if entry.type in ("book", "collection"):
        return "book"
    if entry.type == "inbook":
        if kind == "treaty":
            return "treaty"
        if kind in ("", "editorial note"):
            return "chapter"
        return "personal_communication"     # CSL's type for a letter, telegram or other diplomatic document
    if entry.type == "incollection":
        return "chapter"
    if entry.type == "online":
        return "entry-encyclopedia" if kind == "encyclopedia entry" else "webpage"
    if entry.type == "report":
        return "bill" if kind == "bill" else "report"
    if entry.type == "thesis":
        return "thesis"
    if entry.type == "misc" and kind in ("broadcast", "treaty", "book", "article"):
        return kind
    if entry.type == "misc" and kind in ("despatch", "memorandum", "letter", "report"):
        return "manuscript"     # an archival document read online
    return "document"


def _names(names: list[Name], others: bool, for_display: bool) -> list[dict]:
    result = [{"literal": n.literal} if n.literal else {k: v for k, v in (("family", n.family), ("given", n.given)) if v}
              for n in names]
    if others and for_display and result:
        # CSL has no 'and others': the site prints "Jan Němeček et al." through the last name's suffix.
        result[-1] = dict(result[-1], suffix="et al.")
    return result


def _date_parts(text: str) -> dict:
    return {"date-parts": [[int(p) for p in text.split("-")]]}


def _series(text: str) -> str:
    if text.isdigit():
        number = int(text)
        return f"{ORDINALS.get(number if number < 20 else number % 10, f'{number}th')} ser."
    return text


def to_csl(entry: Entry, references: ReferenceSet, for_display: bool = False) -> dict:
    """The CSL-JSON item of an entry."""
    kind = csl_type(entry)
    item: dict = {"id": entry.key, "type": kind}
    t = entry.text
    notes = []
    for role in ("author", "editor", "translator"):
        names = entry.names(role)
        if names:
            item[role] = _names(names, entry.has_others(role), for_display)
        if entry.has_others(role) and not for_display:
            notes.append(f"The source names further {role}s without listing them (\u201cand others\u201d).")
    recipient = entry.names("recipient")
    if recipient:
        item["recipient"] = _names(recipient, False, for_display)
    if entry.type == "book" and t("maintitle"):
        # A volume of a multi-volume work or documentary series (FRUS): the series is the title.
        item["title"] = t("maintitle")
        item["volume-title"] = t("title")
    elif t("title"):
        item["title"] = t("title")
    short = t("shorthand") or t("shorttitle")
    if short:
        item["title-short"] = short
    if entry.type in ("inbook", "incollection"):
        item["container-title"] = t("maintitle") or t("booktitle")
        if t("maintitle") and t("booktitle"):
            item["volume-title"] = t("booktitle")
        parent = references.entries.get(entry.fields.get("crossref", ""))
        if parent is not None and parent.text("shorthand"):
            item["container-title-short"] = parent.text("shorthand")
    elif entry.type == "article":
        item["container-title"] = t("journaltitle")
        if kind == "hearing":
            if t("journaltitleaddon"):
                item["authority"] = t("journaltitleaddon")
            if t("series"):
                item["collection-title"] = _series(t("series"))
        elif t("series"):
            item["collection-title"] = t("series")
    elif entry.type in ("online", "misc") and t("organization"):
        item["container-title" if entry.type == "online" else "publisher"] = t("organization")
    if entry.type == "misc" and t("howpublished"):
        # a book: its publisher; an article whose journal is unknown: a note; a broadcast: the programme
        item[{"book": "publisher", "article": "note", "treaty": "note"}.get(kind, "container-title")] = t("howpublished")
    if entry.type == "misc" and kind == "article" and t("organization"):
        item["publisher"] = t("organization")
    if entry.type in ("report", "thesis") and t("institution"):
        item["authority" if kind == "bill" else "publisher"] = t("institution")
    for bib, csl in (("volume", "volume"), ("publisher", "publisher"), ("location", "publisher-place"),
                     ("edition", "edition"), ("isbn", "ISBN"), ("issn", "ISSN"), ("doi", "DOI"), ("url", "URL"),
                     ("abstract", "abstract"), ("pages", "page"), ("library", "archive_location")):
        if t(bib):
            item[csl] = t(bib)
    if entry.type == "article":
        if t("number"):
            item["issue"] = t("number")
    elif t("number"):
        item["number"] = t("number")
    if entry.type == "report" and t("type"):
        item["genre"] = t("type")
    if kind == "manuscript":
        item["genre"] = entry.subtype
    if entry.type == "thesis":
        item["genre"] = {"phdthesis": "PhD diss.", "mathesis": "MA thesis"}.get(t("type"), t("type"))
    if kind == "personal_communication" or (entry.type == "inbook" and entry.subtype == "editorial note"):
        if kind == "personal_communication":
            item["genre"] = entry.subtype
        if t("eid"):
            item["chapter-number"] = t("eid")
    if for_display and kind == "hearing" and t("pages"):
        from .notes import whole_locator
        item["section"] = whole_locator(entry)      # "cols. 1519–21": the style cannot tell columns from pages
    language = entry.language
    if language:
        item["language"] = language
    document_date = entry.document_date
    if document_date and kind in ("personal_communication", "chapter"):
        # A document: 'issued' is its own date; the collection's year of publication is the available-date.
        if for_display and (document_date.end or document_date.received):
            item["issued"] = {"literal": document_date.display("long")}
        else:
            item["issued"] = document_date.csl()
        if t("date") and not entry.undated:
            item["available-date"] = _date_parts(t("date"))
    else:
        published = entry.publication_date
        if published and kind == "treaty" and entry.type == "misc":
            item["original-date"] = published.csl()      # a treaty read on its own: the date is its signature
        elif published:
            item["issued"] = published.csl()
        if document_date:
            item["original-date"] = document_date.csl()
    if t("urldate"):
        item["accessed"] = _date_parts(t("urldate"))
    keywords = [k for k in entry.keywords]
    if keywords:
        item["keyword"] = ", ".join(keywords)
    if notes:
        item["note"] = " ".join(filter(None, [item.get("note"), *notes]))
    return item


def reference_items(references: ReferenceSet, for_display: bool = False) -> list[dict]:
    return [to_csl(entry, references, for_display) for entry in references.entries.values()]
