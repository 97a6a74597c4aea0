#!/usr/bin/env python3
"""Check the site's content in about a second, without building it: every page, citation, piece of
evidence, timeline event, person and reference entry is loaded and validated exactly as the build does.

    python3 scripts/dev.py check                         everything, strictly (as the build)
    python3 scripts/dev.py check --only FILE [FILE ...]  evidence checked strictly only for these pages
                                                         or data files (docs/british-position.md,
                                                         docs/data/timeline/03-washington.yaml,
                                                         docs/data/people.yaml); the rest must load

Prints 'content OK' or the first problem as 'file:line: problem: fix' (exit status 1).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def check_only(site, files: list[str]) -> None:
    from treatysite.errors import ContentError
    from treatysite.evidence import cite_label

    for name in files:
        name = Path(name).as_posix().removeprefix("./")
        page = next((p for p in site.pages.values() if p.shown == name), None)
        if page is not None:
            evidence = site.evidence[page.path]
            for block in site.blocks[f"{page.path}#"]:
                for cite in block.cites:
                    evidence.lookup(cite, block.source, block.line)
            evidence.check_all_used()
            continue
        events = [e for e in site.events if e.file == name]
        people = list(site.people.values()) if name == "docs/data/people.yaml" else []
        if not events and not people:
            raise ContentError(name, None, "is not a page, a timeline file or the people registry", "give a path like docs/british-position.md")
        for record in events + people:
            label = f"event {record.id}" if record in events else f"person {record.id}"
            for source in record.sources:
                if not source.evidence.quote and not source.evidence.inferred:
                    raise ContentError(name, record.line, f"{label}: source '{cite_label(source.key, source.locator)}': no evidence",
                                       "add quote: or inferred: to the source (docs/data/README.md)")
            texts = [record.summary, record.date_note] if record in events else [record.note]
            from treatysite.citations import find_blocks
            for text in texts:
                for block in find_blocks(text or "", name, record.line):
                    for cite in block.cites:
                        if not any(s.key == cite.key and s.locator == cite.locator for s in record.sources):
                            raise ContentError(name, record.line, f"{label}: citation '{cite_label(cite.key, cite.locator)}' is not among its sources",
                                               "list it under sources with the same key and locator, and its evidence")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    if args.only:
        os.environ["READER_ALLOW_MISSING_EVIDENCE"] = "1"
    from treatysite.errors import ContentError
    from treatysite.site import Site

    try:
        site = Site.load(ROOT)
        if args.only:
            check_only(site, args.only)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    cites = sum(len(b.cites) for b in site.all_blocks())
    scope = f" (evidence checked for {', '.join(args.only)})" if args.only else ""
    print(f"content OK{scope}: {len(site.pages)} pages, {len(site.events)} events, {len(site.people)} people, "
          f"{len(site.references.entries)} references, {cites} citations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
