"""Every built page carries working crisis lines, and no phone link dials a
number other than the one it shows.

- The urgent-help bar (data-notice="urgent-help") is on every page with a
  tel: link to 988, an sms: link to 988 and a tel: link to 911, each showing
  those digits in its words.
- Every tel: and sms: link anywhere shows, as the first number in its words,
  the digits it dials (a leading country code 1 of a ten-digit number may be
  left out of the words), read as the browser follows the address.
  The words are read normalised (unicode_text.normalise), so a bidi override
  cannot show one number while the link holds another.
"""
import re
from urllib.parse import unquote

from ..built import address_as_followed, visible_text
from ..locate import is_inside, where_text
from ..problem import Problem
from ..unicode_text import normalise

REQUIRED = (("tel:988", "call 988"), ("sms:988", "text 988"), ("tel:911", "call 911"))
BAR_MARK = 'data-notice="urgent-help"'
PHONE_RUN = re.compile(r"\+?\d(?:[\d\-\s().]*\d)?")
BAR_FIX = ("The urgent-help bar comes from data/notices.yml (urgent-help) and the crisis lines in "
           "data/practice.yml; restore the links there, or tell the developer if a template dropped it.")


def check(site):
    for built in site.built_pages.values():
        yield from _check_bar(site, built)
        for link in built.doc.xpath("//a[@href]"):
            href = address_as_followed(link.get("href", ""))
            scheme = href.split(":", 1)[0].lower()
            if scheme in ("tel", "sms"):
                yield from _check_link(site, built, link, href)


def _check_bar(site, built):
    bars = built.doc.xpath("//*[@data-notice='urgent-help']")
    if not bars:
        yield Problem(*where_text(site, built, BAR_MARK, in_page=False),
                      f"The page {built.address} has no urgent-help bar (988 and 911).", BAR_FIX)
        return
    hrefs = {address_as_followed(link.get("href", "")).lower(): link for link in bars[0].xpath(".//a[@href]")}
    for href, words in REQUIRED:
        link = hrefs.get(href)
        if link is None:
            yield Problem(*where_text(site, built, BAR_MARK, in_page=False),
                          f"The urgent-help bar at the top of the pages has no {href} link ({words}).", BAR_FIX)


def _check_link(site, built, link, href):
    dialed = _digits(unquote(href.split(":", 1)[1].split("?")[0]))
    words = normalise(visible_text(link))
    runs = PHONE_RUN.findall(words)
    # The words may leave out the country code 1 of a ten-digit number (1-800-...),
    # never of a short one: tel:1988 is not 988.
    national = dialed[1:] if len(dialed) == 11 and dialed.startswith("1") else dialed
    if runs and _digits(runs[0]) in (dialed, national):
        return
    shown = f"shows {runs[0].strip()}" if runs else "shows no number"
    prose = built.prose
    in_page = prose is not None and is_inside(link, prose)
    # The address as written first; the digits find one written with entities or tabs.
    path, line = where_text(site, built, href, link.get("href", ""), dialed, visible_text(link), in_page=in_page)
    yield Problem(
        path, line,
        f"The link \"{visible_text(link)}\" {shown} but dials {dialed} ({href}).",
        "Make the words show the number the link dials. For a crisis line write the fact, "
        "for example [call {{ crisis.lifeline.number }}]({{ crisis.lifeline.call }}).",
    )


def _digits(text):
    return re.sub(r"\D", "", text)
