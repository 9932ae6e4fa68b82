"""tooling/workflow/workflow_rehearsal.py plays .github/workflows/publish.yml here, as GitHub would:
a passing push to main deploys exactly the public build, a broken page stops
everything with its plain message on the summary, other branches and pull
requests never deploy, and what it cannot play is refused by name.

Each case rehearses a commit of a git snapshot of this working tree (its
tracked and new files as they are now, nothing ignored), so what is rehearsed
is what a push would send. The `make test` step is not run (--skip-tests):
it is this suite. The shared .venv is linked in by the setup-python stand-in,
so nothing is installed.
"""
import shutil
import signal
import subprocess
import tarfile

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.git_snapshot import commit_all, snapshot_of_working_tree
from tests.site import ROOT
from tooling.publish.publish import public_settings
from tooling.workflow.step_summary import problems_in, summary_markdown
from tooling.workflow.workflow_rehearsal import CHECKS_LEFT_OUT, WORKFLOW, CannotRehearse, rehearse

pytestmark = pytest.mark.rehearsal

BROKEN_LINK = ROOT / "tests" / "fixtures" / "broken" / "links-missing-page"
CHECK_STEP, TESTS_STEP, CONTENT_TESTS_STEP, UPLOAD_STEP = (
    "Run every check (make check)", "Run the tests (make test)", "Run the tests of the built site (make test-content)",
    "Keep the checked site for the deploy job")
