"""The crisis registry: one form for every number, a floor in code that data
can extend but not change, numbers typed in words, and one set of patterns
for the data file's schema and the browser editor's facts form."""
import datetime
import re

import pytest
import yaml

from tests.site import ROOT
from kact_gate.crisis_data import crisis_data_problems
from kact_gate.preflight import _check_data_file, _line_of, hidden_text
from kact_core.crisis_registry import FLOOR, FLOOR_BY_KEY, address_number, readable, registry
from kact_gate.typed_numbers import typed_numbers
from kact_core.unicode_text import normalise

SCHEMA = yaml.safe_load((ROOT / "plugins/kact_gate/schemas/practice.schema.yml").read_text(encoding="utf-8"))
EDITOR = yaml.safe_load((ROOT / "editor/admin/config.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("address, number", [
    ("tel:988", "988"),
    ("tel:+988", "+988"),  # a number abroad, not the Lifeline
    ("tel:%2B988", "+988"),
    ("tel:+1988", "1988"),
    ("tel:+1-800-799-7233", "18007997233"),
    ("tel:+18007997233", "18007997233"),
    ("tel:800.799.7233", "18007997233"),
    ("tel:(800)%20799-7233", "18007997233"),
    ("sms:741741?&body=HOME", "741741"),
    ("sms:88788;ext=1", "88788"),
    ("tel:\uff19\uff18\uff18", "988"),
    ("tel:", ""),
])
def test_every_address_is_compared_in_one_form(address, number):
    assert address_number(address) == number


@pytest.mark.parametrize("sentence, found", [
    ("If you are thinking about suicide, call or text 998.", ["998"]),
    ("Dial 9 9 1 now.", ["9 9 1"]),
    ("Or text HOME to \uff17\uff14\uff11\uff17\uff11\uff14.", ["741714"]),
    ("Call 911 or 998.", ["911", "998"]),
    ("Call the 998 Lifeline.", ["998"]),
    ("The hotline: 1 (800) 799-7234.", ["1 (800) 799-7234"]),
    ("In 2019, a study of 300 couples found that 75 percent finished.", []),
    ("Reviewed 2026-11-26; doi 10.1176/appi.ajp.2019.19030289.", []),
    ("Call 988, then press 1.", ["988"]),
])
def test_numbers_a_reader_would_dial_are_found_in_words(sentence, found):
    assert [typed.written for typed in typed_numbers(normalise(sentence))] == found


def test_the_registry_is_the_floor_plus_lines_data_adds_never_a_change():
    facts = {"lifeline": {"number": "998", "call": "tel:998", "text": "sms:998"},
             "poison_help": {"name": "Poison Help", "number": "1-800-222-1222", "call": "tel:+18002221222"}}
    crisis = registry(facts)
    assert crisis.line("lifeline").numbers == {"988"}, "a data file cannot move the Lifeline"
    assert "18002221222" in crisis.numbers and "998" not in crisis.numbers
    assert crisis.named_near("call Poison Help")[0].key == "poison_help"


@pytest.mark.parametrize("number, words, meant", [
    ("998", "call or text", "crisis.lifeline.number"),
    ("991", "dial", "crisis.emergency.number"),
    ("741714", "text HOME to", "crisis.crisis_text_line.text_instructions"),
    ("18007997234", "", "crisis.domestic_violence.number"),
])
def test_the_fix_names_the_fact_the_number_was_meant_to_be(number, words, meant):
    crisis = registry(yaml.safe_load((ROOT / "data/practice.yml").read_text(encoding="utf-8"))["crisis"])
    assert crisis.fact_for(crisis.likely_meant(number, words)) == meant


def _data_problems(text, name="practice.yml", folder=None):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    loader = yaml.SafeLoader(text)
    node = loader.get_single_node()
    value = loader.construct_document(node)
    loader.dispose()
    return list(crisis_data_problems(path, f"data/{name}", value, lambda keys: _line_of(node, keys)))


def test_the_real_data_files_hold_the_floor(tmp_path):
    for name in ("practice.yml", "notices.yml"):
        assert _data_problems((ROOT / "data" / name).read_text(encoding="utf-8"), name, tmp_path) == []


@pytest.mark.parametrize("change, says", [
    (("sms:741741", "sms:741714"), "crisis.crisis_text_line.text: sms:741714 is not the Crisis Text Line number"),
    (("number: 1-800-662-4357", "number: 1-800-662-4358"), "crisis.samhsa.number"),
    (("instructions: call 988, then press 1", "instructions: call 998, then press 1"), "crisis.veterans.instructions"),
    (("  veterans:\n", "  veterans_old:\n"), "crisis.veterans is missing"),
])
def test_a_data_file_cannot_change_or_drop_a_floor_number(tmp_path, change, says):
    text = (ROOT / "data/practice.yml").read_text(encoding="utf-8")
    assert change[0] in text
    found = [problem.what for problem in _data_problems(text.replace(change[0], change[1]), folder=tmp_path)]
    assert any(says in what for what in found), found


