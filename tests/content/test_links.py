"""Every internal link, anchor and asset on the built site resolves."""
import posixpath
from urllib.parse import unquote, urlsplit

EXTERNAL_SCHEMES = {"http", "https", "tel", "sms", "mailto"}


def _targets(soup):
    for tag in soup.find_all(["a", "link"], href=True):
        yield tag["href"]
    for tag in soup.find_all(["img", "source"], src=True):
        yield tag["src"]


def _resolve(site, page_address, reference):
    parts = urlsplit(reference)
    base = page_address if page_address.endswith("/") else posixpath.dirname(page_address) + "/"
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else page_address
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    return path, parts.fragment


def test_internal_links_and_anchors_resolve(site):
    broken = []
    for file in site.html_files():
        address = site.address_of(file)
        for reference in _targets(site.soup_of_file(file)):
            scheme = urlsplit(reference).scheme
            if scheme in EXTERNAL_SCHEMES:
                continue
            assert not scheme, f"{address}: unexpected link scheme in {reference}"
            if "{filename}" in reference or "{static}" in reference:
                broken.append(f"{address}: unresolved {reference}")
                continue
            path, fragment = _resolve(site, address, reference)
            target = site.path_for(path)
            if not target.exists():
                broken.append(f"{address}: {reference} -> {path} does not exist")
            elif fragment and target.suffix == ".html":
                if site.soup(path).find(id=fragment) is None:
                    broken.append(f"{address}: {reference} -> no #{fragment}")
    assert broken == []


def test_external_links_are_https(site):
    for file in site.html_files():
        for reference in _targets(site.soup_of_file(file)):
            assert not reference.startswith("http:"), f"{site.address_of(file)}: {reference}"
