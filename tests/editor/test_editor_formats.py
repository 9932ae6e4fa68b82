"""The browser editor's formats (editor/admin/pelican-format.js and
facts-format.js), run in Node.

Reading a page and writing it back unchanged gives the same bytes, for every
page and both page formats (a page, and the FAQ as groups of questions and
answers); a
changed field changes only its own line; a cleared field loses its line; a new
field takes its place in the usual order. The same for data/practice.yml: a
changed fact changes its own line, and comments and sources stay.
"""
import datetime
import json
import shutil
import subprocess

import pytest
import yaml

from tests.site import ROOT
from tests.support import missing
from kact_register import load_register
from tooling.editor.editor import read_data, shared_settings

FORMATS = ROOT / "editor" / "admin" / "pelican-format.js"
FACTS_FORMAT = ROOT / "editor" / "admin" / "facts-format.js"
YAML_PACKAGE = ROOT / "editor" / "node_modules" / "yaml"
PRACTICE = ROOT / "data" / "practice.yml"
PAGES = sorted((ROOT / "content" / "pages").glob("*.md"))

# Reads {"format", "text", "changes"} on stdin; prints the file the editor would write.
SCRIPT = """
const formats = require(process.argv[1]);
formats.facts = require(process.argv[2]).format(require(process.argv[3]));
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const format = formats[input.format];
const data = format.fromFile(input.text);
for (const [path, value] of Object.entries(input.changes)) {
  const keys = path.split(".");
  const last = keys.pop();
  const parent = keys.reduce((object, key) => object[key], data);
  if (value === null) delete parent[last]; else parent[last] = value;
}
if (input.answer) {
  const found = data.groups.flatMap(group => group.questions).find(item => item.question === input.answer.question);
  found.answer = input.answer.text;
}
process.stdout.write(input.shown ? JSON.stringify(data) : format.toFile(data));
"""


@pytest.fixture(scope="module")
def node():
    found = shutil.which("node")
    if found is None or not YAML_PACKAGE.is_dir():
        missing("the editor's format tests need Node.js (`sudo apt-get install nodejs npm`) "
                "and the editor's packages (`make editor`)")
    return found


