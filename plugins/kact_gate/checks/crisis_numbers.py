"""A phone number typed in the words of a page or a notice is the registry's
number for the line its words name.

"call or text 998", "dial 9 9 1", "text HOME to ７４１７１４": each looks
like help to a person in crisis and reaches no one. Every number a reader
would dial (typed_numbers.py says which) is compared, in one form, with the
crisis registry (the floor in crisis_registry.py and the lines
data/practice.yml adds): it must be one of its numbers, and when the words
around it name a line ("Crisis Text Line", "veterans"), that line's number.
The fix is always the fact, which shows the registry's number and cannot be
mistyped: {{ crisis.lifeline.number }}.
"""
from ..crisis_registry import phone_form, readable, registry
from ..locate import is_inside
from ..problem import Problem
from ..typed_numbers import typed_numbers
from ..unicode_text import normalise


def check(site):
    crisis = registry(site.settings.get("FACTS", {}).get("crisis"))
    for built in site.built_pages.values():
        prose = built.prose
        for element, sentence in built.sentences():
            for typed in typed_numbers(sentence):
                wrong = _wrong(typed, crisis)
                if wrong:
                    in_page = prose is not None and is_inside(element, prose)
                    yield _problem(site, built, typed, wrong, crisis, in_page)


def _wrong(typed, crisis):
    """Why the number is wrong ("unknown" or the line the words name), or None."""
    numbers = _numbers_meant(typed.written, crisis)
    if not all(number in crisis.numbers for number in numbers):
        return "unknown"
    named = crisis.named_near(f"{typed.before} {typed.after}")
    if named and not any(number in line.numbers for number in numbers for line in named):
        return named[0]
    return None


def _numbers_meant(written, crisis):
    """"9 8 8" is 988; "988 (988" is 988 twice (a number, then a line's name with its number)."""
    whole = phone_form(written)
    if whole in crisis.numbers:
        return [whole]
    parts = [phone_form(part) for part in written.split() if sum(c.isdigit() for c in part) >= 3]
    return parts if parts and all(part in crisis.numbers for part in parts) else [whole]


def _problem(site, built, typed, wrong, crisis, in_page):
    number = phone_form(typed.written)
    if wrong == "unknown":
        # Only the words before it: the words after lead to the next number.
        meant = crisis.likely_meant(number, typed.before)
        what = (f"\"{typed.quote()}\": {typed.written} is not the number of any crisis line "
                f"(did you mean the {meant.name}, {_shown(meant)}?).")
    else:
        meant = wrong
        what = f"\"{typed.quote()}\": {typed.written} is not the number of the {meant.name} named here ({_shown(meant)})."
    path, line = _where(site, built, (typed.quote(), typed.quote().split()[-2:], typed.written), in_page)
    return Problem(path, line, what,
                   f"Write {{{{ {crisis.fact_for(meant)} }}}} instead of typing the number: the fact always "
                   "shows the registry's number (data/practice.yml), so it cannot be mistyped.")


def _shown(line):
    return " or ".join(sorted({readable(number) for number in line.numbers}))



def _where(site, built, needles, in_page):
    """The line the number was typed on, read as shown (full-width digits are
    plain): the words around it first, then the number alone."""
    needles = [" ".join(needle) if isinstance(needle, list) else needle for needle in needles]
    source = built.source
    if in_page and source is not None:
        return source.rel, _line_holding(source.lines, needles)
    for path, lines in site.project_text_files:
        line = _line_holding(lines, needles)
        if line:
            return path, line
    return (source.rel if source is not None else site.relative(site.theme / "templates")), None


def _line_holding(lines, needles):
    shown = [normalise(line) for line in lines]
    for needle in needles:
        for number, line in enumerate(shown, start=1):
            if needle in line:
                return number
    return None
