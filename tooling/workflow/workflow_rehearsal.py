"""Rehearse .github/workflows/publish.yml on this computer, driven by the workflow file itself.

    python -m tooling.workflow.workflow_rehearsal --event push --branch main
    python -m tooling.workflow.workflow_rehearsal --event pull_request --skip-tests
    python -m tooling.workflow.workflow_rehearsal --before HEAD~1     (a push of the last commit alone)

The workflow only really runs on GitHub, which cannot be reached from every
computer that changes it. This plays one run here, so "a passing push to main
deploys; a broken page does not, and the summary says why" is shown before a
push: the workflow is read from the commit being rehearsed (as GitHub reads
it), each job's `if:` is decided for the event, jobs run in `needs:` order on
fresh folders, and each `run:` step runs as GitHub's runner runs it (a script
file under `bash -e`, in the checkout, with the workflow's `env:` and the
GITHUB_* variables, the push's event file, and $GITHUB_OUTPUT read back
for later steps' `if:`). `uses:` steps are played by tooling/workflow/action_stand_ins.py.
Whatever it cannot play faithfully (an expression, an action, a key) is
refused by name before any step runs (tooling/workflow/workflow_reading.py), never
guessed. What only a real run on GitHub proves: docs/deploy.md, "Rehearsing
the workflow on this computer".
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tooling.workflow.action_stand_ins import STAND_INS, Runner, StepFailed
from tooling.workflow.change_scope import NO_COMMIT
from tooling.workflow.workflow_ref_api import REHEARSAL_REPOSITORY, REHEARSAL_TOKEN, serving_refs
from tooling.workflow.workflow_reading import (GITHUB_ONLY_JOB_KEYS, SHELLS, WORKFLOW, CannotRehearse, check_workflow, expand,
                                      condition_holds, git_output, job_order, load_workflow, needed_through,
                                      needed_jobs, parse_condition, step_name)
from kact_core.root import ROOT

EVENTS = ("push", "pull_request", "workflow_dispatch")
# A runner starts with a clean environment: variables of this computer (SITEURL,
# DEST, VIRTUAL_ENV ...) would change what a step does, so only these are kept.
# KACT_CHROMIUM is how a Mac says where its Chromium is (plugins/kact_core/system_tools.py).
KEPT_VARIABLES = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "KACT_CHROMIUM")
# `make test` runs the whole suite, and this rehearsal is part of that suite:
# inside it the step would run the suite again. --skip-tests skips the test
# steps (`make test`, and `make test-content`, a part of the same suite) and
# says so loudly in the report; the suite around the rehearsal is what shows
# the tests pass. Without --skip-tests they run for real.
TESTS_STEP = re.compile(r"(^|\s)make test(-content)?(\s|$)")
TESTS_LEFT_OUT = ("NOT RUN (--skip-tests): this step runs tests of the suite that holds this rehearsal; "
                  "run `make test` itself for what it proves")
# --skip-checks leaves out `make check` (the GitHub stand-in's tests of saves that
# the checks pass): `make public-build`, which follows, runs the same checks
# that can stop a build (the quality gate, the W3C HTML checker) on the files
# that go online, so only `make check`'s advice is missing from the run.
CHECKS_STEP = re.compile(r"(^|\s)make check(\s|$)")
CHECKS_LEFT_OUT = ("NOT RUN (--skip-checks): `make public-build` below runs the checks that can stop "
                   "a build on the files that go online")
# The rehearsal never installs system packages: these stand in for apt-get and
# sudo in every step, so `.ci/install-system-tools` runs for real and passes
# only when every tool is already here, or stops and names what it would install.
REFUSE_APT = """#!/bin/sh
[ "$1" = update ] && exit 0
echo "The rehearsal does not install system packages. The step would run: apt-get $*" >&2
echo "Install them on this computer (README.md, 'What this computer needs'), then rehearse again." >&2
exit 1
"""
SUDO_AS_IS = '#!/bin/sh\nexec "$@"\n'
# A runner starts each step with Ctrl+C (SIGINT) and SIGQUIT at their defaults. A
# rehearsal started in the background of a script inherits them ignored, and a
# shell cannot undo that (the suite's Ctrl+C test then fails), so each step is
# started through this, which resets both and then becomes the step's shell.
WITH_DEFAULT_SIGNALS = [sys.executable, "-c", "import os, signal, sys; "
                        "signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGQUIT, signal.SIG_DFL); "
                        "os.execvp(sys.argv[1], sys.argv[1:])"]


@dataclass
class StepResult:
    name: str
    outcome: str  # success, failure, skipped, or not run (--skip-tests, --skip-checks)
    note: str = ""
    log: str = ""


@dataclass
class JobResult:
    job_id: str
    result: str  # success, failure or skipped
    reason: str = ""
    steps: list = field(default_factory=list)
    summary: str = ""  # the Markdown GitHub shows on the run's page for this job
    summary_file: Path = None
    runner: Runner = None


@dataclass
class Rehearsal:
    event: str
    ref: str
    commit: str
    jobs: dict = field(default_factory=dict)


# --- running it ----------------------------------------------------------------------------

def github_context(event, branch, commit):
    ref = "refs/pull/1/merge" if event == "pull_request" else f"refs/heads/{branch}"
    context = {"github.event_name": event, "github.ref": ref}
    variables = {"CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_OS": "Linux", "GITHUB_EVENT_NAME": event,
                 "GITHUB_REF": ref, "GITHUB_REF_NAME": ref.split("/", 2)[2], "GITHUB_SHA": commit}
    if event == "pull_request":
        variables.update(GITHUB_HEAD_REF=branch, GITHUB_BASE_REF="main")
    return context, variables


def event_payload(repository, event, ref, commit, before):
    """The parts of GitHub's event file the workflow reads. A push names the commit
    the branch pointed to before it (all zeros for a new branch) and whether it was
    forced, which GitHub says when that commit is not an ancestor of the new one."""
    if event != "push":
        return {}
    if before is None:
        return {"ref": ref, "before": NO_COMMIT, "after": commit, "created": True, "forced": False}
    before = git_output(repository, "rev-parse", "--verify", f"{before}^{{commit}}").strip()
    ancestor = subprocess.run(["git", "merge-base", "--is-ancestor", before, commit], cwd=repository).returncode == 0
    return {"ref": ref, "before": before, "after": commit, "created": False, "forced": not ancestor}


def rehearse(repository=ROOT, commit="HEAD", event="push", branch="main", workdir=None,
             skip_tests=False, out=sys.stdout, before=None, api=None, heads=None, skip_checks=False):
    """Play one run of the workflow for `event` on `branch` at `commit` of `repository`.
    `before`: the commit the branch pointed to before the push (None: a new branch).
    `api`: (address, owner/name, token) of a GitHub API the steps may ask (the
    stand-in's); without it the steps get tooling/workflow/workflow_ref_api.py, where each
    branch of `heads` points to its commit and the pushed branch to `commit`
    unless `heads` says a newer push came in."""
    if event not in EVENTS:
        raise CannotRehearse(f"event {event!r}: the rehearsal plays {', '.join(EVENTS)}.")
    commit = git_output(repository, "rev-parse", "--verify", f"{commit}^{{commit}}").strip()
    workflow = load_workflow(repository, commit)
    check_workflow(workflow)
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    if skip_tests and not any(TESTS_STEP.search(run) for run in runs):
        # Otherwise a suite step under another name would run the suite inside the suite.
        raise CannotRehearse("--skip-tests: no step runs `make test`, so there is no step to leave out.")
    if skip_checks and not any(CHECKS_STEP.search(run) for run in runs):
        raise CannotRehearse("--skip-checks: no step runs `make check`, so there is no step to leave out.")
    left_out = [*([(TESTS_STEP, TESTS_LEFT_OUT)] if skip_tests else []),
                *([(CHECKS_STEP, CHECKS_LEFT_OUT)] if skip_checks else [])]
    workdir = Path(workdir or tempfile.mkdtemp(prefix="kact-rehearsal-"))
    if api is not None:
        return _rehearse(repository, commit, event, branch, workdir, left_out, out, before, workflow, api)
    with serving_refs({branch: commit, **(heads or {})}) as address:
        return _rehearse(repository, commit, event, branch, workdir, left_out, out, before, workflow,
                         (address, REHEARSAL_REPOSITORY, REHEARSAL_TOKEN))


def _rehearse(repository, commit, event, branch, workdir, left_out, out, before, workflow, api):
    context, variables = github_context(event, branch, commit)
    variables.update(GITHUB_API_URL=api[0], GITHUB_REPOSITORY=api[1])
    context["github.token"] = api[2]
    workdir.mkdir(parents=True, exist_ok=True)
    event_file = workdir / "event.json"
    event_file.write_text(json.dumps(event_payload(repository, event, context["github.ref"], commit, before)),
                          encoding="utf-8")
    variables["GITHUB_EVENT_PATH"] = str(event_file)
    rehearsal = Rehearsal(event, context["github.ref"], commit)
    _say(out, f"Rehearsing {WORKFLOW} at {commit[:12]}: {event} to {context['github.ref']} (in {workdir})")
    jobs, artifacts = workflow["jobs"], {}
    triggers = workflow["on"]
    triggered = event in ([triggers] if isinstance(triggers, str) else triggers)
    for job_id in job_order(jobs):
        job = jobs[job_id]
        skipped_because = _reason_to_skip(job, rehearsal.jobs, context, triggered)
        if skipped_because:
            rehearsal.jobs[job_id] = JobResult(job_id, "skipped", skipped_because)
            _say(out, f"\n== {job_id}: skipped ({skipped_because})")
            continue
        _say(out, f"\n== {job_id} (apt-get and sudo refuse here: a step that would install a missing "
                  "system tool fails and names it; when every tool is here it installs nothing)")
        if set(job) & GITHUB_ONLY_JOB_KEYS:
            _say(out, f"   not played here, only GitHub can: {', '.join(sorted(set(job) & GITHUB_ONLY_JOB_KEYS))}")
        runner = _fresh_runner(job_id, jobs, workdir, repository, commit, artifacts,
                               {**variables, **(workflow.get("env") or {}), **(job.get("env") or {})})
        rehearsal.jobs[job_id] = _run_job(job, runner, context, left_out, out)
    return rehearsal


def _reason_to_skip(job, done, context, triggered):
    if not triggered:
        return "the workflow does not run on this event"
    for needed in needed_jobs(job):
        if done[needed].result != "success":
            return f"it needs {needed}, which {'failed' if done[needed].result == 'failure' else 'was skipped'}"
    if "if" in job and not condition_holds(parse_condition(job["if"], ""), context):
        return f"`if: {job['if']}` is false for {context['github.event_name']} to {context['github.ref']}"
    return ""


def _fresh_runner(job_id, jobs, workdir, repository, commit, artifacts, variables):
    home = workdir / "jobs" / job_id
    workspace, temp, tools = home / "workspace", home / "temp", home / "refusals"
    for folder in (workspace, temp, tools):
        folder.mkdir(parents=True)
    for name, script in (("apt-get", REFUSE_APT), ("sudo", SUDO_AS_IS)):
        (tools / name).write_text(script, encoding="utf-8")
        (tools / name).chmod(0o755)
    env = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
    env["PATH"] = f"{tools}{os.pathsep}{env.get('PATH', os.defpath)}"
    env.update({key: str(value) for key, value in variables.items()},
               GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(temp), GITHUB_JOB=job_id)
    return Runner(job_id, workspace, temp, env, Path(repository), commit, artifacts,
                  needed_through(job_id, jobs), workdir / "deployed")


def _run_job(job, runner, context, left_out, out):
    """`left_out`: (pattern, note) of the `run:` steps not run (--skip-tests, --skip-checks)."""
    result = JobResult(runner.job_id, "success", runner=runner)
    context = dict(context)  # plus this job's step outputs, as `steps.<id>.outputs.<name>`
    for index, step in enumerate(job["steps"]):
        name = step_name(step)
        if result.result == "failure":
            result.steps.append(StepResult(name, "skipped", "an earlier step failed"))
            _say(out, f"-- {name}: skipped (an earlier step failed)")
            continue
        if "if" in step and not condition_holds(parse_condition(step["if"], ""), context):
            result.steps.append(StepResult(name, "skipped", f"`if: {step['if']}` is false"))
            continue
        note = next((note for pattern, note in left_out if pattern.search(step.get("run", ""))), None)
        if note:
            result.steps.append(StepResult(name, "not run", note))
            _say(out, f"-- {name}: {note}")
            continue
        _say(out, f"-- {name}")
        summary = runner.temp / f"step-summary-{index}.md"
        summary.touch()
        outputs = runner.temp / f"step-output-{index}"
        outputs.touch()
        step_result = _run_step(step, name, runner, summary, out, outputs, context)
        result.summary += summary.read_text(encoding="utf-8")
        if step_result.outcome == "success" and "id" in step:
            try:
                context.update({f"steps.{step['id']}.outputs.{key}": value
                                for key, value in read_outputs(outputs).items()})
            except CannotRehearse as refusal:
                step_result = StepResult(name, "failure", str(refusal), step_result.log)
        result.steps.append(step_result)
        if step_result.outcome == "failure":
            result.result = "failure"
    if result.summary:
        result.summary_file = runner.temp.parent / "job-summary.md"
        result.summary_file.write_text(result.summary, encoding="utf-8")
    return result


def read_outputs(path):
    """$GITHUB_OUTPUT's `name=value` lines. The multi-line form (`name<<DELIMITER`)
    is not played: refused by name rather than read wrong."""
    outputs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, equals, value = line.partition("=")
        if not equals or "<<" in name:
            raise CannotRehearse(f"$GITHUB_OUTPUT line {line!r}: the rehearsal reads only name=value lines.")
        outputs[name] = value
    return outputs


def _run_step(step, name, runner, summary, out, outputs, context):
    if "uses" in step:
        try:
            note = STAND_INS[step["uses"]].play(step.get("with") or {}, runner)
        except StepFailed as failure:
            _say(out, f"   failed: {failure}")
            return StepResult(name, "failure", str(failure))
        _say(out, f"   {note}")
        return StepResult(name, "success", note)
    script = runner.temp / f"step-{summary.stem.rsplit('-', 1)[1]}.sh"
    script.write_text(step["run"], encoding="utf-8")
    env = {**runner.env, **{key: expand(value, context) for key, value in (step.get("env") or {}).items()},
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs)}
    process = subprocess.Popen([*WITH_DEFAULT_SIGNALS, *SHELLS[step.get("shell")], str(script)],
                               cwd=runner.workspace / step.get("working-directory", "."), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    log = []
    for line in process.stdout:
        log.append(line)
        if out:
            out.write(line)
            out.flush()
    status = process.wait()
    if status == 0:
        return StepResult(name, "success", "", "".join(log))
    return StepResult(name, "failure", f"exit status {status}", "".join(log))


def _say(out, line):
    if out:
        print(line, file=out, flush=True)


def report(rehearsal):
    """The rehearsal's plain result: each job, each step, what was published and served."""
    lines = [f"\nRehearsal of {WORKFLOW} at {rehearsal.commit[:12]}, {rehearsal.event} to {rehearsal.ref}:"]
    for job in rehearsal.jobs.values():
        lines.append(f"  {job.job_id}: {job.result}" + (f" ({job.reason})" if job.reason else ""))
        lines.extend(f"    {step.outcome:8} {step.name}" + (f": {step.note}" if step.note else "") for step in job.steps)
        if job.summary_file:
            lines.append(f"    job summary (GitHub shows it on the run's page): {job.summary_file}")
        if job.runner and job.runner.served:
            lines.append(f"    served the site at {job.runner.served['url']} (stopped when the rehearsal ended)")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--event", choices=EVENTS, default="push")
    parser.add_argument("--branch", default="main", help="the branch pushed to, or the pull request's branch")
    parser.add_argument("--commit", default="HEAD", help="what to rehearse (committed files only, as on GitHub)")
    parser.add_argument("--skip-tests", action="store_true", help="do not run the `make test` step (said in the report)")
    parser.add_argument("--skip-checks", action="store_true",
                        help="do not run the `make check` step; `make public-build` still checks (said in the report)")
    parser.add_argument("--before", help="the commit the branch pointed to before the push (default: a new branch)")
    options = parser.parse_args(argv)
    try:
        rehearsal = rehearse(ROOT, options.commit, options.event, options.branch, skip_tests=options.skip_tests,
                             before=options.before, skip_checks=options.skip_checks)
    except CannotRehearse as refusal:
        print(f"The rehearsal stopped before any step ran: {refusal}", file=sys.stderr)
        return 2
    print(report(rehearsal))
    return 1 if any(job.result == "failure" for job in rehearsal.jobs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
