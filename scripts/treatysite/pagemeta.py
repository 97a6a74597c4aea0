"""One metadata record per page, rendered everywhere from that one record.

The record is built from the page's front matter plus the site defaults in
mkdocs.yml (extra.reader). From it come: the visible "Cite this page" block
(Chicago text, BibTeX, RIS and CSL-JSON downloads), <link rel="canonical">,
Dublin Core meta for Zotero, citation_reference for every work the page cites,
JSON-LD and OpenGraph. The page's own author is the site's corporate author:
never the author of a work the page discusses.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from .exports import csl_to_ris
from .references import Entry, strip_braces
from .timeline import MONTHS

ACCESS_PLACEHOLDER = "[date you accessed it]"


@dataclass
class SiteDefaults:
    site_name: str
    site_url: str
    corporate_author: str
    edition: str
    edition_date: str
    license: str
    license_url: str


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
            "issued": {"date-parts": [_date_parts(self.modified)]},
            "version": d.edition,
            "URL": self.url,
            "note": f"Edition {d.edition} ({d.edition_date}). {d.license}.",
        }

    @property
    def bibtex_key(self) -> str:
        return "reader-" + self.slug

    def bibtex(self) -> str:
        d = self.defaults
        fields = [
            ("author", "{" + d.corporate_author + "}"),
            ("title", "{" + self.title + "}"),
            ("organization", d.site_name),
            ("date", self.modified),
            ("version", d.edition),
            ("url", self.url),
            ("note", f"Edition {d.edition} ({d.edition_date}); {d.license}. Add the date you accessed it as urldate"),
        ]
        body = ",\n".join(f"  {name:<12} = {{{_bibtex_escape(value)}}}" for name, value in fields)
        return f"@online{{{self.bibtex_key},\n{body}\n}}\n"

    def ris(self) -> str:
        return csl_to_ris([self.csl_json()])

    # ---- HTML ---------------------------------------------------------------------------------
    def head_html(self) -> str:
        d = self.defaults
        e = html.escape
        tags = [
            ("DC.title", self.title), ("DC.creator", d.corporate_author), ("DC.date", self.modified),
            ("DC.date.created", self.published), ("DC.type", "webpage"), ("DC.format", "text/html"),
            ("DC.identifier", self.url), ("DC.publisher", d.site_name), ("DC.language", "en"),
            ("DC.rights", d.license), ("DC.description", self.description),
        ]
        lines = [f'<meta name="{e(name)}" content="{e(value)}">' for name, value in tags if value]
        lines += [f'<meta name="citation_reference" content="{e(citation_reference(entry))}">' for entry in self.cited]
        og = [("og:title", self.title), ("og:type", "article"), ("og:url", self.url),
              ("og:site_name", d.site_name), ("og:description", self.description), ("og:locale", "en_GB")]
        lines += [f'<meta property="{e(name)}" content="{e(value)}">' for name, value in og if value]
        lines.append(f'<script type="application/ld+json">{_json_for_script(self.json_ld())}</script>')
        lines.append(f'<script type="application/json" id="page-citation">{_json_for_script(self.csl_json())}</script>')
        return "\n".join(lines)

    def json_ld(self) -> dict:
        d = self.defaults
        organisation = {"@type": "Organization", "name": d.corporate_author}
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "@id": self.url,
            "url": self.url,
            "name": self.title,
            "headline": self.title,
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

    def cite_html(self, download_base: str) -> str:
        """The visible block; download_base is the relative path from the page to the site root."""
        e = html.escape
        files = f"{download_base}cite/{self.slug}"
        return (
            '<section class="cite-block" id="cite-this-page" aria-labelledby="cite-this-page-heading">\n'
            '<h2 id="cite-this-page-heading">Cite this page</h2>\n'
            f'<p class="cite-text">{chicago_html(self)} Accessed {e(ACCESS_PLACEHOLDER)}.</p>\n'
            f'<p>Permanent address: <a class="cite-url" href="{e(self.url)}">{e(self.url)}</a> · '
            f'Edition {e(self.defaults.edition)}, {e(self.defaults.edition_date)} · {e(self.defaults.license)}</p>\n'
            '<details class="cite-bibtex"><summary>BibTeX</summary>\n'
            f'<pre><code>{e(self.bibtex())}</code></pre>\n</details>\n'
            f'<p>Download this citation: <a href="{files}.bib" download>BibTeX</a> · '
            f'<a href="{files}.ris" download>RIS</a> · <a href="{files}.json" download>CSL-JSON</a></p>\n'
            '</section>\n'
        )


def page_slug(src_path: str) -> str:
    stem = re.sub(r"\.md$", "", src_path)
    return "home" if stem == "index" else stem.replace("/", "-")


def page_url(site_url: str, dest_uri: str) -> str:
    return site_url + dest_uri


def build_record(src_path: str, dest_uri: str, meta: dict, nav_title: str, defaults: SiteDefaults,
                 cited: list[Entry]) -> PageRecord:
    published = str(meta.get("published") or defaults.edition_date)
    return PageRecord(
        slug=page_slug(src_path),
        title=str(meta.get("title") or nav_title),
        description=str(meta.get("description") or ""),
        url=page_url(defaults.site_url, dest_uri),
        published=published,
        modified=str(meta.get("modified") or defaults.edition_date),
        defaults=defaults,
        cited=cited,
    )


def citation_reference(entry: Entry) -> str:
    """Google Scholar's citation_reference format for one cited work."""
    parts = [f"citation_title={strip_braces(entry.title)}"]
    for person in entry.persons.get("author", []):
        parts.append(f"citation_author={strip_braces(person)}")
    date = entry.fields.get("date") or entry.fields.get("year")
    if date:
        parts.append(f"citation_publication_date={date}")
    for field_name, tag in (("journal", "citation_journal_title"), ("volume", "citation_volume"),
                            ("publisher", "citation_publisher"), ("url", "citation_public_url")):
        if entry.fields.get(field_name):
            parts.append(f"{tag}={strip_braces(entry.fields[field_name])}")
    return "; ".join(parts)


def work_json_ld(entry: Entry) -> dict:
    work = {"@type": "CreativeWork", "name": strip_braces(entry.title), "identifier": entry.key}
    authors = [strip_braces(p) for p in entry.persons.get("author", [])]
    if authors:
        work["author"] = [{"@type": "Person" if "," in a else "Organization", "name": a} for a in authors]
    date = entry.fields.get("date") or entry.fields.get("year")
    if date:
        work["datePublished"] = date
    if entry.url:
        work["url"] = entry.url
    return work


def _date_parts(text: str) -> list[int]:
    return [int(p) for p in text.split("-")]


def _bibtex_escape(value: str) -> str:
    return value.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#")


def _json_for_script(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def chicago_html(record: PageRecord) -> str:
    """Chicago author-date reference for a web page: Author. Year. "Title." Site, edition. Date. URL."""
    d = record.defaults
    e = html.escape
    year, month, day = (_date_parts(record.modified) + [1, 1])[:3]
    when = f"{MONTHS[month - 1]} {day}, {year}" if record.modified.count("-") == 2 else str(year)
    return (f"{e(d.corporate_author)}. {year}. “{e(record.title)}.” {e(d.site_name)}, edition {e(d.edition)}. "
            f"Last modified {when}. <a href=\"{e(record.url)}\">{e(record.url)}</a>.")
