"""The session's two builds of the site, made once however many processes run the tests.

`make test` runs the suite in parallel (pytest-xdist, one worker per core).
Each worker would otherwise build the site and the published site for
itself, and two in-process builds at once would write Pelican's content
cache (cache/ in the project) at the same moment as other tests copy it.
So the main pytest process builds both before any worker starts, into a
folder every worker reads; a worker's `site` and `published_site` are these
builds, with the warnings and errors the build logged. A plain `pytest`
(one process) builds them when a test first asks, as before.
"""
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from tests.site import PROJECT, BuiltSite
from tests.support import recording_log

WORKER_KEY = "kact_shared_builds"


class BuildFailed(Exception):
    """The build stopped; the message is what it said."""


def build_site(output, **overrides):
    """Build the real site with Pelican's own API, recording every warning and error."""
    settings = read_settings(
        str(PROJECT / "pelicanconf.py"),
        override={
            "PATH": str(PROJECT / "content"),
            "OUTPUT_PATH": str(output),
            "THEME": str(PROJECT / "theme"),
            "PLUGIN_PATHS": [str(PROJECT / "plugins")],
            **overrides,
        },
    )
    with recording_log() as recorder:
        Pelican(settings).run()
    return BuiltSite(output=output, log=recorder.records)


def build_published_site(output):
    """The site as published (publishconf.py), built in its own process as `pelican` runs for a deploy:
    the publish-only plugins connect to Pelican's global signals and must not
    leak into the in-process builds of the other tests."""
    env = {key: value for key, value in os.environ.items() if key != "SITEURL"}
    command = [
        sys.executable, "-m", "pelican", str(PROJECT / "content"),
        "--settings", str(PROJECT / "publishconf.py"), "--output", str(output), "--fatal", "warnings",
    ]
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildFailed(f"The publish build failed:\n{result.stdout}\n{result.stderr}")
    return BuiltSite(output=output)


def make_shared_builds():
    """Build both into a new folder; a build that fails leaves its message instead."""
    folder = Path(tempfile.mkdtemp(prefix="kact-test-builds-"))
    for name, build in (("site", build_site), ("published", build_published_site)):
        place = folder / name
        place.mkdir()
        try:
            built = build(place / "output")
        # Reported by every test that asks for this build. SystemExit too: the
        # quality gate stops a build with one (kact_gate's GateFailed).
        except (Exception, SystemExit) as error:
            message = str(error) if isinstance(error, BuildFailed) else traceback.format_exc()
            (place / "failed.txt").write_text(message, encoding="utf-8")
            continue
        records = [{"name": r.name, "levelno": r.levelno, "levelname": r.levelname, "msg": r.getMessage()}
                   for r in built.log]
        (place / "log.json").write_text(json.dumps(records), encoding="utf-8")
    return folder


def shared_folder(config):
    folder = getattr(config, "workerinput", {}).get(WORKER_KEY)
    return Path(folder) if folder else None


def load_shared_build(folder, name):
    """The build the main process made, or BuildFailed with what it said."""
    place = folder / name
    if (place / "failed.txt").exists():
        raise BuildFailed((place / "failed.txt").read_text(encoding="utf-8"))
    records = json.loads((place / "log.json").read_text(encoding="utf-8"))
    return BuiltSite(output=place / "output", log=[logging.makeLogRecord({**r, "args": None}) for r in records])


def remove_shared_builds(folder):
    shutil.rmtree(folder, ignore_errors=True)
