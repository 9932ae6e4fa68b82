"""Deploy only the newest save: is this run's commit still the one main points to?

Two saves close together: the older run's checks can finish last (a code
change runs the whole suite, a content change minutes). Only the commit main
points to now may go online, so the newest save always wins. Every deploy job
runs this first, from a checkout of this one file: the GitHub Pages job of
.github/workflows/publish.yml and the Cloudflare Pages and Netlify jobs of
docs/deploy.md (tests/workflow/test_workflows.py fails when one does not). It writes
`newest=true` or `newest=false` to $GITHUB_OUTPUT, and the deploying step runs
only on `true`. When GitHub does not answer, it stops with a plain message and
the job deploys nothing rather than guess.

    python3 tooling/publish/newest_on_main.py    (in a deploy job; the standard library only)

Reads GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_SHA and GITHUB_TOKEN (the
job's token: `contents: read` lets it read the branch).
"""
import json
import os
import sys
import urllib.error
import urllib.request


def head_of_main(api, repository, token):
    """The commit main points to now, as GitHub's API says."""
    request = urllib.request.Request(f"{api}/repos/{repository}/git/ref/heads/main", headers={
        "Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["object"]["sha"]


def main(environment=os.environ):
    try:
        head = head_of_main(environment["GITHUB_API_URL"], environment["GITHUB_REPOSITORY"],
                            environment["GITHUB_TOKEN"])
    except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
        print(f"::error::Not deployed: GitHub did not say which commit main points to ({error}). "
              "Run the workflow again; the site online stays as it was.")
        return 1
    newest = head == environment["GITHUB_SHA"]
    with open(environment["GITHUB_OUTPUT"], "a", encoding="utf-8") as outputs:
        outputs.write(f"newest={'true' if newest else 'false'}\n")
    if not newest:
        print(f"::notice::Not deployed: main has moved on to {head[:12]}, whose own run puts it online.")
        with open(environment["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(f"Not deployed: main has moved on to `{head[:12]}`; "
                          "that newer save's own run puts it online.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
