"""Whatever stops `make html`, `make check` or `make publish` is told in plain words.

Each mistake is made in a copy of the project and the real task is run
(`python -m invoke build`, what `make html` runs): the message names the
file and line, says what is wrong and how to fix it, shows no traceback
(only with VERBOSE=1), and the previous output/ is left as it was.
"""
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.site import ROOT
from tooling.build.plain_problems import problem_from_exception
from tooling.build.project_copy import BUILD_INPUTS, copy_project
from tooling.build.reporter import plain_errors

from kact_core.plain_yaml import yaml_in_plain_words

PREVIOUS = "<!doctype html><title>The previous good build</title>"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    copy = copy_project(tmp_path_factory.mktemp("plain") / "kact",
                        [*BUILD_INPUTS, "tooling", "tasks.py", "publishconf.py"])
    return copy


@pytest.fixture
def fresh_output(project):
    output = project / "output"
    if output.is_symlink() or output.is_file():
        output.unlink()
    elif output.exists():
        shutil.rmtree(output)
    output.mkdir()
    (output / "index.html").write_text(PREVIOUS)
    return output


def run_task(project, *task, env=None):
    return subprocess.run([sys.executable, "-m", "invoke", *task], cwd=project, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})})


def line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def replace_in(path, old, new):
    original = path.read_text()
    assert old in original
    path.write_text(original.replace(old, new, 1))
    return original


# Each: (file, text to replace, replacement, words the message must hold).
MISTAKES = {
    "yaml-colon": ("data/practice.yml", "  city:", "  city: Chandler: AZ\n  town:", ["There is a colon (:)"]),
    "yaml-tab": ("data/practice.yml", "  city:", "\tcity:", ["There is a tab here"]),
    "yaml-bracket": ("data/hosting.yml", "  other: public, max-age=300", "  other: [public", ["square brackets"]),
    "template": ("theme/templates/base.html", "partials/skip_link.html", "partials/skiplink.html",
                 ["'partials/skiplink.html'", "Check the spelling"]),
}


@pytest.mark.parametrize("kind", MISTAKES)
def test_a_stop_before_the_gate_is_reported_in_plain_words(project, fresh_output, kind):
    name, old, new, words = MISTAKES[kind]
    path = project / name
    original = replace_in(path, old, new)
    try:
        result = run_task(project, "build")
        verbose = run_task(project, "build", env={"VERBOSE": "1"}) if kind == "yaml-colon" else None
    finally:
        path.write_text(original)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "Traceback" not in said, said
    assert f"{name}:{line_of(path, old) if kind != 'template' else 7}: " in said, said
    assert all(word in said for word in words), said
    assert "How to fix:" in said and "output/ was left as it was" in said
    assert "mapping values are not allowed" not in said and "could not find expected" not in said
    assert sorted(p.name for p in fresh_output.iterdir()) == ["index.html"]
    assert (fresh_output / "index.html").read_text() == PREVIOUS
    if verbose is not None:
        assert "Traceback" in verbose.stderr, "VERBOSE=1 shows the technical details"


def test_a_link_to_nowhere_names_the_link(project, fresh_output):
    link = project / "content" / "pages" / "linked.md"
    link.symlink_to(project / "no-such-file.md")
    try:
        result = run_task(project, "build")
    finally:
        link.unlink()
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in said, said
    assert "content/pages/linked.md: This is a link (symlink)" in said, said
    assert (fresh_output / "index.html").read_text() == PREVIOUS


def test_output_as_a_link_is_explained(project, fresh_output, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "output").rename(tmp_path / "kept")
    (project / "output").symlink_to(elsewhere)
    result = run_task(project, "build")
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in said, said
    assert "output is a link to" in said and "rm output" in said
    assert list(elsewhere.iterdir()) == []