def test_the_urgent_help_bar_shows_numbers_only_through_facts(tmp_path):
    text = (ROOT / "data/notices.yml").read_text(encoding="utf-8")
    typed = text.replace("[Call {{ crisis.emergency.number }}]", "[Call 911]", 1)
    assert typed != text
    found = _data_problems(typed, "notices.yml", tmp_path)
    assert [problem.what for problem in found] == [
        "urgent-help.text: the urgent-help bar types the number 911. "
        "The bar is on every page, so it may show numbers only through facts."]
    assert found[0].line == next(number for number, line in enumerate(typed.splitlines(), 1) if "[Call 911]" in line)


def _editor_crisis_fields():
    facts = next(collection for collection in EDITOR["collections"] if collection["name"] == "facts")
    practice = next(file for file in facts["files"] if file["name"] == "practice")
    crisis = next(field for field in practice["fields"] if field["name"] == "crisis")
    for line in crisis["fields"]:
        if line["widget"] == "list":
            continue  # the lines she adds (crisis.added): their own rules, below
        for field in line["fields"]:
            yield line["name"], field


SCHEMA_PATTERN = {"number": "crisis_number", "call": "crisis_call", "text": "crisis_text"}
IN_WORDS = ("text_instructions", "instructions")
PRACTICE = yaml.safe_load((ROOT / "data/practice.yml").read_text(encoding="utf-8"))


def _floor_value(line, field):
    """The floor's number for a box of the facts form, in the one form the schema takes."""
    number = {"call": line.call, "text": line.text, "text_instructions": line.text}.get(field) or line.call or line.text
    address = f"+{number}" if len(number) == 11 else number
    return {"number": readable(number), "call": f"tel:{address}", "text": f"sms:{address}"}.get(field, number)


def _regex_literal(text):
    """`text` as a literal in a JavaScript regular expression (what Decap runs); a
    hyphen needs no escape there, and "\\-" would be refused in a `u` pattern."""
    return re.sub(r"[.*+?^${}()|[\]\\]", lambda special: "\\" + special.group(), text)


def _one_digit_off(value):
    """`value` with each digit in turn changed (988 -> 088, 998, 989): the slips a form must refuse."""
    return [value[:at] + str((int(digit) + 1) % 10) + value[at + 1:]
            for at, digit in enumerate(value) if digit.isdigit()]


def _form_rules():
    """(line, box, pattern, message) for every box of the facts form that holds a national line's number."""
    for key, field in _editor_crisis_fields():
        if field["name"] in (*SCHEMA_PATTERN, *IN_WORDS):
            assert key in FLOOR_BY_KEY, f"the facts form has a number box for {key}, a line the floor does not know"
            assert "pattern" in field, f"the facts form's {key}.{field['name']} box takes any number"
            yield FLOOR_BY_KEY[key], field["name"], *field["pattern"]


def test_the_facts_form_takes_only_the_floors_number_for_each_national_line():
    """One schema: each national line's number box takes exactly the floor's
    number (crisis_registry.py), written in the form practice.schema.yml takes,
    so the form cannot save 998 for the 988 Lifeline; the message names the number."""
    other_floor_values = {box: {_floor_value(line, box) for line in FLOOR if _floor_value(line, box)}
                          for box in (*SCHEMA_PATTERN, *IN_WORDS)}
    checked = set()
    for line, box, pattern, message in _form_rules():
        right = _floor_value(line, box)
        assert right and right in message, (line.key, box, message)
        if box in SCHEMA_PATTERN:
            assert pattern == f"^{_regex_literal(right)}$", (line.key, box, pattern)
            assert re.search(SCHEMA["$defs"][SCHEMA_PATTERN[box]]["pattern"], right), (line.key, box)
            takes, refuses = [right], _one_digit_off(right) + sorted(other_floor_values[box] - {right})
        else:
            in_data = PRACTICE["crisis"][line.key][box]
            takes = [in_data, f"text or call {right}"]
            refuses = [in_data.replace(right, wrong) for wrong in _one_digit_off(right)] + ["call 911 first"]
        for value in takes:
            assert re.search(pattern, value), f"the form refuses {value!r} for {line.key}.{box}"
        for value in refuses:
            assert not re.search(pattern, value), f"the form takes {value!r} for {line.key}.{box}"
        checked.add((line.key, box))
    assert ("lifeline", "number") in checked and len(checked) >= 14, checked


