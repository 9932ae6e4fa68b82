"""Before anything is read: no links out of the project, and data files that hold together.

`pelicanconf.py` calls `refuse_unsafe_project` before it loads `data/*.yml`,
so every build (make html, make check, make publish, the preview, a plain
`pelican`) stops here, with one plain report and no traceback, when
- a file or folder in content/, theme/ or data/ is a symbolic link: Pelican
  would follow it and publish whatever it points at (a private key, say),
  and a link to nothing would crash the build;
- a content, data or theme file (templates and CSS) holds a hidden
  character (a control, a line separator, a bidi control, a zero-width
  mark...), raw or as an HTML reference: Pelican and the checks would read
  different text (a U+2028 at the end of a header line ends the line for
  Python, not for Markdown), and one in a template reaches every page;
- a data file is not YAML, or holds what the one loader of data files
  refuses (plain_yaml.DataLoader: a key written twice, anchors and aliases,
  tags, over-long values), or breaks its schema (schemas/<name>.schema.yml,
  JSON Schema written as YAML, checked with jsonschema), or its crisis lines
  differ from the floor in code (crisis_data.py).

Each problem names the file and line (from PyYAML's node marks). Every
data file has a schema (tests/plugins/test_gate_units.py fails for one without). Validating loads jsonschema
(0.15 s), so a set of data files found valid is remembered by its digest
in cache/ and not validated again until a file or schema changes.
"""
import datetime
import hashlib
import os
import re
import sys
from pathlib import Path

import yaml

from kact_core.plain_yaml import DataRefused, compose_data, construct, yaml_problem
from kact_core.problem import Problem
from .crisis_data import crisis_data_problems  # the crisis floor (crisis_registry.py)
from kact_core.report import GateFailed, format_report
from kact_core.unicode_text import hidden_marks, hidden_problem_words, may_hide

CHECKED_FOLDERS = ("content", "theme", "data")
# Folders of text a page or the build reads, and the kinds of file in them
# that are text (pictures are not, and go through kact_images; fonts are not).
TEXT_FOLDERS = ("content", "theme", "data")
TEXT_SUFFIXES = frozenset((".md", ".markdown", ".mdown", ".mkd", ".yml", ".yaml", ".txt", ".html", ".htm",
                           ".xhtml", ".svg", ".css", ".xml", ".json", ".csv"))
HIDDEN_FIX = ("Delete it: retype the words around it, or paste them through a plain-text editor. "
              "(Copying from a word processor or a web page often brings such characters along.)")
SCHEMAS = Path(__file__).resolve().parent / "schemas"
LINK_FIX = ("Replace the link with a real copy of the file inside the project (or delete it). "
            "The site never follows links, so nothing from outside the project can be published.")


def refuse_unsafe_project(project):
    """Print the report and stop the build (GateFailed) if anything is wrong."""
    project = Path(project)
    problems = [*linked_files(project), *hidden_text(project), *data_file_problems(project)]
    if problems:
        print(format_report(problems), file=sys.stderr)
        raise GateFailed(problems)


def linked_files(project):
    for folder in CHECKED_FOLDERS:
        for dirpath, dirnames, filenames in os.walk(project / folder):
            for name in [*dirnames, *filenames]:
                path = Path(dirpath) / name
                if path.is_symlink():
                    yield _link_problem(project, path)
            dirnames[:] = [name for name in dirnames if not (Path(dirpath) / name).is_symlink()]


def _link_problem(project, path):
    target = os.readlink(path)
    state = "" if path.exists() else ", which does not exist"
    kind = "folder" if path.is_dir() else "file"
    return Problem(
        path.relative_to(project).as_posix(), None,
        f"This is a link (symlink) to {target}{state}, not a real {kind}; the site refuses links.", LINK_FIX)


def hidden_text(project):
    """Hidden characters in every text file of content/, theme/ and data/, in name order.
    (os.scandir and plain strings: pathlib would triple the cost on a big site.)"""
    for path in sorted(path for folder in TEXT_FOLDERS for path in _text_files(os.path.join(project, folder))):
        yield from _hidden_in(path, project)


def _text_files(folder):
    folders = [folder]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif entry.is_file(follow_symlinks=False) and os.path.splitext(entry.name)[1].lower() in TEXT_SUFFIXES:
                yield entry.path


