"""No look-alike letters in a page's Markdown.

A Cyrillic "а" in "safe" looks Latin, so the word only looks like the one a
check looks for; each such word is refused with its line. (Hidden characters,
raw or as HTML references, never get this far: preflight.py refuses them in
every content and data file before Pelican reads any; see ../unicode_text.py.)
"""
from kact_core.problem import Problem
from kact_core.unicode_text import mixed_script_words


def check(site):
    for source in site.markdown_sources:
        if source.decode_error is not None:
            continue
        for number, text in enumerate(source.lines, start=1):
            for word, scripts in mixed_script_words(text):
                yield Problem(
                    source.rel, number,
                    f"The word \u201c{word}\u201d mixes letters of different alphabets ({' and '.join(script.title() for script in scripts)}), "
                    "so it only looks like the word it seems to be.",
                    "Retype the word on an ordinary keyboard.",
                )