def test_every_floor_number_box_of_the_data_file_is_in_the_facts_form():
    boxes = {(line.key, box) for line, box, _pattern, _message in _form_rules()}
    for line in FLOOR:
        for box in (*SCHEMA_PATTERN, *IN_WORDS):
            if PRACTICE["crisis"][line.key].get(box) and _floor_value(line, box):
                assert (line.key, box) in boxes, f"crisis.{line.key}.{box} is not checked by the facts form"


def test_every_floor_line_is_in_the_editor_form():
    assert {line.key for line in FLOOR} <= {line for line, _field in _editor_crisis_fields()}


@pytest.mark.parametrize("field, value, accepted", [
    ("call", "tel:988", True),
    ("call", "tel:+18007997233", True),
    ("call", "tel:+988", False),
    ("call", "tel:9 8 8", False),
    ("text", "sms:741741", True),
    ("text", "sms:+988", False),
    ("number", "1-800-799-7233", True),
    ("number", "988", True),
    ("number", "９８８", False),
])
def test_the_schemas_patterns_take_one_form(field, value, accepted):
    pattern = SCHEMA["$defs"][SCHEMA_PATTERN[field]]["pattern"]
    assert bool(re.search(pattern, value)) is accepted


def _urgent_help_problems(tmp_path, body, aside=""):
    from types import SimpleNamespace

    from kact_gate.checks import urgent_help_page
    from kact_gate.site import Site

    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "output" / "urgent-help").mkdir(parents=True)
    (tmp_path / "theme").mkdir()
    source = tmp_path / "content" / "pages" / "urgent-help.md"
    source.write_text("Title: Urgent help\nSummary: s\n\nText.\n", encoding="utf-8")
    (tmp_path / "output" / "urgent-help" / "index.html").write_text(
        f"<!doctype html><title>t</title><main><div class='app-prose'>{body}</div></main><aside>{aside}</aside>",
        encoding="utf-8")
    page = SimpleNamespace(source_path=str(source), save_as="urgent-help/index.html", slug="urgent-help")
    settings = {"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
                "THEME": str(tmp_path / "theme")}
    return [problem.what for problem in urgent_help_page.check(Site(settings, pages=[page]))]


LINES = ("<ul class='app-crisis-lines'><li>Emergency services: <a href='tel:911'>call 911</a></li>"
         "<li>988 Suicide &amp; Crisis Lifeline: <a href='tel:988'>call 988</a> or <a href='sms:988'>text 988</a></li>"
         "<li>Crisis Text Line: <a href='sms:741741'>text HOME to 741741</a></li>"
         "<li>National Domestic Violence Hotline: <a href='tel:+18007997233'>call 1-800-799-7233</a> or "
         "<a href='sms:88788'>text START to 88788</a></li>"
         "<li>SAMHSA National Helpline: <a href='tel:+18006624357'>call 1-800-662-4357</a></li>"
         "<li>Veterans Crisis Line: <a href='tel:988'>call 988, then press 1</a></li></ul>")


@pytest.mark.parametrize("body, says", [
    (f"{LINES}<h2>This site cannot respond to emergencies</h2>", None),
    (f"{LINES}<p>We are unable to answer messages about an emergency.</p>", None),
    (f"{LINES}<p>This site <del>cannot answer emergencies</del> answers quickly.</p>", "cannot respond to emergencies"),
    (f"{LINES}<p hidden>This site cannot answer emergencies.</p><p>Write to us.</p>", "cannot respond to emergencies"),
    ("<p>This site cannot answer emergencies.</p>", "list of crisis lines is missing"),
    (LINES.replace("<li>Veterans Crisis Line: <a href='tel:988'>call 988, then press 1</a></li>", "")
     + "<p>This site cannot answer emergencies.</p>", "no link for: Veterans Crisis Line"),
])
def test_the_urgent_help_page_keeps_its_list_and_its_emergency_statement(tmp_path, body, says):
    found = _urgent_help_problems(tmp_path, body)
    assert (found == []) if says is None else any(says in what for what in found), found


def test_the_list_and_statement_count_only_in_the_pages_own_text(tmp_path):
    found = _urgent_help_problems(tmp_path, "<p>Words.</p>", aside=f"{LINES}<p>This site cannot answer emergencies.</p>")
    assert any("list of crisis lines is missing" in what for what in found), found
    assert any("cannot respond to emergencies" in what for what in found), found



# --- crisis lines the practice adds in the editor's facts form (crisis.added) ------------------

ADDED_LINE = {"source": "practice", "name": "Example County Crisis Line", "number": "1-602-555-0142",
              "text_number": "55042", "when": "For people in Example County, any time.",
              "confirmed": datetime.date(2026, 12, 7)}


