"""No hidden characters and no look-alike letters in a page's Markdown.

Zero-width characters, soft hyphens and word joiners split a word so that a
check no longer sees it; bidi controls make the page show "988" while it
holds other digits; a Cyrillic "а" in "safe" looks Latin. None of them is
ever needed on this site, so each is refused with its line, column and name
(see ../unicode_text.py; data files get the same check before the build).
"""
from ..problem import Problem
from ..unicode_text import hidden_characters, hidden_problem_words, mixed_script_words

HIDDEN_FIX = ("Delete it: retype the words around it, or paste them through a plain-text editor. "
              "(Copying from a word processor or a web page often brings such characters along.)")


def check(site):
    for source in site.markdown_sources:
        if source.decode_error is not None:
            continue
        for line, column, character in hidden_characters(source.lines):
            yield Problem(source.rel, line, f"Column {column} holds {hidden_problem_words(character)}.", HIDDEN_FIX)
        for number, text in enumerate(source.lines, start=1):
            for word, scripts in mixed_script_words(text):
                yield Problem(
                    source.rel, number,
                    f"The word \u201c{word}\u201d mixes letters of different alphabets ({' and '.join(script.title() for script in scripts)}), "
                    "so it only looks like the word it seems to be.",
                    "Retype the word on an ordinary keyboard.",
                )
