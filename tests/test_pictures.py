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
from tests.test_budgets import assert_pictures_fit, pictures_on_a_phone
from tooling.project_copy import copy_project

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
    _add_to_page(project, "how-it-works", "![Two armchairs in a quiet room]({static}/images/our-office.jpg)")
    status, log = _build(project)
    assert status == 0, log
    return project / "output", original


def test_the_photo_becomes_a_picture_with_sizes(built_with_photo):
    output, _original = built_with_photo
    soup = BeautifulSoup((output / "how-it-works" / "index.html").read_text(encoding="utf-8"), "html.parser")
    picture = soup.find("picture")
    assert picture is not None, "no <picture> on the page"
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
    # 375 CSS px at 2x needs 750 device pixels: the 800 px AVIF, and nothing else.
    assert len(pictures) == 1 and re.fullmatch(r"our-office-800\.[0-9a-f]{10}\.avif", pictures[0].name), pictures
    assert_pictures_fit(site, "/how-it-works/")
