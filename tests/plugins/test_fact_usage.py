"""Which facts a page's text shows (plugins/kact_facts/usage.py), read the way
the page-text sandbox reads it: the online editor's status panel links a change
of the facts to the pages that show it (editor/admin/publish-status.js)."""
import json

from tests.site import ROOT
from tooling.editor.editor import read_data
from tooling.editor.editor_online import fact_pages_json
from kact_facts.usage import facts_shown

FACTS = {"therapist": {"name": "A", "photo": {"file": "a.jpg"}}, "session_day": {"description": ""},
         "crisis": {"lifeline": {"number": "988"}}}


def test_a_chain_of_names_is_the_fact_it_ends_at_not_its_whole_group():
    assert facts_shown("Ask {{ therapist.name }}.", FACTS) == ["therapist.name"]


def test_the_page_functions_name_the_facts_they_show():
    text = ('{% if confirmed("therapist.photo") %}x{% endif %}\n{{ questions_to_ask("session_day") }}\n'
            '{{ crisis_lines("lifeline") }}')
    assert facts_shown(text, FACTS) == ["therapist.photo", "session_day", "crisis.lifeline"]


def test_loop_names_functions_and_unknown_names_are_not_facts():
    text = "{% for line in crisis %}{{ line.number }}{% endfor %}{{ reference('x') }}"
    assert facts_shown(text, FACTS) == ["crisis"]


def test_the_online_editor_gets_every_page_with_the_facts_it_shows():
    shown = json.loads(fact_pages_json())
    assert sorted(shown) == sorted(str(path.relative_to(ROOT)) for path in (ROOT / "content/pages").glob("*.md"))
    facts = read_data("practice.yml")
    assert shown == {page: facts_shown((ROOT / page).read_text(encoding="utf-8"), facts) for page in shown}
    assert any(shown.values()), "no page shows a fact: the reading finds nothing"
