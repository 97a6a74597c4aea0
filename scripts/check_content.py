#!/usr/bin/env python3
"""Check the site's content in about a second, without building it: every page, citation, piece of
evidence, timeline event, person and reference entry is loaded and validated exactly as the build does.

    python3 scripts/dev.py check

Prints 'content OK' and the counts, or the first problem as 'file:line: problem: fix' (exit status 1).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def main(argv: list[str]) -> int:
    if argv:
        print("usage: python3 scripts/dev.py check  (it takes no arguments)", file=sys.stderr)
        return 2
    from treatysite.errors import ContentError
    from treatysite.site import Site

    try:
        site = Site.load(ROOT)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    cites = sum(len(b.cites) for b in site.all_blocks())
    print(f"content OK: {len(site.pages)} pages, {len(site.events)} events, {len(site.people)} people, "
          f"{len(site.references.entries)} references, {cites} citations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