def test_check_and_publish_report_a_data_mistake_the_same_way(project, tmp_path):
    path = project / "data" / "practice.yml"
    original = replace_in(path, "  city:", "  city: Chandler: AZ\n  town:")
    try:
        checked = run_task(project, "check")
        published = run_task(project, "publish", env={"KACT_DEST": str(tmp_path / "www")})
    finally:
        path.write_text(original)
    for result in (checked, published):
        said = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in said, said
        assert f"data/practice.yml:{line_of(path, '  city:')}: This data file is not written right" in said
    assert not (tmp_path / "www").exists()


@pytest.fixture
def cold(project):
    """No build cache: a build takes long enough (over a second) for Ctrl+C to come in the middle of it."""
    shutil.rmtree(project / "cache", ignore_errors=True)


def test_ctrl_c_during_a_build_keeps_the_previous_output(project, fresh_output, cold):
    process = subprocess.Popen([sys.executable, "-m", "invoke", "build"], cwd=project, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    staging = project / ".build-staging"
    deadline = time.monotonic() + 60
    while not list(staging.glob("output-*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    time.sleep(0.3)  # into Pelican's run
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in a terminal does
    said, _ = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before Ctrl+C arrived (a very fast machine)")
    assert process.returncode == 130, said
    assert "Traceback" not in said, said
    assert "Ctrl+C: The command was stopped before it finished." in said
    assert (fresh_output / "index.html").read_text() == PREVIOUS
    assert not list(staging.glob("output-*")), "the interrupted build left its staging folder"


def _pelican_processes(pid):
    """The children of `pid` that run Pelican (tooling/build/run_pelican.py); not any
    short-lived helper an import may start first."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # it has ended
        return []
    found = []
    for child in children:
        try:
            if b"tooling.build.run_pelican" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:  # it has ended
            continue
    return found


def test_ctrl_c_that_only_the_pelican_process_sees_is_still_ctrl_c(project, fresh_output, cold):
    """On a busy machine the Pelican process can handle Ctrl+C and end before the
    command that started it does: that is still Ctrl+C (130), not a failed build (1)."""
    process = subprocess.Popen([sys.executable, "-m", "invoke", "build"], cwd=project, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while not (pelican := _pelican_processes(process.pid)) and time.monotonic() < deadline \
            and process.poll() is None:
        time.sleep(0.01)
    assert pelican, "the build started no Pelican process"
    time.sleep(0.3)  # past run_pelican.py's own Ctrl+C handler, into Pelican's run (a cold build takes over 1 s)
    try:
        os.kill(int(pelican[0]), signal.SIGINT)  # that process alone
    except ProcessLookupError:  # it ended first: say how, below
        pass
    said, _ = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before Ctrl+C arrived (a very fast machine)")
    assert process.returncode == 130, said
    assert "Ctrl+C: The command was stopped before it finished." in said and "Traceback" not in said, said
    assert (fresh_output / "index.html").read_text() == PREVIOUS


def test_a_full_disk_is_told_in_plain_words(capsys):
    @plain_errors
    def build():
        raise OSError(errno.ENOSPC, "No space left on device", str(ROOT / "output" / "faq" / "index.html"))

    with pytest.raises(SystemExit) as stopped:
        build()
    said = capsys.readouterr().err
    assert stopped.value.code == 1
    assert "output/faq/index.html: The disk is full" in said and "Free some space" in said
    assert "Traceback" not in said


@pytest.mark.parametrize("text, plain", [
    ("a: b: c\n", "There is a colon"),
    ("a:\n\tb: c\n", "There is a tab"),
    ("a: [b, c\n", "square brackets"),
    ('a: "b\n', "never closed"),
    ("a:\n  b: 1\n c: 2\n", "indented differently"),
])
def test_yaml_mistakes_in_plain_words(text, plain):
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.safe_load(text)
    assert plain in yaml_in_plain_words(raised.value)
    problem = problem_from_exception(raised.value)
    assert problem.line is not None and plain in problem.what
