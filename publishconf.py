"""Settings for the public site: the preview settings plus absolute addresses."""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# The public address. A deploy can point elsewhere with SITEURL=... in the environment.
SITEURL = os.environ.get("SITEURL", "https://ketamine-couples.kaleidoscopeservicesllc.org").rstrip("/")
RELATIVE_URLS = False
SITE_ROOT = SITEURL
DELETE_OUTPUT_DIRECTORY = True
