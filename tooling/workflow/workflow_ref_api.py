"""The one GitHub API answer the workflow's own steps ask for, played on 127.0.0.1 for
tooling/workflow/workflow_rehearsal.py: `GET /repos/{owner}/{repo}/git/ref/heads/{branch}`.

The deploy job asks it which commit `main` points to now, with the job's token
(`${{ github.token }}`), and deploys only when that is still its own commit: two
pushes close together must never put the older one online last. In a rehearsal
the pushed commit is the branch's head unless the caller says a newer push came
in meanwhile (`heads`). Under tooling/workflow/github_api_stand_in.py the stand-in's own
API answers instead, from its real repository.
"""
import json
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tooling.preview.local_browser import serving

REHEARSAL_REPOSITORY = "rehearsal/site"
REHEARSAL_TOKEN = "rehearsal-job-token"


@contextmanager
def serving_refs(heads, repository=REHEARSAL_REPOSITORY, token=REHEARSAL_TOKEN):
    """Serve `heads` ({branch: commit}) as GitHub's refs API would; yields the API's address."""

    class Refs(BaseHTTPRequestHandler):
        def do_GET(self):
            prefix = f"/repos/{repository}/git/ref/heads/"
            if self.headers.get("Authorization", "").split(" ")[-1] != token:
                return self._send(401, {"message": "Bad credentials"})
            branch = self.path[len(prefix):] if self.path.startswith(prefix) else None
            if branch not in heads:
                return self._send(404, {"message": "Not Found"})
            return self._send(200, {"ref": f"refs/heads/{branch}", "object": {"sha": heads[branch], "type": "commit"}})

        def _send(self, status, body):
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            """Quiet: the rehearsal reports what the step concluded."""

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Refs)) as address:
        yield address
