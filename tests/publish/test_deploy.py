"""`make publish`: real git, real rsync, local targets only (never the network).

One checked public build is shared by the tests of the deploy steps; the
end-to-end tests run `make publish` itself in a copy of the project, where a
broken page can be added without touching the real content.
"""
import os
import shutil
import subprocess

import pytest

from tooling.build.project_copy import BUILD_INPUTS, copy_project
from tests.site import ROOT
from tooling.publish.deploy_git import BRANCH, deploy_to_gh_pages
from tooling.publish.deploy_rsync import deploy_with_rsync
from tooling.publish.destination import MARKER, DeployFailed, parse_destination
from tooling.publish.publish_checks import build_public_site

DOMAIN = "kact.example.org"
# What `make publish` needs beyond what a build reads.
PUBLISH_INPUTS = ["Makefile", "tasks.py", "tooling", "publishconf.py", "requirements.txt"]
BROKEN_PAGE = """Title: A page with a broken link
Summary: This page links to a page that does not exist.

## Broken

See [the missing page]({filename}no-such-page.md).
"""


@pytest.fixture(scope="module")
def checked_site(tmp_path_factory):
    """The public site as `make publish` builds it, with the build's own checks.
    (The HTML checker that `make publish` adds is tested end to end below.)"""
    return build_public_site(tmp_path_factory.mktemp("publish") / "site")


