"""An interruption at any step of replacing a folder leaves the old or the new
copy complete, and the next run cleans up.

The interruption is a KeyboardInterrupt (what Ctrl-C raises) thrown by the
N-th file-system step of the swap: the renames (or the one-step exchange on
Linux) and the deletes. Every N from the first step to past the last is tried,
with the one-step exchange and without it (macOS, Windows, other disks).
"""
import os
import shutil
from pathlib import Path

import pytest

from tooling.build import build as build_module
from tooling.build import folder_swap
from tooling.publish.deploy_folder import deploy_to_folder
from tooling.publish.destination import parse_destination

OLD = {"index.html": "old home", "faq/index.html": "old faq"}
NEW = {"index.html": "new home", "about/index.html": "new about"}


def write(folder, files):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def files_of(folder):
    return {path.relative_to(folder).as_posix(): path.read_text()
            for path in sorted(Path(folder).rglob("*")) if path.is_file() and path.name != ".kact-site"}


class Interrupter:
    """Makes the `stop_at`-th swap step raise KeyboardInterrupt; counts steps."""

    def __init__(self, monkeypatch, stop_at, exchange):
        self.stop_at, self.steps = stop_at, 0
        real_rename, real_rmtree, real_exchange = os.rename, shutil.rmtree, folder_swap.exchange
        monkeypatch.setattr(folder_swap.os, "rename", self.step(real_rename))
        monkeypatch.setattr(folder_swap.shutil, "rmtree", self.step(real_rmtree))
        monkeypatch.setattr(folder_swap, "exchange", self.step(real_exchange if exchange else lambda a, b: False))

    def step(self, real):
        def counted(*args, **kwargs):
            self.steps += 1
            if self.steps == self.stop_at:
                raise KeyboardInterrupt
            return real(*args, **kwargs)
        return counted


def complete_copy(folder):
    found = files_of(folder)
    assert found in (OLD, NEW), f"neither the old nor the new site, complete: {sorted(found)}"
    return found


def assert_no_leftovers(work):
    assert not (work / folder_swap.PREVIOUS).exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["one-step-exchange", "two-renames"])
@pytest.mark.parametrize("stop_at", range(1, 6))
def test_an_interrupted_swap_keeps_one_complete_site(tmp_path, monkeypatch, stop_at, exchange):
    target, work = write(tmp_path / "site", OLD), tmp_path / "work"
    new = write(tmp_path / "work-new", NEW)
    interrupter = Interrupter(monkeypatch, stop_at, exchange)
    try:
        folder_swap.replace_folder(new, target, work)
    except KeyboardInterrupt:
        pass
    if target.exists():
        complete_copy(target)
    else:  # only possible between the two renames, without the one-step exchange
        assert not exchange
        assert files_of(work / folder_swap.PREVIOUS) == OLD
    monkeypatch.undo()
    with folder_swap.locked(work):
        folder_swap.recover(target, work)
    assert complete_copy(target)
    assert_no_leftovers(work)
    assert interrupter.steps >= min(stop_at, 2)


@pytest.mark.parametrize("exchange", [True, False], ids=["one-step-exchange", "two-renames"])
@pytest.mark.parametrize("stop_at", range(1, 6))
def test_an_interrupted_folder_publish_keeps_one_complete_site(tmp_path, monkeypatch, stop_at, exchange):
    old_site, new_site = write(tmp_path / "old", OLD), write(tmp_path / "new", NEW)
    www = tmp_path / "www"
    deploy_to_folder(old_site, parse_destination(str(www)))
    Interrupter(monkeypatch, stop_at, exchange)
    try:
        deploy_to_folder(new_site, parse_destination(str(www)))
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    if www.exists():
        complete_copy(www)
    # The next publish recovers whatever was left and completes.
    deploy_to_folder(new_site, parse_destination(str(www)))
    assert files_of(www) == NEW
    work = tmp_path / ".www.kact-publish"
    assert_no_leftovers(work)
    assert [p.name for p in work.iterdir()] == [folder_swap.LOCK], "a staging copy was left behind"


@pytest.mark.parametrize("stop_at", range(1, 5))
def test_an_interrupted_build_keeps_output_and_the_next_build_cleans_up(tmp_path, monkeypatch, stop_at):
    """build_into with a stand-in for Pelican that writes the new site."""
    output = write(tmp_path / "output", OLD)

    def fake_pelican(settings_file, staged, extra_args=()):
        write(Path(staged), NEW)
        return type("Done", (), {"returncode": 0})()

    monkeypatch.setattr(build_module, "run_pelican", fake_pelican)
    Interrupter(monkeypatch, stop_at, exchange=False)
    try:
        build_module.build_into(output)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    staging = tmp_path / ".build-staging"
    if output.exists():
        complete_copy(output)
    else:
        assert files_of(staging / "swap-output" / folder_swap.PREVIOUS) == OLD
    monkeypatch.setattr(build_module, "run_pelican", fake_pelican)
    build_module.build_into(output)
    assert files_of(output) == NEW
    assert sorted(p.name for p in staging.iterdir()) == ["swap-output"]
    assert_no_leftovers(staging / "swap-output")


def test_a_staging_folder_of_a_killed_build_is_removed_and_a_running_ones_kept(tmp_path):
    work = tmp_path / "work"
    dead = work / "output-999999999-abc"
    alive = work / f"output-{os.getppid()}-abc"
    dead.mkdir(parents=True)
    alive.mkdir()
    folder_swap.remove_abandoned(work, "output")
    assert not dead.exists() and alive.exists()


def test_output_as_a_link_is_refused_in_plain_words(tmp_path):
    elsewhere = write(tmp_path / "elsewhere", OLD)
    (tmp_path / "output").symlink_to(elsewhere)
    with pytest.raises(build_module.BuildFailed, match="is a link to"):
        build_module.build_into(tmp_path / "output")
    assert files_of(elsewhere) == OLD
