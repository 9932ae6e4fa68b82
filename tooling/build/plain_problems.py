"""Turn anything that stops a build into the gate's plain problem: file, line, what, fix.

The quality gate (plugins/kact_gate) reports content mistakes itself. A few
things stop Pelican before the gate can report, or stop the tooling around
it: a data file that is not valid YAML, an unknown or broken template, a
link (symlink) that leads nowhere, a full disk, a file that may not be read,
Ctrl-C, a fault in a plugin. `make html`, `make check`, `make publish` and
the preview all explain them here, with the gate's Problem and report, so
every entry point speaks the same way. A traceback is shown only with
VERBOSE=1 (see reporter.py).
"""
import errno
import re
from pathlib import Path

import jinja2
import yaml

from tooling.build.project_copy import ROOT
from kact_core.plain_yaml import yaml_problem
from kact_gate.capture import line_in
from kact_core.problem import Problem

UNDO_FIX = "Undo your last change, or compare it with the examples in docs/editing-reference.md."


def problems_from_records(records, project):
    """One problem per warning or error Pelican logged before it stopped."""
    problems = []
    for record in records:
        message = " ".join(record.getMessage().split())
        cause = record.exc_info[1] if record.exc_info else None
        if cause is not None:
            message = f"{message}: {' '.join(str(cause).split())}"
        problems.append(Problem(_path_in(message, Path(project)), line_in(message), message, UNDO_FIX))
    return list(dict.fromkeys(problems))


def problem_from_exception(error, project=ROOT):
    project = Path(project)
    for explain in (_yaml, _template, _interrupted, _disk):
        problem = explain(error, project)
        if problem is not None:
            return problem
    frame = _deepest_project_frame(error, project)
    return Problem(
        path=frame[0] if frame else "the site's code",
        line=frame[1] if frame else None,
        what=f"The build stopped: {type(error).__name__}: {error}",
        fix=f"{UNDO_FIX} If that does not help, run the command again with VERBOSE=1 and send the developer what it prints.",
    )


def _yaml(error, project):
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return None
    return yaml_problem(error, _relative(error.problem_mark.name, project))


def _template(error, project):
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(
            path=_relative(error.filename or error.name or "a template", project),
            line=error.lineno,
            what=f"This template is not written right: {error.message}.",
            fix=UNDO_FIX,
        )
    if isinstance(error, jinja2.TemplateNotFound):
        asked_by = _deepest_project_frame(error, project) or ("theme/templates", None)
        return Problem(
            path=asked_by[0],
            line=asked_by[1],
            what=f"The build asked for a template called {error.name!r}, and theme/templates has none by that name.",
            fix="Check the spelling of the template's name (a page's `Template:` line, or an "
                "`{% include %}` in another template), or put the missing file back.",
        )
    return None


def _interrupted(error, project):
    if not isinstance(error, KeyboardInterrupt):
        return None
    return Problem(
        path="Ctrl+C", line=None,
        what="The command was stopped before it finished.",
        fix="Nothing half-done was kept: the last good build and the live site are as they were. "
            "Run the command again when you are ready.",
    )


def _disk(error, project):
    if not isinstance(error, OSError):
        return None
    name = getattr(error, "filename", None) or "a file"
    if error.errno == errno.ENOSPC:
        return Problem(
            path=_relative(name, project), line=None,
            what="The disk is full, so the build could not be written.",
            fix="Free some space (empty the wastebasket, delete large files you no longer need), "
                "then run the command again. The last good build was kept.",
        )
    path = Path(name)
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        return Problem(
            path=_relative(path, project), line=None,
            what=f"This is a link (symlink) to {path.readlink()}, which does not exist.",
            fix="Delete the link, or put the file it points to back.",
        )
    if isinstance(error, PermissionError):
        return Problem(
            path=_relative(path, project), line=None,
            what="This file or folder may not be read or written by you.",
            fix="Check its permissions (or who owns it), then run the command again.",
        )
    if isinstance(error, (FileNotFoundError, IsADirectoryError, NotADirectoryError)):
        return Problem(
            path=_relative(path, project), line=None,
            what=f"The build could not open this: {error.strerror}.",
            fix="Check that it exists and is a file, or undo your last change.",
        )
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
        return Path(path).absolute().relative_to(project.resolve()).as_posix()
    except ValueError:
        try:
            return Path(path).resolve().relative_to(project.resolve()).as_posix()
        except ValueError:
            return str(path)
