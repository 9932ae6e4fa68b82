"""Settings for the public site: the preview settings plus absolute addresses."""
import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

# The public address: PUBLIC_URL in pelicanconf.py, never the environment
# (tests/publish/test_publish_guards.py builds with SITEURL set to another site).
SITEURL = PUBLIC_URL  # noqa: F405
RELATIVE_URLS = False
SITE_ROOT = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Only the public site gets a sitemap (its addresses must be absolute) and
# pre-compressed .gz/.br copies of every text file, for hosts that serve them.
PLUGINS = [*PLUGINS, "pelican.plugins.sitemap", "pelican.plugins.precompress"]  # noqa: F405
SITEMAP = {"format": "xml"}  # hidden pages (the 404 page) are left out by the plugin
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = False
PRECOMPRESS_ZSTANDARD = False
# The plugin's text types plus our SVG favicon.
PRECOMPRESS_TEXT_EXTENSIONS = {".css", ".html", ".svg", ".txt", ".xml"}

# Where `make publish` sends the site when no DEST=... is given (see docs/deploy.md).
PUBLISH_DEST = os.environ.get("PUBLISH_DEST", "")
# Written as CNAME into the gh-pages branch, so GitHub Pages serves the site at
# this address: the host of PUBLIC_URL, never the environment, since a CNAME
# for another host moves the site away from its canonical addresses
# (tooling/publish/publish.py stops when CUSTOM_DOMAIN is given). An address on
# github.io needs no CNAME. PUBLISH_DEST above is where the files go, not the
# site's address, so it may still come from the environment.
CUSTOM_DOMAIN = urlsplit(SITEURL).hostname or ""
if CUSTOM_DOMAIN.endswith(".github.io"):
    CUSTOM_DOMAIN = ""
