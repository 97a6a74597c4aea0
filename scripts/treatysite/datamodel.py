"""biblatex's standard data model (as biber 2.18 declares it), for the entry types the site uses.

The loader refuses a field that biblatex would not accept for the entry's type, so that the .bib
files stay valid for `biber --validate-datamodel` and every field is printed by biblatex styles.
"""
from __future__ import annotations

# Fields every entry type may have (biber's global <entryfields>), with the date fields by name.
ALL_TYPES = set("""
abstract annotation authortype bookpagination crossref doi entryset entrysubtype eprint eprintclass
eprinttype execute file gender ids indexsorttitle indextitle isan ismn iswc keywords label langid
langidopts library lista listb listc listd liste listf namea nameaddon nameatype nameb namebtype namec
namectype options origlocation origpublisher origtitle pagination presort related relatedoptions
relatedstring relatedtype shortauthor shorteditor shorthand shorthandintro shortjournal shortseries
shorttitle sortkey sortname sortshorthand sorttitle sortyear url usera userb userc userd usere userf
verba verbb verbc xdata xref date origdate urldate year month
""".split())

BY_TYPE: dict[str, set[str]] = {name: set(fields.split()) for name, fields in {
    "article": """addendum annotator author commentator editor editora editoratype editorb editorbtype editorc
        editorctype editortype eid issn issue issuesubtitle issuetitle issuetitleaddon journalsubtitle
        journaltitle journaltitleaddon language note number origlanguage pages pubstate series subtitle title
        titleaddon translator version volume""",
    "book": """addendum afterword annotator author chapter commentator edition editor editora editoratype
        editorb editorbtype editorc editorctype editortype eid foreword introduction isbn language location
        mainsubtitle maintitle maintitleaddon note number origlanguage pages pagetotal part publisher pubstate
        series subtitle title titleaddon translator volume volumes""",
    "collection": """addendum afterword annotator chapter commentator edition editor editora editoratype editorb
        editorbtype editorc editorctype editortype eid foreword introduction isbn language location mainsubtitle
        maintitle maintitleaddon note number origlanguage pages pagetotal part publisher pubstate series subtitle
        title titleaddon translator volume volumes""",
    "inbook": """addendum afterword annotator author bookauthor booksubtitle booktitle booktitleaddon chapter
        commentator edition editor editora editoratype editorb editorbtype editorc editorctype editortype eid
        foreword introduction isbn language location mainsubtitle maintitle maintitleaddon note number
        origlanguage pages part publisher pubstate series subtitle title titleaddon translator volume volumes""",
    "incollection": """addendum afterword annotator author booksubtitle booktitle booktitleaddon chapter
        commentator edition editor editora editoratype editorb editorbtype editorc editorctype editortype eid
        foreword introduction isbn language location mainsubtitle maintitle maintitleaddon note number
        origlanguage pages part publisher pubstate series subtitle title titleaddon translator volume volumes""",
    "online": "addendum author editor editortype language note organization pubstate subtitle title titleaddon version",
    "report": """addendum author chapter eid institution isrn language location note number pages pagetotal
        pubstate subtitle title titleaddon type version""",
    "thesis": "addendum author chapter eid institution language location note pages pagetotal pubstate subtitle title titleaddon type",
    "misc": "addendum author editor editortype howpublished language location note organization pubstate subtitle title titleaddon type version",
}.items()}

# Mandatory fields (biber's <constraints>); a tuple means one of them. biber also wants exactly one
# of date and year (<fieldxor>) for every type used here: checked by the loader.
MANDATORY: dict[str, list[tuple[str, ...]]] = {
    "article": [("author",), ("journaltitle",), ("title",)],
    "book": [("author",), ("title",)],
    "collection": [("editor",), ("title",)],
    "inbook": [("author",), ("title",), ("booktitle",)],
    "incollection": [("author",), ("editor",), ("title",), ("booktitle",)],
    "online": [("title",), ("url", "doi", "eprint")],
    "report": [("author",), ("title",), ("type",), ("institution",)],
    "thesis": [("author",), ("title",), ("type",), ("institution",)],
    "misc": [("title",)],
}

NAME_FIELDS = {"author", "editor", "translator", "bookauthor", "namea", "annotator", "commentator",
               "editora", "editorb", "editorc", "afterword", "foreword", "introduction", "holder"}


def allowed_fields(entry_type: str) -> set[str]:
    return ALL_TYPES | BY_TYPE[entry_type]
