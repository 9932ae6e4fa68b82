"""No sentence on any built page makes a claim the site must never make, and any
sentence about FDA approval says exactly what is approved.

The list is the floor in code (../claims_floor.py), which no data file can
lower, plus what data/claims.yml adds. Every sentence a reader sees is read,
footnotes and reference lists included; only the FDA rule leaves reference
lists alone (a cited title is the source's words). Phrases listed under
`allowed_in` are the careful negations the notices use ("nothing is
guaranteed"); a sentence is checked with those phrases taken out, so the
same word used as a promise is still caught.
"""
import re
from functools import lru_cache

from ..claims_floor import FORBIDDEN_CLAIMS
from ..locate import is_inside
from kact_core.plain_yaml import load_data
from kact_core.problem import Problem
from ..source import words_of
from kact_core.unicode_text import normalise

# Words people read (or hear from a screen reader) outside the text itself.
READABLE_ATTRIBUTES = "//body//*[@alt or @title or @aria-label or @aria-description or @placeholder]"

FDA_FIX = ("Say exactly what the FDA approved: ketamine as an anesthetic; esketamine (Spravato) for "
           "treatment-resistant depression. Ketamine is not FDA-approved for any mental health condition "
           "(its use in therapy is off-label).")


@lru_cache(maxsize=4)
def _read(path, _mtime):
    return load_data(path)


def claims_data(site):
    """data/claims.yml as written, read again only when it changes."""
    path = site.project / "data" / "claims.yml"
    return _read(str(path), path.stat().st_mtime)


@lru_cache(maxsize=4)
def load_rules(path, _mtime):
    data = _read(path, _mtime)
    rules = [*FORBIDDEN_CLAIMS, *(data.get("forbidden") or [])]
    forbidden = []
    for rule in rules:
        allowed = [re.compile(re.escape(p), re.IGNORECASE) for p in rule.get("allowed_in", [])]
        forbidden.append((re.compile(rule["pattern"], re.IGNORECASE), allowed, rule))
    fda = data.get("fda_sentence")
    if fda:
        fda = (re.compile(fda["mentions"], re.IGNORECASE), re.compile(fda["must_also_match"], re.IGNORECASE))
    # One pass over a sentence tells whether any rule may apply; most sentences stop there.
    parts = [f"(?:{rule['pattern']})" for rule in rules]
    any_rule = re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)
    return forbidden, fda, any_rule


def rules_for(site):
    path = site.project / "data" / "claims.yml"
    return load_rules(str(path), path.stat().st_mtime)


def check(site):
    forbidden, fda, any_rule = rules_for(site)
    for built in site.built_pages.values():
        title = built.first("//head/title")
        references = built.doc.xpath("//div[contains(concat(' ', @class, ' '), ' footnote ')]")
        for element, sentence in _sentences(built):
            forbidden_words = any_rule.search(sentence)
            about_fda = fda and "fda" in sentence.lower() and fda[0].search(sentence) and not (
                element is not None and any(is_inside(element, list_) for list_ in references))
            if not (forbidden_words or about_fda):
                continue
            in_page = element is None or element is title or is_inside(element, built.main)
            told = []  # the words already reported: one message for words two rules both match
            for pattern, allowed, rule in (forbidden if forbidden_words else ()):
                checked = sentence
                for phrase in allowed:
                    checked = phrase.sub(" ", checked)
                found = pattern.search(checked)
                if found and not any(found.start() < end and start < found.end() for start, end in told):
                    told.append(found.span())
                    path, line = _where(site, built, sentence, pattern, allowed, in_page)
                    yield Problem(
                        path, line,
                        f"This sentence says \u201c{found.group(0)}\u201d, which the site must never say: "
                        f"\u201c{sentence}\u201d",
                        f"{rule['why']} Rewrite the sentence.{_allowed_hint(rule)}",
                    )
            if about_fda and not fda[1].search(sentence):
                path, line = _where(site, built, sentence, fda[0], [], in_page)
                yield Problem(
                    path, line,
                    f"This sentence mentions FDA approval without the precise status: \u201c{sentence}\u201d",
                    FDA_FIX,
                )


def _sentences(built):
    """Every sentence a reader sees (footnotes included), the description and readable attributes."""
    yield from built.sentences()
    if built.meta_description:
        for sentence in re.split(r"(?<=[.!?])\s+", normalise(built.meta_description)):
            yield None, sentence
    for element in built.doc.xpath(READABLE_ATTRIBUTES):
        for name in ("alt", "title", "aria-label", "aria-description", "placeholder"):
            value = element.get(name)
            if value and value.strip():
                for sentence in re.split(r"(?<=[.!?])\s+", normalise(" ".join(value.split()))):
                    yield element, sentence


def _allowed_hint(rule):
    allowed = rule.get("allowed_in", [])
    return f" You may write: {', '.join(repr(a) for a in allowed)}." if allowed else ""


def _where(site, built, sentence, pattern, allowed, in_page):
    """The line the sentence was written on: the page's Markdown first, then data and templates."""
    candidates = []
    if in_page and built.source is not None:
        candidates.append((built.source.rel, built.source.lines))
    candidates += site.project_text_files
    wanted = words_of(sentence)[:5]
    best = None
    for path, lines in candidates:
        for number, line in enumerate(lines, start=1):
            line = cleaned = normalise(line)
            for phrase in allowed:
                cleaned = phrase.sub(" ", cleaned)
            if not pattern.search(cleaned):
                continue
            if wanted and " ".join(wanted[:3]) in " ".join(words_of(line)):
                return path, number  # the sentence itself
            best = best or (path, number)
        if best:
            return best
    if built.source is not None:
        return built.source.rel, built.source.line_of_sentence(sentence)
    return site.relative(site.theme / "templates"), None
