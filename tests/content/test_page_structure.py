"""Every page has the shell an accessible health page needs."""
import re

import yaml

from tests.conftest import PAGES, SOURCE_PAGES
from tests.site import ROOT

SUMMARIES = {page.address: page.summary for page in SOURCE_PAGES}
IN_THE_MENU = [page.address for page in SOURCE_PAGES if page.nav_order]
# The menu's groups: a group's head item stands for its member pages on wide screens.
SIGNPOST_GROUPS = yaml.safe_load((ROOT / "data" / "signposts.yml").read_text(encoding="utf-8")).get("groups", {})


def test_language_is_declared(site, address):
    assert site.soup(address).html.get("lang") == "en"


def test_one_h1_which_is_the_page_title(site, address):
    soup = site.soup(address)
    h1s = soup.find_all("h1")
    assert len(h1s) == 1
    assert h1s[0].get_text(strip=True) in soup.title.get_text()


def test_one_main_with_the_skip_link_target(site, address):
    soup = site.soup(address)
    mains = soup.find_all("main")
    assert len(mains) == 1 and mains[0].get("id") == "maincontent"
    first_link = soup.body.find("a")
    assert first_link.get("href") == "#maincontent"


def test_title_and_meta_description_from_summary(site, address):
    soup = site.soup(address)
    assert soup.title and soup.title.get_text(strip=True)
    description = soup.find("meta", attrs={"name": "description"})
    assert description is not None
    assert description["content"] == SUMMARIES[address].strip()


def test_titles_are_unique(site):
    titles = [site.soup(a).title.get_text(strip=True) for a in PAGES]
    assert len(titles) == len(set(titles))


def test_headings_do_not_skip_levels(site, address):
    main = site.soup(address).main
    levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"


def test_nav_marks_the_current_page(site):
    """Every page in the menu is marked: aria-current="page" on its own item, or,
    for a page under a menu group (data/signposts.yml) that the one-row menu does
    not list itself, aria-current="true" on its group's item. The home page is
    the site name."""
    assert IN_THE_MENU, "no page has a Nav_order, so the site has no menu"
    group_of = {member: head for head, members in SIGNPOST_GROUPS.items() for member in members}
    home = site.soup("/")
    assert home.select_one("header a.app-header__name")["aria-current"] == "page"
    assert not home.select("header nav [aria-current]")
    for address in IN_THE_MENU:
        if address == "/":
            continue
        for nav in site.soup(address).select("header nav"):
            current = nav.select("[aria-current]")
            assert len(current) == 1, f"{address}: {current}"
            slug = current[0]["href"].rstrip("/").split("/")[-1]
            if current[0]["aria-current"] == "page":
                assert slug == address.strip("/")
            else:
                assert (current[0]["aria-current"], slug) == ("true", group_of.get(address.strip("/")))


def test_urgent_help_is_first_in_the_header_with_tappable_links(site, address):
    soup = site.soup(address)
    urgent = soup.header.find(attrs={"data-notice": "urgent-help"})
    assert urgent is not None
    assert soup.header.find("aside") is urgent, "urgent help must come first in the header"
    hrefs = {a["href"] for a in urgent.find_all("a")}
    assert {"tel:988", "sms:988", "tel:911"} <= hrefs


def test_no_third_party_assets_and_no_scripts(site, address):
    soup = site.soup(address)
    # JSON-LD (type application/ld+json) is data for search engines, never run.
    scripts = [str(script)[:60] for script in soup.find_all("script") if script.get("type") != "application/ld+json" or script.get("src")]
    assert scripts == []
    assert soup.find("iframe") is None
    for tag in soup.find_all(["link", "img", "source"]):
        if "canonical" in (tag.get("rel") or []):
            continue  # names the page's public address; the browser fetches nothing
        ref = tag.get("href") or tag.get("src") or ""
        assert not re.match(r"^(https?:)?//", ref), ref
