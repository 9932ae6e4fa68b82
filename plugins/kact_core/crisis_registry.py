"""The national crisis lines: a floor written in code that data can extend but never change.
In the core because the gate checks against it and kact_facts renders the lines it adds.

data/practice.yml (`crisis:`) holds the facts pages show, and may add lines
(a state line, Poison Help; the practice adds hers in the editor, `crisis.added`)
or ways to reach a line (a chat address); the
numbers of the lines below are fixed here, so a slip in a data file, a
merge or a duplicated YAML key cannot change where a person in crisis is
sent. kact_gate's preflight.py refuses a data file that differs from this floor;
its checks/crisis_lines.py compares every phone link and every number typed
in a page or notice with the registry (this floor and the data's extra lines).

Numbers are compared in one form, `phone_form`: digits only, a North American
number with its country code 1 ("18007997233"), an international one with its
"+" ("+988" is a number in Iran, not the 988 Lifeline).
"""
import re
import unicodedata
from difflib import SequenceMatcher
from dataclasses import dataclass
from urllib.parse import unquote


@dataclass(frozen=True)
class CrisisLine:
    key: str  # its name under `crisis:` in data/practice.yml
    name: str
    call: str = ""  # in phone_form
    text: str = ""  # in phone_form
    # Words that, near a number, say which line is meant (regular expressions, any case).
    cues: tuple = ()

    @property
    def numbers(self):
        return {number for number in (self.call, self.text) if number}


FLOOR = (
    CrisisLine("emergency", "Emergency services", call="911", cues=(r"\bemergenc", r"\bin danger\b", r"\bambulance\b")),
    CrisisLine("lifeline", "988 Suicide & Crisis Lifeline", call="988", text="988",
               cues=(r"\blifeline\b", r"\bsuicid")),
    CrisisLine("crisis_text_line", "Crisis Text Line", text="741741", cues=(r"\bcrisis text line\b", r"\bhome to\b")),
    CrisisLine("domestic_violence", "National Domestic Violence Hotline", call="18007997233", text="88788",
               cues=(r"\bdomestic\b", r"\bstart to\b", r"\babuse")),
    CrisisLine("samhsa", "SAMHSA National Helpline", call="18006624357", cues=(r"\bsamhsa\b", r"\bnational helpline\b")),
    # Then press 1: the words say so (crisis.veterans.instructions).
    CrisisLine("veterans", "Veterans Crisis Line", call="988", cues=(r"\bveteran",)),
)
FLOOR_BY_KEY = {line.key: line for line in FLOOR}
# What a phone address may hold besides the number: visual separators (RFC 3966).
SEPARATORS = re.compile(r"[\s\-.()\u2010-\u2015]")


def phone_form(number):
    """One form for every way of writing a number: "tel:+1-800-799-7233",
    "1 (800) 799-7233" and "800.799.7233" are all 18007997233; "+988" stays
    "+988". Digits of any script count (full-width, Arabic-Indic). Returns ""
    when there are no digits."""
    number = SEPARATORS.sub("", unicodedata.normalize("NFKC", number))
    international = number.startswith("+")
    digits = "".join(str(unicodedata.decimal(character)) for character in number
                     if unicodedata.decimal(character, None) is not None)
    if not digits:
        return ""
    if international:
        return digits if digits.startswith("1") else "+" + digits
    return "1" + digits if len(digits) == 10 else digits


def readable(number):
    """A number in phone_form as people write it: 18007997233 -> 1-800-799-7233."""
    if len(number) == 11 and number.startswith("1"):
        return f"1-{number[1:4]}-{number[4:7]}-{number[7:]}"
    return number


def dial_address(number):
    """A number in phone_form as a tel: or sms: address holds it: 18007997233 -> +18007997233."""
    return f"+{number}" if len(number) == 11 else number


# `crisis.added`: the lines the practice adds in the editor's facts form, a list
# of {name, number (to call), text_number, when}. Pages show each as a line
# (`added_line`); crisis_data.py refuses one with a national line's name or number.
ADDED = "added"


def added_line(item):
    """A line added in the facts form as pages and the registry read a line: the
    tel: and sms: addresses made from the numbers she typed, never typed by her."""
    number, text = str(item.get("number") or ""), str(item.get("text_number") or "")
    line = {"name": str(item.get("name") or ""), "when": str(item.get("when") or "")}
    if phone_form(number):
        line.update(number=number, call=f"tel:{dial_address(phone_form(number))}")
    if phone_form(text):
        line.update(text=f"sms:{phone_form(text)}", text_instructions=f"text {text}")
    return line


def added_lines(crisis_facts):
    """crisis.added as lines (an empty list when there is none)."""
    items = crisis_facts.get(ADDED) if isinstance(crisis_facts, dict) else None
    return [added_line(item) for item in items or [] if isinstance(item, dict)]


def address_number(address):
    """The number a tel: or sms: address reaches, in phone_form: parameters
    (";ext=") and the message (`?&body=HOME`) are left out."""
    number = unquote(address.split(":", 1)[1]) if ":" in address else ""
    return phone_form(re.split(r"[;?]", number, maxsplit=1)[0])


@dataclass(frozen=True)
class Registry:
    """The floor, with the extra lines a data file adds (never a change to the floor)."""

    lines: tuple
    # key -> the fact name that shows each line's number ("crisis.lifeline.number").
    facts: dict

    @property
    def numbers(self):
        return {number for line in self.lines for number in line.numbers}

    def line(self, key):
        return next((line for line in self.lines if line.key == key), None)

    def named_near(self, words):
        """The lines whose cue words are in `words`."""
        return [line for line in self.lines if any(re.search(cue, words, re.IGNORECASE) for cue in line.cues)]

    def likely_meant(self, number, words=""):
        """The line a wrong number was most likely meant to be: one the words name,
        else the one whose number is most like it (998 -> 988)."""
        named = self.named_near(words)
        candidates = named or self.lines
        return max(candidates, key=lambda line: max(SequenceMatcher(None, number, known).ratio()
                                                    for known in line.numbers))

    def fact_for(self, line):
        return self.facts.get(line.key, f"crisis.{line.key}.number")


def registry(crisis_facts):
    """The registry from data/practice.yml's `crisis:` (the facts as pages use them)."""
    crisis_facts = crisis_facts if isinstance(crisis_facts, dict) else {}
    lines = list(FLOOR)
    for key, fact in crisis_facts.items():
        if key in FLOOR_BY_KEY or not isinstance(fact, dict):
            continue
        call, text = address_number(str(fact.get("call", ""))), address_number(str(fact.get("text", "")))
        if call or text:
            cues = (re.escape(str(fact.get("name", key))),) if fact.get("name") else ()
            lines.append(CrisisLine(key, str(fact.get("name", key)), call=call, text=text, cues=cues))
    for index, fact in enumerate(added_lines(crisis_facts)):
        call, text = address_number(fact.get("call", "")), address_number(fact.get("text", ""))
        if call or text:
            cues = (re.escape(fact["name"]),) if fact["name"] else ()
            lines.append(CrisisLine(f"{ADDED}.{index}", fact["name"], call=call, text=text, cues=cues))
    facts = {}
    for line in lines:
        fact = crisis_facts.get(line.key) if isinstance(crisis_facts.get(line.key), dict) else {}
        # The field that shows the number in words: `number`, else the text instructions.
        field = "number" if fact.get("number") or "text_instructions" not in fact else "text_instructions"
        facts[line.key] = f"crisis.{line.key}.{field}"
    return Registry(tuple(lines), facts)

