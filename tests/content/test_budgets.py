"""Size and request budgets, measured on the site as it is published.

A page must arrive in the first round trip on a slow phone: its HTML and the
CSS it needs fit in 14 KiB gzipped (what one TCP round trip can carry), a
page with everything it loads stays under 50 KiB, the site runs no
JavaScript, and the only request that blocks rendering is one small
stylesheet from our own site. Pictures are counted as a phone 375 CSS px
wide at twice the pixel density downloads them: one copy each, the one its
browser picks from the first <source> (plugin kact_images), and they have a
budget of their own.
"""
import gzip
import posixpath
import re
from urllib.parse import urlsplit

import brotli
import pytest
from pelican.settings import read_settings

from tests.conftest import PAGES
from tests.site import ROOT

# A content-only push runs these (make test-content, tooling/workflow/change_scope.py).
pytestmark = pytest.mark.content

FIRST_ROUND_TRIP = 14 * 1024
PAGE_WITH_ASSETS = 50 * 1024
PICTURES_ON_A_PHONE = 150 * 1024
PHONE_WIDTH, PHONE_DENSITY = 375, 2
COMPRESSED_TYPES = {".html", ".css", ".xml", ".txt", ".svg"}
PUBLIC_URL = read_settings(str(ROOT / "publishconf.py"))["PUBLIC_URL"]


def gzipped_size(path):
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def local_file(site, page_address, url):
    """The output file a page's reference points to, or None if it leaves the site."""
    if url.startswith(PUBLIC_URL + "/"):
        path = url[len(PUBLIC_URL):]
    elif re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.IGNORECASE):
        return None
    else:
        path = posixpath.join(posixpath.dirname(page_address), url) if not url.startswith("/") else url
    path = posixpath.normpath(urlsplit(path).path)
    target = site.output / path.lstrip("/")
    return target / "index.html" if target.is_dir() else target


def stylesheets(soup):
    return [link for link in soup.find_all("link") if "stylesheet" in (link.get("rel") or [])]


def phone_choice(tag):
    """The copy a phone picks from srcset: the narrowest at least as wide as
    its screen in device pixels (no picture is wider than the screen)."""
    if not tag.get("srcset"):
        return tag["src"]
    candidates = sorted((int(width[:-1]), url) for url, width in (part.split() for part in tag["srcset"].split(",")))
    needed = PHONE_WIDTH * PHONE_DENSITY
    return next((url for width, url in candidates if width >= needed), candidates[-1][1])


def _local_files(site, address, refs):
    files = [local_file(site, address, ref) for ref in refs]
    assert None not in files, f"{address} loads something from another site: {refs}"
    return files


def loaded_assets(site, address):
    """Files the browser fetches to show the page, other than pictures: stylesheets, icons."""
    soup = site.soup(address)
    refs = [link["href"] for link in soup.find_all("link") if {"stylesheet", "icon"} & set(link.get("rel") or [])]
    return _local_files(site, address, refs)


def pictures_on_a_phone(site, address):
    """The picture files a 375 px phone downloads for the page, one per picture."""
    soup = site.soup(address)
    refs = [phone_choice(picture.find(["source", "img"])) for picture in soup.find_all("picture")]
    refs += [phone_choice(img) for img in soup.find_all("img") if img.parent.name != "picture"]
    return _local_files(site, address, refs)


def test_page_and_its_css_fit_in_the_first_round_trip(published_site, address):
    page = published_site.path_for(address)
    css = [local_file(published_site, address, link["href"]) for link in stylesheets(published_site.soup(address))]
    assert None not in css, f"{address} loads a stylesheet from another site"
    total = gzipped_size(page) + sum(gzipped_size(path) for path in css)
    assert total <= FIRST_ROUND_TRIP, f"{address}: page and CSS are {total} bytes gzipped, over {FIRST_ROUND_TRIP}"


def test_page_with_every_asset_stays_under_50_kib(published_site, address):
    page = published_site.path_for(address)
    assets = loaded_assets(published_site, address)
    for asset in assets:
        assert asset.is_file(), f"{address} loads {asset.name}, which was not built"
    total = gzipped_size(page) + sum(gzipped_size(path) for path in set(assets))
    assert total <= PAGE_WITH_ASSETS, f"{address}: {total} bytes gzipped with its assets, over {PAGE_WITH_ASSETS}"


def test_pictures_a_phone_downloads_fit_their_budget(published_site, address):
    assert_pictures_fit(published_site, address)


def assert_pictures_fit(site, address):
    pictures = pictures_on_a_phone(site, address)
    for picture in pictures:
        assert picture.is_file(), f"{address} shows {picture.name}, which was not built"
    total = sum(picture.stat().st_size for picture in set(pictures))
    assert total <= PICTURES_ON_A_PHONE, f"{address}: a phone downloads {total} bytes of pictures, over {PICTURES_ON_A_PHONE}"


def test_only_one_small_same_origin_stylesheet_blocks_rendering(published_site, address):
    soup = published_site.soup(address)
    links = stylesheets(soup)
    assert len(links) == 1, f"{address} has {len(links)} stylesheets; the site needs exactly one"
    assert links[0].parent.name == "head"
    assert links[0]["href"].startswith(PUBLIC_URL + "/"), "the stylesheet must come from our own site"
    assert not soup.find_all("link", rel=["preload", "modulepreload", "import"])
    assert "@import" not in local_file(published_site, address, links[0]["href"]).read_text(encoding="utf-8")


def test_stylesheet_is_minified_and_named_by_its_content(published_site):
    from hashlib import sha256

    href = stylesheets(published_site.soup("/"))[0]["href"]
    name = posixpath.basename(href)
    match = re.fullmatch(r"main\.([0-9a-f]{10})\.css", name)
    assert match, f"{name} does not carry a content hash"
    css = local_file(published_site, "/", href).read_bytes()
    assert sha256(css).hexdigest().startswith(match.group(1))
    assert b"\n" not in css.strip(), "the stylesheet is not minified"
    assert b"@media print" in css, "the print styles must travel in the one stylesheet"


def test_pages_are_minified(published_site, address):
    html = published_site.path_for(address).read_text(encoding="utf-8")
    assert not re.search(r">\s*\n\s*<", html), f"{address} still has the templates' line breaks"


def test_no_javascript_anywhere(published_site, address):
    soup = published_site.soup(address)
    for script in soup.find_all("script"):
        assert script.get("type") == "application/ld+json" and not script.get("src"), str(script)[:80]
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, f"{address}: <{tag.name}> has event handlers {handlers}"
        for name in ("href", "src", "action"):
            assert not str(tag.get(name, "")).lower().startswith("javascript:"), str(tag)[:80]


def test_no_script_files_are_published(published_site):
    scripts = [path.name for path in published_site.output.rglob("*") if path.suffix in {".js", ".mjs"}]
    assert scripts == []


@pytest.mark.parametrize("suffix, decompress", [(".gz", gzip.decompress), (".br", brotli.decompress)])
def test_precompressed_copies_match_their_originals(published_site, suffix, decompress):
    originals = [
        path for path in published_site.output.rglob("*")
        if path.suffix in COMPRESSED_TYPES and path.stat().st_size >= 200
    ]
    assert len(originals) >= len(PAGES), "expected every page to have compressed copies"
    for original in originals:
        copy = original.with_name(original.name + suffix)
        assert copy.is_file(), f"{copy.relative_to(published_site.output)} is missing"
        assert decompress(copy.read_bytes()) == original.read_bytes(), f"{copy.name} does not match"
