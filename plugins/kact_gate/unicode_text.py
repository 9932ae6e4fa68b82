"""Text as a check must read it: hidden characters, look-alike letters, normal forms.

A zero-width space inside "cure", a soft hyphen inside "guaranteed", a
right-to-left override that shows "988" while the page holds other digits,
or a Cyrillic "а" in "safe" all look right to a reader and slip past a check
that compares the characters. So:
- `hidden_characters` finds the characters that are never needed in our
  text (bidi controls, zero-width characters, soft hyphens...), which the
  gate refuses outright with line, column and the character's name;
- `normalise` is what every text check compares: Unicode NFKC (full-width and
  compatibility letters made plain) with every format character removed;
- `mixed_script_words` finds words that mix alphabets (Latin with Cyrillic
  or Greek), the look-alike trick.
"""
import re
import unicodedata

# Bidirectional controls: they reorder what is shown, so text can show one
# number and hold another.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that split or join words without showing anything.
INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063"
                      "\u2064\u3164\ufeff\uffa0")
HIDDEN = BIDI_CONTROLS | INVISIBLE
# Ranges of the same: variation selectors (they change nothing in words, but
# "cu\ufe0fre" is no longer "cure" to a check) and the invisible tag characters.
HIDDEN_RANGES = "\ufe00-\ufe0f\U000e0000-\U000e007f\U000e0100-\U000e01ef"
HIDDEN_PATTERN = re.compile("[" + "".join(sorted(HIDDEN)) + HIDDEN_RANGES + "]")
WORD = re.compile(r"\w+")
# Letters that look like Latin ones: Greek, Cyrillic, Armenian, Cherokee, and
# the rare Latin letters of phonetics and old scripts (small capitals such as
# "\u1d1c", turned and hooked letters), which NFKC leaves as they are.
OTHER_ALPHABETS = re.compile("[\u0250-\u02af\u0370-\u058f\u13a0-\u13ff\u1d00-\u1dbf\u2c60-\u2c7f\ua720-\ua7ff"
                             "\uab30-\uab6f]")
RARE_LATIN = re.compile("[\u0250-\u02af\u1d00-\u1dbf\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f]")


def character_name(character):
    return f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed character')}"


def hidden_characters(lines, first_line=1):
    """(line, column, character) for every hidden character, counted from 1.
    A byte-order mark at the very start of a file is how some editors save
    UTF-8 and is not counted."""
    if not HIDDEN_PATTERN.search("\n".join(lines)):
        return
    for number, line in enumerate(lines, start=first_line):
        for found in HIDDEN_PATTERN.finditer(line):
            if number == 1 and found.start() == 0 and found.group() == "\ufeff":
                continue
            yield number, found.start() + 1, found.group()


def hidden_problem_words(character):
    kind = "reorders the text shown" if character in BIDI_CONTROLS else "is invisible or changes nothing visible"
    return f"a hidden character, {character_name(character)}, which {kind}"


def normalise(text):
    """NFKC, with every format character (category Cf) taken out."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(character for character in text if unicodedata.category(character) != "Cf")
    return text


def _script(character):
    if RARE_LATIN.match(character):
        return "RARE LATIN"
    name = unicodedata.name(character, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"):
        if name.startswith(script):
            return script
    return None


def mixed_script_words(text):
    """Words whose letters come from more than one alphabet, e.g. "sаfe" with a Cyrillic а."""
    if text.isascii() or not OTHER_ALPHABETS.search(text):
        return []
    found = []
    for word in WORD.findall(text):
        if word.isascii():
            continue
        scripts = {_script(character) for character in word if character.isalpha()} - {None}
        if len(scripts) > 1:
            found.append((word, sorted(scripts)))
    return found
