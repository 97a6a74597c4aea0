"""One escaping function per place a value is written.

Every value read from YAML, BibTeX or front matter is text. It reaches an output only through one
of these functions, chosen by where it goes:

  html_text        element content                      html_attr    attribute value
  json_for_script  JSON inside <script>                  markdown_text  literal text inside Markdown
  restricted_markdown  a data field where emphasis and links are wanted (no raw HTML, safe links only)
  bibtex_text      a BibTeX field value                  ris_text     one RIS line
  csv_cell         one CSV cell (no spreadsheet formulas) reference_value  one citation_reference value
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import urlparse

from .errors import ContentError

# ---- HTML ---------------------------------------------------------------------------------------


def html_text(value) -> str:
    return html.escape(str(value), quote=False)


def html_attr(value) -> str:
    return html.escape(str(value), quote=True)


def json_for_script(data) -> str:
    """JSON that can sit inside <script>: no '</', '<!--', ']]>' or line separators can end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ---- Markdown -----------------------------------------------------------------------------------
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|])")


def markdown_text(value) -> str:
    """Text shown literally in Markdown: no markup, no HTML, one line."""
    text = " ".join(str(value).split())
    # "@" as an entity: no escaped value can ever be read as a citation.
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("@", "&#64;")


LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
ALLOWED_SCHEMES = {"http", "https", "event"}


def safe_link_target(target: str) -> bool:
    """http(s) addresses, event:ID links, and relative links to the site's own pages."""
    parsed = urlparse(target)
    if parsed.scheme:
        return parsed.scheme in ALLOWED_SCHEMES and (parsed.scheme == "event" or bool(parsed.netloc))
    if target.startswith("//"):
        return False
    path = parsed.path
    return not path or path.endswith((".md", ".html")) or path.endswith("/")


def restricted_markdown(value, where: tuple[str, int | None], field: str) -> str:
    """A data field in which emphasis and links are allowed and nothing else takes effect.

    Raw HTML is escaped (it shows as text). A link to anything but an http(s) address, a timeline
    event or a page of the site, and any image, stops the build: `where` is (file, line).
    """
    text = " ".join(str(value).split())
    for match in LINK.finditer(text):
        if match.group(1):
            raise ContentError(*where, f"{field}: image '{match.group(0)}' is not allowed in data fields",
                               "describe the image in words or put it on a page")
        if not safe_link_target(match.group(3)):
            raise ContentError(*where, f"{field}: link target '{match.group(3)}' is not allowed",
                               "link only to http(s) addresses, site pages (page.md) or events (event:ID)")
    # Escape HTML but keep Markdown's own entity-free text; '&' stays literal for Markdown.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- BibTeX -------------------------------------------------------------------------------------
BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "#": r"\#",
                  "$": r"\$", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
BIBTEX_PATTERN = re.compile("|".join(re.escape(k) for k in BIBTEX_SPECIAL))


def bibtex_text(value) -> str:
    """Plain text as a BibTeX field value: braces and TeX specials escaped, one line."""
    return BIBTEX_PATTERN.sub(lambda m: BIBTEX_SPECIAL[m.group(0)], " ".join(str(value).split()))


def bibtex_verbatim(value) -> str:
    """A verbatim field (url): biblatex reads it as is; only braces would break the entry."""
    text = " ".join(str(value).split())
    if "{" in text or "}" in text:
        raise ValueError(f"a brace cannot be written in a verbatim BibTeX field: {text!r}")
    return text


# ---- RIS, CSV, citation_reference ----------------------------------------------------------------


def ris_text(value) -> str:
    """One RIS line: a newline would end the record's field early."""
    return " ".join(str(value).split())


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def reference_value(value) -> str:
    """A value inside citation_reference ('name=value; name=value'): ';' and '%' percent-encoded."""
    return " ".join(str(value).split()).replace("%", "%25").replace(";", "%3B")