# For a test whose subject is the deploy job or the upload: `make check` and `make public-build`
# stood in for by a one-page site, so the case costs seconds, not a full build and check (about
# 10 s of CPU each). The real checks of this tree are played by the push-to-main and pull-request cases.
CHECKS_STOOD_IN = [("make check\n", "true\n"),
                   ("make public-build\n", "mkdir -p .publish/site && echo home > .publish/site/index.html\n")]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A repository whose one commit is this working tree as `git add -A` would commit it."""
    return snapshot_of_working_tree(tmp_path_factory.mktemp("snapshot") / "kact")


def _changed(snapshot, tmp_path, pages=(), workflow_edits=(), edits=()):
    """A clone of the snapshot with one more commit: `pages` added, publish.yml edited,
    and each (file, old, new) of `edits` made."""
    repository = tmp_path / "repository"
    subprocess.run(["git", "clone", "--quiet", str(snapshot), str(repository)], check=True)
    for page in pages:
        shutil.copy2(page, repository / "content" / "pages" / page.name)
    workflow = repository / WORKFLOW
    text = workflow.read_text(encoding="utf-8")
    for old, new in workflow_edits:
        assert old in text, f"the workflow no longer holds {old!r}: update this test"
        text = text.replace(old, new)
    workflow.write_text(text, encoding="utf-8")
    for name, old, new in edits:
        path = repository / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer holds {old!r}: update this test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    commit_all(repository)
    return repository


def _rehearse(repository, workdir, event="push", branch="main", before=None):
    return rehearse(repository, event=event, branch=branch, workdir=workdir, skip_tests=True, out=None, before=before)


def _outcomes(job):
    return {step.name: step.outcome for step in job.steps}


def _artifact_files(runner):
    with tarfile.open(runner.artifacts["github-pages"][1]) as archive:
        return {member.name.removeprefix("./"): archive.extractfile(member).read()
                for member in archive.getmembers() if member.isfile()}


def _files_of(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


# --- 1. a push to main with the passing site ------------------------------------------------

@pytest.fixture(scope="module")
def push_to_main(java, snapshot, tmp_path_factory):
    return _rehearse(snapshot, tmp_path_factory.mktemp("push-to-main"))


def test_a_passing_push_to_main_runs_every_job_and_step(push_to_main):
    assert {job.job_id: job.result for job in push_to_main.jobs.values()} == {
        "check-and-build": "success", "deploy": "success"}
    build = push_to_main.jobs["check-and-build"]
    # A first push runs every test: the suite's step (not run: --skip-tests, said in the
    # report), not the content tests alone.
    assert {name for name, outcome in _outcomes(build).items() if outcome != "success"} == {
        TESTS_STEP, CONTENT_TESTS_STEP}
    assert _outcomes(build)[TESTS_STEP] == "not run"
    assert _outcomes(build)[CONTENT_TESTS_STEP] == "skipped"
    assert "## ✅ Site checks: passed" in build.summary and "## ✅ Public site: passed" in build.summary


def test_the_artifact_is_exactly_the_public_build_and_the_deploy_serves_it(push_to_main, monkeypatch):
    build = push_to_main.jobs["check-and-build"].runner
    public_build = _files_of(build.workspace / ".publish" / "site")
    artifact = _artifact_files(build)
    # Same names and bytes: nothing dropped (the action leaves out dot-files), nothing added.
    assert sorted(artifact) == sorted(public_build)
    assert artifact == public_build
    served = push_to_main.jobs["deploy"].runner.served
    assert served["url"].startswith("http://127.0.0.1:") and served["status"] == 200
    assert served["home_page"] == artifact["index.html"]
    # The publishconf.py build: its addresses are the public ones.
    monkeypatch.delenv("SITEURL", raising=False)
    public_url = public_settings()["SITEURL"]
    canonical = BeautifulSoup(served["home_page"], "html.parser").find("link", rel="canonical")
    assert public_url.startswith("https://") and canonical["href"] == f"{public_url}/"


# --- 2. a push to main with a broken page ---------------------------------------------------

def test_a_broken_page_stops_the_run_and_its_plain_message_is_on_the_summary(java, snapshot, tmp_path):
    repository = _changed(snapshot, tmp_path, pages=[BROKEN_LINK / "pages" / "gate-links.md"])

    rehearsal = _rehearse(repository, tmp_path / "run")

    build, deploy = rehearsal.jobs["check-and-build"], rehearsal.jobs["deploy"]
    outcomes = list(_outcomes(build).items())
    failed_at = outcomes.index((CHECK_STEP, "failure"))
    assert [outcome for _, outcome in outcomes[:failed_at]] == ["success"] * failed_at
    assert [outcome for _, outcome in outcomes[failed_at + 1:]] == ["skipped"] * (len(outcomes) - failed_at - 1)
    assert build.runner.artifacts == {}
    assert (deploy.result, deploy.reason) == ("skipped", "it needs check-and-build, which failed")
    assert not (tmp_path / "run" / "deployed").exists()
    # The summary holds what `make check` printed: file, line, what is wrong, how to fix it.
    printed = build.steps[failed_at].log.splitlines()
    (expected,) = yaml.safe_load((BROKEN_LINK / "expect.yml").read_text(encoding="utf-8"))
    path, line = expected["at"].split(":")
    assert any(row.startswith(f"{expected['at']}: ") for row in printed)
    assert (path, line) in {(problem.path, problem.line) for problem in problems_in(printed)}
    assert summary_markdown("Site checks", printed, 1) in build.summary
    scope_line, site_checks = build.summary.split("\n\n", 1)
    assert scope_line.startswith("Tests for this run: **everything**: a first push")
    assert site_checks.startswith("## ❌ Site checks: failed, so nothing was published")
    # And on the file and line as an annotation (the editor's status panel reads those).
    assert any(row.startswith(f"::error file={path},line={line},title=Site checks::") for row in printed)
    items = build.summary.split("\n- ")
    assert [item for item in items if item.startswith(f"**`{path}`, line {line}**: ")
            and all(words in item for words in expected["says"])]


# --- 2b. a push of content only runs the content tests and deploys ---------------------------

FAQ = "content/pages/faq.md"


def test_a_content_only_push_runs_the_content_tests_not_the_suite_and_deploys(java, snapshot, tmp_path):
    before = subprocess.run(["git", "rev-parse", "HEAD"], cwd=snapshot, capture_output=True, text=True).stdout.strip()
    repository = _changed(snapshot, tmp_path, edits=[(FAQ, "\n## ", "\nA sentence added by the editor.\n\n## ")])

    # Which tests run is the subject, and what goes online: `make check` is left out
    # (skip_checks; the push to main and the broken page play it), the public build is real.
    rehearsal = rehearse(repository, workdir=tmp_path / "run", skip_tests=True, skip_checks=True, out=None,
                         before=before)

    build = rehearsal.jobs["check-and-build"]
    assert _outcomes(build)[TESTS_STEP] == "skipped"  # `if:` false: the code tests are left out
    assert _outcomes(build)[CONTENT_TESTS_STEP] == "not run"  # would run; --skip-tests here
    assert (_outcomes(build)[CHECK_STEP], _outcomes(build)[UPLOAD_STEP]) == ("not run", "success")
    assert "Tests for this run: **content**" in build.summary
    assert rehearsal.jobs["deploy"].result == "success"
    assert b"A sentence added by the editor." in _files_of(tmp_path / "run" / "deployed")["faq/index.html"]


def test_a_push_changing_code_runs_the_whole_suite(java, snapshot, tmp_path):
    before = subprocess.run(["git", "rev-parse", "HEAD"], cwd=snapshot, capture_output=True, text=True).stdout.strip()
    repository = _changed(snapshot, tmp_path, edits=[("README.md", "\n", "\n\n")],
                          workflow_edits=[("make check\n", "true\n"), ("make public-build\n", "true\n"),
                                          ("        uses: actions/upload-pages-artifact", "        if: github.ref == 'none'\n"
                                           "        uses: actions/upload-pages-artifact")])

    build = _rehearse(repository, tmp_path / "run", before=before).jobs["check-and-build"]

    assert (_outcomes(build)[TESTS_STEP], _outcomes(build)[CONTENT_TESTS_STEP]) == ("not run", "skipped")
    assert "Tests for this run: **everything**" in build.summary and "README.md" in build.summary


def test_a_shallow_checkout_cannot_compare_so_a_content_push_runs_everything(java, snapshot, tmp_path):
    """The checkout stand-in fetches one commit unless told otherwise, as the action does:
    without the history, even a push of content only runs everything."""
    repository = _changed(snapshot, tmp_path, workflow_edits=[
        ("          fetch-depth: 0\n", ""), ("make check\n", "true\n"), ("make public-build\n", "true\n"),
        ("        uses: actions/upload-pages-artifact",
         "        if: github.ref == 'none'\n        uses: actions/upload-pages-artifact")])
    before = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repository, capture_output=True, text=True).stdout.strip()
    faq = repository / FAQ
    faq.write_text(faq.read_text(encoding="utf-8").replace("\n## ", "\nMore.\n\n## ", 1), encoding="utf-8")
    commit_all(repository, "content only")

    build = _rehearse(repository, tmp_path / "run", before=before).jobs["check-and-build"]

    assert _outcomes(build)[TESTS_STEP] == "not run"
    assert "is not an ancestor" in build.summary


# --- 2c. two pushes close together: the older one never goes online last ------------------

def test_a_run_whose_commit_is_no_longer_the_head_of_main_deploys_nothing(java, snapshot, tmp_path):
    newer = "e" * 40  # main moved on while this run's checks ran
    repository = _changed(snapshot, tmp_path, workflow_edits=CHECKS_STOOD_IN)
    rehearsal = rehearse(repository, workdir=tmp_path / "run", skip_tests=True, out=None, heads={"main": newer})

    deploy = rehearsal.jobs["deploy"]
    outcomes = _outcomes(deploy)
    assert outcomes == {"Get the newest-save check": "success",
                        "Deploy only if this is still the newest save on main": "success",
                        "Deploy the artifact to GitHub Pages": "skipped"}
    # The check alone was fetched (sparse checkout): tooling/publish/newest_on_main.py, which all deploy jobs run.
    assert _files_of(deploy.runner.workspace / "tooling").keys() == {"publish/newest_on_main.py"}
    assert not (deploy.runner.workspace / "content").exists()
    assert deploy.result == "success" and not deploy.runner.served
    assert not (tmp_path / "run" / "deployed").exists()
    assert f"Not deployed: main has moved on to `{newer[:12]}`" in deploy.summary
    assert f"::notice::Not deployed: main has moved on to {newer[:12]}" in deploy.steps[1].log


def test_the_newest_save_check_deploys_nothing_when_github_does_not_answer(java, snapshot, tmp_path):
    """A query that fails (here: the branch is unknown, 404) stops the deploy job."""
    repository = _changed(snapshot, tmp_path, workflow_edits=CHECKS_STOOD_IN,
                          edits=[("tooling/publish/newest_on_main.py", "git/ref/heads/main", "git/ref/heads/no-such-branch")])

    deploy = _rehearse(repository, tmp_path / "run").jobs["deploy"]

    assert deploy.result == "failure" and _outcomes(deploy)["Deploy the artifact to GitHub Pages"] == "skipped"
    assert "404" in deploy.steps[1].log and "Traceback" not in deploy.steps[1].log
    assert not (tmp_path / "run" / "deployed").exists()


# --- 3. pull requests and other branches ----------------------------------------------------

# The check-and-build job is the one a push to main plays with the real checks (above);
# what is new here is only the deploy's decision, so the checks are stood in for.
@pytest.mark.parametrize("event", ["pull_request", "push"])
def test_a_pull_request_or_another_branch_is_checked_and_never_deployed(java, snapshot, tmp_path, event):
    repository = _changed(snapshot, tmp_path, workflow_edits=CHECKS_STOOD_IN)

    rehearsal = _rehearse(repository, tmp_path / "run", event=event, branch="fix-a-typo")

    build, deploy = rehearsal.jobs["check-and-build"], rehearsal.jobs["deploy"]
    assert build.result == "success" and _outcomes(build)[UPLOAD_STEP] == "success"
    assert deploy.result == "skipped"
    assert deploy.reason.startswith("`if: github.ref == 'refs/heads/main'") and "is false" in deploy.reason
    assert not (tmp_path / "run" / "deployed").exists()


# --- 4. what it cannot play, it refuses by name, before any step runs -----------------------

UNKNOWN_ACTION = ("      - name: Set up Python\n",
                  "      - name: Restore the cache\n"
                  "        uses: actions/cache@0123456789abcdef0123456789abcdef01234567 # v9.9.9\n"
                  "      - name: Set up Python\n")
UNKNOWN_CONDITION = ("    if: github.ref == 'refs/heads/main' && github.event_name != 'pull_request'\n",
                     "    if: contains(github.ref, 'main')\n")


@pytest.mark.parametrize("edit, named", [
    (UNKNOWN_ACTION, "job check-and-build, step 'Restore the cache': uses actions/cache@0123456789abcdef"),
    (UNKNOWN_CONDITION, "job deploy: cannot evaluate `if: contains(github.ref, 'main')`"),
    # Else --skip-tests would miss a renamed suite step, and the suite would run inside the suite.
    (("-- make test", "-- bash .ci/run"), "--skip-tests: no step runs `make test`"),
], ids=["unknown-action", "unknown-condition", "suite-step-renamed"])
def test_what_the_rehearsal_cannot_play_is_refused_by_name(snapshot, tmp_path, edit, named):
    repository = _changed(snapshot, tmp_path, workflow_edits=[edit])
    with pytest.raises(CannotRehearse) as refusal:
        _rehearse(repository, tmp_path / "run")
    assert named in str(refusal.value)
    assert not (tmp_path / "run" / "jobs").exists()


def test_the_rehearsal_never_installs_system_packages_and_names_what_a_step_would_install(snapshot, tmp_path):
    repository = _changed(snapshot, tmp_path, workflow_edits=[(
        "run: bash .ci/install-system-tools", "run: sudo apt-get update -qq && sudo apt-get install -y -qq chromium")])

    build = _rehearse(repository, tmp_path / "run").jobs["check-and-build"]

    outcomes = _outcomes(build)
    step = {step.name: step for step in build.steps}["Install the system tools (Chromium, Java, rsync, nginx, npm)"]
    assert step.outcome == "failure"
    assert "The rehearsal does not install system packages. The step would run: apt-get install -y -qq chromium" in step.log
    assert outcomes[CHECK_STEP] == outcomes[UPLOAD_STEP] == "skipped"


def test_skip_checks_leaves_out_make_check_and_says_so(java, snapshot, tmp_path):
    """The GitHub stand-in's saves whose subject is not the checks (test_publish_from_the_editor.py)."""
    # `make check` fails in this commit: run, it would stop the job.
    repository = _changed(snapshot, tmp_path, workflow_edits=[CHECKS_STOOD_IN[1]],
                          edits=[("Makefile", "check: $(READY)\n\t$(BIN)/invoke check", "check:\n\tfalse")])

    rehearsal = rehearse(repository, workdir=tmp_path / "run", skip_tests=True, skip_checks=True, out=None)

    build = rehearsal.jobs["check-and-build"]
    checks = {step.name: step for step in build.steps}[CHECK_STEP]
    assert (checks.outcome, checks.note) == ("not run", CHECKS_LEFT_OUT)
    assert build.result == "success" and rehearsal.jobs["deploy"].result == "success"
    with pytest.raises(CannotRehearse, match="--skip-checks: no step runs `make check`"):
        rehearse(_changed(snapshot, tmp_path / "without", workflow_edits=[("-- make check\n", "-- true\n")]),
                 workdir=tmp_path / "run-without", skip_tests=True, skip_checks=True, out=None)