def _hidden_in(path, project):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if not may_hide(data):
            return
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return  # the metadata check reports a file that is not UTF-8, with its line
    rel = Path(path).relative_to(project).as_posix()
    for line, column, character, written in hidden_marks(text):
        yield Problem(rel, line, f"Column {column} holds {hidden_problem_words(character, written)}.", HIDDEN_FIX)


def data_file_problems(project):
    data = project / "data"
    files = sorted(path for path in data.glob("*.yml") if not path.is_symlink())
    digest = _digest(files)
    marker = project / "cache" / f"data-valid-{digest}"
    if marker.exists():
        return []
    problems = []
    for path in files:
        problems.extend(_check_data_file(path, f"data/{path.name}"))
    if not problems:
        marker.parent.mkdir(parents=True, exist_ok=True)
        for old in marker.parent.glob("data-valid-*"):
            old.unlink(missing_ok=True)
        marker.touch()
    return problems


def _digest(files):
    digest = hashlib.sha256()
    for path in [*files, *sorted(SCHEMAS.glob("*.yml")), Path(__file__)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _check_data_file(path, rel):
    try:
        node = compose_data(path)
        value = construct(node)
    except DataRefused as error:
        yield yaml_problem(error, rel)
        return
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return  # loading it next fails, and tooling/build/plain_problems.py says why in plain words
    schema_path = data_schema(path)
    if schema_path.is_file():
        yield from _schema_problems(rel, value, node, schema_path)
    yield from crisis_data_problems(path, rel, value, lambda keys: _line_of(node, keys))


def data_schema(path):
    """Where the schema of data file `path` is (every data file has one; a test makes sure)."""
    return SCHEMAS / path.name.replace(".yml", ".schema.yml")


def _schema_problems(rel, value, node, schema_path):
    import jsonschema

    schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
    # YAML reads 2026-11-30 as a date, which JSON Schema has no type for: `type: date`.
    dates = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "date", lambda _checker, instance: isinstance(instance, datetime.date))
    validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=dates)(schema)
    seen = set()
    for error in sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path))):
        error = _most_telling(error)
        path = [*error.absolute_path, *_offending_key(error)]
        line = _line_of(node, path)
        where = _path_words(value, path)
        what = f"{where}: {_plain(error)}" if where else _plain(error)[:1].upper() + _plain(error)[1:]
        if (line, what) not in seen:
            seen.add((line, what))
            yield Problem(rel, line, what, f"Correct it as the comment above it in {rel} says, or undo your "
                          f"last change. (The rules for this file are in plugins/kact_gate/schemas/{schema_path.name}.)")


def _offending_key(error):
    """The misspelt or unknown key itself, so the message points at its line."""
    if "propertyNames" in error.schema_path:
        return [error.instance]
    if error.validator == "additionalProperties" and error.validator_value is False and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        return [key for key in error.instance if key not in known][:1]
    return []


def _most_telling(error):
    """For anyOf/allOf, the deepest error below, which names the exact field."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def _plain(error):
    message = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if error.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        return f"{missing.group(1) if missing else 'a field'} is missing."
    if message:
        return message
    if error.validator == "type":
        return f"this should be {_kind(error.validator_value)}, not {error.instance!r}."
    if error.validator in ("minLength", "minItems", "minProperties"):
        return "this is empty; it must be filled in."
    if error.validator == "enum":
        return f"this must be one of {', '.join(map(str, error.validator_value))}."
    return error.message


def _kind(json_type):
    return {"object": "a group of named fields", "array": "a list", "string": "text", "boolean": "true or false",
            "number": "a number", "integer": "a whole number", "date": "a date (YYYY-MM-DD)"}.get(json_type, str(json_type))


def _path_words(value, path):
    """crisis.lifeline.number; a list item by its id (urgent-help.text) or place (item 2)."""
    words = []
    for part in path:
        item = value[part] if isinstance(value, (dict, list)) else None
        if isinstance(part, int):
            words.append(str(item["id"]) if isinstance(item, dict) and item.get("id") else f"item {part + 1}")
        else:
            words.append(str(part))
        value = item
    return ".".join(words)


def _line_of(node, path):
    """The line (from 1) of the value at `path`, or of the nearest field above it."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            # A key written twice: the last, the one PyYAML keeps.
            for key, value in node.value:
                if key.value == str(part):
                    child, line = value, key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
