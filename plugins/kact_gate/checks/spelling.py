"""Spelling in the words readers see: each page's Title, Summary and text.

Two word lists, both installed from PyPI at pinned versions and read offline:
codespell's list of common misspellings (and British spellings, since the
site is in US English) gives a sure correction; a word that is in neither
that list nor pyspellchecker's English dictionary nor the project's own list,
data/words.txt (names and terms such as EMDR, Renelle, esketamine), may be a
typo. Both are advice: a new name is not a mistake, it needs adding to the list.
Reference lists (`[^name]: ...` lines) are skipped: they are full of names.
"""
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kact_core.problem import ADVICE, Problem
from ..source import plain_text

WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
REFERENCE = re.compile(r"^\s*\[\^[^\]]+\]:")
LINK_TARGETS = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|\{\{.*?\}\}|\{%.*?%\}|`[^`]*`")
CODESPELL_LISTS = ("dictionary.txt", "dictionary_en-GB_to_en-US.txt")
VISIBLE_FIELDS = ("title", "summary", "nav_label")
# Placeholders are the `unfinished` check's to report.
NOT_WORDS = {"todo", "fixme", "tk"}


@lru_cache(maxsize=1)
def common_misspellings():
    """codespell's lists: misspelt word -> its corrections."""
    corrections = {}
    data = resources.files("codespell_lib") / "data"
    for name in CODESPELL_LISTS:
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            wrong, _, right = line.partition("->")
            choices = [word.strip() for word in right.split(",") if word.strip()]
            if wrong and choices:
                corrections.setdefault(wrong.lower(), choices)
    return corrections


@lru_cache(maxsize=1)
def english():
    from spellchecker import SpellChecker  # loads a large word list: once per process

    return SpellChecker(language="en")


def project_words(project):
    path = Path(project) / "data" / "words.txt"
    if not path.is_file():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.lower())
    return words


def words_on_line(text):
    text = LINK_TARGETS.sub(lambda found: "]" if found.group(0).startswith("]") else " ", text)
    for word in WORD.findall(plain_text(text)):
        word = re.sub(r"['\u2019]s$", "", word)
        if len(word) > 1:
            yield word


def lines_to_check(source):
    """(line number, text) of what a reader sees: some header fields, then the body."""
    for field in source.fields or ():
        if field.name in VISIBLE_FIELDS:
            yield field.line, field.value
    for number, line in enumerate(source.lines[source.body_start - 1:], start=source.body_start):
        if not REFERENCE.match(line):
            yield number, line


def check(site):
    allowed = project_words(site.project)
    for source in site.markdown_sources:
        if source.text is None:
            continue  # the metadata check reports a file it cannot read
        found = {}
        for number, line in lines_to_check(source):
            for word in words_on_line(line):
                if word.lower() not in allowed and word.lower() not in NOT_WORDS:
                    found.setdefault(word.lower(), (word, number))
        suspects = _misspelt(found)
        for lower, (word, number) in sorted(found.items(), key=lambda item: item[1][1]):
            if lower in suspects:
                yield _problem(source, word, number, suspects[lower])


def _misspelt(found):
    """Lowercase word -> suggested spelling (or "") for each word that looks wrong."""
    common = common_misspellings()
    suspects = {word: common[word][0] for word in found if word in common}
    unknown = english().unknown([word for word in found if word not in suspects])
    for word in unknown:
        suspects[word] = english().correction(word) or ""
    return suspects


def _problem(source, word, number, suggestion):
    guess = f' Did you mean "{suggestion}"?' if suggestion and suggestion != word.lower() else ""
    return Problem(
        source.rel, number,
        f'"{word}" may be misspelt.{guess}',
        "Correct it; or, if it is right (a name or a special term), add it on a line of its own "
        "to data/words.txt so it is not reported again.",
        ADVICE,
    )
