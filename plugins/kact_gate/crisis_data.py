"""The crisis lines in the data files, checked before anything is built (preflight.py).

- data/practice.yml: every line of the floor (crisis_registry.FLOOR) is there,
  and each of its numbers (number, call, text, and the number in its words)
  is the floor's, compared in one form; a line's call dials its own number and
  its text goes to the number readers are shown. Lines the floor does not
  know may be added freely.
- data/notices.yml: the urgent-help bar's words show numbers only through
  facts ({{ crisis.lifeline.number }}), so the bar can never say "Dial 998".
"""
import re
from pathlib import Path

from kact_core.crisis_registry import ADDED, FLOOR, FLOOR_BY_KEY, address_number, dial_address, phone_form, readable
from kact_core.problem import Problem
from .typed_numbers import RUN
from kact_core.unicode_text import normalise

FACT = re.compile(r"\{\{.*?\}\}", re.DOTALL)
BAR_FIELDS = ("heading", "hidden_label", "text")
FLOOR_FIX = ("Write {expected}, as it was. The national crisis numbers are fixed in "
             "plugins/kact_core/crisis_registry.py, so no data file can change them; if a line's number "
             "really changes, the developer changes it there.")


def crisis_data_problems(path, rel, value, line_of):
    """Problems of the data file at `path` (shown as `rel`), given its loaded
    value and `line_of(keys)`, the line of the value at a path of keys (preflight.py's)."""
    if rel.endswith("practice.yml") and isinstance(value, dict):
        crisis = value.get("crisis")
        if isinstance(crisis, dict):
            yield from _floor_problems(rel, crisis, line_of)
            yield from _own_numbers(rel, crisis, line_of)
            yield from _not_a_national_line(rel, crisis, line_of)
    if rel.endswith("notices.yml") and isinstance(value, list):
        yield from _bar_problems(rel, value, line_of, path)


def _floor_problems(rel, crisis, line_of):
    for line in FLOOR:
        fact = crisis.get(line.key)
        if not isinstance(fact, dict):
            yield Problem(rel, line_of(["crisis"]),
                          f"crisis.{line.key} is missing: the {line.name} is one of the national crisis lines "
                          "the site must always list.",
                          FLOOR_FIX.format(expected=_expected(line)))
            continue
        for field, found, wanted in _numbers_of(line, fact):
            if found != wanted:
                yield Problem(rel, line_of(["crisis", line.key, field]),
                              f"crisis.{line.key}.{field}: {fact[field]} is not the {line.name} number "
                              f"({readable(wanted)}).",
                              FLOOR_FIX.format(expected=_expected(line, field)))


def _numbers_of(line, fact):
    """(field, number found, number the floor has) for each field of a floor line that holds one."""
    if line.call and fact.get("call"):
        yield "call", address_number(str(fact["call"])), line.call
    if line.text and fact.get("text"):
        yield "text", address_number(str(fact["text"])), line.text
    if fact.get("number"):
        wanted = line.call or line.text
        yield "number", phone_form(str(fact["number"])), wanted
    for field, wanted in (("instructions", line.call or line.text), ("text_instructions", line.text)):
        runs = RUN.findall(str(fact.get(field) or ""))
        if runs and wanted:
            yield field, phone_form(runs[0]), wanted


def _expected(line, field=None):
    ways = {"call": f"tel:{dial_address(line.call)}", "text": f"sms:{dial_address(line.text)}",
            "number": readable(line.call or line.text)}
    if field in ways:
        return ways[field]
    return ", ".join(ways[key] for key in ("number", "call", "text") if key == "number" or getattr(line, key))


