"""One metadata record per page, rendered everywhere from that one record.

The record is built from the page's front matter plus the site defaults in mkdocs.yml
(extra.reader). From it come: the visible "Cite this page" block (Chicago text, BibTeX, RIS and
CSL-JSON downloads), <link rel="canonical">, Dublin Core meta and a COinS span for Zotero,
citation_reference for every work the page cites, JSON-LD and OpenGraph. The page's own author is
the site's corporate author: never the author of a work the page discusses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import rispy
from pybtex.database import BibliographyData, Entry as BibEntry, Person

from .csl import csl_type
from .exports import RisWriter
from .dates import parse_iso
from .errors import ContentError
from .escape import bibtex_text, bibtex_verbatim, html_attr, html_text, json_for_script, reference_value, ris_text
from .references import Entry, ReferenceSet

ACCESS_PLACEHOLDER = "[date you accessed it]"
SITE_FIELDS = ("corporate_author", "license", "license_url")
SCHEMA_TYPES = {"article-journal": "ScholarlyArticle", "article-newspaper": "NewsArticle", "article-magazine": "Article",
                "book": "Book", "chapter": "Chapter", "webpage": "WebPage", "personal_communication": "Message",
                "treaty": "Legislation", "bill": "Legislation", "thesis": "Thesis", "entry-encyclopedia": "Article",
                "broadcast": "CreativeWork", "hearing": "CreativeWork", "manuscript": "Manuscript"}


@dataclass
class SiteDefaults:
    site_name: str
    site_url: str           # the base of the addresses this build publishes (an edition's copy: its own base)
    corporate_author: str
    edition: str
    edition_date: str
    license: str
    license_url: str
    copy_base: str = ""     # where this edition's unchanging copy lives ("" while it is not released)
    current_base: str = ""  # the current site's base (differs from site_url only in an edition's copy)
    frozen: bool = False    # this build is an edition's unchanging copy
    preview: bool = False   # a local preview on the placeholder address


def site_defaults(site_name: str, site_url: str, reader, edition, frozen: bool = False) -> SiteDefaults:
    """The site-wide part of every record: mkdocs.yml extra.reader (checked) and the edition being built."""
    from .editions import is_preview

    if not isinstance(reader, dict):
        raise ContentError("mkdocs.yml", None, "extra.reader is missing", f"add extra: reader: with {', '.join(SITE_FIELDS)}")
    for name in SITE_FIELDS:
        if not isinstance(reader.get(name), str) or not reader[name].strip():
            raise ContentError("mkdocs.yml", None, f"extra.reader.{name} is missing or not quoted text",
                               f"write {name}: \"...\" (quoted text)")
    if not site_url.startswith(("http://", "https://")):
        raise ContentError("mkdocs.yml", None, f"site_url '{site_url}' is not a full http(s) address",
                           "set SITE_URL (or site_url) to the public address, e.g. https://example.org/reader/")
    site_url = site_url.rstrip("/") + "/"
    current_base = site_url.removesuffix(edition.path) if frozen else site_url
    copy_base = site_url if frozen else (current_base + edition.path if edition.released else "")
    return SiteDefaults(site_name=site_name, site_url=site_url, edition=edition.number, edition_date=edition.date,
                        copy_base=copy_base, current_base=current_base, frozen=frozen, preview=is_preview(site_url),
                        **{k: reader[k].strip() for k in SITE_FIELDS})


@dataclass
class PageRecord:
    slug: str               # stable id of the page, from its path: 'british-position', 'context-people'
    title: str
    description: str
    url: str                # canonical: site_url + path, identical in every copy
    published: str
    modified: str
    defaults: SiteDefaults
    cited: list[Entry] = field(default_factory=list)
    references: ReferenceSet | None = None
    dest: str = ""          # the page's path in the site

    @property
    def bibtex_key(self) -> str:
        return "reader-" + self.slug

    @property
    def copy_url(self) -> str:
        """This edition's unchanging copy of the page ('' while the edition is not released)."""
        return self.defaults.copy_base + self.dest if self.defaults.copy_base else ""

    @property
    def current_url(self) -> str:
        return self.defaults.current_base + self.dest

    @property
    def edition_note(self) -> str:
        d = self.defaults
        note = f"Edition {d.edition} ({parse_iso(d.edition_date).long()})"
        return note + (f", kept unchanged at {self.copy_url}" if self.copy_url else "")

    # ---- machine-readable forms -------------------------------------------------------------
    def csl_json(self) -> dict:
        d = self.defaults
        return {
            "id": self.bibtex_key,
            "type": "webpage",
            "title": self.title,
            "author": [{"literal": d.corporate_author}],
            "container-title": d.site_name,
            "publisher": d.corporate_author,
            "issued": {"date-parts": [[int(p) for p in self.modified.split("-")]]},
            "version": d.edition,
            "URL": self.url,
            "abstract": self.description,
            "language": "en",
            "note": f"{self.edition_note}. {d.license}.",
        }

    def bibtex(self) -> str:
        """The page as a biblatex @online entry, written by pybtex (values escaped for BibTeX)."""
        d = self.defaults
        entry = BibEntry("online", fields=[
            ("title", "{" + bibtex_text(self.title) + "}"),
            ("organization", bibtex_text(d.site_name)),
            ("date", self.modified),
            ("version", bibtex_text(d.edition)),
            ("url", bibtex_verbatim(self.url)),
            ("abstract", bibtex_text(self.description)),
            ("addendum", bibtex_text(self.edition_note)),
            ("langid", "english"),
        ], persons={"author": [Person("{" + bibtex_text(d.corporate_author) + "}")]})
        return BibliographyData(entries={self.bibtex_key: entry}).to_string("bibtex")

    def ris(self) -> str:
        d = self.defaults
        return rispy.dumps([{
            "type_of_reference": "ELEC", "id": self.bibtex_key, "title": ris_text(self.title),
            "authors": [ris_text(d.corporate_author)], "secondary_title": ris_text(d.site_name),
            "publisher": ris_text(d.corporate_author), "date": self.modified.replace("-", "/"),
            "year": self.modified[:4], "urls": [self.url], "abstract": ris_text(self.description),
            "language": "en", "edition": ris_text(d.edition), "notes": [ris_text(self.edition_note)],
        }], implementation=RisWriter)

    # ---- HTML ---------------------------------------------------------------------------------
    def head_html(self) -> str:
        d = self.defaults
        tags = [
            ("DC.title", self.title), ("DC.creator", d.corporate_author), ("DC.date", self.modified),
            ("DC.date.created", self.published), ("DC.format", "text/html"), ("DC.identifier", self.url),
            ("DC.publisher", d.site_name), ("DC.language", "en"), ("DC.rights", d.license),
            ("DC.description", self.description),
        ]
        lines = [f'<meta name="{html_attr(name)}" content="{html_attr(value)}">' for name, value in tags if value]
        lines += [f'<meta name="citation_reference" content="{html_attr(citation_reference(entry))}">' for entry in self.cited]
        # og:type "website" makes Zotero's Embedded Metadata save a web page; no DC.type (Zotero copies it into
        # "Website Type"). The page's own author is a body: COinS carries it as one name (rft.aucorp).
        og = [("og:title", self.title), ("og:type", "website"), ("og:url", self.url),
              ("og:site_name", d.site_name), ("og:description", self.description), ("og:locale", "en_GB")]
        lines += [f'<meta property="{html_attr(name)}" content="{html_attr(value)}">' for name, value in og if value]
        lines.append(f'<script type="application/ld+json">{json_for_script(self.json_ld())}</script>')
        return "\n".join(lines)

    def coins(self) -> str:
        """A COinS span (OpenURL ContextObject) for the page.

        The generic document form (book format, genre 'document'), a Zotero item type ('rft.type=webpage')
        and the corporate author as one name ('rft.aucorp', never also 'rft.au', which Zotero would split).
        """
        d = self.defaults
        query = urlencode([
            ("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "document"),
            ("rft.type", "webpage"), ("rft.title", self.title), ("rft.aucorp", d.corporate_author),
            ("rft.date", self.modified), ("rft.pub", d.site_name), ("rft_id", self.url), ("rft.language", "en"),
            ("rft.description", self.description), ("rft.rights", d.license),
        ])
        return f'<span class="Z3988" title="{html_attr(query)}"></span>'

    def json_ld(self) -> dict:
        d = self.defaults
        organisation = {"@type": "Organization", "name": d.corporate_author}
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "@id": self.url,
            "url": self.url,
            "name": self.title,
            "description": self.description,
            "author": organisation,
            "publisher": organisation,
            "datePublished": self.published,
            "dateModified": self.modified,
            "version": d.edition,
            "license": d.license_url,
            "inLanguage": "en",
            "isPartOf": {"@type": "WebSite", "name": d.site_name, "url": d.site_url},
            "citation": [work_json_ld(entry) for entry in self.cited],
        }

    def addresses_html(self) -> str:
        return _addresses(self)

    def cite_html(self, download_base: str) -> str:
        """The visible block; download_base is the relative path from the page to the site root."""
        files = f"{download_base}cite/{self.slug}"
        return (
            '<section class="cite-block" id="cite-this-page" aria-labelledby="cite-this-page-heading">\n'
            '<h2 id="cite-this-page-heading">Cite this page</h2>\n'
            f'<p class="cite-text">{chicago_html(self)} Accessed {html_text(ACCESS_PLACEHOLDER)}.</p>\n'
            f"{self.addresses_html()}"
            '<p class="cite-access">Add the day you read the page: in BibTeX as <code>urldate</code>, in RIS as <code>Y2</code>, '
            'in CSL-JSON as <code>accessed</code>.</p>\n'
            '<details class="cite-bibtex"><summary>BibTeX</summary>\n'
            f'<pre><code>{html_text(self.bibtex())}</code></pre>\n</details>\n'
            f'<p>Download this citation: <a href="{files}.bib" download>BibTeX</a> · '
            f'<a href="{files}.ris" download>RIS</a> · <a href="{files}.json" download>CSL-JSON</a></p>\n'
            f"{self.coins()}\n"
            '</section>\n'
        )