def test_steps_start_with_ctrl_c_at_its_default_as_on_a_runner(snapshot, tmp_path):
    # A step that exits 3 when SIGINT is at its default, 1 when it is ignored (and stops the job there).
    probe = ("python3 -c 'import signal, sys; sys.exit(1 if signal.getsignal(signal.SIGINT) "
             "is signal.SIG_IGN else 3)'")
    repository = _changed(snapshot, tmp_path, workflow_edits=[("run: bash .ci/install-system-tools", f"run: {probe}")])
    ignored = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in a script's background job
    try:
        build = _rehearse(repository, tmp_path / "run").jobs["check-and-build"]
    finally:
        signal.signal(signal.SIGINT, ignored)
    step = {step.name: step for step in build.steps}["Install the system tools (Chromium, Java, rsync, nginx, npm)"]
    assert step.note == "exit status 3"


# --- the rehearsal catches a careless edit of the workflow ----------------------------------

def test_without_needs_the_deploy_runs_on_a_broken_page_and_finds_no_artifact(java, snapshot, tmp_path):
    # The checks fail, as on a broken page (played for real above), by a stand-in that fails.
    repository = _changed(snapshot, tmp_path,
                          workflow_edits=[("    needs: check-and-build\n", ""), ("make check\n", "false\n")])

    deploy = _rehearse(repository, tmp_path / "run").jobs["deploy"]

    assert deploy.result == "failure"
    step = {step.name: step for step in deploy.steps}["Deploy the artifact to GitHub Pages"]
    assert "no artifact 'github-pages' from a job this one needs (it needs no job)" in step.note


def test_uploading_a_folder_the_build_does_not_make_fails_the_upload(java, snapshot, tmp_path):
    repository = _changed(snapshot, tmp_path, workflow_edits=[("path: .publish/site", "path: public"), *CHECKS_STOOD_IN])

    rehearsal = _rehearse(repository, tmp_path / "run")

    upload = {step.name: step for step in rehearsal.jobs["check-and-build"].steps}[UPLOAD_STEP]
    assert upload.outcome == "failure" and "path 'public' does not exist in the checkout" in upload.note
    assert rehearsal.jobs["deploy"].result == "skipped"


def test_make_rehearse_publish_passes_the_event_as_plain_text():
    result = subprocess.run(["make", "-n", "rehearse-publish", "EVENT=pull_request", "BRANCH=$(shell id)"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "-m tooling.workflow.workflow_rehearsal" in result.stdout and "uid=" not in result.stdout
