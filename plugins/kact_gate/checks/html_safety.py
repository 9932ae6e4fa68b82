"""The last word on safety: every written page is read as a browser would read it.

Whatever way the Markdown, a fact, a data file or a template was written, the
built page must hold nothing that runs code, loads from another site or sends
the reader elsewhere without a click:

- anywhere in a page, theme included: no <script> other than our JSON-LD
  (type="application/ld+json"), no on...= event handler, no <iframe>,
  <object>, <embed>, <base> or <form>, no <meta http-equiv> other than one
  Content-Security-Policy; every address uses https:, mailto:, tel: or sms:
  or is relative (checked as the browser sees it: entities decoded, spaces
  and control characters removed); nothing is loaded from another origin
  (src, srcset, poster, SVG use/image href, xlink:href, linked files, CSS url());
- inside the page's own text (what its Markdown made) and inside each
  notice (data/notices.yml wording, shown by the theme): only the elements
  and attributes Markdown and our extensions write (ALLOWED below).

Every page is read as Chromium builds it (browser_reading.py: the WHATWG
algorithm, scripting on), never by lxml's libxml2, which reads some markup
(a raw `</noscript>` in an attribute, an <img> inside <svg><style>) as text
where a browser makes a live element; and a page that lxml reads differently
is refused, since the other checks read lxml's tree. A <link> loads its
address unless every word of its rel only names a page (rel="alternate
preconnect" opens a connection); SVG animation (<animate>, <set>) may not
change an href.

The source-side check (markdown_safety) gives the friendlier early message;
this one does not depend on how the source was written.
"""
import dataclasses
import re
from urllib.parse import urlsplit

from ..browser_reading import UNREADABLE_TAG
from ..built import address_as_followed
from ..locate import is_inside, where_pattern
from kact_core.problem import Problem
from .links import refused_scheme

FORBIDDEN_ELEMENTS = {
    "script": "runs JavaScript, which this site never uses",
    "iframe": "shows another website inside the page",
    "frame": "shows another website inside the page",
    "frameset": "shows other websites inside the page",
    "object": "embeds outside content",
    "embed": "embeds outside content",
    "applet": "embeds outside content",
    "portal": "shows another website inside the page",
    "base": "changes where every link on the page points",
    "form": "sends what people type to another address",
    "noscript": "holds markup that browsers read one way and checks another (the site runs no scripts)",
    UNREADABLE_TAG: "has a name browsers read but no check can (a quote or < in it)",
}
# SVG animation elements: they change another element's attribute (an href, say) after loading.
SVG_ANIMATION = frozenset(["animate", "set", "animatemotion", "animatetransform", "animatecolor"])
ANIMATED_ADDRESSES = frozenset(["href", "xlink:href"])
ANIMATION_VALUES = ("values", "from", "to", "by")
JSON_LD = "application/ld+json"
CSP = "content-security-policy"
SAFE_SCHEMES = frozenset(["https", "mailto", "tel", "sms"])
# Attributes holding an address the browser follows or loads.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "cite", "background",
                  "longdesc", "xlink:href", "ping", "manifest", "codebase", "srcset", "imagesrcset")
# Attributes whose address is loaded with the page (never from another origin).
LOADED_ATTRIBUTES = frozenset(["src", "srcset", "imagesrcset", "poster", "data", "background", "codebase",
                               "ping"])
# Elements whose href is loaded too (SVG pictures, symbols, paths and filters, linked files).
LOADING_HREF_ELEMENTS = frozenset(["use", "image", "feimage", "link", "mpath", "textpath", "script"])
# A <link> whose rel words are all of these only names another page; any other
# word (stylesheet, icon, preconnect, prefetch, preload, ...) makes it load.
NAVIGATION_LINK_RELS = frozenset(["canonical", "alternate", "author", "license", "help", "next", "prev",
                                  "bookmark", "external", "nofollow", "noopener", "noreferrer"])
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.IGNORECASE | re.DOTALL)
# SVG presentation attributes that take CSS values, url() included.
CSS_VALUED_ATTRIBUTES = frozenset(["fill", "stroke", "mask", "filter", "clip-path", "marker-start", "marker-mid",
                                   "marker-end", "cursor"])
