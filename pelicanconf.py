"""Settings for building the site locally (preview and tests).

`publishconf.py` starts from these and changes only what differs online.
Facts shown on many pages live in `data/*.yml`, not here.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The truth register is read here, before Pelican loads the plugins. This
# project's plugins/ first, although the editable install (pyproject.toml)
# finds them too: a copy of the project built with the same .venv (the tests
# build many) must use the copy's plugins, not the installed checkout's.
sys.path.insert(0, str(HERE / "plugins"))
from kact_register import load_register  # noqa: E402
from kact_gate.preflight import refuse_unsafe_project  # noqa: E402
from kact_core.plain_yaml import load_data  # noqa: E402

# Before any data file is read: no symbolic links in content/, theme/ or data/,
# and every data file valid against its schema (plugins/kact_gate/preflight.py).
refuse_unsafe_project(HERE)


def _load(name):
    return load_data(HERE / "data" / name)


_register = load_register(HERE / "data")
# The facts as pages use them ({{ therapist.name }}), without the words about
# where each comes from; whether each is confirmed; the outside sources.
FACTS = _register.values
FACT_STATUS = {fact.path: fact.is_confirmed for fact in _register.facts}
FACT_SOURCES = _register.sources
# Each open question's consult questions, in a couple's words (questions_to_ask() in pages).
FACT_QUESTIONS = {group.path: group.consult_questions for group in _register.groups}
NOTICES = _load("notices.yml")
# Security headers, cache lifetimes and redirects for the host (plugin kact_hosting).
HOSTING = _load("hosting.yml")
# The home page's question cards and each page's "What next" (plugin kact_signposts).
SIGNPOSTS = _load("signposts.yml")

SITENAME = "Ketamine-Assisted Couples Therapy"
SITE_OWNER = FACTS["practice"]["name"]
SITEURL = ""
# The public address, written once. Canonical links, share pictures and
# structured data always use it, even in the preview, because those
# addresses must be absolute. Never taken from the environment: a SITEURL
# left set in a terminal built pages whose canonical and stylesheet addresses
# pointed at another site. To publish at another address, change it here.
PUBLIC_URL = "https://ketamine-couples.kaleidoscopeservicesllc.org"
RELATIVE_URLS = True
TIMEZONE = "America/Phoenix"
DEFAULT_LANG = "en"

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
# content/images/ is not copied: plugin kact_images publishes sized copies of
# each picture a page uses, without its EXIF data, never the original.
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
    "extra/favicon.svg": {"path": "favicon.svg"},
}

THEME = "theme"
# Every value a template shows is HTML-escaped (Title, Summary, facts...). Only
# the rendered page body and our own partials' output are marked |safe.
JINJA_ENVIRONMENT = {"autoescape": True}  # Pelican adds its defaults (trim_blocks...)
# The theme's only static files are its CSS sources; kact_stylesheet joins them
# into the one hashed stylesheet pages link, so the sources are not copied.
THEME_STATIC_PATHS = []
PLUGIN_PATHS = ["plugins"]
# The quality gate's advice (reading grade, spelling, review age) never stops a
# build and its word lists take seconds to load, so plain builds skip it;
# `make check` and the live preview turn it on.
GATE_ADVICE = False
PLUGINS = ["kact_content_cache", "kact_facts", "kact_navigation", "kact_tables", "kact_notices", "kact_hosting"]
# "Page last reviewed: 26 November 2026" from each page's Reviewed header.
PLUGINS += ["kact_reviewed"]
# References: one return link per citation, lettered a, b, c as on Wikipedia.
PLUGINS += ["kact_references"]
# Pictures from content/images/: sized AVIF/WebP/JPEG copies in a <picture>, metadata stripped.
PLUGINS += ["kact_images"]
# "What next" at the end of every page and the home page's question cards.
PLUGINS += ["kact_signposts"]
# Speed, search and sharing: one hashed stylesheet, minified pages, a share
# picture per page and JSON-LD. publishconf.py adds the sitemap and .gz/.br copies.
PLUGINS += ["kact_stylesheet", "kact_minify", "kact_share_images", "kact_structured_data"]
# A page Markdown would take minutes to read fails within seconds instead of hanging the build.
PLUGINS += ["kact_reading_limit"]
# The quality gate (plugins/kact_gate): after the others, so it checks pages as
# they are written; a build with any content mistake stops with one plain report.
PLUGINS += ["kact_gate"]

# Clean addresses: /what-is-kact/ rather than /pages/what-is-kact.html.
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A `Status: draft` page is written by no build but the live preview's, which
# shows it under /drafts/ with a banner (tooling/preview/preview_build.py). Online,
# and in output/, which a host may publish as it is, a draft does not exist.
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
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
# Pelican keeps each page's Markdown-to-HTML result between builds; the
# kact_content_cache plugin starts a fresh cache whenever a fact, a partial or
# a plugin changes, since those shape a page too. Caches live beside this
# file, wherever the build runs from.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = str(HERE / "cache")
SHARE_IMAGE_CACHE_PATH = str(HERE / "cache" / "share-images")
IMAGE_CACHE_PATH = str(HERE / "cache" / "images")

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
