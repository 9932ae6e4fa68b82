"""Guarded sections: a section appears only once the practice has filled in
and confirmed its facts (`{% if confirmed("costs") %}`); until then the page
says to ask in the consult, and lists the group's questions in "Questions to
ask in your consult" (issue 20: a checklist, not "not listed here yet")."""
import subprocess
import sys

from tooling.build.project_copy import copy_project

FEES = {
    "therapy_sessions": "$200 for each 50-minute session",
    "prescriber": "set by the prescriber",
    "medicine": "about $100 a month",
    "insurance": "not accepted",
    "hsa_fsa": "yes",
    "superbills": "yes, on request",
}


def _text(site, address):
    return " ".join(site.soup(address).main.get_text(" ").split())


COSTS_QUESTION = "What does each kind of session cost"
CANCELLATION_QUESTION = "How much notice do we give to cancel or move a session"


def test_unconfirmed_sections_tell_couples_to_ask(site):
    checklist = " ".join(item.get_text(" ") for item in
                         site.soup("/practical-questions/").main.select("ul.app-questions-to-ask li"))
    for question in (COSTS_QUESTION, CANCELLATION_QUESTION, "What are the rules on food, drink, alcohol"):
        assert question in checklist, question
    text = _text(site, "/practical-questions/")
    assert "Ask about costs in your consult" in text and "Your prescriber gives you these rules" in text
    assert "Therapy sessions:" not in text
    assert "Ask about cost and payment in your consult" in _text(site, "/how-it-works/")
    assert not site.soup("/the-science/").find("a", string="What is Ketamine-Assisted Psychotherapy?")


def _confirm_costs(practice, date):
    text = practice.read_text(encoding="utf-8")
    start = text.index("\ncosts:")
    end = text.index("\n\n", start + 1)
    block = text[start:end].replace("  confirmed:\n", f"  confirmed: {date}\n")
    for name, value in FEES.items():
        block = block.replace(f'  {name}: ""', f"  {name}: {value}")
    practice.write_text(text[:start] + block + text[end:], encoding="utf-8")


def test_a_confirmed_group_shows_its_section(tmp_path):
    project = copy_project(tmp_path / "project")
    _confirm_costs(project / "data" / "practice.yml", "2026-12-01")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(project / "output")],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "output" / "practical-questions" / "index.html").read_text(encoding="utf-8")
    assert "$200 for each 50-minute session" in page and "Ask about costs in your consult" not in page
    assert COSTS_QUESTION not in page  # an answered question leaves the checklist
    assert CANCELLATION_QUESTION in page  # other groups stay guarded
    how = (project / "output" / "how-it-works" / "index.html").read_text(encoding="utf-8")
    assert "practical-questions/#costs" in how and "Ask about cost and payment" not in how