def files_of(folder):
    """{relative path: bytes} of every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def branch_files(repository, tmp_path, name="checkout"):
    """{relative path: bytes} of the gh-pages branch of a bare repository."""
    checkout = tmp_path / name
    subprocess.run(
        ["git", "clone", "--quiet", "--branch", BRANCH, str(repository), str(checkout)], check=True
    )
    return {path: data for path, data in files_of(checkout).items() if not path.startswith(".git/")}


def branch_tip(repository):
    result = subprocess.run(
        ["git", f"--git-dir={repository}", "rev-parse", f"refs/heads/{BRANCH}"],
        capture_output=True, text=True,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def edited_copy(site, tmp_path):
    """A copy of the site with one page changed, one removed and one added."""
    copy = tmp_path / "edited-site"
    shutil.copytree(site, copy)
    (copy / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    shutil.rmtree(copy / "faq")
    (copy / "new-page").mkdir()
    (copy / "new-page" / "index.html").write_text("<!doctype html><title>New</title>")
    return copy


# --- GitHub Pages: the gh-pages branch of a repository ---------------------------------


def test_git_publish_puts_the_whole_site_on_gh_pages(checked_site, tmp_path):
    repository = tmp_path / "site.git"
    deploy_to_gh_pages(checked_site, parse_destination(str(repository)), domain=DOMAIN)
    published = branch_files(repository, tmp_path)
    expected = files_of(checked_site)
    assert {path: published[path] for path in expected} == expected
    assert set(published) - set(expected) == {".nojekyll", "CNAME"}
    assert published["CNAME"] == f"{DOMAIN}\n".encode()
    assert b"Content-Security-Policy" in published["_headers"]


def test_git_publish_without_a_domain_writes_no_cname(checked_site, tmp_path):
    repository = tmp_path / "site.git"
    deploy_to_gh_pages(checked_site, parse_destination(str(repository)), domain="")
    assert "CNAME" not in branch_files(repository, tmp_path)


def test_git_publish_keeps_history_and_skips_an_unchanged_site(checked_site, tmp_path):
    repository = tmp_path / "site.git"
    destination = parse_destination(str(repository))
    deploy_to_gh_pages(checked_site, destination, domain=DOMAIN)
    first = branch_tip(repository)
    assert deploy_to_gh_pages(checked_site, destination, domain=DOMAIN) == []
    assert branch_tip(repository) == first, "an unchanged site made a new commit"

    changes = deploy_to_gh_pages(edited_copy(checked_site, tmp_path), destination, domain=DOMAIN)
    assert ("M", "robots.txt") in changes and ("A", "new-page/index.html") in changes
    assert ("D", "faq/index.html") in changes
    second = branch_tip(repository)
    parent = subprocess.run(
        ["git", f"--git-dir={repository}", "rev-parse", f"{second}^"], capture_output=True, text=True
    ).stdout.strip()
    assert parent == first
    assert "faq/index.html" not in branch_files(repository, tmp_path, "second-checkout")


def test_git_dry_run_lists_changes_and_pushes_nothing(checked_site, tmp_path):
    repository = tmp_path / "site.git"
    destination = parse_destination(str(repository))
    deploy_to_gh_pages(checked_site, destination, domain=DOMAIN)
    before = branch_tip(repository)
    changes = deploy_to_gh_pages(edited_copy(checked_site, tmp_path), destination, DOMAIN, dry_run=True)
    assert ("D", "faq/index.html") in changes
    assert branch_tip(repository) == before


def test_a_refused_push_leaves_the_previous_version(checked_site, tmp_path):
    repository = tmp_path / "site.git"
    destination = parse_destination(str(repository))
    deploy_to_gh_pages(checked_site, destination, domain=DOMAIN)
    before = branch_tip(repository)
    hook = repository / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'refused for the test' >&2\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(DeployFailed, match="previous version is still being served"):
        deploy_to_gh_pages(edited_copy(checked_site, tmp_path), destination, domain=DOMAIN)
    assert branch_tip(repository) == before


# --- rsync: a folder on this machine or a server --------------------------------------


def test_rsync_makes_the_folder_an_exact_copy(rsync, checked_site, tmp_path):
    www = tmp_path / "www"
    destination = parse_destination(str(www))
    copied, deleted = deploy_with_rsync(checked_site, destination)
    assert files_of(www) == files_of(checked_site)
    assert "index.html" in copied and deleted == []
    assert (www / "_headers").is_file() and (www / "_redirects").is_file()

    (www / "stale.html").write_text("from an older version")
    copied, deleted = deploy_with_rsync(checked_site, destination)
    assert (copied, deleted) == ([], ["stale.html"])
    assert files_of(www) == files_of(checked_site)


def test_rsync_dry_run_lists_changes_and_copies_nothing(rsync, checked_site, tmp_path):
    www = tmp_path / "www"
    destination = parse_destination(str(www))
    deploy_with_rsync(checked_site, destination)
    before = files_of(www)
    copied, deleted = deploy_with_rsync(edited_copy(checked_site, tmp_path), destination, dry_run=True)
    assert "robots.txt" in copied and "new-page/index.html" in copied
    assert "faq/index.html" in deleted
    assert files_of(www) == before


def test_an_interrupted_rsync_leaves_the_previous_version(rsync, checked_site, tmp_path, monkeypatch):
    """The transfer is killed halfway through a large file: nothing of the new
    version may be in place, and the next publish completes normally."""
    www = tmp_path / "www"
    destination = parse_destination(str(www))
    deploy_with_rsync(checked_site, destination)
    before = files_of(www)

    new_version = edited_copy(checked_site, tmp_path)
    (new_version / "large.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    # An rsync that is killed after a second, while it copies at 1 MB/s.
    slow_bin = tmp_path / "bin"
    slow_bin.mkdir()
    wrapper = slow_bin / "rsync"
    wrapper.write_text(f'#!/bin/sh\nexec timeout -s KILL 1 {rsync} --bwlimit=1000 "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{slow_bin}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(DeployFailed, match="previous\\s+version is still being served"):
        deploy_with_rsync(new_version, destination)
    after = files_of(www)
    assert {path: after.get(path) for path in before} == before
    # Only rsync's hidden temporary files are new: nothing a visitor is sent to.
    leftovers = set(after) - set(before)
    assert all(path.split("/")[-1].startswith(".") or ".~tmp~" in path for path in leftovers), leftovers

    monkeypatch.undo()
    deploy_with_rsync(new_version, destination)
    assert files_of(www) == files_of(new_version), "the next publish did not clear the leftovers"


# --- destinations that must be refused before anything is built or copied ------------


def test_a_folder_of_other_files_is_refused(tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "taxes.pdf").write_text("not a web page")
    with pytest.raises(DeployFailed, match="would\\s+delete them"):
        parse_destination(str(documents))


@pytest.mark.parametrize("address", ["", "user@host:", "user@host:~", "user@host:/", str(ROOT), "/"])
def test_unsafe_or_missing_destinations_are_refused(address):
    with pytest.raises(DeployFailed):
        parse_destination(address)


@pytest.mark.parametrize("address, kind, remote", [
    ("/tmp/site.git", "git", False),
    ("git@github.com:someone/site.git", "git", True),
    ("https://github.com/someone/site.git", "git", True),
    ("/tmp/www", "folder", False),
    ("deploy@server:/var/www/kact", "server", True),
])
def test_destinations_are_told_apart(address, kind, remote):
    destination = parse_destination(address)
    assert destination.kind == kind
    assert (destination.local_path is None) == remote


# --- `make publish` itself, in a copy of the project ----------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    copy = copy_project(tmp_path_factory.mktemp("project") / "kact", [*BUILD_INPUTS, *PUBLISH_INPUTS])
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def make_publish(project, *arguments, env=None):
    environment = {key: value for key, value in os.environ.items() if key not in ("DEST", "PUBLISH_DEST")}
    return subprocess.run(
        ["make", "--no-print-directory", "publish", *arguments], cwd=project,
        env={**environment, **(env or {})}, capture_output=True, text=True,
    )


@pytest.mark.slow
def test_make_publish_deploys_then_refuses_a_broken_page(java, chromium, project, tmp_path):
    repository, www = tmp_path / "site.git", tmp_path / "www"

    site = project / ".publish" / "site"
    to_git = make_publish(project, f"DEST={repository}")
    assert to_git.returncode == 0, to_git.stdout + to_git.stderr
    built = files_of(site)
    published = branch_files(repository, tmp_path)
    assert {path: published.get(path) for path in built} == built
    assert {".nojekyll", "CNAME"} <= set(published)
    # The browser editor is published only in its online mode (data/editor.yml), which is off.
    assert [path for path in published if path.startswith("admin/")] == []
    # The destination may also come from the environment.
    to_folder = make_publish(project, env={"PUBLISH_DEST": str(www)})
    assert to_folder.returncode == 0, to_folder.stdout + to_folder.stderr
    assert files_of(www) == {**files_of(site), MARKER: (www / MARKER).read_bytes()}

    live_commit, live_files = branch_tip(repository), files_of(www)
    broken = project / "content" / "pages" / "broken-link.md"
    broken.write_text(BROKEN_PAGE)
    try:
        for target in (f"DEST={repository}", f"DEST={www}"):
            refused = make_publish(project, target)
            assert refused.returncode != 0
            assert "did not pass its checks" in refused.stderr
            assert "the live site is exactly as it was" in refused.stderr
            assert "Traceback" not in refused.stdout + refused.stderr
    finally:
        broken.unlink()
    assert branch_tip(repository) == live_commit
    assert files_of(www) == live_files


def test_make_publish_without_a_destination_says_how_to_give_one(project):
    result = make_publish(project)
    assert result.returncode != 0
    assert "No destination given" in result.stderr
    assert "Traceback" not in result.stderr



def test_make_publish_refuses_html_the_checker_rejects(java, project, tmp_path):
    """A template mistake passes the build but not the W3C HTML checker: still refused."""
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("the live site")
    (www / MARKER).write_text("index.html\n")
    base = project / "theme" / "templates" / "base.html"
    original = base.read_text()
    base.write_text(original.replace("</main>", "<ul><p>not allowed in a list</p></ul></main>", 1))
    try:
        refused = make_publish(project, f"DEST={www}")
    finally:
        base.write_text(original)
    assert refused.returncode != 0
    assert "HTML checker" in refused.stderr and "did not pass its checks" in refused.stderr
    assert files_of(www) == {"index.html": b"the live site", MARKER: b"index.html\n"}


UNSAFE_PAGE = """Title: A page with a hidden event handler
Summary: A page whose event handler sits on the line after its tag, which only the built-page check sees.

<p
onclick="alert(1)">Click me.</p>
"""


@pytest.mark.slow
def test_make_check_and_make_publish_refuse_the_same_unsafe_page(project, tmp_path):
    """Both run the same quality gate: the built-page safety check stops each, naming the line."""
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("the live site")
    (www / MARKER).write_text("index.html\n")
    page = project / "content" / "pages" / "unsafe-handler.md"
    page.write_text(UNSAFE_PAGE)
    try:
        published = make_publish(project, f"DEST={www}")
        checked = subprocess.run(["make", "--no-print-directory", "check"], cwd=project, capture_output=True, text=True)
    finally:
        page.unlink()
    for result in (published, checked):
        assert result.returncode != 0
        assert "content/pages/unsafe-handler.md:5: The <p> element has an event handler (onclick=...)" in result.stderr
        assert "Traceback" not in result.stderr
    assert files_of(www) == {"index.html": b"the live site", MARKER: b"index.html\n"}
