"""Every link, image and stylesheet on every built page goes somewhere real.

Internal addresses must resolve to a file in the output (and a `#name` to an
element with that id); Pelican's `{filename}` / `{static}` links it could not
resolve stay in the HTML as written and are errors here. Outside addresses
must be https: (or tel:, sms:, mailto:) and well formed. No network: the
online check is `invoke check-links --online`.
"""
import difflib
import posixpath
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from ..locate import is_inside, where_text
from kact_core.problem import Problem

PLACEHOLDER = re.compile(r"[{|](filename|static|attach|index|tag|category|author)[}|]([^\"'\s<>)]*)")
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
PHONE = re.compile(r"^\+?[0-9][0-9-]{1,20}$")
EMAIL = re.compile(r"^[^@\s/]+@([a-z0-9-]+\.)+[a-z]{2,63}$", re.IGNORECASE)
# The live preview and the editor, on her own computer (tooling/preview/local_callers.py).
PREVIEW_HOSTS = ("127.0.0.1", "localhost")
EXTERNAL_FIX = "Correct the address; copy it from the browser's address bar of the page you mean."


def refused_scheme(scheme):
    """The rule an address of a type the site never allows breaks, one per type
    (javascript:, data:...); html_safety.py names the same rule, so the gate
    reports an address type on a line once (gate._without_repeats)."""
    return f"refused-scheme:{scheme}"


def check(site):
    site_url = (site.settings.get("SITEURL") or "").rstrip("/")
    theme_links_seen = set()
    answers = {}
    for built in site.built_pages.values():
        yield from _placeholders(built, site)
        for element, attribute, value in built.links:
            problem = _check_link_once(answers, built, element, value, site, site_url)
            if problem is None:
                continue
            what, fix, needles, *about = problem
            from_page = built.source is not None and is_inside(element, built.prose)
            path, line = where_text(site, built, *needles, in_page=from_page)
            if from_page and line:
                what = what.replace(value, _as_written(built.source.lines[line - 1], needles) or value)
            if not from_page:
                if value in theme_links_seen:
                    continue
                theme_links_seen.add(value)
                what = f"{what} (seen on the built page {built.address})"
            yield Problem(path, line, what, fix, **dict(zip(("rule", "subject"), about)))


def _placeholders(built, site):
    """{filename}x.md that Pelican could not turn into an address."""
    if "{" not in built.html and "|" not in built.html:
        return
    for match in PLACEHOLDER.finditer(built.html):
        kind, target = match.group(1), unquote(match.group(2))
        target_path = target.split("#")[0]
        path, line = where_text(site, built, match.group(0), target_path)
        yield Problem(path, line, *_placeholder_message(kind, target_path, built, site))


def _placeholder_message(kind, target, built, site):
    written = f"{{{kind}}}{target}"
    folder = posixpath.dirname(built.source.page.relative_source_path) if built.source and built.source.page else "pages"
    resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
    if resolved in site.failed_sources:
        return (f"The link {written} goes to a page that could not be built.",
                f"Fix the problem reported for content/{resolved}; this link will then work.")
    if kind == "filename":
        names = sorted(s.path.relative_to(site.content / folder).as_posix()
                       for s in site.markdown_sources if (site.content / folder) in s.path.parents)
        guess = difflib.get_close_matches(target, names, n=1)
        hint = f' Did you mean "{guess[0]}"?' if guess else ""
        return (f"The link {written} goes to a page that does not exist in content/{folder}/.",
                f"Check the file name after {{filename}}.{hint} Page files are the .md files in content/{folder}/.")
    if kind == "static":
        return (f"The link {written} goes to a file that does not exist in content/.",
                "Check the file name and folder, e.g. {static}/images/photo.jpg for content/images/photo.jpg.")
    return (f"Pelican could not resolve the link {written}.",
            "Link to a page with {filename}page.md or to a file with {static}/images/name.jpg.")


def _check_link_once(answers, built, element, value, site, site_url):
    """_check_link, asked once per build for each address that means the same on every
    page: the menus, footer and stylesheet repeat the same links on all of them."""
    if not value.strip():
        return _check_link(built, element, value, site, site_url)  # the message quotes the element's words
    absolute = value.startswith("/") or ":" in value.split("/", 1)[0]
    key = (None if absolute else built.address, value, element.tag,
           "footnote-backref" in (element.get("class") or ""))
    if key not in answers:
        answers[key] = _check_link(built, element, value, site, site_url)
    return answers[key]


