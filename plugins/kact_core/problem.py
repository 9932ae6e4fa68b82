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
    # Which of the check's rules it breaks (e.g. "unknown-field") and what it
    # is about (a header field, a notice's id), where the check names them, so
    # a repeat is known by these and not by its wording (see identity).
    rule: str = ""
    subject: str = ""

    @property
    def where(self):
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def is_error(self):
        return self.severity == ERROR

    @property
    def identity(self):
        """Problems with one identity are one problem, reported once: the same
        place, check, rule and subject; without a rule, the same place and words."""
        if self.rule:
            return (self.path, self.line, self.check, self.rule, self.subject)
        return (self.path, self.line, self.what)

    def sort_key(self):
        return (self.severity != ERROR, self.path, self.line or 0, self.what)
