"""One description of a page's header (plugins/kact_gate/schemas/page_header.schema.yml),
and everything else that lists its fields held to it: the gate's fields, the browser
editor's forms and the order it writes fields in, the page `make new-page` starts and
the header table of docs/editing-reference.md. A field added in one of them only fails here.
"""
import re

import pytest
import yaml

from tests.site import ROOT
from tooling.pages.new_page import TEMPLATE
from kact_gate.checks.metadata import FIELDS, HEADER_SCHEMA
from kact_gate.checks.spelling import VISIBLE_FIELDS
from kact_navigation.navigation import ORDER_FIELDS

PROPERTIES = HEADER_SCHEMA["properties"]
EDITOR_CONFIG = ROOT / "editor" / "admin" / "config.yml"
FORMATS = ROOT / "editor" / "admin" / "pelican-format.js"
REVIEWED_REQUIRED = ROOT / "editor" / "admin" / "reviewed-required.js"
GUIDE = ROOT / "docs" / "editing-reference.md"
# A header value's type in the schema -> the widget that edits it in Decap
# (kact-reviewed: Decap's datetime, editor/admin/reviewed-required.js).
WIDGETS = {"string": "string", "integer": "number", "date": "kact-reviewed"}


def editor_forms(config):
    """(form's name, its fields) for each editor form that edits a page's header."""
    for collection in config["collections"]:
        if collection.get("format") == "pelican":
            yield collection["name"], collection["fields"]
        for file in collection.get("files", []):
            if file["file"].startswith("content/pages/"):
                yield file["name"], file["fields"]


def header_fields_of(fields):
    """The form's fields that are header fields (capitalised, as the header writes them)."""
    return [field for field in fields if field["name"][:1].isupper()]


def schema_problems_of_form(fields):
    problems = []
    for field in header_fields_of(fields):
        name = field["name"]
        spec = PROPERTIES.get(name)
        if spec is None:
            problems.append(f"{name} is not a field of the header's schema")
            continue
        if field.get("label") != spec["x-label"]:
            problems.append(f"{name} is labelled {field.get('label')!r}, the schema says {spec['x-label']!r}")
        widget = "select" if "enum" in spec else WIDGETS[spec["type"]]
        if field.get("widget") != widget:
            problems.append(f"{name} is edited with widget {field.get('widget')!r}, its type needs {widget!r}")
        if "enum" in spec and [option["value"] for option in field["options"]] != spec["enum"]:
            problems.append(f"{name} offers {field['options']}, the schema allows {spec['enum']}")
        if name in HEADER_SCHEMA["x-required-on-health-pages"]:
            continue  # required on some pages only: test_editor_reviewed_required.py
        required = field.get("required", True)  # Decap's default
        if required != (name in HEADER_SCHEMA["required"]):
            problems.append(f"{name} has required: {required} in the form, the schema disagrees")
    return problems


def test_the_gate_takes_every_field_from_the_schema():
    assert [field.name for field in FIELDS.values()] == list(PROPERTIES)
    assert [field.name for field in FIELDS.values() if field.required] == HEADER_SCHEMA["required"]
    assert all(PROPERTIES[field.name]["x-kind"] == field.kind for field in FIELDS.values())


def test_every_form_of_the_editor_edits_the_header_as_the_schema_describes_it():
    config = yaml.safe_load(EDITOR_CONFIG.read_text(encoding="utf-8"))
    forms = dict(editor_forms(config))
    assert set(forms) == {"pages", "faq"}
    for name, fields in forms.items():
        assert schema_problems_of_form(fields) == [], f"the {name} form in {EDITOR_CONFIG.relative_to(ROOT)}"
    labelled = [name for name, spec in PROPERTIES.items() if spec["x-label"]]
    assert [field["name"] for field in header_fields_of(forms["pages"])] == labelled, (
        "the page form shows exactly the fields with an x-label, in the schema's order")


def test_the_editors_limits_are_the_schemas():
    pages = dict(editor_forms(yaml.safe_load(EDITOR_CONFIG.read_text(encoding="utf-8"))))["pages"]
    fields = {field["name"]: field for field in pages}
    summary = PROPERTIES["Summary"]
    assert fields["Summary"]["pattern"][0] == f"^.{{{summary['minLength']},{summary['maxLength']}}}$"
    assert fields["Slug"]["pattern"][0] == PROPERTIES["Slug"]["pattern"]
    assert fields["Nav_order"]["min"] == PROPERTIES["Nav_order"]["minimum"]
    assert fields["Nav_order"]["value_type"] == "int"


def test_a_field_added_by_the_editor_goes_where_the_schema_puts_it():
    order = re.search(r"var FIELD_ORDER = \[([^\]]*)\];", FORMATS.read_text(encoding="utf-8"))
    assert re.findall(r'"(\w+)"', order.group(1)) == list(PROPERTIES)


def test_the_fields_the_editors_health_rule_skips_are_header_fields():
    """reviewed-required.js reads a page's words without the fields readers do not see as words."""
    skipped = re.search(r"var NOT_READ = \[([^\]]*)\];", REVIEWED_REQUIRED.read_text(encoding="utf-8"))
    assert set(re.findall(r'"(\w+)"', skipped.group(1))) <= set(PROPERTIES)


def test_a_new_page_starts_with_the_schemas_new_page_fields():
    header = TEMPLATE.split("\n\n", 1)[0]
    written = re.findall(r"^(\w+): ", header, re.MULTILINE)
    assert written == [name for name, spec in PROPERTIES.items() if spec.get("x-new-page")]
    assert set(HEADER_SCHEMA["required"]) <= set(written)


def test_the_guide_documents_every_field_and_says_which_are_required():
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("| name | required? |"):]
    table = table[:table.index("\n\n")]
    documented = {}
    for row in table.splitlines()[2:]:
        names, required = row.split("|")[1:3]
        for name in re.findall(r"`(\w+)`", names):
            documented[name] = required.strip()
    assert sorted(documented) == sorted(PROPERTIES)
    assert sorted(name for name, said in documented.items() if said == "yes") == sorted(HEADER_SCHEMA["required"])
    for name in HEADER_SCHEMA["x-required-on-health-pages"]:
        assert "health" in documented[name]


def test_the_plugins_that_read_some_fields_read_the_schemas():
    def names(wanted):
        return [name.lower() for name, spec in PROPERTIES.items() if wanted(spec)]

    assert list(ORDER_FIELDS) == names(lambda spec: spec.get("type") == "integer"), (
        "kact_navigation makes numbers of the header's whole-number fields")
    assert list(VISIBLE_FIELDS) == names(lambda spec: spec.get("x-shown-to-readers")), (
        "the spelling check reads the fields readers see")


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_each_field_says_what_it_is(name):
    spec = PROPERTIES[name]
    assert spec["x-means"] and spec["x-kind"] and "x-label" in spec