def _check_link(built, element, value, site, site_url):
    """None when the link is fine, else (what is wrong, how to fix, text to find it by),
    and for an address type the site does not allow, its rule and the address (see
    Problem.rule and .subject: the gate's safety net leaves that address to this check)."""
    if PLACEHOLDER.search(value):
        return None  # reported once, with the file name, by _placeholders
    if not value.strip():
        return (f"A <{element.tag}> on this page has an empty address.",
                "Put the address between the brackets: [words](address).", [f"{element.text_content().strip()}]()"])
    address = value
    if site_url and (value == site_url or value.startswith(site_url + "/")):
        address = value[len(site_url):] or "/"  # the public build writes internal links in full
    parts = urlsplit(address.strip())
    scheme = parts.scheme.lower()
    if scheme or address.startswith("//"):
        return _check_external(value, parts, scheme)
    return _check_internal(built, element, value, parts, site)


def _check_external(value, parts, scheme):
    needles = [value]
    if value.startswith("//"):
        return (f"The address {value} has no https: at the start.", f"Write it as https:{value}.", needles)
    if scheme in ("http", "https") and (parts.hostname or "").lower() in PREVIEW_HOSTS:
        return _preview_address(value, parts, needles)
    if scheme == "http":
        return (f"The address {value} uses http:, which is not secure.",
                "Change http:// to https://. If that site has no https version, link to another source.", needles)
    if scheme == "https":
        host = (parts.hostname or "").lower()
        if " " in value or not HOST.match(host) or not _port_ok(parts):
            return (f"The address {value} is not a well-formed web address.", EXTERNAL_FIX, needles)
        return None
    if scheme in ("tel", "sms"):
        number = unquote(parts.path)
        if not PHONE.match(number):
            return (f"The phone address {value} is not a phone number.",
                    f"Write it as {scheme}: and the digits with no spaces, e.g. {scheme}:988 or {scheme}:+18007997233.",
                    needles)
        return None
    if scheme == "mailto":
        if not EMAIL.match(unquote(parts.path)):
            return (f"The email address {value} is not well formed.",
                    "Write it as mailto:name@example.org.", needles)
        return None
    return (f"The address {value} starts with {scheme}:, which the site does not allow.",
            "Use https:// for other websites, tel: or sms: for phone numbers, mailto: for email.", needles,
            refused_scheme(scheme), value)


def _preview_address(value, parts, needles):
    """An address copied from the preview's (or the editor's) address bar: only her
    computer has it, so link to the page's file instead, which works everywhere."""
    name = PurePosixPath(parts.path).name or "index"
    file_name = "index.md" if name == "index" else f"{name.removesuffix('.html')}.md"
    return (f"The address {value} is the preview on your computer; visitors cannot open it.",
            f"Link to the page as {{filename}}{file_name}, e.g. [the questions]({{filename}}faq.md).", needles)


def _port_ok(parts):
    try:
        parts.port
    except ValueError:
        return False
    return True


def _check_internal(built, element, value, parts, site):
    if parts.path == "" and parts.fragment == "" and "#" in value:
        return ("A link on this page points to # alone, which goes nowhere.",
                "Put the address of the page or section it should open.", [f"({value})"])
    base = posixpath.dirname(built.address) + "/" if not built.address.endswith("/") else built.address
    if parts.path:
        joined = posixpath.join(base, unquote(parts.path))
        target = posixpath.normpath(joined)
        if joined.endswith("/") and not target.endswith("/"):
            target += "/"
    else:
        target = built.address
    rel = target.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    if rel not in site.output_files:
        if rel + "/index.html" in site.output_files:
            rel += "/index.html"
        else:
            kind = {"img": "picture", "link": "file", "source": "picture"}.get(element.tag, "page")
            return (f"The {kind} {value} does not exist on the site.",
                    "Check the spelling of the address. Link to a page as {filename}page.md and to a "
                    "picture as {static}/images/name.jpg; a picture must be saved in content/images/.",
                    [value, parts.path, _file_name(parts.path)])
    if parts.fragment and rel.endswith(".html"):
        if "footnote-backref" in (element.get("class") or ""):
            return None  # an unused reference; the citations check reports it
        target_page = site.built(rel)
        fragment = unquote(parts.fragment)
        if target_page is not None and fragment not in target_page.ids:
            return (f"The link {value} goes to a section #{fragment} that does not exist on {target_page.address}.",
                    f"Use the id of a heading on that page: {_some_ids(target_page)}. A heading's id is its "
                    "words in lowercase with hyphens.",
                    [f"#{parts.fragment}", value])
    return None


def _as_written(line, needles):
    """The link target as the Markdown line has it ({static}/images/x.jpg), not as built."""
    for target in re.findall(r"\]\(\s*<?([^)\s>]+)", line):
        if any(needle and needle in target for needle in needles):
            return target
    return None


def _file_name(path):
    """office.jpg of ../images/office.jpg, to find the {static} link that made it."""
    name = posixpath.basename(unquote(path))
    return name if "." in name else None


def _some_ids(page):
    headings = [h.get("id") for h in page.doc.xpath("//main//*[self::h2 or self::h3][@id]")]
    return ", ".join(f"#{h}" for h in headings[:8]) or "(that page has no headings with ids)"
