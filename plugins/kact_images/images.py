"""Markdown pictures from content/images/ become responsive, metadata-free <picture>s.

An editor writes `![What the picture shows]({static}/images/photo.jpg)`. When
Pelican has read the page (content_object_init), each such <img> is replaced by

    <picture>
      <source type="image/avif" srcset="... 480w, ... 800w, ... 1200w" sizes="...">
      <source type="image/webp" srcset="..." sizes="...">
      <img src="....jpg" srcset="..." sizes="..." width=".." height=".."
           loading="lazy" decoding="async" alt="...">
    </picture>

with the sized copies (sized_copies.py) linked into the output's images/
folder under names that carry their hash. The original is never published:
content/images/ is not a static path and no link to it is left in the page.
A picture that is refused (too large, too small, unreadable) is left out of
the page and recorded in IMAGE_REFUSALS; the quality gate reports it with
the page's file and line and stops the build.

Pictures before the page's first subheading (<h2>) may be in the first
screen, so they load at once; the rest load lazily as the reader scrolls.
"""
import os
import re
import shutil
from html import escape
from pathlib import Path

import lxml.html
from pelican import signals
from pelican.utils import get_relative_path

from .sized_copies import FALLBACK, FORMATS, Refused, sized_copies

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# {static}/images/x.jpg, /images/x.jpg, images/x.jpg or ../images/x.jpg
PICTURE_SRC = re.compile(r"^(?:\{static\}|\|static\|)?(?:/|(?:\.\./)*)images/([^/?#]+\.(?:jpe?g|png|webp|avif|heic|heif|tiff?))$", re.IGNORECASE)
FIRST_SUBHEADING = re.compile(r"<h2\b", re.IGNORECASE)
# The picture's width in the page: the text column on wide screens, the
# screen less its margins on phones (theme/static/css/main.css, .app-prose).
DEFAULT_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"
REFUSALS = "IMAGE_REFUSALS"


def _prefix(content):
    settings = content.settings
    if settings.get("RELATIVE_URLS"):
        return get_relative_path(content.save_as)
    return settings.get("SITEURL", "")


def _publish(copies, stem, output_path):
    """Link each cached copy into output/images/ (copy where a link can't go); return their addresses."""
    addresses = {}
    for width in copies.widths:
        for extension in FORMATS:
            relative = f"images/{stem}-{width}.{copies.key[:10]}.{extension}"
            target = Path(output_path) / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(copies.file(width, extension), target)
                except OSError:
                    shutil.copyfile(copies.file(width, extension), target)
            addresses[width, extension] = relative
    return addresses


def picture_markup(copies, addresses, prefix, alt, sizes, lazy):
    def srcset(extension):
        return ", ".join(f"{prefix}/{addresses[width, extension]} {width}w" for width in copies.widths)

    sources = "".join(
        f'<source type="{media_type}" srcset="{srcset(extension)}" sizes="{sizes}">'
        for extension, (_format, media_type, _options) in FORMATS.items()
        if extension != FALLBACK
    )
    middle = min(copies.widths, key=lambda width: abs(width - 800))
    return (
        f"<picture>{sources}"
        f'<img src="{prefix}/{addresses[middle, FALLBACK]}" srcset="{srcset(FALLBACK)}" sizes="{sizes}" '
        f'width="{copies.width}" height="{copies.height}" loading="{"lazy" if lazy else "eager"}" '
        f'decoding="async" alt="{escape(alt, quote=True)}">'
        "</picture>"
    )


def replace_pictures(content):
    html = getattr(content, "_content", None)
    if not html or "images/" not in html:
        return
    settings = content.settings
    images_dir = Path(settings["PATH"]) / "images"
    cache_dir = settings.get("IMAGE_CACHE_PATH") or str(Path(settings["CACHE_PATH"]) / "images")
    sizes = settings.get("IMAGE_SIZES", DEFAULT_SIZES)
    first_subheading = FIRST_SUBHEADING.search(html)
    eager_until = first_subheading.start() if first_subheading else len(html)

    def replace(match):
        img = lxml.html.fragment_fromstring(match.group(0))
        written = img.get("src", "")
        name = PICTURE_SRC.match(written)
        source = images_dir / name.group(1) if name else None
        if source is None or not source.is_file():
            return match.group(0)  # not ours, or missing: the links check reports it
        try:
            copies = sized_copies(source, cache_dir)
        except Refused as refused:
            settings.setdefault(REFUSALS, []).append((content.source_path, written, str(refused)))
            return ""
        addresses = _publish(copies, Path(name.group(1)).stem, settings["OUTPUT_PATH"])
        lazy = match.start() > eager_until
        return picture_markup(copies, addresses, _prefix(content), img.get("alt", ""), sizes, lazy)

    content._content = IMG_TAG.sub(replace, html)


def start_run(pelican):
    pelican.settings[REFUSALS] = []


def register():
    signals.initialized.connect(start_run)
    signals.content_object_init.connect(replace_pictures)
