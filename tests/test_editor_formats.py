"""The browser editor's page formats (editor/admin/pelican-format.js), run in Node.

Reading a page and writing it back unchanged gives the same bytes, for every
page and both formats (a page, and the FAQ as questions and answers); a changed
field changes only its own line; a cleared field loses its line; a new field
takes its place in the usual order.
"""
import json
import os
import shutil
import subprocess

import pytest

from tests.site import ROOT

FORMATS = ROOT / "editor" / "admin" / "pelican-format.js"
PAGES = sorted((ROOT / "content" / "pages").glob("*.md"))

# Reads {"format", "text", "changes"} on stdin; prints the file the editor would write.
SCRIPT = """
const formats = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const format = formats[input.format];
const data = format.fromFile(input.text);
for (const [key, value] of Object.entries(input.changes)) {
  if (value === null) delete data[key]; else data[key] = value;
}
if (input.answer) data.questions[input.answer.index].answer = input.answer.text;
process.stdout.write(format.toFile(data));
"""


@pytest.fixture(scope="module")
def node():
    found = shutil.which("node")
    if found is None:
        message = "the editor's format tests need Node.js: `sudo apt-get install nodejs npm`"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (.ci/run installs it)", pytrace=False)
        pytest.skip(message)
    return found


def written(node, text, format="pelican", changes=None, answer=None):
    request = {"format": format, "text": text, "changes": changes or {}, "answer": answer}
    result = subprocess.run(
        [node, "-e", SCRIPT, str(FORMATS)], input=json.dumps(request), capture_output=True, text=True, timeout=60,
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


def test_an_faq_answer_changes_only_its_own_text(node):
    faq = (ROOT / "content" / "pages" / "faq.md").read_text(encoding="utf-8")
    start = faq.index("## Can I keep my therapist?\n\n") + len("## Can I keep my therapist?\n\n")
    end = faq.index("\n\n## ", start)
    answer = {"index": 4, "text": "A new answer.\n\nIn two paragraphs."}
    assert written(node, faq, "pelicanFaq", answer=answer) == faq[:start] + answer["text"] + faq[end:]
