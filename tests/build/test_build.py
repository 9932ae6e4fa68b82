"""The real site builds cleanly and has every page."""
from tests.conftest import PAGES


def test_build_logs_no_warning_or_error(site):
    problems = [f"{r.levelname}: {r.getMessage()}" for r in site.log]
    assert problems == []


def test_every_page_exists(site, address):
    assert site.path_for(address).is_file(), f"{address} was not built"


def test_no_blog_pages_are_built(site):
    for unwanted in ("archives.html", "tags.html", "categories.html", "authors.html", "feeds"):
        assert not (site.output / unwanted).exists(), unwanted


def test_no_unexpected_pages(site):
    built = {site.address_of(path) for path in site.html_files()}
    assert built == set(PAGES)


def test_robots_and_favicon_are_at_the_root(site):
    assert "User-agent" in (site.output / "robots.txt").read_text()
    assert (site.output / "favicon.svg").read_text().startswith("<svg")
