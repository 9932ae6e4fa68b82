"""A stand-in for the parts of GitHub the online editor and its status panel use, on 127.0.0.1.

    python -m tooling.workflow.github_api_stand_in --repository /path/to/bare.git

What only a real GitHub can do is not reachable from tests (no network), so
this plays it here, backed by a real git repository:

- the sign-in helper's popup (`/auth`, the message handshake of
  decap-cms-lib-auth's netlify-auth.js), answering with this server's token;
- the REST endpoints Decap's GitHub backend calls in the simple workflow
  (decap-cms-backend-github/src/API.ts and implementation.tsx): user, repo,
  branches, git trees (`main:folder`), blobs, commits, refs, commits?path=,
  contents;
- a push to `main` (PATCH git/refs/heads/main) starts a workflow run: the real
  .github/workflows/publish.yml of the pushed commit, played by
  tooling/workflow/workflow_rehearsal.py, one run at a time in push order;
- workflow runs, check runs (one per job) and their annotations, read from the
  `::error file=...,line=...::` commands the steps printed, as GitHub reads them;
- the deploy: a loopback server shows the last deployed site (GitHub Pages).

What it cannot prove (GitHub's real OAuth, permissions, rate limits, Pages'
own serving): docs/deploy.md, "The GitHub stand-in".
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from tooling.workflow.workflow_reading import CannotRehearse
from tooling.workflow.workflow_rehearsal import rehearse

OWNER, NAME, BRANCH = "practice", "site", "main"
TOKEN = "stand-in-token"
USER = {"login": "therapist", "id": 1, "name": "The therapist", "email": "therapist@127.0.0.1",
        "avatar_url": "", "type": "User"}
# `::error file=content/pages/faq.md,line=12,title=Site checks::message` (GitHub's workflow command).
WORKFLOW_COMMAND = re.compile(r"^::(?P<level>error|warning|notice)(?: (?P<properties>[^:]*))?::(?P<message>.*)$")
LEVELS = {"error": "failure", "warning": "warning", "notice": "notice"}
# The sign-in helper's answer page: the handshake decap-cms-lib-auth waits for.
AUTH_PAGE = """<!doctype html><meta charset="utf-8"><title>Signed in</title><p>Signing in…</p>
<script>
window.addEventListener("message", function (event) {
  if (event.data !== "authorizing:github") return;
  window.opener.postMessage("authorization:github:success:" + JSON.stringify({token: %s, provider: "github"}),
                            event.origin);
});
window.opener.postMessage("authorizing:github", "*");
</script>"""


def _unescape(text):
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def annotations_in(log):
    """GitHub's annotations for one job's log: each workflow command becomes one."""
    found = []
    for line in log.splitlines():
        match = WORKFLOW_COMMAND.match(line.strip())
        if not match:
            continue
        properties = dict(part.split("=", 1) for part in (match["properties"] or "").split(",") if "=" in part)
        line_number = int(properties["line"]) if properties.get("line", "").isdigit() else 1
        found.append({"path": _unescape(properties.get("file", ".github")), "start_line": line_number,
                      "end_line": line_number, "annotation_level": LEVELS[match["level"]],
                      "title": _unescape(properties.get("title", "")), "message": _unescape(match["message"])})
    return found


@dataclass
class WorkflowRun:
    id: int
    head_sha: str
    before: str
    status: str = "queued"  # queued, in_progress, completed
    conclusion: str = None  # success or failure once completed
    skip_checks: bool = False  # the stand-in's setting when the push came in (rehearse's skip_checks)
    check_runs: list = field(default_factory=list)
    log: str = ""
    created_at: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


class GitHubStandIn:
    """The repository, its workflow runs and the deployed site; `start()` serves them."""

    def __init__(self, repository, workdir, skip_tests=True):
        self.repository = Path(repository)
        self.workdir = Path(workdir)
        self.skip_tests = skip_tests
        # A test whose subject is not the checks leaves `make check` out of the runs of
        # its pushes; `make public-build` still runs the checks that can stop a build.
        self.skip_checks = False
        self.runs = []
        self.lock = threading.Lock()
        self.queue = []
        self.wakeup = threading.Condition(self.lock)
        self.deployed = None  # the folder the site server shows
        self.servers = []
        self.api_url = None
        self.answered = []  # (method, path, status) of every API request, to read when something fails

    # --- git ---------------------------------------------------------------------------
    def git(self, *arguments, input=None, env=None):
        done = subprocess.run(["git", *arguments], cwd=self.repository, capture_output=True,
                              input=input, env={**os.environ, **(env or {})})
        if done.returncode != 0:
            raise LookupError(done.stderr.decode("utf-8", "replace").strip())
        return done.stdout

    def text(self, *arguments):
        return self.git(*arguments).decode("utf-8").strip()

    def head(self):
        return self.text("rev-parse", f"refs/heads/{BRANCH}")

    # --- workflow runs -------------------------------------------------------------------
    def queue_run(self, before, after):
        """A push to main (self.lock held): queue one run of the workflow for it, as GitHub does."""
        run = WorkflowRun(len(self.runs) + 1, after, before, skip_checks=self.skip_checks)
        self.runs.append(run)
        self.queue.append(run)
        self.wakeup.notify()
        return run

    def _work(self):
        while True:
            with self.lock:
                while not self.queue:
                    self.wakeup.wait()
                run = self.queue.pop(0)
                run.status = "in_progress"
            self._play(run)

    def _play(self, run):
        folder = self.workdir / f"run-{run.id}"
        with open(self.workdir / f"run-{run.id}.log", "w", encoding="utf-8") as log:
            try:
                # The deploy job asks this stand-in which commit main points to now.
                rehearsal = rehearse(self.repository, run.head_sha, "push", BRANCH, folder,
                                     skip_tests=self.skip_tests, skip_checks=run.skip_checks, out=log,
                                     before=run.before if run.before.strip("0") else None,
                                     api=(self.api_url, f"{OWNER}/{NAME}", TOKEN))
            except CannotRehearse as refusal:
                log.write(f"The rehearsal stopped before any step ran: {refusal}\n")
                rehearsal = None
        check_runs = []
        for job in (rehearsal.jobs.values() if rehearsal else []):
            text = "".join(step.log for step in job.steps)
            check_runs.append({"id": run.id * 100 + len(check_runs), "name": job.job_id, "head_sha": run.head_sha,
                               "status": "completed", "conclusion": {"success": "success", "failure": "failure"}
                               .get(job.result, "skipped"), "annotations": annotations_in(text),
                               "summary": job.summary})
        deploy = rehearsal.jobs.get("deploy") if rehearsal else None
        deployed = bool(deploy and deploy.runner and deploy.runner.served)
        with self.lock:
            if deployed:
                self.deployed = folder / "deployed"
            run.check_runs = check_runs
            run.conclusion = "success" if rehearsal and all(
                job.result != "failure" for job in rehearsal.jobs.values()) else "failure"
            run.status = "completed"

    def put_online(self, folder):
        """Pages shows `folder` until a run deploys: the site that was online before
        the first push the stand-in sees (a test's starting point, built elsewhere)."""
        with self.lock:
            self.deployed = Path(folder)

    def wait_for(self, sha, timeout=900):
        """The completed run for `sha` (tests use this; the editor polls the API)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                done = [run for run in self.runs if run.head_sha == sha and run.status == "completed"]
            if done:
                return done[-1]
            time.sleep(1)
        raise TimeoutError(f"no completed run for {sha[:12]} after {timeout} s")

    # --- serving --------------------------------------------------------------------------
    def start(self):
        """Start the API server and the site server on 127.0.0.1; returns (api_url, site_url)."""
        stand_in = self

        class Api(_ApiHandler):
            state = stand_in

        class Site(_SiteHandler):
            state = stand_in

        urls = []
        for handler in (Api, Site):
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
            urls.append(f"http://127.0.0.1:{server.server_address[1]}")
        self.api_url = urls[0]
        threading.Thread(target=self._work, daemon=True).start()
        return urls[0], urls[1] + "/"

    def stop(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()


class _SiteHandler(SimpleHTTPRequestHandler):
    """GitHub Pages: the last deployed site, nothing before the first deploy."""
    state = None

    def translate_path(self, path):
        folder = self.state.deployed or self.state.workdir / "nothing-deployed-yet"
        self.directory = str(folder)
        return super().translate_path(path)

    def log_message(self, format, *args):
        """Quiet: the tests report what they read."""


class _ApiHandler(BaseHTTPRequestHandler):
    state = None

    def log_message(self, format, *args):
        """Quiet: one line per request would drown a test's output."""

    # GitHub's API answers any origin (CORS), with the token in Authorization.
    def _send(self, status, body, content_type="application/json; charset=utf-8"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.state.answered.append((self.command, self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Link")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_OPTIONS(self):
        self.state.answered.append(("OPTIONS", self.path, 204))
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Cache-Control, "
                                                         "If-None-Match, X-GitHub-Api-Version")
        self.send_header("Access-Control-Max-Age", "600")
        self.end_headers()

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_PATCH(self):
        self._route("PATCH")

    def _route(self, method):
        url = urlsplit(self.path)
        path, query = unquote(url.path), {key: values[-1] for key, values in parse_qs(url.query).items()}
        if method == "GET" and path == "/auth":
            return self._send(200, (AUTH_PAGE % json.dumps(TOKEN)).encode("utf-8"), "text/html; charset=utf-8")
        if self.headers.get("Authorization", "").split(" ")[-1] != TOKEN:
            return self._send(401, {"message": "Bad credentials"})
        body = {}
        if method in ("POST", "PATCH"):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
        prefix = f"/repos/{OWNER}/{NAME}"
        if path == "/user":
            return self._send(200, USER)
        if not path.startswith(prefix):
            return self._send(404, {"message": "Not Found"})
        route = path[len(prefix):]
        try:
            with_lock = route.startswith("/git/refs/")
            if with_lock:
                with self.state.lock:
                    answer = self._answer(method, route, query, body)
            else:
                answer = self._answer(method, route, query, body)
        except LookupError as error:
            return self._send(404, {"message": f"Not Found ({error})"})
        if answer is None:
            return self._send(404, {"message": f"Not Found: {method} {path} is not played by the stand-in"})
        return self._send(*answer)

    def _answer(self, method, route, query, body):
        state = self.state
        if method == "GET":
            if route == "":
                return 200, {"name": NAME, "full_name": f"{OWNER}/{NAME}", "owner": {"login": OWNER},
                             "default_branch": BRANCH, "private": True,
                             "permissions": {"admin": False, "push": True, "pull": True}}
            if route == f"/branches/{BRANCH}":
                sha = state.head()
                tree = state.text("rev-parse", f"{sha}^{{tree}}")
                return 200, {"name": BRANCH, "commit": {"sha": sha, "commit": {"tree": {"sha": tree}}}}
            if route in (f"/git/ref/heads/{BRANCH}", f"/git/refs/heads/{BRANCH}"):
                return 200, {"ref": f"refs/heads/{BRANCH}", "object": {"sha": state.head(), "type": "commit"}}
            if route.startswith("/git/trees/"):
                return 200, self._tree(route[len("/git/trees/"):], query.get("recursive"))
            if route.startswith("/git/blobs/"):
                sha = route[len("/git/blobs/"):]
                content = state.git("cat-file", "blob", sha)
                return 200, {"sha": sha, "size": len(content), "encoding": "base64",
                             "content": base64.b64encode(content).decode("ascii")}
            if route.startswith("/contents/"):
                file_path = route[len("/contents/"):]
                ref = query.get("ref", BRANCH)
                sha = state.text("rev-parse", f"{ref}:{file_path}")
                content = state.git("cat-file", "blob", sha)
                return 200, {"type": "file", "path": file_path, "name": file_path.rsplit("/", 1)[-1], "sha": sha,
                             "size": len(content), "encoding": "base64",
                             "content": base64.b64encode(content).decode("ascii")}
            if route == "/commits":
                arguments = ["log", "-1", "--format=%H%x00%an%x00%ae%x00%aI%x00%s", query.get("sha", BRANCH)]
                if query.get("path"):
                    arguments += ["--", query["path"]]
                line = state.text(*arguments)
                if not line:
                    return 200, []
                sha, name, email, date, subject = line.split("\0")
                return 200, [{"sha": sha, "commit": {"author": {"name": name, "email": email, "date": date},
                                                     "message": subject}}]
            if route.startswith("/commits/") and route.endswith("/check-runs"):
                sha = state.text("rev-parse", route[len("/commits/"):-len("/check-runs")])
                runs = [check for run in state.runs if run.head_sha == sha for check in run.check_runs]
                return 200, {"total_count": len(runs), "check_runs": [_public_check_run(check) for check in runs]}
            if route.startswith("/commits/"):
                sha = state.text("rev-parse", route[len("/commits/"):])
                changed = state.text("diff-tree", "--root", "--no-commit-id", "--name-status", "-r", sha)
                files = [{"status": {"A": "added", "M": "modified", "D": "removed"}.get(line[0], "modified"),
                          "filename": line.split("\t", 1)[1]} for line in changed.splitlines() if "\t" in line]
                parents = state.text("rev-list", "--parents", "-n", "1", sha).split()[1:]
                return 200, {"sha": sha, "parents": [{"sha": parent} for parent in parents], "files": files}
            if route == "/actions/runs":
                runs = [run for run in reversed(state.runs)
                        if query.get("head_sha") in (None, run.head_sha)]
                return 200, {"total_count": len(runs), "workflow_runs": [_public_run(run) for run in runs]}
            if route.startswith("/check-runs/") and route.endswith("/annotations"):
                wanted = int(route.split("/")[2])
                for check in (check for run in state.runs for check in run.check_runs):
                    if check["id"] == wanted:
                        return 200, check["annotations"]
                return None
        if method == "POST":
            if route == "/git/blobs":
                content = base64.b64decode(body["content"]) if body.get("encoding") == "base64" else \
                    body["content"].encode("utf-8")
                sha = state.git("hash-object", "-w", "--stdin", input=content).decode().strip()
                return 201, {"sha": sha}
            if route == "/git/trees":
                return 201, self._new_tree(body)
            if route == "/git/commits":
                arguments = ["commit-tree", body["tree"], "-m", body["message"]]
                for parent in body.get("parents", []):
                    arguments += ["-p", parent]
                author = body.get("author") or {"name": USER["name"], "email": USER["email"]}
                env = {"GIT_AUTHOR_NAME": author["name"], "GIT_AUTHOR_EMAIL": author["email"],
                       "GIT_COMMITTER_NAME": USER["name"], "GIT_COMMITTER_EMAIL": USER["email"]}
                sha = state.git(*arguments, env=env).decode().strip()
                return 201, {"sha": sha, "tree": {"sha": body["tree"]}, "message": body["message"],
                             "parents": [{"sha": parent} for parent in body.get("parents", [])]}
        if method == "PATCH" and route == f"/git/refs/heads/{BRANCH}":
            before, after = state.head(), body["sha"]
            forward = subprocess.run(["git", "merge-base", "--is-ancestor", before, after],
                                     cwd=state.repository).returncode == 0
            if not forward and not body.get("force"):
                return 422, {"message": "Update is not a fast forward"}
            state.git("update-ref", f"refs/heads/{BRANCH}", after, before)
            state.queue_run(before, after)
            return 200, {"ref": f"refs/heads/{BRANCH}", "object": {"sha": after, "type": "commit"}}
        return None

    def _tree(self, treeish, recursive):
        # `main:content/pages` names a tree already; `main` or a commit's sha names its tree.
        sha = self.state.text("rev-parse", "--verify", treeish if ":" in treeish else f"{treeish}^{{tree}}")
        if self.state.text("cat-file", "-t", sha) != "tree":
            raise LookupError(f"{treeish} is not a tree")
        listing = self.state.text("ls-tree", "-l", *(["-r", "-t"] if recursive else []), sha)
        tree = []
        for line in listing.splitlines():
            info, name = line.split("\t", 1)
            mode, kind, object_sha, size = info.split()
            tree.append({"path": name, "mode": mode, "type": kind, "sha": object_sha,
                         **({"size": int(size)} if size != "-" else {})})
        return {"sha": sha, "tree": tree, "truncated": False}

    def _new_tree(self, body):
        with tempfile.TemporaryDirectory() as folder:
            env = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
            if body.get("base_tree"):
                self.state.git("read-tree", body["base_tree"], env=env)
            for entry in body["tree"]:
                if entry.get("sha") is None:
                    self.state.git("update-index", "--force-remove", entry["path"], env=env)
                else:
                    self.state.git("update-index", "--add", "--cacheinfo",
                                   f"{entry['mode']},{entry['sha']},{entry['path']}", env=env)
            sha = self.state.git("write-tree", env=env).decode().strip()
        return {"sha": sha, "tree": self._tree(sha, False)["tree"]}  # GitHub lists the top level only


def _public_run(run):
    return {"id": run.id, "name": "Check and publish", "head_branch": BRANCH, "head_sha": run.head_sha,
            "event": "push", "status": run.status, "conclusion": run.conclusion, "created_at": run.created_at,
            "html_url": f"https://github.com/{OWNER}/{NAME}/actions/runs/{run.id}"}


def _public_check_run(check):
    return {"id": check["id"], "name": check["name"], "head_sha": check["head_sha"], "status": check["status"],
            "conclusion": check["conclusion"],
            "output": {"title": check["name"], "summary": check["summary"],
                       "annotations_count": len(check["annotations"])}}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repository", required=True, help="a git repository (bare or not) whose main is the site")
    parser.add_argument("--run-tests", action="store_true", help="run the workflow's test steps too (slow)")
    options = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="kact-github-stand-in-"))
    stand_in = GitHubStandIn(options.repository, workdir, skip_tests=not options.run_tests)
    api_url, site_url = stand_in.start()
    print(f"API {api_url} (token {TOKEN}), site {site_url}, runs logged in {workdir}. Ctrl+C stops.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        stand_in.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
