"""tooling/workflow/change_scope.py: a push that changes only content/ and data/ runs the
content tests; everything else, and anything it cannot read, runs every test."""
import json
import os
import subprocess
import sys

import pytest

from tests.site import ROOT
from tooling.workflow.change_scope import CONTENT, EVERYTHING, NO_COMMIT, read_event, scope_of_push

GIT = ["git", "-c", "user.name=Scope", "-c", "user.email=scope@127.0.0.1", "-c", "commit.gpgsign=false"]


def _git(repository, *arguments):
    return subprocess.run([*GIT, *arguments], cwd=repository, check=True, capture_output=True, text=True).stdout.strip()


def _commit(repository, files, message="change"):
    for name, text in files.items():
        path = repository / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git(repository, "add", "--all")
    _git(repository, "commit", "--quiet", "--allow-empty", "--message", message)
    return _git(repository, "rev-parse", "HEAD")


@pytest.fixture
def repository(tmp_path):
    _git(tmp_path, "init", "--quiet", "--initial-branch=main")
    first = _commit(tmp_path, {"content/pages/faq.md": "Title: FAQ\n", "data/practice.yml": "a: 1\n",
                               "tooling/build/build.py": "", "README.md": ""})
    return tmp_path, first


def _push(repository, before, after, **extra):
    return scope_of_push(repository, "push", {"before": before, "after": after, **extra})


@pytest.mark.parametrize("files", [
    {"content/pages/faq.md": "Title: FAQ\n\nNew answer.\n"},
    {"content/images/therapist.jpg": "jpeg", "data/practice.yml": "a: 2\n"},
    {"content/pages/office-hours.md": "Title: Office hours\n"},
], ids=["answer", "photo-and-data", "new-page"])
def test_a_push_of_content_only_runs_the_content_tests(repository, files):
    folder, first = repository
    scope = _push(folder, first, _commit(folder, files))
    assert scope.tests == CONTENT and "only content" in scope.reason


@pytest.mark.parametrize("files, named", [
    ({"content/pages/faq.md": "x\n", "tooling/build/build.py": "x = 1\n"}, "tooling/build/build.py"),
    ({"README.md": "x\n"}, "README.md"),
    ({".github/workflows/publish.yml": "on: push\n"}, ".github/workflows/publish.yml"),
    ({"contentious.txt": "x\n"}, "contentious.txt"),  # a prefix of the name is not the folder
    ({"tooling/build/build.py": None}, "tooling/build/build.py"),  # a deleted code file
    ({"data/hosting.yml": "headers: {}\n"}, "data/hosting.yml"),  # settings kept in data/
    ({"data/editor.yml": "online: true\n"}, "data/editor.yml"),
], ids=["code-and-content", "readme", "workflow", "name-starting-like-content", "deleted-code", "hosting-settings",
        "editor-settings"])
def test_a_push_touching_anything_else_runs_everything_and_names_it(repository, files, named):
    folder, first = repository
    scope = _push(folder, first, _commit(folder, files))
    assert scope.tests == EVERYTHING and named in scope.reason


def test_a_file_moved_out_of_content_runs_everything(repository):
    folder, first = repository
    _git(folder, "mv", "content/pages/faq.md", "theme-faq.md")
    after = _commit(folder, {})
    assert _push(folder, first, after).tests == EVERYTHING


def test_a_first_push_runs_everything(repository):
    folder, first = repository
    scope = _push(folder, NO_COMMIT, _commit(folder, {"content/pages/faq.md": "y\n"}))
    assert (scope.tests, scope.reason.startswith("a first push")) == (EVERYTHING, True)


def test_a_force_push_runs_everything_whether_or_not_github_says_so(repository):
    folder, first = repository
    replaced = _commit(folder, {"content/pages/faq.md": "old\n"})
    _git(folder, "reset", "--quiet", "--hard", first)
    after = _commit(folder, {"content/pages/faq.md": "new\n"})
    assert _push(folder, replaced, after, forced=True).reason == "a force push runs every test"
    # Even without the flag: the commit before is not an ancestor, so the diff would lie.
    scope = _push(folder, replaced, after)
    assert scope.tests == EVERYTHING and "not an ancestor" in scope.reason


def test_an_unknown_commit_or_an_unreadable_event_runs_everything(repository, tmp_path):
    folder, first = repository
    after = _commit(folder, {"content/pages/faq.md": "z\n"})
    assert _push(folder, "1234567" * 5 + "12345", after).tests == EVERYTHING  # not fetched
    assert _push(tmp_path / "not-a-repository", first, after).tests == EVERYTHING
    assert scope_of_push(folder, "push", {}).tests == EVERYTHING
    assert _push(folder, first, first).reason == "the push changes no file, so every test runs"
    broken = tmp_path / "event.json"
    broken.write_text("{not json", encoding="utf-8")
    assert read_event(broken) == {} and read_event(tmp_path / "missing.json") == {}


@pytest.mark.parametrize("event_name", ["pull_request", "workflow_dispatch", "schedule", ""])
def test_every_other_event_runs_everything(repository, event_name):
    folder, first = repository
    after = _commit(folder, {"content/pages/faq.md": "w\n"})
    assert scope_of_push(folder, event_name, {"before": first, "after": after}).tests == EVERYTHING


def test_the_step_writes_its_output_and_summary_from_the_event_file(repository, tmp_path):
    folder, first = repository
    after = _commit(folder, {"content/pages/faq.md": "v\n"})
    event, output, summary = tmp_path / "event.json", tmp_path / "output", tmp_path / "summary.md"
    event.write_text(json.dumps({"before": first, "after": after}), encoding="utf-8")
    environment = {**os.environ, "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event),
                   "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tooling.workflow.change_scope"], cwd=folder, env=environment,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == "tests=content\n"
    assert "Tests for this run: **content**" in summary.read_text(encoding="utf-8")
