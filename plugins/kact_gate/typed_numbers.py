"""Numbers a reader would dial or text, found in the words of a sentence.

A person in crisis dials what the page says, not what a link holds, so a
number typed in text matters as much as a tel: link: "call or text 998",
"dial 9 9 1", "text HOME to ７４１７１４". The text is read as shown
(unicode_text.normalise: full-width digits are plain digits); digits of other
scripts count too. A number counts as one to dial when
- it has the shape of a North American phone number (1-800-799-7233,
  (800) 799 7233, +1.800.799.7233), wherever it is; or
- it has three digits or more and follows a word for reaching someone
  (call, text, dial, press, hotline, ...) within four words; or
- it follows such a number with only "or", "and", "/" or a comma between
  ("call 911 or 998"); or
- it comes just before the name of a line ("the 998 Lifeline").
Dates, durations, study sizes and citation numbers have none of these.
"""
import re
from dataclasses import dataclass

# Digits (of any script) with at most one separator between any two; a space
# only between digits, so "9 8 8" is one number.
RUN = re.compile(r"(?<![\w+])\+?\(?\d(?:[ \-.\u2010-\u2015()]{1,2}(?=\d)|\d)*")
NORTH_AMERICAN = re.compile(r"^(?:\+?1\W{0,2})?\(?\d{3}\)?\W{0,2}\d{3}\W{0,2}\d{4}$")
REACH_WORD = re.compile(r"\b(?:call|calling|text|texting|txt|sms|dial|phone|ring|press|reach|contact|number|"
                        r"lifeline|hotline|helpline|line)\b(?:\W+[^\W\d]+){0,4}\W*$", re.IGNORECASE)
JOINED = re.compile(r"^\s*(?:,|/|\bor\b|\band\b)\s*$", re.IGNORECASE)
LINE_NAME_AFTER = re.compile(r"^\s*\(?\s*(?:suicide|crisis|lifeline|hotline|helpline|line)\b", re.IGNORECASE)
SHORTEST = 3


@dataclass(frozen=True)
class TypedNumber:
    written: str  # as it is in the text ("9 9 8")
    before: str  # the words since the previous number (or the sentence's start)
    after: str  # the words up to the next number (or the sentence's end)

    def quote(self):
        """A few words of context, for the message: "call or text 998"."""
        lead = " ".join(self.before.split()[-4:])
        return f"{lead} {self.written}".strip()


def typed_numbers(sentence):
    """Every number in `sentence` a reader would dial or text, in order."""
    runs = [run for run in RUN.finditer(sentence) if sum(c.isdigit() for c in run.group()) >= SHORTEST]
    found = []
    previous_end, previous_counted = 0, False
    for index, run in enumerate(runs):
        written = run.group().strip()
        before = sentence[previous_end:run.start()]
        next_start = runs[index + 1].start() if index + 1 < len(runs) else len(sentence)
        after = sentence[run.end():next_start]
        counted = bool(NORTH_AMERICAN.match(written) or REACH_WORD.search(before)
                       or (previous_counted and JOINED.match(before)) or LINE_NAME_AFTER.match(after))
        if counted:
            found.append(TypedNumber(written, before, after))
        previous_end, previous_counted = run.end(), counted
    return found
