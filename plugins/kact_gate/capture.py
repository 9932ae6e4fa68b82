"""Pelican's own warnings and errors, turned into plain problems.

Pelican logs a content mistake as a line such as "Could not process
pages/faq.md" (hiding the reason unless it runs in debug mode) or "Unable to
find 'x.md', skipping url replacement" (naming no page). The gate listens to
the log during the build, keeps each record with the exception being handled
when it was logged (the reason), and reports it with the file it is about.
Records that a check reports better (a missing Title, a broken link) are
left to that check, so each mistake is reported once.
"""
import logging
import re
import sys
from pathlib import Path

from .problem import Problem

# Message templates a check already reports with a file and line.
COVERED_ELSEWHERE = {
    "Skipping %s: could not find information about '%s'",  # metadata: Title is required
    "Unknown status '%s' for file %s, skipping it. (Not in %s)",  # metadata: Status
    "Unable to find '%s', skipping url replacement.",  # links: unresolved {filename}
    "Other resources were not found and their urls not replaced",  # the same, grouped
    "Cannot get modification stamp for %s\n\t%s",  # links: {static} to a missing file
}
UNDO = "Undo your last change to this file, or compare it with another page that builds."


class LogCapture(logging.Handler):
    """Keeps every warning and error logged while the site builds."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.entries = []

    def emit(self, record):
        if record.levelno >= logging.CRITICAL:
            return  # Pelican's own "the build crashed" line: a fault, not content
        cause = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        self.entries.append((record, cause))

    def attach(self):
        root = logging.getLogger()
        for handler in list(root.handlers):
            if isinstance(handler, LogCapture):
                root.removeHandler(handler)  # left over from an earlier build in this process
            elif _is_pelican_console(handler) and not any(
                isinstance(f, _LeaveToGate) for f in handler.filters
            ):
                # The gate prints these in its report; don't print them twice.
                handler.addFilter(_LeaveToGate())
        root.addHandler(self)

    def detach(self):
        logging.getLogger().removeHandler(self)


class _LeaveToGate(logging.Filter):
    def filter(self, record):
        return not (logging.WARNING <= record.levelno < logging.CRITICAL)


def _is_pelican_console(handler):
    from pelican.log import DEFAULT_LOG_HANDLER

    return handler is DEFAULT_LOG_HANDLER


def problems_from_log(entries, site):
    problems = []
    for record, cause in entries:
        if record.msg in COVERED_ELSEWHERE:
            continue
        problem = _problem(record, cause, site)
        if problem is not None:
            problems.append(problem)
    return problems


def _problem(record, cause, site):
    message = record.getMessage()
    if record.msg == "Could not process %s" and record.args:
        return _unreadable(Path(site.content) / str(record.args[0]), cause, site)
    return Problem(
        path=_path_in(message, site),
        line=None,
        what=f"Pelican reported: {message}",
        fix="Read the message for the file it names and correct it; " + UNDO,
    )


def _unreadable(path, cause, site):
    rel = site.relative(path)
    if isinstance(cause, UnicodeDecodeError):
        return None  # the metadata check reports the file's encoding with the line
    if cause is None:
        return Problem(rel, None, "Pelican could not read this page.", UNDO)
    text = " ".join(str(cause).split())
    if type(cause).__name__ == "FactError":
        return _fact_problem(path, rel, text)
    return Problem(
        rel,
        _line_in(text),
        f"Pelican could not read this page: {text}",
        UNDO,
    )


def _fact_problem(path, rel, text):
    line = _line_in(text)
    if "braces" in text:
        fix = ("Write each fact as two opening braces, its name and two closing braces, "
               "for example {{ crisis.lifeline.number }}.")
    else:
        fix = "Compare the name inside {{ }} with data/practice.yml and correct the spelling."
        line = line or _line_of_missing_fact(path, text)
    text = re.sub(r"^near line \d+:\s*", "", text)
    return Problem(rel, line, "This page " + text if text.startswith("it ") else text[:1].upper() + text[1:], fix)


def _line_in(text):
    found = re.search(r"\bline (\d+)", text)
    return int(found.group(1)) if found else None


def _line_of_missing_fact(path, message):
    """Jinja names only the misspelt last part ('lifelin'); find the {{ }} with it."""
    found = re.search(r"attribute '([^']+)'|'([^']+)' is undefined|no crisis line called (\S+)", message)
    if not found:
        return None
    name = next(group for group in found.groups() if group)
    pattern = re.compile(r"(\{\{|\{%)[^}]*\b" + re.escape(name.strip("'\".,)")) + r"\b")
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, start=1) if pattern.search(line)), None)


def _path_in(message, site):
    found = re.search(r"(\S+\.(?:md|html|yml|py|css))\b", message)
    if not found:
        return "the site"
    candidate = Path(found.group(1).strip("'\""))
    for base in (Path(), site.content, site.project):
        if (base / candidate).exists():
            return site.relative(base / candidate)
    return str(candidate)
