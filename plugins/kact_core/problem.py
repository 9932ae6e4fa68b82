"""One problem found by the quality gate: where it is, what is wrong, how to fix it."""
from dataclasses import dataclass

ERROR = "error"  # stops the build
ADVICE = "advice"  # printed, never stops the build


@dataclass(frozen=True)
class Problem:
    # The file, relative to the project folder (content/pages/faq.md), so the
    # therapist can open it; for a problem in a built page, the page's source.
    path: str
    # The line in that file, counted from 1, or None when no line applies.
    line: int | None
    # What is wrong, in plain words, as one or two sentences.
    what: str
    # How to fix it, in plain words.
    fix: str
    severity: str = ERROR
    # The check that found it; the gate fills it in.
    check: str = ""

    @property
    def where(self):
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def is_error(self):
        return self.severity == ERROR

    def sort_key(self):
        return (self.severity != ERROR, self.path, self.line or 0, self.what)
