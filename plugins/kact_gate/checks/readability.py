"""How hard each page is to read, as a US school grade (Flesch-Kincaid, from textstat).

The content brief aims for grade 8; above grade 9 is advice, with the
hardest sentence and its line, because shorter sentences and everyday words
bring the grade down. Only the page's own text counts, not the menu, the
notices or the list of references.
"""
import re
from functools import lru_cache

from kact_core.problem import ADVICE, Problem

HIGHEST_GRADE = 9.0
# Below this many words a grade says little (a 404 page, a stub).
FEWEST_WORDS = 60
SKIPPED = "ancestor-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' footnote ')]"
ENDS_A_SENTENCE = re.compile(r"[.!?:;]['\"\u201d\u2019)]*$")


@lru_cache(maxsize=1)
def _textstat():
    import textstat  # loads a pronouncing dictionary: only when a build checks pages

    return textstat


def page_text(built):
    """The sentences of the page's own text, each block ending as a sentence does,
    so a list item or a table cell is not run into the next one."""
    if built.prose is None:
        return []
    sentences = []
    for element, text in built.text_blocks(built.prose):
        if element.xpath(SKIPPED):
            continue
        if not ENDS_A_SENTENCE.search(text):
            text += "."
        sentences.append(text)
    return sentences


def grade(text):
    return _textstat().flesch_kincaid_grade(text)


def reading_grades(site):
    """(source path, grade, number of words) for every page with enough text."""
    grades = []
    for built in site.built_pages.values():
        if built.source is None:
            continue
        blocks = page_text(built)
        text = " ".join(blocks)
        words = len(text.split())
        if words >= FEWEST_WORDS:
            grades.append((built.source, grade(text), words, blocks))
    return grades


def check(site):
    for source, page_grade, _words, blocks in reading_grades(site):
        if page_grade <= HIGHEST_GRADE:
            continue
        hardest, line = _hardest_sentence(source, blocks)
        where = f' The hardest sentence is on line {line}: "{hardest}"' if line else f' The hardest sentence: "{hardest}"'
        yield Problem(
            source.rel, line,
            f"This page reads at US school grade {page_grade:.1f}; aim for grade 8 or below, "
            f"so every couple can follow it.{where}",
            "Split long sentences in two and use everyday words (\"help\" rather than \"facilitate\"). "
            "Run `make check` again to see the new grade.",
            ADVICE,
        )


def _hardest_sentence(source, blocks):
    sentences = [s for block in blocks for s in re.split(r"(?<=[.!?])\s+", block) if len(s.split()) >= 8]
    if not sentences:
        return "", None
    hardest = max(sentences, key=grade)
    shown = hardest if len(hardest) <= 160 else hardest[:157] + "..."
    return shown, source.line_of_sentence(hardest)


def grade_table(output, sources):
    """Every page's reading grade, for `make check`: `sources` maps a built
    file (faq/index.html) to its Markdown SourcePage."""
    from ..built import BuiltPage

    rows = []
    for rel, source in sorted(sources.items(), key=lambda item: item[1].rel):
        path = output / rel
        if not path.is_file():
            continue
        built = BuiltPage(path, output)
        text = " ".join(page_text(built))
        if len(text.split()) < FEWEST_WORDS:
            continue
        page_grade = grade(text)
        note = "  (advice: aim for 8 or below)" if page_grade > HIGHEST_GRADE else ""
        rows.append(f"  {source.rel:<45} grade {page_grade:4.1f}{note}")
    if not rows:
        return ""
    return "\n".join(["Reading grade of each page (a US school grade; grade 8 suits most adults):", *rows])