def _own_numbers(rel, crisis, line_of):
    """Every added crisis line's call dials its number; its text goes to its
    number (or to the one its text instructions show). The floor's lines are
    held to the floor itself."""
    for key, fact in crisis.items():
        if not isinstance(fact, dict) or key in FLOOR_BY_KEY:
            continue
        number = phone_form(str(fact.get("number") or ""))
        call, text = address_number(str(fact.get("call") or "")), address_number(str(fact.get("text") or ""))
        if number and call and call != number:
            yield Problem(rel, line_of(["crisis", key, "call"]),
                          f"crisis.{key}.call: {fact['call']} does not dial its number {fact['number']}.",
                          f"Make them the same number: call: tel:{dial_address(number)} for number: {fact['number']}.")
        runs = RUN.findall(str(fact.get("text_instructions") or ""))
        shown = phone_form(runs[0]) if runs else number
        if text and shown and text != shown:
            yield Problem(rel, line_of(["crisis", key, "text"]),
                          f"crisis.{key}.text: {fact['text']} does not go to the number readers are shown ({shown}).",
                          "Make the text: address and the number in number: or text_instructions: the same.")


def _bar_problems(rel, notices, line_of, path):
    for index, notice in enumerate(notices):
        if not isinstance(notice, dict) or notice.get("id") != "urgent-help":
            continue
        for field in BAR_FIELDS:
            words = FACT.sub("", str(notice.get(field) or ""))
            for run in RUN.finditer(words):
                lines = Path(path).read_text(encoding="utf-8").splitlines()
                yield Problem(rel, _line_holding(lines, run.group(), line_of([index, field])),
                              f"urgent-help.{field}: the urgent-help bar types the number {run.group()}. "
                              "The bar is on every page, so it may show numbers only through facts.",
                              "Write the fact instead, for example {{ crisis.lifeline.number }} for 988 or "
                              "{{ crisis.emergency.number }} for 911, so the bar always shows the registry's numbers.")


def _line_holding(lines, text, start):
    """The first line from `start` (a folded text runs over several) that holds `text`."""
    if start is None:
        return None
    for number in range(start, len(lines) + 1):
        if text in lines[number - 1]:
            return number
    return start


NOT_A_NATIONAL_LINE_FIX = ("A line you add is a line of its own, with its own name and number. The national "
                           "lines are listed already, and their numbers are fixed in plugins/kact_core/crisis_registry.py, "
                           "so no data file can add a second one or stand in for one.")


def _not_a_national_line(rel, crisis, line_of):
    """A line data adds (a key the floor does not know, or an item of
    crisis.added) can never pass for a national line: not by its name, which
    the checks read as naming that line, nor by its number, which would list a
    national line twice under another name."""
    extra = [(["crisis", key], f"crisis.{key}", fact, _numbers_written(fact, ("number", "call", "text")))
             for key, fact in crisis.items() if isinstance(fact, dict) and key not in FLOOR_BY_KEY]
    items = crisis.get(ADDED) if isinstance(crisis.get(ADDED), list) else []
    extra += [(["crisis", ADDED, index], f"crisis.{ADDED}.item {index + 1}", item,
               _numbers_written(item, ("number", "text_number")))
              for index, item in enumerate(items) if isinstance(item, dict)]
    for keys, where, fact, numbers in extra:
        name = str(fact.get("name") or "")
        national = next((line for line in FLOOR if f" {_words(line.name)} " in f" {_words(name)} "), None)
        if national is not None:
            yield Problem(rel, line_of([*keys, "name"]),
                          f"{where} (\"{name}\") takes the name of the {national.name}, a national line "
                          "the site already lists.", NOT_A_NATIONAL_LINE_FIX)
        for field, written, number in numbers:
            national = next((line for line in FLOOR if number in line.numbers), None)
            if national is not None:
                yield Problem(rel, line_of([*keys, field]),
                              f"{where} (\"{name}\"): {written} is the number of the {national.name}, "
                              "a national line the site already lists.", NOT_A_NATIONAL_LINE_FIX)


def _numbers_written(fact, fields):
    """(field, as written, in phone_form) for each field of `fact` that holds a number."""
    for field in fields:
        written = str(fact.get(field) or "")
        number = address_number(written) if written.startswith(("tel:", "sms:")) else phone_form(written)
        if number:
            yield field, written, number


def _words(text):
    """A name compared by its words alone: case and punctuation make no difference, "&" is "and"."""
    return " ".join(re.findall(r"[0-9a-z]+", normalise(text).casefold().replace("&", " and ")))
