"""The local plugins, each tested on small inputs of its own."""
from types import SimpleNamespace

import jinja2
import markdown
import pytest
from bs4 import BeautifulSoup

from tests.site import ROOT
from kact_facts.facts import FactError, FactsExtension, facts_environment
from kact_notices.rules import notice_ids_for, parse_notice_request
from kact_tables.tables import TablesExtension

FACTS = {
    "crisis": {
        "lifeline": {"name": "Lifeline", "number": "988", "call": "tel:988", "text": "sms:988"},
        "veterans": {"name": "Vets", "number": "988", "call": "tel:988", "instructions": "call 988, then press 1"},
    },
    "therapist": {"name": "Renelle E. Nelson"},
}


def _markdown(text):
    settings = {"THEME": str(ROOT / "theme"), "FACTS": FACTS}
    return markdown.markdown(text, extensions=[FactsExtension(facts_environment(settings))])


def test_facts_fill_in_from_the_data_file():
    assert "Call 988 now" in _markdown("Call {{ crisis.lifeline.number }} now")


def test_crisis_lines_render_tappable_links():
    html = _markdown('Help:\n\n{{ crisis_lines("lifeline", "veterans") }}\n\nMore.')
    assert '<a href="tel:988">call 988</a>' in html
    assert '<a href="sms:988">text 988</a>' in html
    assert "call 988, then press 1</a>" in html
    assert "<p>More.</p>" in html


def test_unknown_fact_is_an_error_not_a_blank():
    with pytest.raises(FactError, match="does not have"):
        _markdown("Call {{ crisis.lifelin.number }}")


def test_broken_braces_are_an_error():
    with pytest.raises(FactError, match="braces"):
        _markdown("Call {{ crisis.lifeline.number ")


@pytest.mark.parametrize("text", [
    "{{ therapist.__class__ }}",
    "{{ therapist.name.__class__.__mro__ }}",
    "{{ therapist.update({'name': 'x'}) }}",
    "{{ crisis_lines.__globals__ }}",
    "{{ therapist|attr('__class__') }}",
])
def test_page_text_cannot_reach_python(text):
    """Refused with the line in the file, counted with the header Markdown takes off."""
    extensions = ["meta", FactsExtension(facts_environment({"THEME": str(ROOT / "theme"), "FACTS": FACTS}))]
    with pytest.raises(FactError, match=r"^line 5: .*may not do"):
        markdown.markdown("Title: T\nSummary: S\n\nIntro.\n" + text, extensions=extensions)


@pytest.mark.parametrize("text, refused", [
    ('{{ "<script>alert(1)</script>"|safe }}', "|safe"),
    ('{% autoescape false %}{{ "<b>" }}{% endautoescape %}', "autoescape"),
    ('{% include "base.html" %}', "include"),
    ("{{ cycler }}", "does not have"),
    ("{{ lipsum() }}", "does not have"),
    # Refused before anything runs: the sandbox alone would compute all of these.
    ("{{ 9**9**9 }}", "arithmetic"),
    ('{{ "x" * 1000000000 }}', "arithmetic"),
    ("{% for a in therapist.name %}{% for b in therapist.name %}x{% endfor %}{% endfor %}", "{% for %}"),
    ('{% set a = "xx" %}{{ a }}', "{% set %}"),
    ('{{ therapist.name|center(1000000000) }}', "|center"),
    ('{{ therapist.name.center(1000000000) }}', "calling a method"),
    ('{{ "%999999999s"|format(1) }}', "|format"),
    ('{{ therapist.name|replace("", "xxxxxxxxxx")|replace("", "xxxxxxxxxx")|replace("", "xxxxxxxxxx") }}', "|replace"),
    ("{% macro m() %}x{% endmacro %}{{ m() }}", "{% macro %}"),
])
def test_page_text_cannot_skip_escaping_or_use_anything_but_facts(text, refused):
    with pytest.raises(FactError, match=r"^line 2: ") as raised:
        _markdown("Intro.\n" + text)
    assert refused in str(raised.value)


def test_facts_are_escaped_and_guarded_sections_work():
    settings = {"THEME": str(ROOT / "theme"), "FACTS": {**FACTS, "note": "<b>&</b>", "empty": ""}}
    html = markdown.markdown(
        "{{ note }}\n\n{% if empty %}Hidden{% endif %}{% if therapist.name %}Shown{% endif %}",
        extensions=[FactsExtension(facts_environment(settings))],
    )
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>" not in html
    assert "Hidden" not in html and "Shown" in html


def _page(slug, body):
    return SimpleNamespace(slug=slug, title="T", metadata={}, _content=body)


SPEC = [
    {"id": "everywhere", "rules": {"all": True}},
    {"id": "fda", "rules": {"mentions": [r"\bketamine\b"], "ignore": ["Ketamine-Assisted Couples Therapy"]}},
    {"id": "named", "rules": {"pages": ["faq"]}},
]


def test_notice_rules_match_all_mentions_and_named_pages():
    assert notice_ids_for(_page("faq", "<p>Hello</p>"), SPEC) == ["everywhere", "named"]
    assert notice_ids_for(_page("x", "<p>low-dose ketamine</p>"), SPEC) == ["everywhere", "fda"]


def test_the_service_name_alone_does_not_need_the_fda_notice():
    assert "fda" not in notice_ids_for(_page("x", "<p>Ketamine-Assisted Couples Therapy</p>"), SPEC)


def test_notice_request_splits_additions_and_drops():
    assert parse_notice_request("no-driving, -fda-status") == (["no-driving"], ["fda-status"])
    assert parse_notice_request("") == ([], [])


def test_tables_get_caption_scopes_and_labels():
    html = markdown.markdown(
        "Table: Who does what\n\n| Place | Who |\n|---|---|\n| Arizona | Dr. Eddie |\n",
        extensions=["tables", TablesExtension()],
    )
    table = BeautifulSoup(html, "html.parser").table
    assert table.caption.get_text() == "Who does what"
    assert [th.get("scope") for th in table.thead.find_all("th")] == ["col", "col"]
    row_header = table.tbody.find("th")
    assert (row_header.get_text(), row_header["scope"], row_header["data-label"]) == ("Arizona", "row", "Place")
    assert table.tbody.find("td")["data-label"] == "Who"
    assert "Table:" not in html


def test_a_paragraph_that_is_not_a_caption_stays():
    html = markdown.markdown("Plain words.\n\n| A |\n|---|\n| 1 |\n", extensions=["tables", TablesExtension()])
    assert "<p>Plain words.</p>" in html and "<caption>" not in html


def test_crisis_lines_partial_in_a_bare_jinja_environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme" / "templates")), autoescape=True)
    html = env.get_template("partials/crisis_lines.html").render(
        lines=[{"name": "Text line", "text": "sms:741741", "text_instructions": "text HOME to 741741"}]
    )
    assert '<a href="sms:741741">text HOME to 741741</a>' in html
