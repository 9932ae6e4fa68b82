"""The stand-ins for GitHub's actions (tooling/workflow/action_stand_ins.py), piece by piece."""
import os
import re
import subprocess

from tests.site import ROOT
from tooling.workflow.action_stand_ins import INSTALL_INPUTS, _keep_install_dates

OLD = 1_700_000_000  # a date before the stamp's


def _project_with_venv(folder):
    """A project whose .venv was installed from its requirements (the stamp is newer)."""
    venv = folder / "project" / ".venv"
    venv.mkdir(parents=True)
    for name in INSTALL_INPUTS:
        (venv.parent / name).write_text(f"{name} as installed\n", encoding="utf-8")
        os.utime(venv.parent / name, (OLD, OLD))
    (venv / ".requirements-installed").touch()
    return venv


def _checkout(folder, changed=()):
    checkout = folder / "checkout"
    checkout.mkdir()
    for name in INSTALL_INPUTS:
        (checkout / name).write_text(f"{name} as {'changed' if name in changed else 'installed'}\n", encoding="utf-8")
    return checkout


def _make_would_install(checkout, venv):
    """`make -q` on the Makefile's rule: 1 when the stamp is older than a requirement."""
    makefile = checkout / "Makefile.test"
    makefile.write_text(f"{venv}/.requirements-installed: {' '.join(INSTALL_INPUTS)}\n\ttouch $@\n", encoding="utf-8")
    return subprocess.run(["make", "-q", "-f", makefile.name], cwd=checkout).returncode != 0


def test_requirements_as_installed_keep_their_dates_so_make_installs_nothing(tmp_path):
    venv, checkout = _project_with_venv(tmp_path), _checkout(tmp_path)
    assert _make_would_install(checkout, venv)  # what every rehearsal's `make check` did
    _keep_install_dates(venv, checkout)
    assert [(checkout / name).stat().st_mtime for name in INSTALL_INPUTS] == [OLD] * len(INSTALL_INPUTS)
    assert not _make_would_install(checkout, venv)


def test_a_changed_requirement_keeps_its_new_date_so_make_installs_it(tmp_path):
    venv, checkout = _project_with_venv(tmp_path), _checkout(tmp_path, changed=["requirements.txt"])
    _keep_install_dates(venv, checkout)
    assert (checkout / "requirements.txt").stat().st_mtime > OLD
    assert _make_would_install(checkout, venv)


def test_a_venv_never_installed_keeps_every_date(tmp_path):
    venv, checkout = _project_with_venv(tmp_path), _checkout(tmp_path)
    (venv / ".requirements-installed").unlink()
    _keep_install_dates(venv, checkout)
    assert all((checkout / name).stat().st_mtime > OLD for name in INSTALL_INPUTS)


def test_the_dates_kept_are_those_of_what_the_makefiles_install_depends_on():
    rule = next(line for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
                if line.startswith("$(READY):"))
    depends_on = re.sub(r"\$\(wildcard ([^)]+)\)", r"\1", rule.split(":", 1)[1].split("|")[0]).split()
    assert sorted(depends_on) == sorted(INSTALL_INPUTS)
