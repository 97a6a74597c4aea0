"""One exception type for content errors: file, line, what is wrong, how to fix."""
from __future__ import annotations


class ContentError(Exception):
    """A problem in the site's content (pages, YAML data, BibTeX) that stops the build."""

    def __init__(self, file: str, line: int | None, problem: str, fix: str = ""):
        self.file = str(file)
        self.line = line
        self.problem = problem
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.problem}"
        return f"{text}: {self.fix}" if self.fix else text


def closest(word: str, candidates, n: int = 3) -> list[str]:
    """The known names nearest to a mistyped one, for 'did you mean' hints."""
    import difflib

    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    typed = word.lower()
    hits = difflib.get_close_matches(typed, list(lowered), n=3 * n, cutoff=0.5)
    # Two swapped characters ("d310" for "d301") are the likeliest slip: such keys come first.
    hits.sort(key=lambda hit: sorted(hit) != sorted(typed))
    return [lowered[h] for h in hits[:n]]


def did_you_mean(word: str, candidates) -> str:
    near = closest(word, candidates)
    return f"did you mean {', '.join(near)}?" if near else "no similar key is known"
