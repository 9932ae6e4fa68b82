"""Publish the built site as the gh-pages branch of a git repository (GitHub Pages).

Plain git in a throw-away folder, so this project's own repository and
branches are never touched. The new commit's parent is the branch as it is
now, so every published version stays in the branch's history. A push either
moves the branch to the new commit or changes nothing: git updates a branch
in one step, so a failed push leaves the previous version serving.
"""
import subprocess
import tempfile
from pathlib import Path

from tooling.build.build import ROOT
from tooling.publish.destination import DeployFailed

BRANCH = "gh-pages"
# GitHub Pages runs Jekyll unless this file exists; Jekyll would drop `_headers`.
NO_JEKYLL = ".nojekyll"
# Who publishes, when git does not know the user's name (a fresh machine, CI).
FALLBACK_IDENTITY = {
    "user.name": "KACT site publisher",
    "user.email": "publisher@localhost",
}


class _Git:
    """git commands against a scratch repository whose work tree is the built site."""

    def __init__(self, git_dir, work_tree):
        self.base = [
            "git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false",
            f"--git-dir={git_dir}", f"--work-tree={work_tree}",
        ]
        self.work_tree = work_tree

    def __call__(self, *args, input=None, check=True):
        result = subprocess.run(
            [*self.base, *args], cwd=self.work_tree, input=input, capture_output=True, text=True
        )
        if check and result.returncode != 0:
            raise DeployFailed(
                f"git {args[0]} failed, so the published site was not changed.\n{result.stderr.strip()}"
            )
        return result.stdout.strip()


def live_commit(git, url):
    """The commit gh-pages points to now, or None when the branch does not exist yet."""
    result = subprocess.run(
        ["git", "ls-remote", "--heads", "--", url, BRANCH], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise DeployFailed(
            f"Could not reach the repository {url}, so nothing was published. Check the address "
            f"and that you may push to it.\n{result.stderr.strip()}"
        )
    for line in result.stdout.splitlines():
        sha, ref = line.split()
        if ref == f"refs/heads/{BRANCH}":
            git("fetch", "--quiet", "--no-tags", "--", url, ref)
            return sha
    return None


def add_file(git, name, text):
    blob = git("hash-object", "-w", "--stdin", input=text)
    git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")


def identity_options(git):
    options = []
    for key, fallback in FALLBACK_IDENTITY.items():
        if not git("config", "--get", key, check=False):
            options += ["-c", f"{key}={fallback}"]
    return options


def source_description():
    """`abc1234` (the project commit the site was built from), `+ changes` if uncommitted."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    if head.returncode != 0:
        return "a copy of the project outside git"
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True
    ).stdout.strip()
    return head.stdout.strip() + (" with uncommitted changes" if dirty else "")


def deploy_to_gh_pages(site_dir, destination, domain="", dry_run=False):
    """Make gh-pages of `destination` hold exactly `site_dir` (plus .nojekyll and CNAME).

    Returns the changes as (status, path) pairs: A added, M modified, D deleted.
    """
    url = str(destination.local_path) if destination.local_path else destination.address
    new_repository = destination.local_path is not None and not destination.local_path.exists()
    if new_repository and not dry_run:
        created = subprocess.run(["git", "init", "--quiet", "--bare", "--", url], capture_output=True, text=True)
        if created.returncode != 0:
            raise DeployFailed(f"Could not create the repository {url}.\n{created.stderr.strip()}")
        print(f"Created an empty repository at {url}.")
    with tempfile.TemporaryDirectory(prefix="kact-publish-") as scratch:
        git_dir = Path(scratch) / "repo.git"
        subprocess.run(["git", "init", "--quiet", "--bare", "--", str(git_dir)], check=True)
        git = _Git(git_dir, Path(site_dir))
        live = None if new_repository else live_commit(git, url)
        git("add", "--all", "--force", ".")
        add_file(git, NO_JEKYLL, "")
        if domain:
            add_file(git, "CNAME", f"{domain}\n")
        tree = git("write-tree")
        before = git("rev-parse", f"{live}^{{tree}}") if live else git("mktree", input="")
        changes = [
            tuple(line.split("\t", 1))
            for line in git("diff-tree", "-r", "--name-status", before, tree).splitlines()
        ]
        if dry_run or not changes:
            return changes
        parents = ["-p", live] if live else []
        message = f"Publish the site built from {source_description()}"
        commit = git(*identity_options(git), "commit-tree", tree, *parents, "-m", message)
        pushed = subprocess.run(
            ["git", f"--git-dir={git_dir}", "push", "--quiet", "--", url, f"{commit}:refs/heads/{BRANCH}"],
            capture_output=True, text=True,
        )
        if pushed.returncode != 0:
            raise DeployFailed(
                f"The push to {destination.describe()} was refused or broke off, so the previous "
                "version is still being served. If someone else published in the meantime, "
                f"publish again.\n{pushed.stderr.strip()}"
            )
        return changes