def _addresses(record: "PageRecord") -> str:
    d = record.defaults
    edition = f"Edition {html_text(d.edition)}, {html_text(parse_iso(d.edition_date).long())} · {html_text(d.license)}"
    if d.frozen:
        return (f'<p>Cite this edition: <a class="cite-url" href="{html_attr(record.url)}">{html_text(record.url)}</a> · {edition}</p>\n'
                f'<p>Current version of this page: <a class="cite-current" href="{html_attr(record.current_url)}">'
                f"{html_text(record.current_url)}</a></p>\n")
    lines = f'<p>Permanent address: <a class="cite-url" href="{html_attr(record.url)}">{html_text(record.url)}</a> · {edition}</p>\n'
    if record.copy_url:
        return lines + (f'<p>This text as edition {html_text(d.edition)}, kept unchanged: '
                        f'<a class="cite-edition" href="{html_attr(record.copy_url)}">{html_text(record.copy_url)}</a></p>\n')
    return lines + f"<p>Edition {html_text(d.edition)} is not yet released as an unchanging copy.</p>\n"


def page_slug(src_path: str) -> str:
    stem = re.sub(r"\.md$", "", src_path)
    return "home" if stem == "index" else stem.replace("/", "-")


def build_record(src_path: str, dest_uri: str, meta: dict, nav_title: str, defaults: SiteDefaults,
                 cited: list[Entry], references: ReferenceSet | None = None) -> PageRecord:
    published = str(meta.get("published") or defaults.edition_date)
    return PageRecord(
        slug=page_slug(src_path),
        title=" ".join(str(meta.get("title") or nav_title).split()),
        description=" ".join(str(meta.get("description") or "").split()),
        url=defaults.site_url + dest_uri,
        published=published,
        modified=str(meta.get("modified") or defaults.edition_date),
        defaults=defaults,
        cited=cited,
        references=references,
        dest=dest_uri,
    )