# image-set("a.png" 1x, "b.png" 2x) loads its quoted addresses without url().
CSS_IMAGE_SET = re.compile(r"image-set\(([^)]*)\)", re.IGNORECASE)
CSS_STRING = re.compile(r"(['\"])(.*?)\1", re.DOTALL)
# A CSS escape (\75 rl for "url") is read as its character before anything else.
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Where the theme shows a notice's own wording (partials/urgent_help.html, notices.html, footer.html).
NOTICE_TEXT_XPATH = " | ".join(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
                               for name in ("app-urgent__text", "app-callout__text", "app-footer__text"))
PROSE_XPATH = "contains(concat(' ', normalize-space(@class), ' '), ' app-prose ')"

# Inside a page's own text: the elements Python-Markdown (extra, toc, smarty),
# our facts (crisis lines) and tables extensions write, and pictures (issue 14).
GLOBAL_ATTRIBUTES = frozenset(["id", "class", "title", "lang"])
# The classes those write. Any other (the theme's own, such as app-visually-hidden)
# could hide words or dress them up as something else, an urgent-help bar say.
CLASSES_IN_TEXT = frozenset(["footnote", "footnote-ref", "footnote-backref", "app-crisis-lines",
                             "app-crisis-lines__item", "app-questions-to-ask", "app-questions-to-ask__item"])
ALLOWED = {
    **{tag: frozenset() for tag in (
        "p h1 h2 h3 h4 h5 h6 ul li blockquote hr br em strong b i code pre div span sup sub "
        "table thead tbody tfoot tr caption dl dt dd del ins s mark small kbd q abbr figure "
        "figcaption picture").split()},
    "a": frozenset(["href"]),
    "ol": frozenset(["start"]),
    "img": frozenset(["src", "alt", "srcset", "sizes", "width", "height", "loading", "decoding"]),
    "source": frozenset(["type", "srcset", "sizes", "media"]),
    "th": frozenset(["scope", "colspan", "rowspan", "data-label", "style"]),
    "td": frozenset(["colspan", "rowspan", "data-label", "style"]),
    "time": frozenset(["datetime"]),
}
# Python-Markdown's tables write a column's alignment as this style and no other.
TABLE_ALIGN = re.compile(r"^text-align:\s*(left|right|center);?$")

UNSAFE_FIX = ("Delete it. Pages are plain Markdown; the site runs no JavaScript, loads nothing from "
              "other sites and sends no one elsewhere without a click.")
THEME_FIX = ("This came from a template, a data file or a plugin, not from a page's Markdown; "
             "remove it there (or tell the developer).")


def check(site):
    public = _own_origins(site.settings)
    for built in site.built_pages.values():
        doc = built.browser_doc
        prose = _first(doc.xpath(f"//*[{PROSE_XPATH}]"))
        if built.reading_difference:
            yield _reading_problem(site, built, prose, *built.reading_difference)
        csp_metas = 0
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            in_prose = prose is not None and is_inside(element, prose)
            if element.tag == "meta" and element.get("http-equiv", "").strip().lower() == CSP:
                csp_metas += 1
            for what, needles, *about in _unsafe(element, public, csp_metas):
                yield _about(_problem(site, built, element, in_prose, what, needles), about)
            if in_prose and element is not prose:
                for what, needles in _not_allowed_in_text(element):
                    yield _problem(site, built, element, True, what, needles)
        # The notices' wording is Markdown from data/notices.yml, written by the
        # same people as pages: the same list holds for it, wherever it is shown.
        for notice in doc.xpath(NOTICE_TEXT_XPATH):
            for element in notice.iterdescendants():
                if isinstance(element.tag, str):
                    for what, needles in _not_allowed_in_text(element, "a notice's wording"):
                        yield _problem(site, built, element, False, what, needles)


