"""One small stylesheet per site, minified, with its content hash in its name.

The theme keeps its CSS in readable files (`main.css`, `print.css`). This
plugin joins them into one file, wrapping each in its `@media` query, so a
page makes a single stylesheet request; minifies it; and names it
`main.<hash>.css`, so a host can let browsers cache it for a year: a changed
stylesheet gets a new name. Templates link it with `{{ STYLESHEET_PATH }}`.
"""
import hashlib
import os
from pathlib import Path

import minify_html
from pelican import signals

# (file under the theme's static folder, media query or None for all media).
DEFAULT_SOURCES = [("css/main.css", None), ("css/print.css", "print")]
HASH_LENGTH = 10


def combine(parts):
    """Join (css, media) parts into one stylesheet, each behind its media query."""
    return "\n".join(css if media is None else f"@media {media} {{\n{css}\n}}" for css, media in parts)


def minify_css(css):
    # minify-html minifies CSS only inside <style> (with lightningcss): wrap,
    # minify, then take the element's text back out.
    minified = minify_html.minify(f"<style>{css}</style>", minify_css=True)
    return minified.removeprefix("<style>").removesuffix("</style>")


def hashed_name(stem, css):
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}.css"


def build_stylesheet(settings):
    """Return (path under the output folder, minified CSS) for these settings."""
    static = Path(settings["THEME"]) / "static"
    sources = settings.get("STYLESHEET_SOURCES", DEFAULT_SOURCES)
    parts = [((static / name).read_text(encoding="utf-8"), media) for name, media in sources]
    css = minify_css(combine(parts))
    relative = f"{settings['THEME_STATIC_DIR']}/css/{hashed_name('main', css)}"
    return relative, css


def write_stylesheet(generators):
    """Write the stylesheet and tell every template its name.

    Runs after the output folder was emptied and before any page is written;
    the generators share one context, so one assignment reaches them all.
    """
    generator = generators[0]
    relative, css = build_stylesheet(generator.settings)
    target = Path(generator.output_path) / relative
    os.makedirs(target.parent, exist_ok=True)
    target.write_text(css, encoding="utf-8")
    generator.context["STYLESHEET_PATH"] = relative


def register():
    signals.all_generators_finalized.connect(write_stylesheet)
