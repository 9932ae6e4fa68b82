"""The pages carry the brief's facts: the table, the FAQ, the session arc, the people."""
import re


def _text(node):
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def test_location_table_is_a_real_table_with_the_brief_facts(site):
    table = site.soup("/arizona-and-out-of-state/").main.find("table")
    assert table is not None
    assert table.caption and _text(table.caption)
    headers = [_text(th) for th in table.select("thead th")]
    assert headers == ["Location", "Medical provider", "Session type", "Integration support"]
    rows = {_text(row.find("th")): [_text(td) for td in row.find_all("td")] for row in table.select("tbody tr")}
    arizona = next(v for k, v in rows.items() if k.startswith("Arizona"))
    outside = next(v for k, v in rows.items() if k.startswith("Outside"))
    assert "Dr. Eddie" in arizona[0] and "Journey Clinical" in outside[0]
    assert "office" in arizona[1].lower() and "home" in outside[1].lower()
    assert "Renelle" in arizona[2] and "Renelle" in outside[2]
    assert all(th.get("scope") for th in table.find_all("th"))


def test_faq_answers_all_six_topics(site):
    # The questions are h3s under their group's h2 (issue 21: listed first, grouped).
    questions = " | ".join(_text(h) for h in site.soup("/faq/").select(".app-prose h3")).lower()
    for topic in ("safe", "control", "both", "virtual", "therapist", "start"):
        assert topic in questions, topic


def test_faq_safety_answer_is_balanced(site):
    text = _text(site.soup("/faq/").main).lower()
    for fact in ("nausea", "dizz", "blood pressure", "psychosis", "pregnan", "schedule iii", "next day"):
        assert fact in text, fact


def test_faq_says_wisconsin_medication_comes_by_mail_after_approval(site):
    text = _text(site.soup("/faq/").main)
    assert re.search(r"Wisconsin[^.]*mail|mail[^.]*Wisconsin", text)


def test_session_arc_has_six_steps_and_the_numbers(site):
    main = site.soup("/how-it-works/").main
    steps = main.find("ol")
    assert steps is not None and len(steps.find_all("li", recursive=False)) == 6
    text = _text(main)
    for fact in ("75", "90", "120", "4 to 8", "1 to 3"):
        assert fact in text, fact
    assert "therapist" in text.lower()


def test_science_page_numbers_its_references(site):
    main = site.soup("/the-science/").main
    references = main.select("div.footnote li")
    assert len(references) >= 4
    for reference in references:
        assert reference.find("a", href=re.compile(r"^https://")), _text(reference)


def test_therapist_credentials_are_shown_without_inventing_irc(site, facts):
    text = _text(site.soup("/about/").main)
    assert facts["therapist"]["name"] in text
    assert "Licensed Marriage and Family Therapist" in text
    assert "Certified Sex Therapist" in text
    assert "IRC" in text
    assert not re.search(r"IRC\s*\((?!\s*\))", text), "IRC must not be expanded"


def test_home_has_a_book_a_consult_action(site, facts):
    buttons = site.soup("/").main.find_all("a", class_="app-button")
    assert buttons and all(b["href"] == facts["practice"]["booking_url"] for b in buttons)
    assert "Book a consult" in _text(buttons[0])
