"""Which tests a push needs: only those that read the content, or the whole suite.

    python -m tooling.workflow.change_scope      (a step of .github/workflows/publish.yml)

A save from the editor changes only pages, data and pictures. Those can break
only what reads them: the gate and the W3C checker (`make check`), the tests of
the built site (`make test-content`) and the public build, which every push
runs. The code tests (the rest of `make test`, about 9 minutes) cannot change
their result, so a content-only push leaves them out and goes live in minutes.

The rule fails safe: anything it cannot prove is content only runs everything.
That is a path outside content/ and data/, a first push or a new branch (no
commit before it), a force push (the commit before is not an ancestor, so the
diff would not be what changed), any git error (an unreadable diff), an empty
diff, and every event but a push. The whole suite also runs weekly
(.github/workflows/weekly-checks.yml).

It reads the push from the event file GitHub writes ($GITHUB_EVENT_PATH) and
writes `tests=content` or `tests=everything` to $GITHUB_OUTPUT, with the reason
on the run's summary page. Standard library only: it runs before .venv exists.
"""
import json
import os
import subprocess
import sys
from dataclasses import dataclass

# Folders whose files only the build reads: pages, pictures, data files.
CONTENT_FOLDERS = ("content/", "data/")
# Data files that are settings rather than content: the headers each host sends
# and the nginx snippet (data/hosting.yml), the online editor's assembly
# (data/editor.yml). Their tests are in the code suite, and the editor never
# writes them, so a push that changes one runs everything.
SETTINGS_IN_DATA = ("data/hosting.yml", "data/editor.yml")
NO_COMMIT = "0" * 40
CONTENT, EVERYTHING = "content", "everything"


@dataclass(frozen=True)
class Scope:
    tests: str  # CONTENT or EVERYTHING
    reason: str


def scope_of_push(repository, event_name, event):
    """The Scope of one run: `event` is GitHub's event payload (a dict)."""
    if event_name != "push":
        return Scope(EVERYTHING, f"a {event_name} event runs every test")
    before, after = event.get("before") or NO_COMMIT, event.get("after") or ""
    if before.strip("0") == "":
        return Scope(EVERYTHING, "a first push to this branch (no commit before it) runs every test")
    if event.get("forced"):
        return Scope(EVERYTHING, "a force push runs every test")
    if not after:
        return Scope(EVERYTHING, "the event names no pushed commit, so every test runs")
    if _git(repository, "merge-base", "--is-ancestor", before, after) is None:
        return Scope(EVERYTHING, f"the commit before the push ({before[:12]}) is not an ancestor of "
                                 f"{after[:12]} here (a force push, or history not fetched), so every test runs")
    listed = _git(repository, "diff", "--no-renames", "--name-only", "-z", before, after)
    if listed is None:
        return Scope(EVERYTHING, "git could not list the changed files, so every test runs")
    changed = [name for name in listed.split("\0") if name]
    if not changed:
        return Scope(EVERYTHING, "the push changes no file, so every test runs")
    other = [name for name in changed if not name.startswith(CONTENT_FOLDERS) or name in SETTINGS_IN_DATA]
    if other:
        shown = ", ".join(other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
        return Scope(EVERYTHING, f"the push changes more than content ({shown}), so every test runs")
    return Scope(CONTENT, f"the push changes only content ({_files(len(changed))} in content/ or data/): "
                          "the checks, the tests of the built site and the public build run; the code tests "
                          "run on every code change and weekly")


def _files(count):
    return f"{count} file{'' if count == 1 else 's'}"


def _git(repository, *arguments):
    try:
        done = subprocess.run(["git", *arguments], cwd=repository, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def read_event(path):
    """GitHub's event payload, or {} when it is missing or unreadable (which runs everything)."""
    try:
        with open(path, encoding="utf-8") as file:
            event = json.load(file)
    except (OSError, ValueError, TypeError):
        return {}
    return event if isinstance(event, dict) else {}


def main():
    scope = scope_of_push(os.getcwd(), os.environ.get("GITHUB_EVENT_NAME", ""),
                          read_event(os.environ.get("GITHUB_EVENT_PATH", "")))
    print(f"Tests for this run: {scope.tests} ({scope.reason}).")
    for variable, text in (("GITHUB_OUTPUT", f"tests={scope.tests}\n"),
                           ("GITHUB_STEP_SUMMARY", f"Tests for this run: **{scope.tests}**: {scope.reason}.\n\n")):
        if os.environ.get(variable):
            with open(os.environ[variable], "a", encoding="utf-8") as file:
                file.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