def _practice_with_added(tmp_path, *items, edit=None):
    """data/practice.yml with `items` as crisis.added (and `edit` (old, new) made to the text)."""
    text = (ROOT / "data/practice.yml").read_text(encoding="utf-8")
    assert "  added: []\n" in text
    added = yaml.safe_dump({"added": list(items)}, sort_keys=False, allow_unicode=True)
    text = text.replace("  added: []\n", "".join(f"  {line}\n" for line in added.splitlines()), 1)
    if edit:
        assert edit[0] in text
        text = text.replace(*edit, 1)
    (tmp_path / "data").mkdir(exist_ok=True)
    path = tmp_path / "data" / "practice.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _file_problems(path):
    return [problem.what for problem in _check_data_file(path, "data/practice.yml")]


def test_a_line_added_in_the_form_is_accepted_and_joins_the_registry(tmp_path):
    path = _practice_with_added(tmp_path, ADDED_LINE)
    assert _file_problems(path) == []
    crisis = registry(yaml.safe_load(path.read_text(encoding="utf-8"))["crisis"])
    added = crisis.named_near("call the Example County Crisis Line")
    assert [(line.key, line.call, line.text) for line in added] == [("added.0", "16025550142", "55042")]
    assert {line.key: line.numbers for line in FLOOR} == {line.key: crisis.line(line.key).numbers for line in FLOOR}


@pytest.mark.parametrize("item, edit, says", [
    ({"name": "The 988 Suicide and Crisis Lifeline"}, None,
     'crisis.added.item 1 ("The 988 Suicide and Crisis Lifeline") takes the name of the 988 Suicide & Crisis Lifeline'),
    ({"number": "988"}, None, "988 is the number of the 988 Suicide & Crisis Lifeline"),
    ({"number": "1-800-799-7233"}, None, "1-800-799-7233 is the number of the National Domestic Violence Hotline"),
    ({"text_number": "741741"}, None, "741741 is the number of the Crisis Text Line"),
    # A line added by a key of its own, as Poison Help is, is held to the same rule.
    ({}, ("name: Poison Help", "name: Crisis Text Line"), 'crisis.poison_help ("Crisis Text Line") takes the name'),
    ({}, ("call: tel:+18002221222", "call: tel:911"), "tel:911 is the number of the Emergency services"),
])
def test_a_line_data_adds_cannot_replace_a_national_line(tmp_path, item, edit, says):
    """Data may add crisis lines, never stand in for a national one: a line named
    like the Lifeline would make the checks accept its number wherever the words
    name the Lifeline, and a national number under another name lists it twice."""
    path = _practice_with_added(tmp_path, {**ADDED_LINE, **item}, edit=edit)
    found = _file_problems(path)
    assert any(says in what for what in found), found
    crisis = registry(yaml.safe_load(path.read_text(encoding="utf-8"))["crisis"])
    assert crisis.line("lifeline").numbers == {"988"} and crisis.line("emergency").numbers == {"911"}


@pytest.mark.parametrize("item, says", [
    ({"number": "tel:+16025550142"}, "Write the number to call as people dial it"),
    ({"number": "602-555-0142"}, "Write the number to call as people dial it"),
    ({"text_number": "sms:55042"}, "Write the number to text"),
    ({"number": "", "text_number": ""}, "needs a number to call or a number to text"),
    ({"name": ""}, "must be filled in"),
])
def test_an_added_lines_numbers_are_checked_as_the_form_checks_them(tmp_path, item, says):
    found = _file_problems(_practice_with_added(tmp_path, {**ADDED_LINE, **item}))
    assert any(says in what for what in found), found


def test_an_invisible_character_in_an_added_line_stops_the_build(tmp_path):
    _practice_with_added(tmp_path, {**ADDED_LINE, "name": "Example County\u200b Crisis Line"})
    found = [(problem.path, problem.what) for problem in hidden_text(tmp_path)]
    assert found and found[0][0] == "data/practice.yml" and "U+200B ZERO WIDTH SPACE" in found[0][1], found


def test_the_form_for_added_lines_takes_what_the_schema_takes():
    """One rule for each box: the facts form's patterns for the lines she adds are
    the schema's, so the form refuses what the build would refuse."""
    facts = next(collection for collection in EDITOR["collections"] if collection["name"] == "facts")
    crisis = next(field for field in facts["files"][0]["fields"] if field["name"] == "crisis")
    added = next(field for field in crisis["fields"] if field["name"] == "added")
    assert added["widget"] == "list"
    boxes = {field["name"]: field for field in added["fields"]}
    schema = SCHEMA["$defs"]["added_crisis_line"]
    assert set(boxes) == set(schema["properties"])
    for name in ("number", "text_number"):
        assert boxes[name]["pattern"] == [schema["properties"][name]["pattern"],
                                          schema["properties"][name]["x-message"]], name
    assert (boxes["source"]["widget"], boxes["source"]["default"]) == ("hidden", "practice")
    assert boxes["confirmed"]["widget"] == "datetime" and boxes["confirmed"]["format"] == "YYYY-MM-DD"
