"""What search engines and link previews read: canonical addresses, Open
Graph and Twitter tags, share pictures, the sitemap and robots.txt."""
import re
import xml.etree.ElementTree as ElementTree

import pytest
from PIL import Image
from pelican.settings import read_settings

from tests.conftest import PAGES
from tests.site import ROOT

PUBLIC_URL = read_settings(str(ROOT / "pelicanconf.py"))["PUBLIC_URL"]
PUBLISHED = sorted(address for address in PAGES if address != "/404.html")
SHARE_IMAGE_LIMIT = 60 * 1024


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.mark.parametrize("address", PUBLISHED)
def test_canonical_address_is_absolute_and_public(site, address):
    canonical = site.soup(address).find_all("link", rel="canonical")
    assert [link["href"] for link in canonical] == [PUBLIC_URL + address]


def test_404_page_claims_no_address_and_no_preview(site):
    soup = site.soup("/404.html")
    assert soup.find_all("link", rel="canonical") == [], "the 404 page has no address of its own"
    assert meta(soup, "og:image") is None


@pytest.mark.parametrize("address", PUBLISHED)
def test_open_graph_and_twitter_tags(site, address):
    soup = site.soup(address)
    assert meta(soup, "og:url") == PUBLIC_URL + address
    assert meta(soup, "og:title") == soup.h1.get_text(strip=True)
    assert meta(soup, "og:description") == meta(soup, "description")
    assert meta(soup, "og:type") == "website"
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "og:image").startswith(PUBLIC_URL + "/")
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")


def test_each_page_has_its_own_small_share_picture(site):
    pictures = {}
    for address in PUBLISHED:
        url = meta(site.soup(address), "og:image")
        path = site.output / url[len(PUBLIC_URL) + 1:]
        assert path.is_file(), f"{address}: {url} was not built"
        assert path.stat().st_size <= SHARE_IMAGE_LIMIT, f"{path.name} is {path.stat().st_size} bytes"
        with Image.open(path) as image:
            assert image.size == (1200, 630) and image.format == "PNG"
        pictures[address] = path.read_bytes()
    assert len(set(pictures.values())) == len(pictures), "two pages share the same picture"


def test_sitemap_lists_every_public_page_and_nothing_else(published_site):
    tree = ElementTree.parse(published_site.output / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = sorted(loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace))
    assert listed == sorted(PUBLIC_URL + address for address in PUBLISHED)


def test_robots_txt_points_to_the_sitemap(published_site):
    robots = (published_site.output / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^Sitemap: (\S+)$", robots, re.MULTILINE).group(1) == PUBLIC_URL + "/sitemap.xml"
    assert not re.search(r"^Disallow: /\s*$", robots, re.MULTILINE)
