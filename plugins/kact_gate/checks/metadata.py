"""The page header: known fields only, the required ones present and well formed,
no two pages with the same address, title or menu place; files saved as UTF-8.

The fields, which are required and what each means come from the header's
schema, ../schemas/page_header.schema.yml (docs/editing-reference.md, "The
page header", documents each): to allow a new header field, add it there.
The fields are Pelican's own reading of the header (../header.py): a field
not in FIELDS already stopped its page while Pelican read it
(unknown_field_problem), so nothing the site does not use (Category, Tags, Authors, Date...) ever reaches a page.
"""
import datetime
import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from kact_core.plain_yaml import load_data
from kact_core.problem import Problem

HEADER_SCHEMA = load_data(Path(__file__).resolve().parents[1] / "schemas" / "page_header.schema.yml")
_SCHEMA_FIELDS = HEADER_SCHEMA["properties"]
SUMMARY_LENGTH = (_SCHEMA_FIELDS["Summary"]["minLength"], _SCHEMA_FIELDS["Summary"]["maxLength"])
STATUSES = tuple(_SCHEMA_FIELDS["Status"]["enum"])
SLUG = re.compile(_SCHEMA_FIELDS["Slug"]["pattern"])
LONGEST_SLUG = _SCHEMA_FIELDS["Slug"]["maxLength"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Field:
    name: str  # as it should be written
    kind: str = "text"  # how its value is checked: see _check_value
    required: bool = False
    means: str = ""


FIELDS = {
    name.lower(): Field(name, spec["x-kind"], name in HEADER_SCHEMA["required"], spec["x-means"])
    for name, spec in _SCHEMA_FIELDS.items()
}

# Fields Pelican knows from blogs (the header table of docs/editing-reference.md has none of them).
BLOG_FIELDS = frozenset(("author", "authors", "category", "tags", "date", "modified", "lang", "translation",
                         "translations", "series", "subtitle", "keywords", "description", "tag", "slugify"))

ENCODING_FIX = (
    "Save the file again with the encoding UTF-8 (in VS Code: click the encoding name at the bottom "
    "right, choose Save with Encoding, then UTF-8), then check the character on that line looks right."
)


def check(site):
    readable = []
    for source in site.sources:
        if not source.is_markdown:
            yield Problem(
                source.rel, None,
                "This file is in the pages folder but is not a Markdown (.md) file, so it is not part of the site.",
                "Rename it to end in .md if it is a page, or move it out of content/pages/.",
            )
            continue
        if source.decode_error is not None:
            yield _encoding_problem(source)
            continue
        readable.append(source)
        yield from _check_header(source, site)
    yield from _check_duplicates(readable, site)


def _encoding_problem(source):
    error = source.decode_error
    line = source.raw[: error.start].count(b"\n") + 1
    byte = source.raw[error.start]
    return Problem(
        source.rel, line,
        f"This file is not saved as UTF-8 text, so a character on this line (byte 0x{byte:02X}) cannot be read.",
        ENCODING_FIX,
    )


def _check_header(source, site):
    if source.fields is None:
        if source.page is not None:  # read by another reader than kact_reading_limit's
            yield Problem(source.rel, None, "The build read this page without the site's own Markdown reader, "
                          "so its header could not be checked.", "Put kact_reading_limit back in PLUGINS in pelicanconf.py.")
        return  # Pelican could not read the page; that is reported with its reason
    if not source.fields:
        yield Problem(
            source.rel, 1,
            "This page has no header, so it has no Title or Summary.",
            "Start the file with a line `Title: ...` and a line `Summary: ...`, then a blank line, then the text.",
        )
        return
    if source.stray_line:
        yield _stray_line_problem(source)
    seen = {}
    for field in source.fields:
        known = FIELDS[field.name]
        if field.name in seen:
            yield Problem(
                source.rel, field.line,
                f"The header has {field.key} twice (also on line {seen[field.name]}).",
                "Keep one of the two lines and delete the other.", rule="field-twice", subject=field.name,
            )
            continue
        seen[field.name] = field.line
        yield from _check_value(known, field, source, site)
    for name, known in FIELDS.items():
        if known.required and name not in seen:
            yield missing_field_problem(source.rel, name)


def missing_field_problem(rel, name):
    known = FIELDS[name]
    return Problem(
        rel, 1,
        f"The header has no {known.name} line ({known.means}).",
        f"Add a line `{known.name}: ...` to the header at the top of the file, before the first blank line.",
        rule="missing-field", subject=name,
    )


def _stray_line_problem(source):
    line = source.lines[source.stray_line - 1]
    key = re.split(r"[:=\-]", line.strip(), maxsplit=1)[0].strip()
    guess = _closest(key.replace(" ", "_"))
    example = f" (did you mean `{guess}: ...`?)" if guess else ""
    return Problem(
        source.rel, source.stray_line,
        "This line ends the page header because it is not written as `Name: value`, "
        "so it and the lines after it show on the page as text.",
        f"Write it as `Name: value`, with no spaces in the name{example}, "
        "or put a blank line before it if it is meant to be page text.",
    )


def unknown_field_problem(rel, line, key):
    return Problem(rel, line, f"The header field {key!r} is not one the site knows.", _unknown_field_fix(key),
                   rule="unknown-field", subject=key.lower())


def _unknown_field_fix(key):
    known = ", ".join(field.name for field in FIELDS.values())
    if key.lower() in BLOG_FIELDS:
        return (f"Delete the line: Pelican uses {key} for blog posts, and this site has pages only. "
                f"The fields a page can use are: {known}.")
    guess = _closest(key)
    if guess:
        return f"Did you mean {guess}? Correct the spelling. The fields a page can use are: {known}."
    return f"Delete the line, or use one of the fields a page can have: {known}."


def _closest(key):
    found = difflib.get_close_matches(key.lower(), list(FIELDS), n=1, cutoff=0.6)
    return FIELDS[found[0]].name if found else None


def _check_value(known, field, source, site):
    value = field.value
    where = (source.rel, field.line)
    if known.kind != "notices" and not value and known.name not in ("URL",):
        yield Problem(*where, f"The {known.name} line is empty.",
                      f"Write {known.means} after `{known.name}:`, or delete the line.",
                      rule="empty-field", subject=field.name)
        return
    if known.kind == "summary":
        low, high = SUMMARY_LENGTH
        if not low <= len(value) <= high:
            yield Problem(
                *where,
                f"The Summary is {len(value)} characters long; it should be {low} to {high}, "
                "because search results cut it off after about 160.",
                f"Rewrite it as one plain sentence of {low} to {high} characters that says what the page offers.",
            )
    elif known.kind == "slug" and len(value) > LONGEST_SLUG:
        yield long_slug_problem(*where, value, "Slug")
    elif known.kind == "slug" and not SLUG.match(value):
        yield Problem(*where, f"The Slug {value!r} is not a simple web address.",
                      "Use lowercase letters, numbers and hyphens only, for example `is-this-right-for-us`.")
    elif known.kind == "order" and not (value.isdigit() and int(value) >= 1):
        yield Problem(*where, f"{known.name} must be a whole number such as 3, not {value!r}.",
                      f"Write a number from 1 up; it sets {known.means}.")
    elif known.kind == "date":
        yield from _check_date(known, value, where)
    elif known.kind == "status" and value.lower() not in STATUSES:
        yield Problem(*where, f"Status {value!r} is not one Pelican knows, so the page would be left out.",
                      "Write `Status: published`, `Status: hidden` or `Status: draft`, or delete the line.")
    elif known.kind == "template" and not (site.theme / "templates" / f"{value}.html").is_file():
        choices = sorted(p.stem for p in (site.theme / "templates").glob("*.html"))
        guess = difflib.get_close_matches(value, choices, n=1)
        hint = f"Did you mean {guess[0]}? " if guess else ""
        yield Problem(*where, f"There is no template called {value!r} in theme/templates/.",
                      f"{hint}Use one of: {', '.join(choices)}; or delete the line to use the normal page layout.")
    elif known.kind == "save_as" and (".." in value or value.startswith("/") or not value.endswith(".html")):
        yield Problem(*where, f"Save_as {value!r} is not a file name inside the site.",
                      "Write a file name ending in .html, such as `404.html`, or delete the line.")
    elif known.kind == "notices":
        yield from _check_notice_ids(value, where, site)


def long_slug_problem(rel, line, slug, field):
    fix = ("Add a short `Slug:` line to the header (a few words joined by hyphens, such as `office-hours`): "
           "without one, the address is made from the whole Title." if field == "Title" else
           "Write a shorter Slug: a few words joined by hyphens, such as `office-hours`.")
    return Problem(rel, line, f"The page's address would be {len(slug)} characters long; it may have at most "
                   f"{LONGEST_SLUG}.", fix)


def _check_date(known, value, where):
    try:
        if not DATE.match(value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        yield Problem(*where, f"{known.name} {value!r} is not a real date written as year-month-day.",
                      f"Write it like `{known.name}: 2026-03-01` (four-digit year, then month, then day).")


def _check_notice_ids(value, where, site):
    from kact_notices.rules import parse_notice_request

    known = [notice["id"] for notice in site.settings.get("NOTICES", [])]
    added, dropped = parse_notice_request(value)
    for notice_id in added + dropped:
        if notice_id not in known:
            guess = difflib.get_close_matches(notice_id, known, n=1)
            hint = f"Did you mean {guess[0]}? " if guess else ""
            yield Problem(*where, f"There is no notice called {notice_id!r} in data/notices.yml.",
                          f"{hint}The notices are: {', '.join(known)}.", rule="unknown-notice", subject=notice_id)


def _check_duplicates(sources, site):
    """Two pages must not share an address, an output file, a title or a place in
    a menu. One address, one page: the output file and address are compared as
    Pelican will write them (every page, with or without Save_as or URL),
    ignoring letter case, since many laptops' disks do."""
    reported = []
    for label, field_names, key in (
        ("address (Slug)", ("slug",), _slug_of),
        ("output file (Save_as)", ("save_as", "url", "slug"), _save_as_of),
        ("address (URL)", ("url", "save_as", "slug"), _url_of),
        ("Title", ("title",), lambda s: s.value("title").strip().lower() or None),
        ("Nav_order", ("nav_order",), lambda s: s.value("nav_order").strip() or None),
        ("Footer_order", ("footer_order",), lambda s: s.value("footer_order").strip() or None),
    ):
        first = {}
        for source in sources:
            value = key(source)
            if value is None:
                continue
            if value not in first:
                first[value] = source
                continue
            page, other = source, first[value]
            is_address = label.startswith(("address", "output"))
            if is_address and {page.rel, other.rel} in reported:
                continue  # one report per pair of pages that take one address
            reported.append({page.rel, other.rel})
            if _sets_own_address(other) and not _sets_own_address(page):
                page, other = other, page  # name the page that set Save_as or URL
            both = is_address and _sets_own_address(page) and _sets_own_address(other)
            for culprit, rival in ((page, other), (other, page)) if both else ((page, other),):
                yield _duplicate_problem(culprit, rival, label, field_names, value, is_address)


def _duplicate_problem(page, other, label, field_names, value, is_address):
    field = next((page.field(name) for name in field_names if page.field(name)), None)
    named = field.key if field else field_names[0].capitalize()
    return Problem(
        page.rel, field.line if field else 1,
        f"This page has the same {label} as {other.rel}: {value!r}"
        + (", so one would silently replace the other on the site." if is_address else "."),
        f"Give each page its own {named}. If this file is a copy you no longer need, delete it.",
    )


def _sets_own_address(source):
    return source.field("save_as") is not None or source.field("url") is not None


def _slug_of(source):
    if source.page is not None:
        return source.page.slug
    return source.value("slug").strip() or None


def _save_as_of(source):
    if source.page is not None and source.page.save_as:
        return _normal(source.page.save_as)
    return None


def _url_of(source):
    if source.page is not None and source.page.save_as:
        return "/" + _normal(source.page.url or "/").removesuffix("index.html").rstrip("/")
    return None


def _normal(address):
    """faq/index.html, ./FAQ//index.html and /faq/index.html all name one file."""
    return posixpath.normpath("/" + address.strip().lower()).lstrip("/")
