"""Issue 20 on the built site: the Good Faith Estimate notice reachable from every
page, "IRC" only on the About page, the consult checklists, and the end date of
the video-prescribing rules shown where the rules are described."""
import re

import jinja2
import pytest

from tests.conftest import PAGES
from tests.site import ROOT
from kact_facts.facts import facts_environment

CHECKLIST = "ul.app-questions-to-ask > li.app-questions-to-ask__item"


def _text(node):
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize("address", sorted(PAGES))
def test_every_page_links_the_full_good_faith_estimate_notice_in_its_footer(site, address):
    footer = site.soup(address).find("footer")
    links = [a for a in footer.find_all("a") if a["href"].rstrip("/").endswith("good-faith-estimate")]
    assert links, f"{address}: no footer link to the Good Faith Estimate page"


def test_the_good_faith_estimate_page_holds_the_whole_notice(site, facts):
    text = _text(site.soup("/good-faith-estimate/").main)
    estimate = facts["good_faith_estimate"]
    assert "must be given" in text and "when you book" in text and "ask for one" in text
    assert f"{estimate['dispute_amount']} or more above" in text
    assert estimate["help_line"] == "1-800-985-3059" and estimate["help_line"] in text
    assert "cms.gov/nosurprises" in text and "own part" in text
    main = site.soup("/good-faith-estimate/").main
    assert main.find("a", href="tel:+18009853059") and main.find("a", href="https://www.cms.gov/nosurprises")


@pytest.mark.parametrize("address", sorted(set(PAGES) - {"/about/"}))
def test_irc_is_left_out_of_every_page_but_about(site, address):
    assert not re.search(r"\bIRC\b", _text(site.soup(address).find("footer")))
    assert not re.search(r"\bIRC\b", _text(site.soup(address).main))


def test_about_shows_irc_with_its_caveat(site):
    text = _text(site.soup("/about/").main)
    assert "LMFT, CST, IRC" in text and "still to be confirmed" in text


@pytest.mark.parametrize("address", ["/practical-questions/", "/about/", "/treatment-options/"])
def test_open_questions_become_a_consult_checklist(site, address):
    items = site.soup(address).main.select(CHECKLIST)
    assert items, f"{address}: no 'Questions to ask in your consult' checklist"
    assert all(_text(item).endswith("?") for item in items)


def test_the_practical_questions_page_never_says_it_is_unfinished(site):
    main = site.soup("/practical-questions/").main
    assert main.find(id="questions-to-ask-in-your-consult")
    assert "not listed" not in _text(main)


@pytest.mark.parametrize("address", ["/treatment-options/", "/arizona-and-out-of-state/"])
def test_the_end_of_video_prescribing_is_shown_with_its_source(site, address):
    main = site.soup(address).main
    assert "run through 31 December 2026" in _text(main)
    assert main.find("a", href="https://www.federalregister.gov/d/2025-24123")


def _environment(status):
    settings = {"THEME": str(ROOT / "theme"), "FACTS": {"crisis": {}}, "FACT_STATUS": status,
                "FACT_QUESTIONS": {"costs": ["What does it cost?"], "timing": ["How soon?"]}}
    return facts_environment(settings)


def test_questions_to_ask_lists_only_groups_not_yet_confirmed():
    env = _environment({"costs.fee": False, "timing.weeks": True})
    html = env.from_string('{{ questions_to_ask("costs", "timing") }}').render()
    assert '<li class="app-questions-to-ask__item">What does it cost?</li>' in html
    assert "How soon?" not in html
    everything_confirmed = _environment({"costs.fee": True, "timing.weeks": True})
    assert everything_confirmed.from_string('{{ questions_to_ask("costs") }}').render() == ""


def test_questions_to_ask_refuses_an_unknown_group():
    with pytest.raises(jinja2.UndefinedError, match="no open question called costz"):
        _environment({}).from_string('{{ questions_to_ask("costz") }}').render()


@pytest.mark.parametrize("href, words", [("sms:741741?&body=HOME", "text HOME to 741741"),
                                         ("sms:88788?&body=START", "text START to 88788")])
def test_text_line_links_open_with_the_word_already_written(site, href, words):
    links = site.soup("/urgent-help/").main.find_all("a", href=href)
    assert links and _text(links[0]) == words
