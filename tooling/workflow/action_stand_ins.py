"""Local stand-ins for the actions .github/workflows/publish.yml uses, for tooling/workflow/workflow_rehearsal.py.

Each one keeps its action's contract as far as this computer can: what the
next step or job may rely on, and what makes the real action fail. Each is
written against the pinned commit named in STAND_INS (read in that commit's
action.yml): after moving a pin, read the new action.yml and update its
stand-in, or the rehearsal refuses the workflow.
"""
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import urllib.request
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# GitHub Pages supports sites up to 1 GB (actions/upload-pages-artifact README).
PAGES_SIZE_LIMIT = 1024 ** 3


class StepFailed(Exception):
    """The action would fail; the message says why, in plain words."""


@dataclass
class Runner:
    """One job's fresh runner: its folders, its environment, and what the run shares between jobs."""
    job_id: str
    workspace: Path
    temp: Path
    env: dict
    repository: Path
    commit: str
    artifacts: dict  # artifact name -> (job that uploaded it, artifact.tar)
    jobs_it_needs: set  # every job this one waits for, directly or through another
    deployed: Path
    served: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)


def checkout(inputs, runner):
    """actions/checkout: the commit's files and nothing else, fetched as the action
    fetches it: by default that one commit alone (fetch-depth 1, so the commit
    before a push is not there), with fetch-depth 0 every branch's whole history.
    Fetched from the repository (not copied from the working tree) so an
    uncommitted or ignored file is missing here exactly as it would be on GitHub.
    `sparse-checkout` (one pattern a line) leaves out every other file. Only
    the non-cone mode (`sparse-checkout-cone-mode: false`, patterns as in
    .gitignore) is played: the action (src/git-source-provider.ts,
    sparseCheckoutNonConeMode) sets core.sparseCheckout and writes the patterns
    to .git/info/sparse-checkout before checking out; `git sparse-checkout set
    --no-cone` writes the same two in this fresh folder."""
    depth = str(inputs.get("fetch-depth", 1))
    if not depth.isdigit():
        raise StepFailed(f"fetch-depth {depth!r} is not a number.")
    patterns = str(inputs.get("sparse-checkout") or "").split()
    if patterns and str(inputs.get("sparse-checkout-cone-mode", "true")).lower() != "false":
        raise StepFailed("sparse-checkout in cone mode is not played here; write sparse-checkout-cone-mode: false.")
    sparse = [["-C", str(runner.workspace), "sparse-checkout", "set", "--no-cone", "--", *patterns]] if patterns else []
    source = runner.repository.resolve().as_uri()
    if depth == "0":
        fetch = ["fetch", "--quiet", "--no-tags", source, "+refs/heads/*:refs/remotes/origin/*", runner.commit]
    else:
        fetch = ["fetch", "--quiet", "--no-tags", f"--depth={depth}", source, runner.commit]
    for command in (["init", "--quiet", str(runner.workspace)], ["-C", str(runner.workspace), *fetch], *sparse,
                    ["-C", str(runner.workspace), "checkout", "--quiet", "--detach", runner.commit]):
        done = subprocess.run(["git", *command], capture_output=True, text=True)
        if done.returncode != 0:
            raise StepFailed(f"could not check out {runner.commit[:12]}: {done.stderr.strip()}")
    only = f", only {' '.join(patterns)}" if patterns else ""
    return f"checked out {runner.commit[:12]} (fetch-depth {depth}{only}): committed files only"


def setup_python(inputs, runner):
    """actions/setup-python: a plain Python of the asked version first on PATH.
    This computer can only offer the interpreter running the rehearsal, so a
    different version fails rather than pretend. The pip cache is stood in for
    by linking the project's ready .venv into the checkout, so `make` finds its
    pinned packages installed instead of downloading them for every rehearsal."""
    wanted = str(inputs.get("python-version", ""))
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    if wanted != here:
        raise StepFailed(f"the workflow asks for Python {wanted!r}; the rehearsal can only offer this one, {here}.")
    # A link to the base interpreter, outside any venv: like setup-python's, it has no packages.
    plain_python = Path(sys.base_prefix) / "bin" / f"python{here}"
    bin_dir = runner.temp / "setup-python" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "python3", f"python{here}"):
        (bin_dir / name).symlink_to(plain_python)
    runner.env["PATH"] = f"{bin_dir}{os.pathsep}{runner.env['PATH']}"
    if sys.prefix == sys.base_prefix:
        return f"Python {here} first on PATH; no .venv to link, so make will install the requirements"
    venv = runner.workspace / ".venv"
    if venv.exists() or venv.is_symlink():
        raise StepFailed(".venv is in the commit; it is made on each computer and must not be committed.")
    venv.symlink_to(sys.prefix)
    _keep_install_dates(Path(sys.prefix), runner.workspace)
    return f"Python {here} first on PATH; the pip cache stood in for by this project's .venv ({sys.prefix})"


# What the Makefile's install stamp depends on (READY in the Makefile).
INSTALL_INPUTS = ("requirements.txt", "pyproject.toml")


