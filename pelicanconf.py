"""Settings for building the site locally (preview and tests).

`publishconf.py` starts from these and changes only what differs online.
Facts shown on many pages live in `data/*.yml`, not here.
"""
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def _load(name):
    with open(HERE / "data" / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


FACTS = _load("practice.yml")
NOTICES = _load("notices.yml")
# Security headers, cache lifetimes and redirects for the host (plugin kact_hosting).
HOSTING = _load("hosting.yml")

SITENAME = "Ketamine-Assisted Couples Therapy"
SITE_OWNER = FACTS["practice"]["name"]
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "America/Phoenix"
DEFAULT_LANG = "en"

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
    "extra/favicon.svg": {"path": "favicon.svg"},
}

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["kact_facts", "kact_navigation", "kact_tables", "kact_notices", "kact_hosting"]
# The quality gate (plugins/kact_gate): after the others, so it checks pages as
# they are written; a build with any content mistake stops with one plain report.
PLUGINS += ["kact_gate"]

# Clean addresses: /what-is-kact/ rather than /pages/what-is-kact.html.
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# The site has pages only: no blog, so no archives, tags, categories, authors or feeds.
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

PAGE_ORDER_BY = "basename"
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {"footnotes": {
            # "[1]" reads as a reference and is a bigger target than a bare "1".
            "SUPERSCRIPT_TEXT": "[{}]",
            "BACKLINK_TITLE": "Back to reference %d in the text",
        }},
        "markdown.extensions.toc": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
SITE_ROOT = ""
