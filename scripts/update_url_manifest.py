#!/usr/bin/env python3
"""Build the site and every released edition, and add every new page address and anchor to
tests/url-manifest.txt (it never removes one)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from publish import PublishError, build_edition, editions_of  # noqa: E402
from tooling import strict_build  # noqa: E402
from treatysite.urls import published_urls, write_manifest  # noqa: E402

MANIFEST = ROOT / "tests" / "url-manifest.txt"
ANY_PUBLIC_ADDRESS = "https://manifest-check.example/"     # the manifest holds paths, not hosts


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", READER_SKIP_MANIFEST="1")
        status, problems = strict_build("-d", folder, env=env)
        if status:
            print("\n".join(problems), file=sys.stderr)
            return status
        try:
            for edition in (e for e in editions_of(ROOT) if e.released):
                build_edition(edition, ANY_PUBLIC_ADDRESS, out, ROOT)
        except PublishError as error:
            print(f"ERROR   -  {error}", file=sys.stderr)
            return 1
        added = write_manifest(MANIFEST, published_urls(out))
    print(f"{MANIFEST.relative_to(ROOT)}: {added} new address(es) added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
