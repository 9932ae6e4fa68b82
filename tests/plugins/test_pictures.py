"""Pictures from content/images/: sized, stripped of EXIF/GPS, upright, never the original.

A phone-like photo is made here: 3000x2000 JPEG stored sideways (EXIF
orientation 6, "turn 90 degrees clockwise to show") with a GPS position.
Its top-left corner is red, so once turned upright red must be top-right.
"""
import io
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw

from tests.site import BuiltSite
from tests.content.test_budgets import assert_pictures_fit, pictures_on_a_phone
from tooling.build.project_copy import copy_project

from kact_images.sized_copies import sized_copies

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAX_COPY = 250 * 1024


def phone_photo(width=3000, height=2000):
    picture = Image.new("RGB", (width, height), (70, 120, 140))
    draw = ImageDraw.Draw(picture)
    for x in range(0, width, 40):
        draw.line((x, 0, width - x, height), fill=(200, (x * 7) % 255, 90), width=9)
    draw.rectangle((0, 0, width // 4, height // 4), fill=(255, 0, 0))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 18.0, 12.5), 3: "W", 4: (111.0, 50.0, 30.0)})
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def _build(project):
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(project / "output")],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    return result.returncode, result.stdout + result.stderr


def _add_to_page(project, slug, markdown):
    page = project / "content" / "pages" / f"{slug}.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + markdown + "\n"
    page.write_text(text, encoding="utf-8")
    return text.count("\n")  # the line the picture is on


@pytest.fixture(scope="module")
def built_with_photo(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("pictures") / "project")
    (project / "content" / "images").mkdir(exist_ok=True)
    original = phone_photo()
    (project / "content" / "images" / "our-office.jpg").write_bytes(original)
    # Once near the top (before the first subheading, so maybe in the first screen), once at the end.
    page = project / "content" / "pages" / "how-it-works.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "## The six steps", "![The office door]({static}/images/our-office.jpg)\n\n## The six steps", 1), encoding="utf-8")
    _add_to_page(project, "how-it-works", "![Two armchairs in a quiet room]({static}/images/our-office.jpg)")
    status, log = _build(project)
    assert status == 0, log
    return project / "output", original


def test_the_photo_becomes_a_picture_with_sizes(built_with_photo):
    output, _original = built_with_photo
    soup = BeautifulSoup((output / "how-it-works" / "index.html").read_text(encoding="utf-8"), "html.parser")
    top, picture = soup.find_all("picture")
    assert top.img["alt"] == "The office door" and top.img.get("loading", "eager") == "eager", \
        "a picture near the top must load at once (the minifier drops loading=\"eager\", the default)"
    img = picture.find("img")
    assert img["alt"] == "Two armchairs in a quiet room"
    # Upright: the stored 3000x2000 is shown 2000 wide, 3000 tall; the largest copy is 1200 wide.
    assert (img["width"], img["height"]) == ("1200", "1800")
    assert img["loading"] == "lazy" and img["decoding"] == "async" and img["sizes"]
    types = [source["type"] for source in picture.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    for tag in [*picture.find_all("source"), img]:
        candidates = [part.split() for part in tag["srcset"].split(",")]
        assert [width for _url, width in candidates] == ["480w", "800w", "1200w"]
        for url, _width in candidates:
            assert url.startswith("../images/our-office-"), url
            assert (output / "how-it-works" / url).resolve().is_file(), f"{url} was not published"


def test_each_copy_is_small_upright_and_has_no_metadata(built_with_photo):
    output, _original = built_with_photo
    copies = sorted((output / "images").glob("our-office-*"))
    assert len(copies) == 9, [copy.name for copy in copies]  # 3 widths x AVIF, WebP, JPEG
    for copy in copies:
        assert copy.stat().st_size <= MAX_COPY, f"{copy.name} is {copy.stat().st_size} bytes"
        with Image.open(copy) as picture:
            assert not picture.getexif(), f"{copy.name} still has EXIF data"
            assert not {"exif", "xmp", "icc_profile"} & set(picture.info), f"{copy.name}: {sorted(picture.info)}"
            assert picture.height > picture.width, f"{copy.name} is not upright"
            rgb = picture.convert("RGB")
            top_right = rgb.getpixel((rgb.width - 5, 5))
            top_left = rgb.getpixel((5, 5))
            assert top_right[0] > 200 and top_right[1] < 60, f"{copy.name}: turned the wrong way"
            assert top_left != top_right
        assert b"PhoneMaker" not in copy.read_bytes()


def test_the_original_is_never_published(built_with_photo):
    output, original = built_with_photo
    assert not (output / "images" / "our-office.jpg").exists()
    for path in output.rglob("*"):
        if path.is_file() and path.stat().st_size == len(original):
            assert path.read_bytes() != original, f"{path} is the original photo"


def test_too_large_and_too_small_pictures_are_refused_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    images = project / "content" / "images"
    images.mkdir(exist_ok=True)
    # Over 20 MB: a real JPEG with padding after its end, which readers ignore.
    (images / "huge.jpg").write_bytes(phone_photo(600, 400) + bytes(21 * 1024 * 1024))
    small = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(small, "PNG")
    (images / "tiny.png").write_bytes(small.getvalue())
    huge_line = _add_to_page(project, "about", "![A large photo]({static}/images/huge.jpg)")
    tiny_line = _add_to_page(project, "about", "![A small photo]({static}/images/tiny.png)")
    status, log = _build(project)
    assert status == 1, log
    assert f"content/pages/about.md:{huge_line}" in log and "huge.jpg is 21." in log and "over the 20 MB limit" in log, log
    assert f"content/pages/about.md:{tiny_line}" in log and "tiny.png is only 300 pixels wide" in log, log
    assert "Traceback" not in log


def test_a_phone_downloads_one_copy_of_the_photo_within_budget(built_with_photo):
    output, _original = built_with_photo
    site = BuiltSite(output=output)
    pictures = pictures_on_a_phone(site, "/how-it-works/")
    # 375 CSS px at 2x needs 750 device pixels: the 800 px AVIF, and nothing else
    # (the page shows the same photo twice; the browser fetches it once).
    pictures = sorted(set(pictures))
    assert len(pictures) == 1 and re.fullmatch(r"our-office-800\.[0-9a-f]{10}\.avif", pictures[0].name), pictures
    assert_pictures_fit(site, "/how-it-works/")


def test_copies_are_made_once_and_then_taken_from_the_cache(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(phone_photo(900, 600))
    first = sized_copies(source, tmp_path / "cache")
    made_at = {path: path.stat().st_mtime_ns for path in first.folder.iterdir()}
    again = sized_copies(source, tmp_path / "cache")
    assert again == first
    assert {path: path.stat().st_mtime_ns for path in again.folder.iterdir()} == made_at, "copies were made again"
    # Upright 600 wide (orientation 6 turns 900x600): 480 and the original width.
    assert first.widths == (480, 600)


def test_the_about_page_shows_the_photo_only_once_it_is_confirmed(tmp_path, site):
    assert site.soup("/about/").main.find("picture") is None, "the About page shows a photo nobody supplied"
    project = copy_project(tmp_path / "project")
    (project / "content" / "images").mkdir(exist_ok=True)
    (project / "content" / "images" / "renelle.jpg").write_bytes(phone_photo(1200, 800))
    facts = project / "data" / "practice.yml"
    text = facts.read_text(encoding="utf-8")
    start = text.index("  photo:\n")
    group = text[start:text.index('    alt: ""\n', start) + len('    alt: ""\n')]
    confirmed = (group.replace("    confirmed:\n", "    confirmed: 2026-11-30\n")
                 .replace('file: ""', "file: renelle.jpg").replace('alt: ""', "alt: Renelle smiling in her office"))
    facts.write_text(text.replace(group, confirmed), encoding="utf-8")
    status, log = _build(project)
    assert status == 0, log
    soup = BeautifulSoup((project / "output" / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    picture = soup.main.find("picture")
    assert picture is not None and picture.img["alt"] == "Renelle smiling in her office"