def _names(entry: Entry) -> list:
    return entry.names("author") or entry.names("editor")


def citation_reference(entry: Entry) -> str:
    """Google Scholar's citation_reference format for one cited work (values percent-escaped for ';')."""
    parts = [("citation_title", entry.title or entry.text("shorthand"))]
    parts += [("citation_author", name.inverted()) for name in _names(entry)]
    date = entry.publication_date or entry.document_date
    if date:
        parts.append(("citation_publication_date", date.start.iso().replace("-", "/")))
    container = entry.text("maintitle") or entry.text("journaltitle") or entry.text("booktitle")
    if container:
        parts.append(("citation_journal_title" if entry.type == "article" else "citation_inbook_title", container))
    for field_name, tag in (("volume", "citation_volume"), ("publisher", "citation_publisher"), ("url", "citation_public_url")):
        if entry.text(field_name):
            parts.append((tag, entry.text(field_name)))
    return "; ".join(f"{name}={reference_value(value)}" for name, value in parts if value)


def work_json_ld(entry: Entry) -> dict:
    work = {"@type": SCHEMA_TYPES.get(csl_type(entry), "CreativeWork"), "name": entry.title or entry.text("shorthand"),
            "identifier": entry.key}
    authors = _names(entry)
    if authors:
        work["author"] = [{"@type": "Person" if n.is_person else "Organization", "name": n.display()} for n in authors]
    date = entry.document_date or entry.publication_date
    if date:
        work["datePublished"] = date.start.iso()
    if entry.url:
        work["url"] = entry.url
    return work


def chicago_html(record: PageRecord) -> str:
    """Chicago notes-bibliography entry for a web page: Author. "Title." Site, edition. Last modified date. URL."""
    d = record.defaults
    when = parse_iso(record.modified).long()
    return (f"{html_text(d.corporate_author)}. \u201c{html_text(record.title)}.\u201d <em>{html_text(d.site_name)}</em>, "
            f"edition {html_text(d.edition)} ({html_text(parse_iso(d.edition_date).long())}). Last modified {when}. "
            f'<a href="{html_attr(record.url)}">{html_text(record.url)}</a>.')

