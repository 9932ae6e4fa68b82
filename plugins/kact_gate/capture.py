"""Pelican's own warnings and errors, turned into plain problems.

Pelican logs a content mistake as a line such as "Could not process
pages/faq.md" (hiding the reason unless it runs in debug mode) or "Unable to
find 'x.md', skipping url replacement" (naming no page). The gate listens to
the log during the build, keeps each record with the exception being handled
when it was logged (the reason), and reports it with the file it is about.
Records that a check reports better (a missing Title, a broken link) are
left to that check, so each mistake is reported once.
"""
import difflib
import logging
import re
import sys
from pathlib import Path

from kact_core.problem import Problem

# Message templates a check already reports with a file and line.
COVERED_ELSEWHERE = {
    "Skipping %s: could not find information about '%s'",  # metadata: Title is required
    "Unknown status '%s' for file %s, skipping it. (Not in %s)",  # metadata: Status
    "Unable to find '%s', skipping url replacement.",  # links: unresolved {filename}
    "Other resources were not found and their urls not replaced",  # the same, grouped
    "Cannot get modification stamp for %s\n\t%s",  # links: {static} to a missing file
    "Skipping %s: file %r would be written outside output path",  # metadata: Save_as
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
        # `pelican --quiet` sets the root and "pelican" loggers to CRITICAL,
        # which would hide the cause of a failed page from the gate too. The
        # console stays quiet: it leaves warnings and errors to the report.
        self._levels_before = {}
        for logger in (root, logging.getLogger("pelican")):
            if logger.level > logging.WARNING:
                self._levels_before[logger] = logger.level
                logger.setLevel(logging.WARNING)

    def detach(self):
        logging.getLogger().removeHandler(self)
        for logger, level in getattr(self, "_levels_before", {}).items():
            logger.setLevel(level)


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
        if isinstance(problem, list):
            problems.extend(problem)
        elif problem is not None:
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
    if type(cause).__name__ == "HeaderRefused":
        return list(cause.problems)  # fields the site does not use, each at its line
    text = " ".join(str(cause).split())
    missing = re.fullmatch(r"'Page' object has no attribute '(title|summary)'", text)
    if missing:
        from .checks.metadata import missing_field_problem

        return missing_field_problem(rel, missing.group(1))
    if type(cause).__name__ == "FactError":
        return _fact_problem(path, rel, text, site.settings.get("FACTS", {}))
    return Problem(
        rel,
        line_in(text),
        f"Pelican could not read this page: {text}",
        UNDO,
    )


def _fact_problem(path, rel, text, facts):
    line = line_in(text)
    what = re.sub(r"^line \d+:\s*", "", text)
    what = what[:1].upper() + what[1:]
    if "not allowed in page text" in text or "page text may not do" in text:
        fix = ("Delete it. Between {{ }} a page may only name a fact from data/practice.yml, "
               "for example {{ crisis.lifeline.number }}, and {% if %} may only test one.")
        return Problem(rel, line, what, fix)
    if "braces" in text:
        fix = ("Write each fact as two opening braces, its name and two closing braces, "
               "for example {{ crisis.lifeline.number }}.")
        return Problem(rel, line, what, fix)
    line = line or _line_of_missing_fact(path, text)
    crisis_line = re.search(r"no crisis line called ([^)\s]+)", text)
    if crisis_line:
        known = ", ".join(f'"{key}"' for key in facts.get("crisis", {}))
        return Problem(rel, line,
                       f"The page asks for a crisis line called \"{crisis_line.group(1)}\", which data/practice.yml does not have.",
                       f"Use the names of the crisis lines in data/practice.yml: {known}.")
    expression = _fact_expression(path, line, text)
    if expression:
        what = f"The page asks for the fact {{{{ {expression} }}}}, which data/practice.yml does not have."
        fix = "Correct the spelling to match data/practice.yml" + _closest_fact(expression, facts) + "."
    else:
        what = "The page asks for a fact that data/practice.yml does not have."
        fix = "Compare the name inside {{ }} with data/practice.yml and correct the spelling."
    return Problem(rel, line, what, fix)


def _fact_expression(path, line, message):
    """The dotted name inside the {{ }} that Jinja could not find, as written."""
    found = re.search(r"attribute '([^']+)'|'([^']+)' is undefined", message)
    if not found or not line:
        return None
    name = next(group for group in found.groups() if group)
    try:
        text = Path(path).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    expression = re.search(r"\{\{\s*([^}]*?\b" + re.escape(name) + r"\b[^}]*?)\s*\}\}", text)
    return expression.group(1) if expression else None


def _closest_fact(expression, facts):
    """ (did you mean crisis.lifeline.number?) for crisis.lifelin.number"""
    parts = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expression.split("(")[0])
    node, corrected = facts, []
    for part in parts:
        if not isinstance(node, dict):
            return ""
        if part not in node:
            guess = difflib.get_close_matches(part, [str(k) for k in node], n=1)
            if not guess:
                return ""
            part = guess[0]
        corrected.append(part)
        node = node[part]
    return f" (did you mean {'.'.join(corrected)}?)" if corrected and corrected != parts else ""


def line_in(text):
    """The number in a message's 'line N', if any (Pelican and Jinja say where this way)."""
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
