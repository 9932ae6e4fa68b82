"""A git repository whose one commit is this working tree as `git add -A` would commit
it: what a push would send. The workflow rehearsal and the publish-from-the-editor
tests play GitHub on such a repository."""
import os
import shutil
import subprocess

from tests.site import ROOT

GIT = ["git", "-c", "user.name=Rehearsal", "-c", "user.email=rehearsal@127.0.0.1", "-c", "commit.gpgsign=false"]


def git(repository, *arguments):
    return subprocess.run([*GIT, *arguments], cwd=repository, check=True, capture_output=True, text=True).stdout


def commit_all(repository, message="what a push would send"):
    git(repository, "add", "--all", "--force")
    git(repository, "commit", "--quiet", "--message", message)
    return git(repository, "rev-parse", "HEAD").strip()


def snapshot_of_working_tree(repository):
    """Copy the tracked and new files (nothing ignored) into `repository` and commit them on main."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, repository / name
        if not (source.exists() or source.is_symlink()):
            continue  # deleted in the working tree, so not in the next commit either
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    git(repository, "init", "--quiet", "--initial-branch=main")
    commit_all(repository)
    return repository
