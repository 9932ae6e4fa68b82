"""Text as a check must read it: hidden characters, look-alike letters, normal forms.

A zero-width space inside "cure", a soft hyphen inside "guaranteed", a
right-to-left override that shows "988" while the page holds other digits,
or a Cyrillic "а" in "safe" all look right to a reader and slip past a check
that compares the characters. So:
- `hidden_marks` finds the characters that are never needed in our text
  (controls, line separators, bidi controls, zero-width characters, soft
  hyphens...), raw or written as an HTML reference (&#x2028; &zwj;), which
  the gate refuses in every content and data file before Pelican reads
  them (preflight.py), with line, column and the character's name;
- `normalise` is what every text check compares: Unicode NFKC (full-width and
  compatibility letters made plain) with every format character removed;
- `mixed_script_words` finds words that mix alphabets (Latin with Cyrillic
  or Greek), the look-alike trick.
"""
import html
import html.entities
import re
import unicodedata

# Bidirectional controls: they reorder what is shown, so text can show one
# number and hold another.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Every character our text never needs, as Unicode classes them: controls
# (Cc) but tab and newline, format characters (Cf: soft hyphen, zero-width
# characters, bidi controls, tag characters...), the line and paragraph
# separators (Zl, Zp: Python's splitlines() ends a line there, Markdown does
# not, so a check counting lines that way reads another header than Pelican),
# and the rest of the default-ignorable code points (variation selectors,
# Hangul fillers...), which show nothing. Written out rather than computed
# from unicodedata at import, which would take a build a third of a second;
# tests/plugins/test_gate_units.py compares it with unicodedata.
HIDDEN_CLASS = ("\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f"
                "\u0890-\u0891\u08e2\u115f-\u1160\u17b4-\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e"
                "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd"
                "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
# A carriage return belongs only before a newline (Windows line ends).
HIDDEN_PATTERN = re.compile(f"[{HIDDEN_CLASS}]|\r(?!\n)")
_HIDDEN_CHARACTER = re.compile(f"[{HIDDEN_CLASS}\r]")
# The same characters written as HTML character references, which Markdown
# passes through and a browser turns into the character: &#x2028; &#8203;
# &zwj; &shy (some names work without the semicolon).
_NAMED = sorted((name.rstrip(";") for name, value in html.entities.html5.items()
                 if len(value) == 1 and _HIDDEN_CHARACTER.match(value)), key=len, reverse=True)
_REFERENCE = r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|(?:" + "|".join(map(re.escape, dict.fromkeys(_NAMED))) + r"));?"
HIDDEN_OR_REFERENCE = re.compile(f"[{HIDDEN_CLASS}]|\r(?!\n)|{_REFERENCE}")
_REFERENCE_PATTERN = re.compile(_REFERENCE.encode())
# Bytes that are never hidden: printable ASCII, tab, newline.
_PLAIN_ASCII = bytes(range(0x20, 0x7f)) + b"\t\n"
WORD = re.compile(r"\w+")
# Letters that look like Latin ones: Greek, Cyrillic, Armenian, Cherokee, and
# the rare Latin letters of phonetics and old scripts (small capitals such as
# "\u1d1c", turned and hooked letters), which NFKC leaves as they are.
OTHER_ALPHABETS = re.compile("[\u0250-\u02af\u0370-\u058f\u13a0-\u13ff\u1d00-\u1dbf\u2c60-\u2c7f\ua720-\ua7ff"
                             "\uab30-\uab6f]")
RARE_LATIN = re.compile("[\u0250-\u02af\u1d00-\u1dbf\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f]")


def character_name(character):
    return f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed character')}"


def may_hide(data):
    """False when a file's bytes surely hold no hidden character, raw or as a
    reference. Searching all text with HIDDEN_PATTERN takes Python's re half
    a second for the 1,000-page benchmark site; this looks only at the bytes
    left once printable ASCII is deleted (bytes.translate, at memory speed)
    and at the text after each "&", and says True for anything to look at
    closely (a CR of a Windows line end among them)."""
    rest = data.translate(None, _PLAIN_ASCII)
    if rest:
        try:
            if HIDDEN_PATTERN.search(rest.decode("utf-8")):
                return True
        except UnicodeDecodeError:
            return True
    return b"&" in data and _REFERENCE_PATTERN.search(data) is not None


def hidden_marks(text):
    """(line, column, character, as written) for every hidden character in
    `text`, raw or as a character reference, counted from 1 as an editor
    counts (lines end at newlines only). One search of the whole text first:
    files without any, nearly all, cost nothing more. A byte-order mark at the
    very start is how some editors save UTF-8 and is not counted."""
    if not HIDDEN_OR_REFERENCE.search(text):
        return
    for found in HIDDEN_OR_REFERENCE.finditer(text):
        written = found.group()
        character = _as_browser_reads(written) if written.startswith("&") else written
        if written.startswith("&") and not (len(character) == 1 and _HIDDEN_CHARACTER.match(character)):
            continue  # an ordinary reference such as &#8217; or &amp;
        if found.start() == 0 and written == "\ufeff":
            continue
        line_start = text.rfind("\n", 0, found.start()) + 1
        yield text.count("\n", 0, found.start()) + 1, found.start() - line_start + 1, character, written


def _as_browser_reads(reference):
    """The character a browser makes of a reference (html.unescape drops
    controls such as &#1; which a browser keeps)."""
    if not reference.startswith("&#"):
        return html.unescape(reference)
    digits = reference[2:].rstrip(";")
    number = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    if 0x80 <= number <= 0x9f:  # browsers read these as Windows-1252, where most are letters
        return bytes([number]).decode("cp1252", errors="ignore") or chr(number)
    return chr(number) if number <= 0x10ffff and not 0xd800 <= number <= 0xdfff else "\ufffd"


def hidden_problem_words(character, written=None):
    kind = ("reorders the text shown" if character in BIDI_CONTROLS
            else "ends a line for some programs and not for others" if character in "\u2028\u2029\r\x0b\x0c\x1c\x1d\x1e\x85"
            else "is invisible or changes nothing visible")
    if written and written != character:
        return f"{written}, which a browser turns into a hidden character, {character_name(character)}, which {kind}"
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