def written(node, text, format="pelican", changes=None, answer=None, shown=False):
    request = {"format": format, "text": text, "changes": changes or {}, "answer": answer, "shown": shown}
    result = subprocess.run(
        [node, "-e", SCRIPT, str(FORMATS), str(FACTS_FORMAT), str(YAML_PACKAGE)], input=json.dumps(request), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("format", ["pelican", "pelicanFaq"])
@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_a_page_saved_unchanged_keeps_every_byte(node, page, format):
    text = page.read_text(encoding="utf-8")
    assert written(node, text, format) == text


HEADER = "Title: Old title\nSummary: A summary.\nSlug: x\nURL:\nTemplate: home\nReviewed: 2026-01-01\n\nText.\n"


def test_a_changed_field_changes_its_own_line_only(node):
    assert written(node, HEADER, changes={"Title": "New title"}) == HEADER.replace("Old title", "New title")


def test_a_cleared_field_loses_its_line_and_an_empty_one_stays(node):
    assert written(node, HEADER, changes={"Reviewed": ""}) == HEADER.replace("Reviewed: 2026-01-01\n", "")


def test_a_new_field_goes_where_the_schema_puts_it(node):
    result = written(node, HEADER, changes={"Nav_order": 3, "Status": "draft"})
    assert result == HEADER.replace("Slug: x\n", "Slug: x\nNav_order: 3\n").replace(
        "Reviewed: 2026-01-01\n", "Reviewed: 2026-01-01\nStatus: draft\n"
    )


FAQ_PAGE = ROOT / "content" / "pages" / "faq.md"


def test_an_faq_answer_changes_only_its_own_text(node):
    faq = FAQ_PAGE.read_text(encoding="utf-8")
    start = faq.index("### Can I keep my therapist?\n\n") + len("### Can I keep my therapist?\n\n")
    end = faq.index("\n\n#", start)
    answer = {"question": "Can I keep my therapist?", "text": "A new answer.\n\nIn two paragraphs."}
    assert written(node, faq, "pelicanFaq", answer=answer) == faq[:start] + answer["text"] + faq[end:]


def test_the_faq_form_shows_each_group_with_its_own_questions(node):
    """Issue 21 grouped the questions (`### `) under `## ` headings; the form
    found none and showed the whole page as one box."""
    expected, group = [], None
    for line in FAQ_PAGE.read_text(encoding="utf-8").splitlines():
        if line == "## References":
            break
        if line.startswith("## "):
            group = {"group": line[3:], "questions": []}
            expected.append(group)
        elif line.startswith("### "):
            group["questions"].append(line[4:])
    assert len(expected) >= 2 and all(group["questions"] for group in expected), expected
    data = json.loads(written(node, FAQ_PAGE.read_text(encoding="utf-8"), "pelicanFaq", shown=True))
    shown = [{"group": group["group"], "questions": [item["question"] for item in group["questions"]]}
             for group in data["groups"]]
    assert shown == expected
    assert data["outro"].startswith("## References\n") and "### " not in data["outro"]
    assert all(item["answer"].strip() for group in data["groups"] for item in group["questions"])

def test_the_facts_file_saved_unchanged_keeps_every_byte(node):
    text = PRACTICE.read_text(encoding="utf-8")
    assert written(node, text, "facts") == text


def test_a_changed_fact_changes_its_own_line_and_keeps_comments(node):
    text = PRACTICE.read_text(encoding="utf-8")
    changes = {"crisis.samhsa.number": "1-800-662-4358", "crisis.crisis_text_line.number": ""}
    result = written(node, text, "facts", changes=changes)
    assert result == text.replace("number: 1-800-662-4357", "number: 1-800-662-4358", 1)


def test_a_crisis_line_added_in_the_form_is_written_as_a_list_item_the_build_accepts(node, tmp_path):
    """The facts form's "Crisis lines you add" writes crisis.added as a block list,
    numbers quoted so they stay text, the date a YAML date; nothing else changes,
    and the gate's data checks accept the file."""
    from kact_gate.preflight import _check_data_file

    text = PRACTICE.read_text(encoding="utf-8")
    item = {"source": "practice", "name": "Example County Crisis Line", "number": "211", "text_number": "55042",
            "when": "For people in Example County.", "confirmed": "2026-12-07"}
    result = written(node, text, "facts", changes={"crisis.added": [item]})
    assert result == text.replace("  added: []\n", (
        "  added:\n    - source: practice\n      name: Example County Crisis Line\n      number: \"211\"\n"
        "      text_number: \"55042\"\n      when: For people in Example County.\n      confirmed: 2026-12-07\n"), 1)
    (tmp_path / "practice.yml").write_text(result, encoding="utf-8")
    assert list(_check_data_file(tmp_path / "practice.yml", "data/practice.yml")) == []


TIME_LIMITS = ROOT / "data" / "time_limits.yml"
CONFIG = ROOT / "editor" / "admin" / "config.yml"


def test_the_dated_statements_saved_unchanged_keep_every_byte(node):
    text = TIME_LIMITS.read_text(encoding="utf-8")
    assert written(node, text, "facts") == text


def test_a_moved_end_date_changes_its_own_line_and_stays_a_date(node):
    """Issue 18: after the date passes she re-reads the source and moves the
    date in the form; the file must get a YAML date the build reads as one."""
    text = TIME_LIMITS.read_text(encoding="utf-8")
    first = next(iter(yaml.safe_load(text)))
    result = written(node, text, "facts", changes={f"{first}.ends_on": "2027-06-30"})
    old = f"ends_on: {yaml.safe_load(text)[first]['ends_on'].isoformat()}"
    assert result == text.replace(old, "ends_on: 2027-06-30", 1)
    assert yaml.safe_load(result)[first]["ends_on"] == datetime.date(2027, 6, 30)


def test_every_dated_statement_has_its_section_in_the_form():
    """A statement the form lacks could not be updated without a developer."""
    settings = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    entry = next(item for collection in settings["collections"] for item in collection.get("files", ())
                 if item["file"] == "data/time_limits.yml")
    assert entry["label"] == "Dated statements (rules with an end date)"
    sections = {field["name"]: field for field in entry["fields"]}
    statements = yaml.safe_load(TIME_LIMITS.read_text(encoding="utf-8"))
    assert set(sections) == set(statements)
    for name in statements:
        boxes = {field["name"]: field for field in sections[name]["fields"]}
        assert set(boxes) == {"says", "ends_on", "source", "pages"}, name
        assert boxes["ends_on"]["widget"] == "datetime" and boxes["ends_on"]["format"] == "YYYY-MM-DD"


def test_a_dated_statements_source_is_picked_from_the_sources_the_site_cites():
    """Issue 18: the Source box was free text, so a misspelt id was saved and the
    build refused it. It is a pick-list of data/sources.yml's ids, read from that
    file when the settings are made, never a second list in config.yml."""
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    raw = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    served = shared_settings(read_data("editor.yml"))
    for settings in (raw, served):
        dated = next(collection for collection in settings["collections"] if collection["name"] == "dated")
        boxes = [field for section in dated["files"][0]["fields"] for field in section["fields"]
                 if field["name"] == "source"]
        assert boxes and all(box["widget"] == "select" for box in boxes)
        if settings is raw:
            assert all("options" not in box for box in boxes), "config.yml must not copy the list of sources"
        else:
            for box in boxes:
                assert [option["value"] for option in box["options"]] == list(sources)
                assert all(option["label"] for option in box["options"])
                assert "options_from" not in box
    # Every statement's source is among the choices, so saving it unchanged is allowed.
    limits = yaml.safe_load(TIME_LIMITS.read_text(encoding="utf-8"))
    assert {statement["source"] for statement in limits.values()} <= set(sources)


FAQ = "Title: T\nSummary: S\n\n## First\n\n### One?\n\nA.\n\n## Second\n\n### Two?\n\nB.[^x]\n"
REFERENCES = "\n## References\n\n[^x]: A source.\n"


@pytest.mark.parametrize("references", ["", REFERENCES], ids=["no-references", "references"])
def test_a_question_added_to_the_last_group_goes_before_the_references_spaced_like_the_others(node, references):
    new = {"groups.1.questions.1": {"question": "Three?", "answer": "C."}}
    assert written(node, FAQ + references, "pelicanFaq", changes=new) == FAQ + "\n### Three?\n\nC.\n" + references


def test_a_question_added_to_the_first_group_stays_in_it(node):
    new = {"groups.0.questions.1": {"question": "Three?", "answer": "C."}}
    result = written(node, FAQ + REFERENCES, "pelicanFaq", changes=new)
    assert result == (FAQ + REFERENCES).replace("A.\n\n## Second", "A.\n\n### Three?\n\nC.\n\n## Second")


def test_a_new_group_goes_before_the_references(node):
    new = {"groups.2": {"group": "Third", "intro": "", "questions": [{"question": "Three?", "answer": "C."}]}}
    result = written(node, FAQ + REFERENCES, "pelicanFaq", changes=new)
    assert result == FAQ + "\n## Third\n\n### Three?\n\nC.\n" + REFERENCES


def test_text_under_a_group_heading_is_its_own_box(node):
    text = FAQ.replace("## Second\n\n", "## Second\n\nAbout the second.\n\n")
    data = json.loads(written(node, text, "pelicanFaq", shown=True))
    assert data["groups"][1]["intro"] == "About the second."
    assert written(node, text, "pelicanFaq") == text
    changed = written(node, text, "pelicanFaq", changes={"groups.1.intro": "Changed."})
    assert changed == text.replace("About the second.", "Changed.")


def test_a_heading_inside_a_code_block_is_part_of_the_answer(node):
    code = "```\n## Not a group\n### Not a question?\n```"
    text = FAQ.replace("A.\n", f"A.\n\n{code}\n")
    data = json.loads(written(node, text, "pelicanFaq", shown=True))
    assert data["groups"][0]["questions"] == [{"question": "One?", "answer": f"A.\n\n{code}"}]
    assert written(node, text, "pelicanFaq") == text


def test_the_references_are_not_a_question(node):
    outro = REFERENCES.lstrip("\n").replace("A source", "B")  # what the box after the questions shows
    result = written(node, FAQ + REFERENCES, "pelicanFaq", changes={"outro": outro})
    assert result == FAQ + REFERENCES.replace("A source", "B")


OPEN_QUESTION = """# A comment that must stay.
cancellation:
  source: practice
  confirmed:
  ask: What is the cancellation policy?
  why: Sessions may have to move.
  policy: ""
"""


def test_answering_an_open_question_changes_only_its_answer_and_date(node):
    answer = {"cancellation.policy": "Give two days of notice.", "cancellation.confirmed": "2026-12-01"}
    result = written(node, OPEN_QUESTION, "facts", changes=answer)
    # The answer keeps the quotes the empty value had.
    assert result == OPEN_QUESTION.replace('policy: ""', 'policy: "Give two days of notice."').replace(
        "confirmed:\n", "confirmed: 2026-12-01\n"
    )


def test_a_group_the_file_lacks_and_the_form_leaves_empty_writes_nothing(node):
    empty_group = {"costs": {"ask": "", "insurance": "", "confirmed": None}}
    assert written(node, OPEN_QUESTION, "facts", changes=empty_group) == OPEN_QUESTION


NESTED_ANSWERS = {
    # (dotted path, the line as the file has it, the answer the form saves)
    "therapist.to_confirm.irc_meaning": ('    irc_meaning: ""', "Integrative Relationship Coach"),
    "therapist.to_confirm.license_arizona": ('    license_arizona: ""', "LMFT-12345"),
    "prescribers.arizona_details.full_name": ('    full_name: ""', "Eddie Example"),
    "links.journey_clinical_guide.url.value": ('      value: ""', "https://www.journeyclinical.com/guide"),
}


def test_answering_the_nested_open_questions_changes_only_their_lines(node):
    """therapist.to_confirm, prescribers.arizona_details and the guide's address sit
    inside other facts; an answer and its date must land there and nowhere else."""
    text = PRACTICE.read_text(encoding="utf-8")
    changes = {path: answer for path, (_line, answer) in NESTED_ANSWERS.items()}
    changes["links.journey_clinical_guide.url.confirmed"] = "2026-12-01"
    expected = text
    for _path, (line, answer) in NESTED_ANSWERS.items():
        assert expected.count(line + "\n") == 1, line
        expected = expected.replace(line + "\n", line.replace('""', f'"{answer}"') + "\n")
    guide = expected.index("  journey_clinical_guide:")
    date_at = expected.index("      confirmed:\n", guide)
    expected = expected[:date_at] + "      confirmed: 2026-12-01\n" + expected[date_at + len("      confirmed:\n"):]
    assert written(node, text, "facts", changes=changes) == expected


def test_every_open_question_has_its_group_in_the_form():
    """Each group `make questions` lists (data/practice.yml's truth register) is
    in the editor's open-questions form, at its own place, with every answer and the date."""
    settings = yaml.safe_load((ROOT / "editor" / "admin" / "config.yml").read_text(encoding="utf-8"))
    questions = next(collection for collection in settings["collections"] if collection["name"] == "questions")
    form = next(entry for entry in questions["files"] if entry["name"] == "open-questions")

    def fields_at(path):
        fields = form["fields"]
        for name in path.split("."):
            found = [field for field in fields if field["name"] == name]
            if not found:
                return None
            fields = found[0].get("fields", [])
        return {field["name"] for field in fields}

    missing = []
    for group in load_register(ROOT / "data").groups:
        shown = fields_at(group.path)
        answers = {fact.path[len(group.path) + 1:] or "value" for fact in group.facts}
        if shown is None or not answers | {"ask", "why", "confirmed"} <= shown:
            missing.append(f"{group.path}: the form shows {sorted(shown or [])}, needs {sorted(answers)}")
    assert missing == []


# Reads {"text", "changes"}; prints the saved file, or "REFUSED: " and the message.
REFUSING_SCRIPT = """
const YAML = require(process.argv[3]);
const settings = YAML.parse(require("fs").readFileSync(process.argv[4], "utf8"));
const form = settings.collections.find(collection => collection.name === "questions").files[0].fields;
const format = require(process.argv[2]).format(YAML, form);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const data = format.fromFile(input.text);
for (const [path, value] of Object.entries(input.changes)) {
  const keys = path.split(".");
  const last = keys.pop();
  keys.reduce((object, key) => object[key], data)[last] = value;
}
try { process.stdout.write(format.toFile(data)); } catch (error) { process.stdout.write("REFUSED: " + error.message); }
"""


def saved_with_form(node, text, changes):
    result = subprocess.run(
        [node, "-e", REFUSING_SCRIPT, str(FORMATS), str(FACTS_FORMAT), str(YAML_PACKAGE),
         str(ROOT / "editor" / "admin" / "config.yml")],
        input=json.dumps({"text": text, "changes": changes}), capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_dated_question_with_an_empty_answer_is_refused_naming_its_boxes(node):
    """Issue 18: a partly answered, dated question was saved and never shown, with no message."""
    text = PRACTICE.read_text(encoding="utf-8")
    partly = {"costs.therapy_sessions": "$200 a session", "costs.confirmed": "2026-12-01"}
    said = saved_with_form(node, text, partly)
    assert said.startswith("REFUSED: “Costs” has a date"), said
    assert "“What the prescriber charges”" in said and "“Superbills”" in said
    assert "“Therapy session fees”" not in said


def test_a_fully_answered_question_and_an_undated_partial_one_are_saved(node):
    text = PRACTICE.read_text(encoding="utf-8")
    undated = saved_with_form(node, text, {"costs.therapy_sessions": "$200 a session"})
    assert not undated.startswith("REFUSED"), undated
    answered = saved_with_form(node, text, {"cancellation.policy": "Give two days of notice.",
                                            "cancellation.confirmed": "2026-12-01"})
    assert not answered.startswith("REFUSED") and "Give two days of notice." in answered, answered
