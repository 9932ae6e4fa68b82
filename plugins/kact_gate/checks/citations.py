"""References on the pages that cite research (data/citations.yml).

- On the listed pages, every paragraph or list item holding a claim (a
  sentence that reports a finding) carries a numbered reference.
- On every page: each reference has a DOI or a link, each is used in the
  text, and no [^name] points to a reference that is not written.
- On every page, a sentence about a kind of evidence (`cite_for`, such as
  trials of IV ketamine) cites a source, and never one that is not that kind
  of evidence (a framework paper reports no trial).

References are Markdown footnotes: `text.[^name]` in a sentence and
`[^name]: Author. Title. Journal. Year. https://doi.org/...` at the end.
"""
import re
from functools import lru_cache

from ..built import visible_text
from ..cited_sources import MARKER, definitions, sentences, sources_named
from ..locate import is_inside
from kact_core.plain_yaml import load_data
from kact_core.problem import Problem

DOI = re.compile(r"\b(doi:\s*)?10\.\d{4,9}/\S+", re.IGNORECASE)
UNDEFINED = re.compile(r"\[\^([^\]\s]+)\]")
REFERENCE_FORMAT = "[^name]: Author. Title. Journal. Year. https://doi.org/..."


@lru_cache(maxsize=4)
def _load(path, _mtime):
    data = load_data(path) or {}
    cite_for = [(re.compile(rule["mentions"], re.IGNORECASE), set(rule["never_cite"]), rule)
                for rule in data.get("cite_for", [])]
    return (set(data.get("pages", [])), [re.compile(p, re.IGNORECASE) for p in data.get("claim_patterns", [])],
            cite_for)


@lru_cache(maxsize=4)
def _sources(path, _mtime):
    return load_data(path) or {}


def check(site):
    path = site.project / "data" / "citations.yml"
    cited_pages, claim_patterns, cite_for = _load(str(path), path.stat().st_mtime)
    sources_path = site.project / "data" / "sources.yml"
    sources = _sources(str(sources_path), sources_path.stat().st_mtime) if cite_for else {}
    for built in site.built_pages.values():
        source = built.source
        if source is None or source.page is None or built.prose is None:
            continue
        yield from _check_references(built, source)
        if source.page.slug in cited_pages:
            yield from _check_claims(built, source, claim_patterns)
        if cite_for and source.text is not None:
            yield from _check_cited_sources(source, cite_for, sources)


def _check_cited_sources(source, cite_for, sources):
    """A sentence about a kind of evidence cites a source of that kind."""
    cited = {name: sources_named(text, sources) for name, text in definitions(source.lines).items()}
    for line, sentence in sentences(source.lines, source.body_start):
        for mentions, never_cite, rule in cite_for:
            if not mentions.search(MARKER.sub(" ", sentence)):
                continue
            markers = MARKER.findall(sentence)
            wrong = sorted(f"[^{name}] ({key})" for name in markers for key in cited.get(name, ()) & never_cite)
            if wrong:
                yield Problem(source.rel, line,
                              f"This sentence cites {', '.join(wrong)}, which is not the evidence it describes: "
                              f"\u201c{sentence}\u201d", rule["why"])
            elif not markers:
                yield Problem(source.rel, line,
                              f"This sentence describes evidence but cites no source: \u201c{sentence}\u201d",
                              f"Add a numbered reference after it ({REFERENCE_FORMAT}). {rule['why']}")


def _check_references(built, source):
    prose = built.prose
    used = {a.get("href", "")[1:] for a in prose.xpath(".//a[contains(@class, 'footnote-ref')]")}
    for item in prose.xpath(".//div[contains(@class, 'footnote')]//li[@id]"):
        name = item.get("id")[len("fn:"):]
        line = source.line_containing(f"[^{name}]:")
        if item.get("id") not in used:
            yield Problem(source.rel, line, f"The reference [^{name}] is never used in the text.",
                          f"Add [^{name}] after the sentence it supports, or delete the reference.")
        links = [a for a in item.xpath(".//a[@href]") if "footnote-backref" not in (a.get("class") or "")]
        has_link = any(a.get("href", "").startswith("https://") for a in links)
        if not has_link and not DOI.search(visible_text(item)):
            yield Problem(source.rel, line, f"The reference [^{name}] has no DOI and no link, so no one can check it.",
                          f"Add its DOI as a link at the end, e.g. https://doi.org/10.1234/abcd ({REFERENCE_FORMAT}).")
    for element, text in built.text_blocks(prose):
        for match in UNDEFINED.finditer(text):
            yield Problem(source.rel, source.line_containing(match.group(0)),
                          f"The text points to a reference {match.group(0)} that is not written anywhere.",
                          f"Add the reference at the end of the page as {REFERENCE_FORMAT}, "
                          "or correct the name to match an existing one.")


def _check_claims(built, source, claim_patterns):
    prose = built.prose
    references = prose.xpath(".//div[contains(@class, 'footnote')]")
    for element, text in built.text_blocks(prose):
        if element.tag not in ("p", "li", "td", "dd", "blockquote"):
            continue
        if any(is_inside(element, footnotes) for footnotes in references):
            continue
        if element.xpath(".//a[contains(@class, 'footnote-ref')]"):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if any(pattern.search(sentence) for pattern in claim_patterns):
                yield Problem(
                    source.rel, source.line_of_sentence(sentence),
                    f"This claim has no numbered reference: \u201c{sentence}\u201d",
                    f"Add [^name] after the sentence, pointing to a reference written as {REFERENCE_FORMAT}; "
                    "or, if it is not a finding, say so plainly without dates or numbers.",
                )
                break
