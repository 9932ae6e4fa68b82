"""`Status: draft` keeps a page off every build but the live preview's.

The real build command (`invoke build`, what `make html` runs) builds a copy
of the project holding one draft: no file of any folder may carry it. The
public settings inherit the same setting. (The preview's drafts, with their
banner, are tested in test_preview.py.)
"""
import os
import subprocess
import sys

from pelican.settings import read_settings

from tests.site import ROOT
from tooling.build.project_copy import BUILD_INPUTS, copy_project

DRAFT = """Title: Plans for group sessions
Summary: A page the therapist is still writing, which must not appear anywhere on the site yet.
Slug: group-sessions
Status: draft

Group sessions may start next year. TODO: ask the practice for a date.
"""
SECRET = "Group sessions may start next year"


def test_a_draft_is_in_no_folder_of_the_build(tmp_path):
    project = copy_project(tmp_path / "kact", [*BUILD_INPUTS, "tooling", "tasks.py", "publishconf.py"])
    (project / "content" / "pages" / "group-sessions.md").write_text(DRAFT, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    output = project / "output"
    assert (output / "faq" / "index.html").is_file()
    carrying = [path.relative_to(output).as_posix() for path in output.rglob("*")
                if "group-sessions" in path.as_posix()
                or (path.is_file() and SECRET.encode() in path.read_bytes())]
    assert carrying == [], f"the draft reached the build: {carrying}"
    assert not (output / "drafts").exists()


def test_the_public_settings_leave_drafts_out_too():
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["DRAFT_PAGE_SAVE_AS"] == "" and settings["DRAFT_PAGE_LANG_SAVE_AS"] == ""
