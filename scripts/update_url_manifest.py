#!/usr/bin/env python3
"""Build the site and add every new page address and anchor to tests/url-manifest.txt (never removes any)."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from treatysite.urls import published_urls, write_manifest  # noqa: E402

MANIFEST = ROOT / "tests" / "url-manifest.txt"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", READER_SKIP_MANIFEST="1")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", folder], cwd=ROOT, env=env, check=True)
        added = write_manifest(MANIFEST, published_urls(Path(folder)))
    print(f"{MANIFEST.relative_to(ROOT)}: {added} new address(es) added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
