"""Every built page carries working crisis lines, and no phone link dials a
number other than the one it shows or the line its words name.

- The urgent-help bar (data-notice="urgent-help") is on every page with a
  tel: link to 988, an sms: link to 988 and a tel: link to 911 (the
  registry's numbers, compared in one form: tel:+988 is not 988).
- Every tel: and sms: link anywhere shows, as the first number in its words,
  the number it dials, both read in one form (crisis_registry.phone_form:
  "1-800-799-7233" is tel:+18007997233), the address read as the browser
  follows it. The words are read normalised (unicode_text.normalise), so a
  bidi override cannot show one number while the link holds another.
- A link whose words name a crisis line ("Crisis Text Line") dials that
  line's number.
"""
from ..built import address_as_followed, visible_text
from kact_core.crisis_registry import address_number, phone_form, registry
from ..locate import is_inside, where_text
from kact_core.problem import Problem
from ..typed_numbers import RUN

REQUIRED = (("tel", "emergency"), ("tel", "lifeline"), ("sms", "lifeline"))
BAR_MARK = 'data-notice="urgent-help"'
BAR_FIX = ("The urgent-help bar comes from data/notices.yml (urgent-help) and the crisis lines in "
           "data/practice.yml; restore the links there, or tell the developer if a template dropped it.")


def check(site):
    crisis = registry(site.settings.get("FACTS", {}).get("crisis"))
    for built in site.built_pages.values():
        yield from _check_bar(site, built, crisis)
        for link in built.doc.xpath("//a[@href]"):
            href = address_as_followed(link.get("href", ""))
            scheme = href.split(":", 1)[0].lower()
            if scheme in ("tel", "sms"):
                yield from _check_link(site, built, link, href, crisis)


def _check_bar(site, built, crisis):
    bars = built.doc.xpath("//*[@data-notice='urgent-help']")
    if not bars:
        yield Problem(*where_text(site, built, BAR_MARK, in_page=False),
                      f"The page {built.address} has no urgent-help bar (988 and 911).", BAR_FIX)
        return
    reached = set()
    for link in bars[0].xpath(".//a[@href]"):
        href = address_as_followed(link.get("href", ""))
        scheme = href.split(":", 1)[0].lower()
        reached.add((scheme, address_number(href)))
    for scheme, key in REQUIRED:
        line = crisis.line(key)
        number = line.call if scheme == "tel" else line.text
        if (scheme, number) not in reached:
            words = f"{'call' if scheme == 'tel' else 'text'} {number}"
            yield Problem(*where_text(site, built, BAR_MARK, in_page=False),
                          f"The urgent-help bar at the top of the pages has no {scheme}:{number} link ({words}).",
                          BAR_FIX)


def _check_link(site, built, link, href, crisis):
    dialed = address_number(href)
    words = visible_text(link)
    runs = [run.group() for run in RUN.finditer(words)]
    shown = phone_form(runs[0]) if runs else ""
    named = crisis.named_near(words)
    if shown == dialed and (not named or any(dialed in line.numbers for line in named)):
        return
    prose = built.prose
    in_page = prose is not None and is_inside(link, prose)
    # The address as written first; the number finds one written with entities or tabs.
    path, line = where_text(site, built, href, link.get("href", ""), dialed, words, in_page=in_page)
    if shown != dialed:
        said = f"shows {runs[0].strip()}" if runs else "shows no number"
        what = f"The link \"{words}\" {said} but dials {dialed} ({href})."
    else:
        what = f"The link \"{words}\" dials {dialed}, which is not the number of the {named[0].name}."
    yield Problem(
        path, line, what,
        "Make the words show the number the link dials. For a crisis line write the fact, "
        "for example [call {{ crisis.lifeline.number }}]({{ crisis.lifeline.call }}).",
    )
