"""Turn what went wrong in a Pelican build into plain problems for the preview.

Pelican reports a content mistake as a log record ("Could not process
pages/faq.md") or, for a broken template or data file, as an exception. The
preview shows each as: which file, which line, what is wrong, how to fix it.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

FACT_FIX = (
    "Compare the name inside {{ }} with data/practice.yml and correct the spelling. "
    "EDITING.md lists the facts you can use."
)
BRACES_FIX = (
    "Write each fact as two opening braces, its name, two closing braces, "
    "for example `{{ crisis.lifeline.number }}`."
)
LINK_FIX = "Check the file name after {filename}; the pages are the files in content/pages/."
UNDO_FIX = "Undo your last change, or compare it with the examples in EDITING.md."


@dataclass(frozen=True)
class PreviewProblem:
    path: str
    line: int | None
    what: str
    fix: str
    severity: str = "error"
    # For a broken link: the file it points to.
    target: str = field(default="", compare=False)

    def where(self):
        return f"{self.path}, line {self.line}" if self.line else self.path


def problems_from_records(records, project):
    """One problem per warning or error that Pelican logged during the build.

    A page that cannot be read also breaks every link to it; those follow-on
    problems go away with the first one, so only the first is shown."""
    project = Path(project)
    problems = list(dict.fromkeys(_from_record(record, project) for record in records))
    unreadable = {Path(p.path).name for p in problems if p.fix != LINK_FIX}
    return [p for p in problems if not (p.fix == LINK_FIX and p.target in unreadable)]


def problem_from_exception(error, project):
    """A build that stopped with an exception: a template, data or settings mistake."""
    project = Path(project)
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return PreviewProblem(
            path=_relative(mark.name, project),
            line=mark.line + 1,
            what=f"This data file is not written right: {error.problem}.",
            fix="Check the indentation and the colons on this line and the one above it. "
            "Text with a colon in it needs quotes around it.",
        )
    if isinstance(error, jinja2.TemplateSyntaxError):
        return PreviewProblem(
            path=_relative(error.filename or error.name or "a template", project),
            line=error.lineno,
            what=f"This template is not written right: {error.message}.",
            fix=UNDO_FIX,
        )
    frame = _deepest_project_frame(error, project)
    return PreviewProblem(
        path=frame[0] if frame else "the site's code",
        line=frame[1] if frame else None,
        what=f"The build stopped: {type(error).__name__}: {error}",
        fix=UNDO_FIX,
    )


def _from_record(record, project):
    message = record.getMessage()
    cause = record.exc_info[1] if record.exc_info else None
    if message.startswith("Could not process") and record.args:
        path = project / "content" / str(record.args[0])
        return _unreadable_page(path, cause, project)
    if message.startswith("Skipping") and "could not find information about" in message:
        field = str(record.args[1]).capitalize() if len(record.args) > 1 else "Title"
        return PreviewProblem(
            path=_relative(str(record.args[0]), project),
            line=1,
            what=f"The page header has no {field} line, so the page was left out.",
            fix=f"Add a line such as `{field}: ...` at the top of the file, before the first blank line.",
        )
    if message.startswith("Unable to find"):
        target = str(record.args[0]) if record.args else ""
        path, line = _find_in_content(project, target)
        return PreviewProblem(
            path=path or "content/pages",
            line=line,
            what=f"A link points to a file that does not exist: {target}.",
            fix=LINK_FIX,
            target=Path(re.split(r"[#?]", target)[0]).name,
        )
    return PreviewProblem(path=_path_in_message(message, project), line=None, what=message, fix=UNDO_FIX)


def _unreadable_page(path, cause, project):
    text = str(cause) if cause else "Pelican could not read this page."
    line = _line_in_message(text)
    missing_field = re.fullmatch(r"'Page' object has no attribute '(\w+)'", text)
    if missing_field:
        name = missing_field.group(1).capitalize()
        return PreviewProblem(
            path=_relative(str(path), project),
            line=1,
            what=f"The page header has no {name} line.",
            fix=f"Add a line such as `{name}: ...` at the top of the file, before the first blank line.",
        )
    fix = UNDO_FIX
    if type(cause).__name__ == "FactError":
        fix = BRACES_FIX if "braces" in text else FACT_FIX
        line = line or _line_of_missing_fact(path, text)
    return PreviewProblem(path=_relative(str(path), project), line=line, what=_sentence(text), fix=fix)


def _line_in_message(text):
    found = re.search(r"\bline (\d+)", text)
    return int(found.group(1)) if found else None


def _line_of_missing_fact(path, message):
    """Jinja names only the last part of a misspelt fact ('nam'); find its {{ }}."""
    found = re.search(r"attribute '([^']+)'|'([^']+)' is undefined|no crisis line called (\S+)", message)
    if not found:
        return None
    name = next(group for group in found.groups() if group)
    pattern = re.compile(r"(\{\{|\{%)[^}]*\b" + re.escape(name) + r"\b")
    return _first_line_matching(path, pattern)


def _find_in_content(project, target):
    """Which page holds a link to `target`, and on which line."""
    name = target.split("}")[-1].lstrip("/")
    if not name:
        return None, None
    pattern = re.compile(r"\{(filename|static)\}/?" + re.escape(name))
    for page in sorted((project / "content").rglob("*.md")):
        line = _first_line_matching(page, pattern)
        if line:
            return _relative(str(page), project), line
    return None, None


def _first_line_matching(path, pattern):
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, text in enumerate(lines, start=1):
        if pattern.search(text):
            return number
    return None


def _deepest_project_frame(error, project):
    """The last place in the project's own files (templates, plugins) the error passed."""
    found = None
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if _is_inside(filename, project):
            found = (_relative(filename, project), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _path_in_message(message, project):
    found = re.search(r"(\S+\.(?:md|html|yml|py))\b", message)
    return _relative(found.group(1), project) if found else "the site"


def _is_inside(filename, project):
    try:
        Path(filename).resolve().relative_to(project.resolve())
    except ValueError:
        return False
    return ".venv" not in Path(filename).parts


def _relative(path, project):
    try:
        return Path(path).resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)


def _sentence(text):
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]
