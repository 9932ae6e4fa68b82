"""Publishing to a folder on this machine: Python alone, a marker, and refusals.

A small stand-in site is enough here: what is tested is how a folder is
replaced, not the site itself (tests/publish/test_deploy.py publishes the real one).
"""
import os
from pathlib import Path

import pytest

from tests.site import ROOT
from tooling.publish.deploy_folder import deploy_to_folder
from tooling.publish.destination import MARKER, DeployFailed, parse_destination


def make_site(folder, pages):
    for name, text in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def files_of(folder):
    return {path.relative_to(folder).as_posix(): path.read_text()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def sites(tmp_path):
    old = make_site(tmp_path / "old", {"index.html": "old home", "faq/index.html": "old faq"})
    new = make_site(tmp_path / "new", {"index.html": "new home", "about/index.html": "about"})
    return old, new


def test_a_folder_becomes_an_exact_copy_with_a_marker_and_no_rsync(sites, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # rsync cannot be found
    old, new = sites
    www = tmp_path / "www"
    copied, deleted = deploy_to_folder(old, parse_destination(str(www)))
    assert (copied, deleted) == (["faq/index.html", "index.html"], [])
    assert files_of(www) == {**files_of(old), MARKER: (www / MARKER).read_text()}
    assert (www / MARKER).read_text().splitlines()[1:] == ["faq/index.html", "index.html"]
    assert oct(www.stat().st_mode & 0o777) == "0o755"

    copied, deleted = deploy_to_folder(new, parse_destination(str(www)))
    assert (copied, deleted) == (["about/index.html", "index.html"], ["faq/index.html"])
    assert set(files_of(www)) == {"index.html", "about/index.html", MARKER}


def test_a_dry_run_changes_nothing(sites, tmp_path):
    old, new = sites
    www = tmp_path / "www"
    deploy_to_folder(old, parse_destination(str(www)))
    before = files_of(www)
    copied, deleted = deploy_to_folder(new, parse_destination(str(www)), dry_run=True)
    assert "about/index.html" in copied and deleted == ["faq/index.html"]
    assert files_of(www) == before


def test_a_folder_with_an_old_page_and_other_files_is_refused_naming_them(sites, tmp_path):
    """An index.html is not enough: only the marker says which files are the site's."""
    folder = make_site(tmp_path / "documents", {
        "index.html": "an old page", "taxes-2025.pdf": "x", "photos/beach.jpg": "x",
    })
    with pytest.raises(DeployFailed) as refused:
        parse_destination(str(folder))
    message = str(refused.value)
    assert "taxes-2025.pdf" in message and "photos/beach.jpg" in message
    assert "would delete them" in message
    assert files_of(folder)["taxes-2025.pdf"] == "x"


def test_a_file_added_after_a_publish_is_never_deleted(sites, tmp_path):
    old, new = sites
    www = tmp_path / "www"
    deploy_to_folder(old, parse_destination(str(www)))
    (www / "notes.txt").write_text("mine")
    with pytest.raises(DeployFailed, match="notes.txt"):
        parse_destination(str(www))
    # Also when the file arrives while the site is being built.
    destination = parse_destination(str(tmp_path / "www2"))
    deploy_to_folder(old, destination)
    (tmp_path / "www2" / "late.txt").write_text("mine")
    with pytest.raises(DeployFailed, match="late.txt"):
        deploy_to_folder(new, destination)
    assert (tmp_path / "www2" / "late.txt").read_text() == "mine"


def test_a_long_list_of_strangers_is_cut_short(tmp_path):
    folder = make_site(tmp_path / "many", {f"file-{n:02}.txt": "x" for n in range(12)})
    with pytest.raises(DeployFailed, match=r"and 7 more"):
        parse_destination(str(folder))


@pytest.mark.parametrize("inside", [".", "theme/templates", "content", "output", ".."])
def test_folders_inside_or_around_the_project_are_refused(inside):
    with pytest.raises(DeployFailed, match="inside it or a folder around it"):
        parse_destination(str(ROOT / inside))


@pytest.mark.parametrize("address", [
    "user@host:", "user@host:~", "user@host:~/", "user@host:/", "user@host:/var", "user@host:www",
    "user@host:~/www", "user@host:~alice", "user@host:/home/alice", "user@host:/Users/alice/",
    "user@host:/root", "user@host:/var/www/../..", "user@host:.",
])
def test_server_paths_that_hold_more_than_the_site_are_refused(address):
    with pytest.raises(DeployFailed, match="home folder"):
        parse_destination(address)


@pytest.mark.parametrize("address", [
    "user@host:/var/www/kact", "user@host:sites/kact", "user@host:~/sites/kact", "user@host:/home/alice/www",
])
def test_server_paths_of_the_sites_own_folder_are_accepted(address):
    assert parse_destination(address).kind == "server"


def test_the_home_folder_is_refused(monkeypatch, tmp_path):
    home = make_site(tmp_path / "home", {".bashrc": "x", "Documents/letter.odt": "x"})
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(DeployFailed, match=r"\.bashrc"):
        parse_destination("~")
    assert Path(home, ".bashrc").exists() and os.listdir(home)
