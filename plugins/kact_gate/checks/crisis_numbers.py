"""A phone number typed in the words of a page or a notice is the registry's
number for the line its words name.

"call or text 998", "dial 9 9 1", "text HOME to ７４１７１４": each looks
like help to a person in crisis and reaches no one. Every number a reader
would dial (typed_numbers.py says which) is compared, in one form, with the
crisis registry (the floor in crisis_registry.py and the lines
data/practice.yml adds). A number that is not the registry's is refused when
it is meant as a crisis line: a short number (up to six digits), one a digit
or two off a crisis line's, or one in words about a crisis; a help desk's
or an office's number in other words is left be. A registry number whose
words name a line ("Crisis Text Line", "veterans") must be that line's.
The fix is always the fact, which shows the registry's number and cannot be
mistyped: {{ crisis.lifeline.number }}.
"""
import re
from difflib import SequenceMatcher

from kact_core.crisis_registry import phone_form, readable, registry
from ..locate import is_inside
from kact_core.problem import Problem
from ..typed_numbers import typed_numbers
from kact_core.unicode_text import normalise

# Numbers of up to six digits are emergency, crisis and text lines' (911, 988, 741741).
SHORT_NUMBER = 6
CRISIS_WORDS = re.compile(r"\b(?:crisis|suicid\w*|emergenc\w*|hotline|lifeline|danger|abuse\w*|self-harm)\b",
                          re.IGNORECASE)
# How alike two numbers must be for one to be a slip for the other: 1-800-799-7243 for -7233 is 0.91.
CLOSE = 0.8


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
        # The Summary: what search results and shared links show of the page.
        for typed in typed_numbers(normalise(built.meta_description)):
            wrong = _wrong(typed, crisis)
            if wrong:
                yield _problem(site, built, typed, wrong, crisis, in_page=True)


def _wrong(typed, crisis):
    """Why the number is wrong ("unknown" or the line the words name), or None."""
    numbers = _numbers_meant(typed.written, crisis)
    words = f"{typed.before} {typed.after}"
    unknown = [number for number in numbers if number not in crisis.numbers]
    if unknown:
        return "unknown" if any(_meant_as_crisis_line(number, words, crisis) for number in unknown) else None
    named = crisis.named_near(words)
    if named and not any(number in line.numbers for number in numbers for line in named):
        return named[0]
    return None


def _meant_as_crisis_line(number, words, crisis):
    """A number that is not the registry's is a slip for a crisis line when it
    is short (911, 988, 741741 are; an office's number is not), when it is
    one or two digits off a crisis line's, or when its words speak of a
    crisis. Other numbers (a help desk, the practice's own phone) are left be."""
    return (len(number.lstrip("+")) <= SHORT_NUMBER or CRISIS_WORDS.search(words) is not None
            or bool(crisis.named_near(words))
            or any(SequenceMatcher(None, number, known).ratio() >= CLOSE for known in crisis.numbers))


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
