"""Sized, metadata-free copies of one picture, made with Pillow and cached.

A phone photo is several megabytes, is often stored sideways with an EXIF
"orientation" tag, and carries EXIF/XMP data that can include the GPS
position where it was taken. So the original is never published. Instead:

1. the EXIF orientation is applied to the pixels (ImageOps.exif_transpose),
2. the colours are converted to sRGB if the file has its own colour profile,
3. copies are drawn at a few widths (never wider than the original), and
4. each is saved as AVIF, WebP and JPEG with no metadata at all: Pillow only
   writes EXIF, XMP or a colour profile when it is handed one, and we never do.

Encoding is the slow part, so the copies are kept in the cache folder under
a hash of the original's bytes and the recipe below; a rebuild reuses them.
"""
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

WIDTHS = (480, 800, 1200)
LARGEST_SOURCE = 20 * 1024 * 1024
NARROWEST_SOURCE = 400
# Most capable format first: the browser takes the first <source> it can show.
FORMATS = {
    "avif": ("AVIF", "image/avif", {"quality": 55, "speed": 8}),
    "webp": ("WEBP", "image/webp", {"quality": 75, "method": 4}),
    "jpg": ("JPEG", "image/jpeg", {"quality": 78, "optimize": True, "progressive": True}),
}
FALLBACK = "jpg"
# No copy may be larger than this: a busy photo is saved again at a lower
# quality, in steps, until it fits.
LARGEST_COPY = 240 * 1024
QUALITY_STEP = 10
LOWEST_QUALITY = 35
# Change this when the recipe changes, so cached copies are made again.
RECIPE = json.dumps([4, WIDTHS, FORMATS, LARGEST_COPY])
SRGB = ImageCms.createProfile("sRGB")


class Refused(Exception):
    """The picture cannot be published; the message says why in plain words."""


@dataclass(frozen=True)
class SizedCopies:
    key: str                # hash of the original and the recipe
    width: int              # of the largest copy
    height: int
    widths: tuple           # every copy's width, smallest first
    folder: Path            # the cache folder holding the files

    def file(self, width, extension):
        return self.folder / f"{width}.{extension}"


def refusal(path):
    """Why `path` cannot be published, or None if it can."""
    size = path.stat().st_size
    if size > LARGEST_SOURCE:
        return (
            f"{path.name} is {size / 1024 / 1024:.1f} MB, over the 20 MB limit. "
            "Export it smaller from your phone or photo app (a long side of 3000 pixels is plenty)."
        )
    try:
        with Image.open(path) as picture:
            width, height = _upright_size(picture)
    except (UnidentifiedImageError, OSError):
        return f"{path.name} is not a picture this build can read. Save it as JPEG or PNG."
    if width < NARROWEST_SOURCE:
        return (
            f"{path.name} is only {width} pixels wide; pictures need at least {NARROWEST_SOURCE} "
            "so they stay sharp on a phone. Use a larger copy of the photo."
        )
    return None


def _upright_size(picture):
    """Width and height once the EXIF orientation is applied (5 to 8 turn the picture on its side)."""
    orientation = picture.getexif().get(ImageOps.ExifTags.Base.Orientation, 1)
    return picture.size[::-1] if orientation in (5, 6, 7, 8) else picture.size


def sized_copies(path, cache_dir):
    """The copies of `path`, made now unless the cache has them. Raises Refused."""
    problem = refusal(path)
    if problem:
        raise Refused(problem)
    data = path.read_bytes()
    key = hashlib.sha256(RECIPE.encode("utf-8") + data).hexdigest()
    folder = Path(cache_dir) / key
    done = folder / "size.json"
    try:
        source_width, source_height = json.loads(done.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):  # not made yet, or a cache left half written: make it again
        _make(data, folder)
        source_width, source_height = json.loads(done.read_text(encoding="utf-8"))
    widths = tuple(_widths(source_width))
    return SizedCopies(key, widths[-1], round(source_height * widths[-1] / source_width), widths, folder)


def _widths(source_width):
    chosen = [width for width in WIDTHS if width < source_width]
    if source_width < WIDTHS[-1]:
        chosen.append(source_width)
    return chosen


def _upright_srgb(data):
    with Image.open(io.BytesIO(data)) as original:
        picture = ImageOps.exif_transpose(original)
        profile = original.info.get("icc_profile")
    if picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info or picture.mode in ("LA", "PA") else "RGB")
    if profile:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        picture = ImageCms.profileToProfile(picture, source, SRGB, outputMode=picture.mode)
    if picture.mode == "RGBA":
        # JPEG has no transparency: lay the picture on white.
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    picture.info.clear()
    return picture


def _encode(picture, pillow_format, options):
    quality = options["quality"]
    while True:
        buffer = io.BytesIO()
        picture.save(buffer, format=pillow_format, **{**options, "quality": quality})
        if buffer.tell() <= LARGEST_COPY or quality <= LOWEST_QUALITY:
            return buffer.getvalue()
        quality -= QUALITY_STEP


def _make(data, folder):
    picture = _upright_srgb(data)
    folder.mkdir(parents=True, exist_ok=True)
    for width in _widths(picture.width):
        height = round(picture.height * width / picture.width)
        copy = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
        for extension, (pillow_format, _type, options) in FORMATS.items():
            target = folder / f"{width}.{extension}"
            partial = target.with_suffix(".part")
            partial.write_bytes(_encode(copy, pillow_format, options))
            partial.replace(target)
    (folder / "size.json").write_text(json.dumps(picture.size), encoding="utf-8")
