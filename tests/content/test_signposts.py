"""Every page ends with a next step, and the home page's cards lead somewhere real.

Both come from data/signposts.yml through plugin kact_signposts and the
theme's partials, so no page types them out.
"""
import posixpath
import subprocess
import sys

import yaml

from tests.conftest import PAGES
from tests.site import ROOT
from tooling.build.project_copy import copy_project


def _target(site, address, href):
    path = posixpath.normpath(posixpath.join(posixpath.dirname(address), href.split("#")[0]))
    return site.path_for("/" + path.lstrip("/") + ("/" if not path.endswith(".html") else ""))


def test_every_page_ends_with_a_related_page_and_a_consult(site, facts):
    ends_plain = {f"/{slug}/" for slug in yaml.safe_load((ROOT / "data" / "signposts.yml").read_text())["ends_plain"]}
    for address in PAGES:
        if address in ends_plain:
            main = site.soup(address).main
            assert main.find("nav", class_="app-next") is None, f"{address} should end with its own text"
            assert not main.find("a", href=facts["practice"]["booking_url"]), f"{address} offers a consult"
            continue
        block = site.soup(address).main.find("nav", class_="app-next")
        assert block is not None, f"{address} has no What next block"
        assert block.find_next_sibling() is None, f"{address}: What next is not the end of the page"
        related, book = block.find_all("a")
        assert _target(site, address, related["href"]).is_file(), f"{address}: {related['href']} goes nowhere"
        assert related["href"] != "./", f"{address} offers itself as the next step"
        assert book["href"] == facts["practice"]["booking_url"]


def test_home_cards_answer_each_question_in_the_data_file(site):
    cards = site.soup("/").main.find_all("li", class_="app-card")
    questions = yaml.safe_load((ROOT / "data" / "signposts.yml").read_text(encoding="utf-8"))["questions"]
    assert [card.h3.get_text(strip=True) for card in cards] == [question["ask"] for question in questions]
    for card in cards:
        assert _target(site, "/", card.a["href"]).is_file(), card.a["href"]
        assert card.p.get_text(strip=True), f"{card.a['href']}: the card has no summary"


def test_a_slug_that_names_no_page_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data" / "signposts.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("page: the-science", "page: the-sciense"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(project / "output")],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert "data/signposts.yml" in log and "'the-sciense'" in log and "no page has that slug" in log, log
    assert "Traceback" not in log
