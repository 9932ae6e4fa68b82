"""The public settings at a loopback address, for the browser tests and the
Lighthouse benchmark, which serve the built site on 127.0.0.1 (never used to
publish). publishconf.py takes no address from the environment, so they name
theirs here, through KACT_LOOPBACK_SITEURL, which only this file reads."""
import os
import sys
from pathlib import Path

# Pelican runs this file by its path, so the project is the folder it lies in
# (never kact_core.root, which may be another checkout's), as for publishconf.py.
PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from publishconf import *  # noqa: E402,F403

SITEURL = SITE_ROOT = PUBLIC_URL = os.environ["KACT_LOOPBACK_SITEURL"]
# Pelican reads relative paths from the settings file's folder; these are the project's.
PATH = str(PROJECT / "content")
THEME = str(PROJECT / "theme")
PLUGIN_PATHS = [str(PROJECT / "plugins")]
