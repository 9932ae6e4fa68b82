"""The truth register (plugins/kact_register): every fact says where it comes
from, and facts the practice has not confirmed are open questions."""
import shutil

import pytest

from tests.site import ROOT
from kact_register import load_register

# The open items issue 12 names: none may be asserted until the practice confirms it.
NAMED_OPEN = [
    "therapist.to_confirm.cst_certified_by", "therapist.to_confirm.irc_meaning",
    "therapist.to_confirm.license_arizona", "prescribers.arizona_details.full_name",
    "prescribers.arizona_details.license", "costs.therapy_sessions", "costs.insurance",
    "cancellation.policy", "contact.phone", "contact.email", "contact.response_time",
    "contact.telehealth_platform", "eligibility_rules.age_limits", "links.journey_clinical_guide.url",
]


@pytest.fixture()
def data(tmp_path):
    for name in ("practice.yml", "sources.yml"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    return tmp_path


def test_every_fact_of_the_real_register_has_a_known_source():
    register = load_register(ROOT / "data")
    assert register.problems == []
    assert all(fact.source for fact in register.facts)


def test_the_named_open_items_are_open_questions_with_a_reason():
    register = load_register(ROOT / "data")
    open_paths = {fact.path for fact in register.open_facts()}
    assert set(NAMED_OPEN) <= open_paths
    for path in NAMED_OPEN:
        group = register.fact(path).group
        assert group is not None and group.ask and group.why, path


def test_pages_see_plain_values_at_the_same_names():
    values = load_register(ROOT / "data").values
    assert values["therapist"]["name"] == "Renelle E. Nelson"
    assert values["crisis"]["lifeline"]["number"] == "988"
    assert values["links"]["journey_clinical_guide"]["title"] == "What is Ketamine-Assisted Psychotherapy?"
    assert "source" not in values["crisis"]["lifeline"] and "ask" not in values["costs"]


def test_a_fact_without_a_source_is_reported_with_its_line(data):
    practice = data / "practice.yml"
    practice.write_text(practice.read_text(encoding="utf-8") + "\nnew_group:\n  fact: a value\n", encoding="utf-8")
    register = load_register(data)
    line = len(practice.read_text(encoding="utf-8").splitlines())
    assert [(problem[0], "new_group.fact" in problem[1]) for problem in register.problems] == [(line, True)]


def test_an_unknown_source_is_reported(data):
    practice = data / "practice.yml"
    practice.write_text(practice.read_text(encoding="utf-8").replace("source: lifeline_988", "source: lifeline"),
                        encoding="utf-8")
    assert any("'lifeline'" in problem[1] for problem in load_register(data).problems)


def test_a_confirmation_date_confirms_a_filled_group_only(data):
    practice = data / "practice.yml"
    text = practice.read_text(encoding="utf-8")
    text = text.replace('  consult_to_first_session: ""', "  consult_to_first_session: about three weeks")
    practice.write_text(text, encoding="utf-8")
    assert not load_register(data).is_confirmed("timing")  # filled, but no date yet
    start = text.index("timing:")
    text = text[:start] + text[start:].replace("  confirmed:\n", "  confirmed: 2026-12-01\n", 1)
    practice.write_text(text, encoding="utf-8")
    register = load_register(data)
    assert register.is_confirmed("timing")
    assert not register.is_confirmed("costs")  # a date on one group confirms no other


def test_the_site_asserts_none_of_the_unconfirmed_wording(site):
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        text = site.soup_of_file(path).get_text(" ")
        assert "AASECT" not in text and "IRC is another credential" not in text, path
        assert "journeyclinical.com/blog" not in html, path
