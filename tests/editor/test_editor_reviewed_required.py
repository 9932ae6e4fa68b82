"""The browser editor asks for "Reviewed on" on exactly the pages the build
does (editor/admin/reviewed-required.js against plugins/kact_gate/checks/
reviewed_required.py and data/notices.yml's rules), run in Node on every page
as the editor reads it, and on new pages she might write.
"""
import json
import subprocess

import pytest

from tests.site import ROOT
from tests.editor.test_editor_formats import FORMATS, node  # noqa: F401 (the fixture)
from tooling.editor.editor import health_rules_json
from kact_gate.checks.reviewed_required import CRISIS_FACTS, HEALTH_NOTICES
from kact_core.plain_yaml import load_data
from kact_notices.rules import rule_matches

RULES = ROOT / "editor" / "admin" / "reviewed-required.js"
PAGES = sorted((ROOT / "content" / "pages").glob("*.md"))

# Reads [[format, text, slug], ...] on stdin; prints each page's reason ("" when none).
SCRIPT = """
const formats = require(process.argv[1]);
const source = require("fs").readFileSync(process.argv[2], "utf8");
const rules = JSON.parse(process.argv[3]);
import("data:text/javascript," + encodeURIComponent(source)).then(({ healthReason }) => {
  const pages = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const reasons = pages.map(([format, text, slug]) => healthReason(rules, formats[format].fromFile(text), slug));
  process.stdout.write(JSON.stringify(reasons));
});
"""


def editor_reasons(node, pages):  # noqa: F811 (the fixture)
    result = subprocess.run([node, "-e", SCRIPT, str(FORMATS), str(RULES), health_rules_json()],
                            input=json.dumps(pages), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def build_says_health_page(header, body):
    """The build's rule on the page's own words (reviewed_required.is_health_page)."""
    slug = header.get("Slug") or header["Title"].lower().replace(" ", "-")
    text = " ".join([header["Title"], header.get("Summary", ""), body])
    notices = [notice for notice in load_data(ROOT / "data" / "notices.yml") if notice["id"] in HEALTH_NOTICES]
    return (any(rule_matches(notice.get("rules", {}), slug, text) or notice.get("full_on") == slug
                for notice in notices)
            or any(fact in text for fact in CRISIS_FACTS))


def split_page(text):
    head, _, body = text.partition("\n\n")
    header = {}
    for line in head.splitlines():
        name, _, value = line.partition(":")
        header[name.strip()] = value.strip()
    return header, body


def test_the_form_asks_for_reviewed_on_exactly_where_the_build_does(node):  # noqa: F811
    pages = [("pelicanFaq" if path.name == "faq.md" else "pelican", path.read_text(encoding="utf-8"), path.stem)
             for path in PAGES]
    reasons = editor_reasons(node, pages)
    verdicts = {path.name: bool(reason) for path, reason in zip(PAGES, reasons)}
    expected = {path.name: build_says_health_page(*split_page(path.read_text(encoding="utf-8"))) for path in PAGES}
    assert verdicts == expected
    assert verdicts["faq.md"] and verdicts["how-it-works.md"] and not verdicts["privacy.md"], verdicts


@pytest.mark.parametrize("title, body, reason", [
    ("Office hours", "We answer email on weekdays.", ""),
    ("Office hours", "Ketamine-Assisted Couples Therapy starts with a consult.", ""),
    ("What to expect", "Ketamine is given by the prescriber.", "it carries the “FDA status” notice"),
    ("What to expect", "The results differ for each couple.", "it carries the “Results vary” notice"),
    ("After a session", "Rest after your journey.", "it carries the “No driving after a journey” notice"),
    ("When it is urgent", "Call {{ crisis.lifeline.number }}.", "it shows crisis numbers"),
    ("How it works", "We meet first.", "it carries the “Eligibility” notice"),  # how-it-works by its slug
])
def test_a_new_page_needs_reviewed_on_when_it_gives_health_information(node, title, body, reason):  # noqa: F811
    page = f"Title: {title}\nSummary: A page written in the browser editor for this test, long enough.\n\n{body}\n"
    assert editor_reasons(node, [("pelican", page, "")]) == [reason]
    assert build_says_health_page(*split_page(page)) is bool(reason)