def _unsafe(element, public, csp_metas):
    """(what is wrong, words to find it by[, rule, subject]) for everything forbidden anywhere."""
    tag = element.tag.lower()
    if tag == "script" and element.get("type", "").strip().lower() != JSON_LD:
        yield f"The page has a <script> element, which {FORBIDDEN_ELEMENTS['script']}.", ["<script", "script"]
    elif tag in FORBIDDEN_ELEMENTS and tag != "script":
        yield f"The page has {_a(tag)} element, which {FORBIDDEN_ELEMENTS[tag]}.", [f"<{tag}", tag]
    if tag == "meta" and element.get("http-equiv") is not None:
        kind = element.get("http-equiv", "").strip()
        if kind.lower() != CSP:
            yield (f"The page has a <meta http-equiv=\"{kind}\">, which changes how browsers treat the page "
                   "(a refresh sends readers to another address).", ["<meta", "http-equiv"])
        elif csp_metas > 1:
            yield "The page has more than one Content-Security-Policy <meta>; it must have exactly one.", ["http-equiv"]
    for name, value in element.attrib.items():
        lowered = name.lower()
        if lowered.startswith("on"):
            yield f"The <{tag}> element has an event handler ({lowered}=...), which would run JavaScript.", [lowered]
        elif lowered in URL_ATTRIBUTES:
            yield from _check_addresses(tag, lowered, value, element, public)
        elif lowered == "style" or lowered in CSS_VALUED_ATTRIBUTES:
            yield from _check_css(tag, value, public)
    if tag == "style" and element.text:
        yield from _check_css(tag, element.text, public)
    if tag in SVG_ANIMATION:
        changed = element.get("attributename", "").strip().lower()
        if changed in ANIMATED_ADDRESSES:
            yield (f"The SVG <{tag}> element changes an {changed} after the page loads, which could send readers "
                   "or load files where no check looked.", [f"<{tag}", "attributename"])
        # The values it sets (fill="url(...)", say) are loaded like the attribute's own.
        for name in ANIMATION_VALUES:
            yield from _check_css(tag, element.get(name) or "", public)


def _check_addresses(tag, attribute, value, element, public):
    addresses = _srcset(value) if attribute.endswith("srcset") else [value]
    loaded = attribute in LOADED_ATTRIBUTES or (
        attribute in ("href", "xlink:href") and tag in LOADING_HREF_ELEMENTS
        and not (tag == "link" and _only_names_a_page(element.get("rel", "")))
    )
    for address in addresses:
        cleaned = address_as_followed(address)
        scheme = SCHEME.match(cleaned.lower())
        if scheme and scheme.group(1) not in SAFE_SCHEMES and not _is_own(cleaned, public):
            yield (f"The <{tag}> element's {attribute} uses the address type {scheme.group(1)}:, which the site "
                   "never allows (only https:, mailto:, tel:, sms: and the site's own pages).",
                   [address.strip()[:40], f"{scheme.group(1)}:", attribute], refused_scheme(scheme.group(1)),
                   f"<{tag} {attribute}>")
        elif loaded and not _same_origin(cleaned, public):
            yield (f"The <{tag}> element's {attribute} loads {address.strip()[:80]} from another site, which would "
                   "tell that site who reads this page.", [address.strip()[:40], attribute])


def _only_names_a_page(rel):
    """Each word of rel on its own (browsers read them so): all must only name a page."""
    words = set(rel.lower().split())
    return bool(words) and words <= NAVIGATION_LINK_RELS


def _check_css(tag, css, public):
    css = CSS_ESCAPE.sub(_css_character, css or "") if "\\" in (css or "") else css or ""
    addresses = [match.group(2) if match.group(2) is not None else match.group(4) for match in CSS_URL.finditer(css)]
    for image_set in CSS_IMAGE_SET.finditer(css):
        addresses += [match.group(2) for match in CSS_STRING.finditer(image_set.group(1))]
    for address in addresses:
        if not _same_origin(address_as_followed(address), public):
            yield (f"The <{tag}> element's style loads {address.strip()[:80]}, which the site never allows.",
                   [address.strip()[:40], "url("])


def _css_character(match):
    if match.group(1):
        return chr(min(int(match.group(1), 16), 0x10FFFF))
    return match.group(2)