def _keep_install_dates(venv, checkout):
    """A checkout's files are all new, so make would run pip again on the linked
    .venv (0.7 s, installing nothing) in every rehearsal. Where the commit's
    requirements are byte for byte those the .venv was installed from (its
    project's, older than its stamp), they keep that project's dates, as a pip
    cache would restore the same packages. A changed requirement keeps its new
    date, so make installs it."""
    stamp = venv / ".requirements-installed"
    if not stamp.is_file():
        return
    for name in INSTALL_INPUTS:
        ours, theirs = checkout / name, venv.parent / name
        if (ours.is_file() and theirs.is_file() and theirs.stat().st_mtime < stamp.stat().st_mtime
                and ours.read_bytes() == theirs.read_bytes()):
            os.utime(ours, (theirs.stat().st_atime, theirs.stat().st_mtime))


def upload_pages_artifact(inputs, runner):
    """actions/upload-pages-artifact: the folder packed by the action's own tar command.

    Pages refuses an artifact holding links (the action's README), so the
    action's tar stores a hard-linked file as a full copy (--hard-dereference):
    the build hard-links its pictures from cache/, and that is fine. It also
    follows a symbolic link (--dereference), which could pack a file from
    outside the site, and fails on a dangling one; the build never makes one,
    so a symbolic link here is refused, a little stricter than GitHub."""
    folder = runner.workspace / inputs.get("path", "_site/")
    name = inputs.get("name", "github-pages")
    if not folder.is_dir():
        state = "is not a folder" if folder.exists() else "does not exist"
        raise StepFailed(f"path {inputs.get('path')!r} {state} in the checkout, so there is nothing to publish.")
    hard_links = 0
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            raise StepFailed(f"{path.relative_to(runner.workspace)} is a symbolic link; the site must hold real files only.")
        hard_links += path.is_file() and path.stat().st_nlink > 1
    if name in runner.artifacts:
        raise StepFailed(f"an artifact named {name!r} was already uploaded in this run.")
    tar_file = runner.temp / "artifact.tar"
    hidden = [] if str(inputs.get("include-hidden-files", "false")) == "true" else ["--exclude=.[^/]*"]
    # The Linux command of action.yml at the pinned commit, word for word.
    packed = subprocess.run(
        ["tar", "--dereference", "--hard-dereference", "--directory", str(folder), "-cvf", str(tar_file),
         "--exclude=.git", "--exclude=.github", *hidden, "."],
        capture_output=True, text=True)
    if packed.returncode != 0:
        raise StepFailed(f"tar could not pack {inputs.get('path')!r}:\n{packed.stderr}")
    runner.artifacts[name] = (runner.job_id, tar_file)
    files = sum(1 for line in packed.stdout.splitlines() if not line.endswith("/"))
    return (f"packed {files} files of {inputs.get('path')} ({tar_file.stat().st_size // 1024} KiB) as artifact "
            f"{name!r}; {hard_links} hard-linked files went in as full copies, as the action's tar does")


def deploy_pages(inputs, runner):
    """actions/deploy-pages: publishes this run's artifact. Here: unpack it and
    serve it on 127.0.0.1, then ask for the home page as a visitor would.
    Jobs without a `needs:` path between them run at the same time on GitHub,
    so only an artifact from a job this one needs can be counted on."""
    name = inputs.get("artifact_name", "github-pages")
    uploaded = runner.artifacts.get(name)
    if uploaded is None or uploaded[0] not in runner.jobs_it_needs:
        needs = ", ".join(sorted(runner.jobs_it_needs)) or "no job"
        raise StepFailed(f"no artifact {name!r} from a job this one needs (it needs {needs}); "
                         "on GitHub it would find none or race the job that makes it.")
    tar_file = uploaded[1]
    if tar_file.stat().st_size > PAGES_SIZE_LIMIT:
        raise StepFailed(f"the artifact is {tar_file.stat().st_size // 1024 ** 2} MiB; GitHub Pages supports 1 GB.")
    with tarfile.open(tar_file) as archive:
        others = [member.name for member in archive.getmembers() if not (member.isfile() or member.isdir())]
        if others:
            raise StepFailed(f"the artifact holds entries that are not files or folders: {others[:5]}")
        shutil.rmtree(runner.deployed, ignore_errors=True)
        archive.extractall(runner.deployed, filter="data")
    runner.served = _serve_and_fetch_home(runner.deployed)
    runner.outputs["page_url"] = runner.served["url"]
    return (f"served the artifact at {runner.served['url']}: the home page answered {runner.served['status']} "
            f"({len(runner.served['home_page'])} bytes)")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        """The rehearsal reports what was served; one line per request would drown it."""


def _serve_and_fetch_home(folder):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return {"url": url, "status": response.status, "home_page": response.read()}
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class StandIn:
    play: object
    inputs: frozenset  # the `with:` keys it keeps the contract of; any other is refused


# `uses:` exactly as pinned in the workflow -> its stand-in.
STAND_INS = {
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1": StandIn(  # v7.0.1
        checkout, frozenset({"persist-credentials", "fetch-depth", "sparse-checkout", "sparse-checkout-cone-mode"})),
    "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97": StandIn(  # v7.0.0
        setup_python, frozenset({"python-version", "cache", "cache-dependency-path"})),
    "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9": StandIn(  # v5.0.0
        upload_pages_artifact, frozenset({"path", "name", "retention-days", "include-hidden-files"})),
    "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128": StandIn(  # v5.0.0
        deploy_pages, frozenset({"artifact_name"})),
}
