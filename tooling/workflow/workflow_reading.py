"""What tooling/workflow/workflow_rehearsal.py can play of a workflow: it reads the workflow
from a commit and refuses, naming the job and step, every part it could only guess at.

Only the forms .github/workflows/publish.yml uses are known; a new form is
refused until the rehearsal learns it faithfully, rather than played wrong.
"""
import re
import subprocess

import yaml

from tooling.workflow.action_stand_ins import STAND_INS

WORKFLOW = ".github/workflows/publish.yml"
# The only `if:` forms the workflow uses: `github.ref`, `github.event_name` or an
# earlier step's output (`steps.<id>.outputs.<name>`, '' when it wrote none)
# compared with a quoted text, joined by &&. Anything else is refused.
CONDITION = re.compile(r"^(?P<context>github\.ref|github\.event_name|steps\.[\w-]+\.outputs\.[\w-]+)"
                       r"\s*(?P<op>==|!=)\s*'(?P<text>[^']*)'$")
WORKFLOW_KEYS = {"name", "on", "permissions", "env", "jobs", "concurrency"}
# What GitHub itself grants, limits or shows: read, named in the report, not played (docs/deploy.md).
GITHUB_ONLY_JOB_KEYS = {"timeout-minutes", "concurrency", "permissions", "environment"}
JOB_KEYS = {"name", "needs", "if", "runs-on", "env", "steps", *GITHUB_ONLY_JOB_KEYS}
STEP_KEYS = {"name", "id", "uses", "with", "run", "env", "if", "shell", "working-directory"}
# GitHub's runner: no `shell:` means `bash -e`; `shell: bash` adds pipefail.
SHELLS = {None: ["bash", "-e"], "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"]}


class CannotRehearse(Exception):
    """The workflow uses something the rehearsal cannot play faithfully; the message names it."""


def git_output(repository, *arguments):
    result = subprocess.run(["git", *arguments], cwd=repository, capture_output=True, text=True)
    if result.returncode != 0:
        raise CannotRehearse(f"git {' '.join(arguments)} in {repository}: {result.stderr.strip()}")
    return result.stdout


def load_workflow(repository, commit):
    workflow = yaml.safe_load(git_output(repository, "show", f"{commit}:{WORKFLOW}"))
    # YAML 1.1 reads the key `on` as the boolean True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def parse_condition(text, where):
    """`if:` as a list of (context, operator, text) that must all hold."""
    body = str(text).strip()
    if body.startswith("${{") and body.endswith("}}"):
        body = body[3:-2].strip()
    terms = [CONDITION.match(term.strip()) for term in body.split("&&")]
    if not all(terms):
        raise CannotRehearse(
            f"{where}: cannot evaluate `if: {text}`. The rehearsal knows only github.ref, "
            "github.event_name or steps.<id>.outputs.<name> compared (== or !=) with a quoted text, joined by &&, and does not guess.")
    return [(term["context"], term["op"], term["text"]) for term in terms]


def condition_holds(terms, context):
    # GitHub compares texts ignoring case.
    return all((context.get(name, "").casefold() == text.casefold()) == (op == "==") for name, op, text in terms)


# The only expression the rehearsal evaluates, and only as a whole step `env:` value:
# the job's token, which the rehearsal's API (tooling/workflow/workflow_ref_api.py) accepts.
STEP_ENV_EXPRESSIONS = {"${{ github.token }}": "github.token"}


def _refuse_expressions(values, where, known=()):
    for key, value in (values or {}).items():
        if "${{" in str(value) and str(value).strip() not in known:
            raise CannotRehearse(f"{where}: `{key}: {value}` holds an expression the rehearsal does not evaluate.")


def expand(value, context):
    """A step's `env:` value as the runner gets it."""
    text = str(value).strip()
    return context[STEP_ENV_EXPRESSIONS[text]] if text in STEP_ENV_EXPRESSIONS else str(value)


def step_name(step):
    return step.get("name") or step.get("uses") or step.get("run", "").strip().splitlines()[0]


def check_workflow(workflow):
    """Refuse, before anything runs, every part the rehearsal could only guess at."""
    if set(workflow) - WORKFLOW_KEYS:
        raise CannotRehearse(f"the workflow's {sorted(set(workflow) - WORKFLOW_KEYS)} cannot be rehearsed.")
    _refuse_expressions(workflow.get("env"), "the workflow's env")
    triggers = workflow["on"]
    if isinstance(triggers, dict) and any(triggers.values()):
        raise CannotRehearse("the workflow's triggers have filters (branches, paths, types); the rehearsal plays only bare ones.")
    jobs = workflow["jobs"]
    for job_id, job in jobs.items():
        where = f"job {job_id}"
        if set(job) - JOB_KEYS:
            raise CannotRehearse(f"{where}: {sorted(set(job) - JOB_KEYS)} cannot be rehearsed.")
        if not str(job.get("runs-on", "")).startswith("ubuntu"):
            raise CannotRehearse(f"{where}: runs-on {job.get('runs-on')!r}; the rehearsal plays only an Ubuntu runner.")
        for needed in needed_jobs(job):
            if needed not in jobs:
                raise CannotRehearse(f"{where}: needs {needed!r}, which is not a job of the workflow.")
        if "if" in job:
            parse_condition(job["if"], where)
        _refuse_expressions(job.get("env"), f"{where}'s env")
        for step in job["steps"]:
            _check_step(step, f"{where}, step {step_name(step)!r}")


def _check_step(step, where):
    if set(step) - STEP_KEYS:
        raise CannotRehearse(f"{where}: {sorted(set(step) - STEP_KEYS)} cannot be rehearsed.")
    if ("uses" in step) == ("run" in step):
        raise CannotRehearse(f"{where}: a step needs exactly one of uses: and run:.")
    if "if" in step:
        parse_condition(step["if"], where)
    if step.get("shell") not in SHELLS:
        raise CannotRehearse(f"{where}: shell {step['shell']!r}; the rehearsal plays only bash.")
    _refuse_expressions(step.get("env"), where, STEP_ENV_EXPRESSIONS)
    _refuse_expressions(step.get("with"), where)
    if "run" in step:
        _refuse_expressions({"run": step["run"]}, where)
        return
    stand_in = STAND_INS.get(step["uses"])
    if stand_in is None:
        raise CannotRehearse(
            f"{where}: uses {step['uses']}, which the rehearsal has no stand-in for "
            "(tooling/workflow/action_stand_ins.py; a moved pin needs its stand-in checked against the new version).")
    if set(step.get("with") or {}) - stand_in.inputs:
        raise CannotRehearse(f"{where}: with {sorted(set(step['with']) - stand_in.inputs)}, which its stand-in does not play.")


def needed_jobs(job):
    named = job.get("needs", [])
    return [named] if isinstance(named, str) else list(named)


def job_order(jobs):
    """Jobs in `needs:` order; jobs free to start together keep the file's order."""
    ordered, placed = [], set()
    while len(ordered) < len(jobs):
        ready = [job_id for job_id in jobs if job_id not in placed and set(needed_jobs(jobs[job_id])) <= placed]
        if not ready:
            raise CannotRehearse(f"the jobs {sorted(set(jobs) - placed)} need each other in a circle.")
        ordered.append(ready[0])
        placed.add(ready[0])
    return ordered


def needed_through(job_id, jobs):
    """Every job `job_id` waits for, directly or through another."""
    found, waiting = set(), list(needed_jobs(jobs[job_id]))
    while waiting:
        needed = waiting.pop()
        if needed not in found:
            found.add(needed)
            waiting.extend(needed_jobs(jobs[needed]))
    return found