def _not_allowed_in_text(element, text="the page's text"):
    tag = element.tag.lower()
    allowed = ALLOWED.get(tag)
    if allowed is None:
        if tag not in FORBIDDEN_ELEMENTS:  # reported above already
            yield (f"{text[0].upper() + text[1:]} has {_a(tag)} element, which Markdown never writes and the "
                   "site does not allow.", [f"<{tag}"])
        return
    for name, value in element.attrib.items():
        lowered = name.lower()
        if lowered in GLOBAL_ATTRIBUTES or lowered in allowed:
            if lowered == "style" and not TABLE_ALIGN.match(value.strip()):
                yield (f"The <{tag}> element has a style= attribute, which changes the look outside the theme.",
                       ["style"])
            for name in (value.split() if lowered == "class" else []):
                if name not in CLASSES_IN_TEXT:
                    yield (f"The <{tag}> element in {text} has the class {name}, which the site does not "
                           "allow there (the theme's classes can hide words or make them look like "
                           "something else).", [name])
            continue
        if lowered.startswith("on"):
            continue  # reported above already
        yield (f"The <{tag}> element in {text} has the attribute {lowered}=, which the site does not allow "
               "there.", [lowered])


def _reading_problem(site, built, prose, browser_tag, lxml_tag):
    what = (f"Browsers read this page's HTML differently from the checks: where a browser makes "
            f"{_element_name(browser_tag)}, the checks' reading finds {_element_name(lxml_tag)}. Raw HTML "
            "that browsers and checks read differently is how unsafe markup slips past a check.")
    needles = [f"<{tag}" for tag in (browser_tag, lxml_tag) if tag]
    for needle in needles:
        if built.source is not None:
            line = built.source.line_matching(re.compile(re.escape(needle), re.IGNORECASE), body_only=True)
            if line:
                return Problem(built.source.rel, line, what, UNSAFE_FIX)
    return Problem(*where_pattern(site, built, r"(?!)", in_page=prose is not None), what, UNSAFE_FIX)


def _element_name(tag):
    return f"<{tag}>" if tag else "nothing"


def _first(found):
    return found[0] if found else None


def _a(tag):
    return f"an <{tag}>" if tag[0] in "aeio" else f"a <{tag}>"


def _srcset(value):
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _own_origins(settings):
    """(scheme, host) of the site's own addresses: PUBLIC_URL, and SITEURL when a
    build points it elsewhere (a local test server, say)."""
    origins = set()
    for name in ("PUBLIC_URL", "SITEURL"):
        parts = urlsplit(settings.get(name) or "")
        if parts.scheme and parts.netloc:
            origins.add((parts.scheme.lower(), parts.netloc.lower()))
    return origins


def _is_own(address, own):
    try:
        parts = urlsplit(address)
    except ValueError:  # not an address a browser could follow either
        return False
    return (parts.scheme.lower(), parts.netloc.lower()) in own


def _same_origin(address, own):
    """Relative, or on one of the site's own addresses."""
    lowered = address.lower()
    if lowered.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    return not SCHEME.match(lowered) or _is_own(address, own)


def _about(problem, about):
    """The problem with the rule and subject _unsafe named, if it named them."""
    return dataclasses.replace(problem, **dict(zip(("rule", "subject"), about))) if about else problem


def _problem(site, built, element, in_prose, what, needles):
    """Placed on the first line of the page's Markdown holding the most telling
    of the needles (the address, then the element's own words, then the
    attribute's name); otherwise on the data file or template holding one."""
    words = " ".join((element.text_content() or "").split())[:30]
    needles = [needle for needle in (needles[0], words if len(words) > 3 else "", *needles[1:]) if needle]
    fix = UNSAFE_FIX if in_prose else THEME_FIX
    for needle in needles:
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        if in_prose and built.source is not None:
            line = built.source.line_matching(pattern, body_only=True)
            if line:
                return Problem(built.source.rel, line, what, fix)
        else:
            for path, lines in site.project_text_files:
                line = next((number for number, text in enumerate(lines, start=1) if pattern.search(text)), None)
                if line:
                    return Problem(path, line, what, fix)
    # Outside the page's text, yet written in its Markdown: raw HTML that ended the text early.
    for needle in needles if not in_prose and built.source is not None else ():
        line = built.source.line_matching(re.compile(re.escape(needle), re.IGNORECASE), body_only=True)
        if line:
            return Problem(built.source.rel, line, what, UNSAFE_FIX)
    return Problem(*where_pattern(site, built, r"(?!)", in_page=in_prose), what, fix)
