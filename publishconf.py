"""Settings for the public site: the preview settings plus absolute addresses."""
import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# The public address. A deploy can point elsewhere with SITEURL=... in the environment.
SITEURL = os.environ.get("SITEURL", "https://ketamine-couples.kaleidoscopeservicesllc.org").rstrip("/")
RELATIVE_URLS = False
SITE_ROOT = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Where `make publish` sends the site when no DEST=... is given (see docs/deploy.md).
PUBLISH_DEST = os.environ.get("PUBLISH_DEST", "")
# Written as CNAME into the gh-pages branch, so GitHub Pages serves the site at
# this address. An address on github.io needs no CNAME.
CUSTOM_DOMAIN = os.environ.get("CUSTOM_DOMAIN", urlsplit(SITEURL).hostname or "")
if CUSTOM_DOMAIN.endswith(".github.io"):
    CUSTOM_DOMAIN = ""
