"""DEST is only ever text: it never reaches a shell or an option parser.

`make publish DEST=...` is run in a folder holding the real Makefile and a
stand-in for `.venv/bin/invoke` that records what it was given, so each
hostile DEST is tried in well under a second. The task itself and git are
then given the same strings.
"""
import json
import os
import subprocess
import sys

import pytest

from tests.site import ROOT
from tests.support import copy_project
from tooling.publish.deploy_git import live_commit
from tooling.publish.destination import DeployFailed, parse_destination

HOSTILE = [
    "`touch pwned`",
    '"; touch pwned; echo "',
    "'; touch pwned; echo '",
    "$(touch pwned)",
    "$(shell touch pwned)",
    "$$(touch pwned)",
    "/tmp/x; touch pwned",
    "--upload-pack=touch pwned",
    "-e touch pwned",
]

RECORDER = """#!{python}
import json, os, sys
with open("invoked.json", "w") as handle:
    json.dump({{"argv": sys.argv[1:],
               "env": {{k: v for k, v in os.environ.items() if k.startswith("KACT_")}}}}, handle)
"""


@pytest.fixture
def makefile_only(tmp_path):
    """The Makefile, its requirements files, and an `invoke` that records its call."""
    copy_project(tmp_path, ["Makefile", "requirements.txt", "requirements-test.txt"])
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    invoke = bin_dir / "invoke"
    invoke.write_text(RECORDER.format(python=sys.executable))
    invoke.chmod(0o755)
    os.symlink(sys.executable, bin_dir / "python")
    (tmp_path / ".venv" / ".requirements-installed").touch()
    return tmp_path


def run_make(folder, *arguments):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEST", "DRY_RUN", "TITLE")}
    return subprocess.run(["make", "--no-print-directory", *arguments], cwd=folder,
                          env=environment, capture_output=True, text=True)


@pytest.mark.parametrize("dest", HOSTILE)
def test_make_hands_dest_over_as_text_and_keeps_the_dry_run(makefile_only, dest):
    result = run_make(makefile_only, "publish", f"DEST={dest}", "DRY_RUN=1")
    assert result.returncode == 0, result.stderr
    assert not list(makefile_only.rglob("pwned*")), "a command inside DEST ran"
    invoked = json.loads((makefile_only / "invoked.json").read_text())
    assert invoked["argv"] == ["publish"], "DEST reached invoke's command line"
    assert invoked["env"]["KACT_DEST"] == dest
    assert invoked["env"]["KACT_DRY_RUN"] == "1", "the dry run was dropped"


@pytest.mark.parametrize("title", HOSTILE[:5])
def test_make_hands_a_new_page_title_over_as_text(makefile_only, title):
    result = run_make(makefile_only, "new-page", f"TITLE={title}")
    assert result.returncode == 0, result.stderr
    assert not list(makefile_only.rglob("pwned*")), "a command inside TITLE ran"
    invoked = json.loads((makefile_only / "invoked.json").read_text())
    assert invoked["argv"] == ["new-page", f"--title={title}"]
    assert invoked["env"]["KACT_TITLE"] == title


@pytest.mark.parametrize("dest", ["--upload-pack=touch pwned", "-e", "--delete", "-rf"])
def test_a_destination_that_looks_like_an_option_is_refused(dest):
    with pytest.raises(DeployFailed, match="begins with '-'"):
        parse_destination(dest)


def test_the_publish_task_refuses_an_option_from_the_environment(tmp_path):
    """Through the real tasks.py: refused before anything is built."""
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "publish"], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "KACT_DEST": f"--upload-pack=touch {tmp_path}/pwned", "KACT_DRY_RUN": "1"},
    )
    assert result.returncode == 1
    assert "begins with '-'" in result.stderr and "Nothing was published" in result.stderr
    assert not (tmp_path / "pwned").exists()


def test_git_reads_a_hostile_address_as_a_repository_not_an_option(tmp_path):
    """Even past parse_destination, git gets `--` before the address."""
    with pytest.raises(DeployFailed, match="Could not reach"):
        live_commit(git=None, url=f"--upload-pack=touch {tmp_path / 'pwned'}")
    assert not (tmp_path / "pwned").exists()


def test_a_home_folder_of_no_such_user_is_refused_in_plain_words():
    """DEST=~nosuchuser/x ended in "RuntimeError: Could not determine home directory"."""
    with pytest.raises(DeployFailed, match="no such user") as refused:
        parse_destination("~nosuchuser-kact/x")
    assert "~nosuchuser-kact" in str(refused.value) and "full path" in str(refused.value)
