"""A share picture for every page, drawn at build time with Pillow.

Link previews (Open Graph, Twitter cards) show a 1200x630 picture. Each page
gets one with its own title on the theme's colours, so a shared link says
what it leads to. Drawing is the slow part, so each picture is kept in the
cache folder under a hash of everything that shapes it: a rebuild copies it.
The file name carries the hash too, because link-preview services cache
pictures by address.
"""
import hashlib
import json
import math
import os
import shutil
from io import BytesIO
from pathlib import Path

import PIL
from markupsafe import Markup
from PIL import Image, ImageDraw, ImageFont
from pelican import signals

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TITLE_TOP = MARGIN + 90
FOOTER_SIZE = 30
# The theme's colours (theme/static/css/main.css: --brand-dark, --gold,
# --rose) and a light sea-glass teal that reads on the dark background.
DEFAULT_COLOURS = {
    "background": "#123638", "text": "#ffffff", "accent": "#c98a3c",
    "petal": "#7fb3ae", "centre": "#b8566b",
}
# Change this when the drawing code changes, so cached pictures are redrawn.
DRAWING_VERSION = 2
# The picture is drawn as shades of one ink (so text stays anti-aliased) and
# saved as a palette PNG: 15 steps from background to text colour, then the
# accent and the kaleidoscope's two other colours. That keeps each file near
# 10 KB and the drawing fast.
STEPS = 15
ACCENT, PETAL, CENTRE = STEPS, STEPS + 1, STEPS + 2
# The kaleidoscope mark of theme/templates/partials/motif.html, in the same
# units (a 40-unit box centred on 0,0): a petal and a facet turned six times.
PETAL_SHAPE = [(0, -3), (5, -12), (0, -19), (-5, -12)]
FACET_SHAPE = [(0, -13), (2.5, -16), (0, -19), (-2.5, -16)]
MOTIF_RADIUS = 60
MOTIF_CENTRE = (WIDTH - MARGIN - MOTIF_RADIUS, MARGIN + 20)
TITLE_INK, MUTED_INK = 255, 215


def wrap(text, font, width):
    """Split text into lines no wider than `width` pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def fitted_title(text, width, height):
    """The largest title size (from 76px down) whose wrapped lines fit the box."""
    for size in range(76, 27, -6):
        font = ImageFont.load_default(size=size)
        lines = wrap(text, font, width)
        if len(lines) * size * 1.2 <= height:
            return font, lines, size
    return font, lines[: int(height // (size * 1.2))], size


def _palette(colours):
    def rgb(hex_colour):
        return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]

    start, end = rgb(colours["background"]), rgb(colours["text"])
    steps = [[round(a + (b - a) * i / (STEPS - 1)) for a, b in zip(start, end)] for i in range(STEPS)]
    extra = [rgb(colours[name]) for name in ("accent", "petal", "centre")]
    return [value for colour in [*steps, *extra] for value in colour]


def _turned(shape, degrees):
    """The shape turned clockwise by `degrees` and placed on the picture."""
    scale = MOTIF_RADIUS / 19
    turn = math.radians(degrees)
    cx, cy = MOTIF_CENTRE
    return [
        (cx + scale * (x * math.cos(turn) - y * math.sin(turn)), cy + scale * (x * math.sin(turn) + y * math.cos(turn)))
        for x, y in shape
    ]


def draw_motif(draw):
    for degrees in range(0, 360, 60):
        draw.polygon(_turned(PETAL_SHAPE, degrees), fill=PETAL)
        draw.polygon(_turned(FACET_SHAPE, degrees + 30), fill=ACCENT)
    radius = 3 * MOTIF_RADIUS / 19
    cx, cy = MOTIF_CENTRE
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=CENTRE)


def draw_share_image(title, kicker, footer, colours):
    """Return the picture as PNG bytes."""
    ink = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(ink)
    draw.text((MARGIN, MARGIN), kicker, font=ImageFont.load_default(size=34), fill=MUTED_INK)
    footer_top = HEIGHT - MARGIN - FOOTER_SIZE
    font, lines, size = fitted_title(title, WIDTH - 2 * MARGIN, footer_top - TITLE_TOP - 30)
    y = TITLE_TOP
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=TITLE_INK)
        y += int(size * 1.2)
    draw.text((MARGIN, footer_top), footer, font=ImageFont.load_default(size=FOOTER_SIZE), fill=MUTED_INK)
    picture = ink.point(lambda value: round(value * (STEPS - 1) / 255)).convert("P")
    picture.putpalette(_palette(colours))
    ImageDraw.Draw(picture).rectangle((0, 0, WIDTH, 15), fill=ACCENT)
    draw_motif(ImageDraw.Draw(picture))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def picture_key(*parts):
    material = json.dumps([DRAWING_VERSION, PIL.__version__, *parts], sort_keys=True)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def share_picture(title, kicker, footer, colours, cache_dir):
    """Path of the cached picture for these words, drawing it if needed."""
    key = picture_key(title, kicker, footer, colours)
    cached = Path(cache_dir) / f"{key}.png"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".part")
        partial.write_bytes(draw_share_image(title, kicker, footer, colours))
        partial.replace(cached)
    return key, cached


def footer_line(practice):
    """"Kaleidoscope Services · Chandler, AZ and online in Wisconsin", from the facts."""
    elsewhere = [state for state in practice["states_served"] if state != practice["state"]]
    line = f"{practice['name']} · {practice['city']}, {practice['state_code']}"
    return f"{line} and online in {' and '.join(elsewhere)}" if elsewhere else line


def add_share_images(generator):
    settings = generator.settings
    facts = settings["FACTS"]
    colours = settings.get("SHARE_IMAGE_COLOURS", DEFAULT_COLOURS)
    folder = settings.get("SHARE_IMAGE_DIR", "images/share")
    cache_dir = Path(settings["SHARE_IMAGE_CACHE_PATH"])
    kicker = settings["SITENAME"]
    footer = footer_line(facts["practice"])
    # Hidden pages (the 404 page) are never shared, so they get no picture.
    for page in generator.pages:
        title = Markup(page.title).striptags()
        key, cached = share_picture(title, kicker, footer, colours, cache_dir)
        relative = f"{folder}/{page.slug}.{key[:10]}.png"
        target = Path(generator.output_path) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _place(cached, target)
        page.share_image = relative


def _place(cached, target):
    """Link the cached picture into the output (pictures in the cache are never
    changed in place, so sharing the file is safe); copy where a link can't go."""
    target.unlink(missing_ok=True)
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def register():
    signals.page_generator_finalized.connect(add_share_images)
