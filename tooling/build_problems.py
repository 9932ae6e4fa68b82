"""Explain a preview build that stopped before the quality gate could report.

The gate (plugins/kact_gate) reports content mistakes with file, line and
fix. A few mistakes stop Pelican before the gate runs: a data file that is
not valid YAML, a broken template, a fault in a plugin. This turns the
exception, and anything Pelican logged on the way, into the same kind of
problem, so the preview can show it instead of a traceback.
"""
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

UNDO_FIX = "Undo your last change, or compare it with the examples in EDITING.md."


@dataclass(frozen=True)
class PreviewProblem:
    path: str
    line: int | None
    what: str
    fix: str
    severity: str = "error"


def problems_from_records(records, project):
    """One problem per warning or error Pelican logged before it stopped."""
    problems = []
    for record in records:
        message = " ".join(record.getMessage().split())
        cause = record.exc_info[1] if record.exc_info else None
        if cause is not None:
            message = f"{message}: {' '.join(str(cause).split())}"
        problems.append(PreviewProblem(_path_in(message, Path(project)), _line_in(message), message, UNDO_FIX))
    return list(dict.fromkeys(problems))


def problem_from_exception(error, project):
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


def _line_in(message):
    found = re.search(r"\bline (\d+)", message)
    return int(found.group(1)) if found else None


def _path_in(message, project):
    found = re.search(r"(\S+\.(?:md|html|yml|py))\b", message)
    if not found:
        return "the site"
    candidate = Path(found.group(1).strip("'\""))
    for base in (project / "content", project):
        if (base / candidate).exists():
            return _relative(base / candidate, project)
    return str(candidate)


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
