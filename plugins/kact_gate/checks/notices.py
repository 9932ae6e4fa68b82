"""Every built page shows each notice that data/notices.yml requires of it,
in its place and with its exact wording; no page may drop a notice it needs.

The spec's rules are applied to the built page's own words (its heading, its
summary and the text its Markdown made), with the same rules code the
notices plugin uses, so a notice the plugin or a template forgot is caught.

Under the spec lies a floor in code (../notices_floor.py): the notices every
page, or every page that mentions ketamine or results, must show and what
each must say there, whatever data/notices.yml asks.
"""
import re

from ..built import visible_text
from ..locate import is_inside
from ..notices_floor import REQUIRED_NOTICES
from kact_core.problem import Problem
from ..source import words_of

REGIONS = {"header": "//header", "footer": "//footer", "page": "//main"}
THEME_FIX = ("The theme shows notices automatically, so this is a fault in theme/templates/ or in "
             "plugins/kact_notices/; tell the developer.")


def check(site):
    from kact_notices.rules import parse_notice_request, rule_matches

    spec = site.settings.get("NOTICES", [])
    for built in site.built_pages.values():
        source = built.source
        if source is None or source.page is None:
            continue
        page = source.page
        text = " ".join([
            visible_text(built.first("//h1")) if built.first("//h1") is not None else page.title,
            built.meta_description,
            visible_text(built.prose) if built.prose is not None else "",
        ])
        required = {}
        for notice in spec:
            if rule_matches(notice.get("rules", {}), page.slug, text):
                required[notice["id"]] = _reason(notice, page.slug, source)
            elif notice.get("full_on") == page.slug:
                required[notice["id"]] = "data/notices.yml names it as the page that holds the full wording"
        for notice_id in getattr(page, "required_notices", []):
            required.setdefault(notice_id, "the notices plugin found this page needs it")
        _, dropped = parse_notice_request(source.value("notices"))
        for notice_id in dropped:
            if notice_id in required:
                field = source.field("notices")
                yield Problem(
                    source.rel, field.line if field else None,
                    f"The page asks to drop the {notice_id} notice, but it needs it: {required[notice_id]}.",
                    f"Remove -{notice_id} from the Notices line. A required notice cannot be dropped; "
                    "to change its wording, edit data/notices.yml.",
                )
        by_id = {notice["id"]: notice for notice in spec}
        for notice_id, reason in required.items():
            notice = by_id.get(notice_id)
            if notice is not None:
                yield from _check_shown(built, source, notice, reason)
        yield from _floor(built, source, text)


def _reason(notice, slug, source):
    rules = notice.get("rules", {})
    if rules.get("all"):
        return "every page must carry it"
    if slug in rules.get("pages", []):
        return f"data/notices.yml lists the page {slug!r} for it"
    ignore = [re.compile(re.escape(phrase), re.IGNORECASE) for phrase in rules.get("ignore", [])]
    for pattern in rules.get("mentions", []):
        compiled = re.compile(pattern, re.IGNORECASE)
        for number, line in enumerate(source.lines, start=1):
            for phrase in ignore:
                line = phrase.sub(" ", line)
            found = compiled.search(line)
            if found:
                return f"the page mentions {found.group(0)!r} (line {number})"
    return "its rule in data/notices.yml matches the page's text"


def _check_said(built, source, notice_id, said):
    """The page's own text carries the notice (data/notices.yml said_in_text):
    every sentence listed for it is there."""
    prose = " ".join(words_of(visible_text(built.prose))) if built.prose is not None else ""
    for sentence in [said] if isinstance(said, str) else said:
        yield from _check_sentence(source, notice_id, sentence, prose)


def _check_sentence(source, notice_id, said, prose):
    if " ".join(words_of(said)) not in prose:
        yield Problem(source.rel, None,
                      f"data/notices.yml says this page's own text carries the {notice_id} notice "
                      f"(\"{said}\"), but the page no longer says that.",
                      f"Put those words back in the page, or remove the page from said_in_text under "
                      f"{notice_id} in data/notices.yml so the notice's box is shown instead.")


def _check_shown(built, source, notice, reason):
    from kact_notices.rules import shows_short_line

    notice_id = notice["id"]
    said = (notice.get("said_in_text") or {}).get(source.page.slug)
    if said:
        yield from _check_said(built, source, notice_id, said)
        return
    shown = built.doc.xpath(f"//*[@data-notice='{notice_id}']")
    if not shown:
        yield Problem(source.rel, None,
                      f"The built page does not show the {notice_id} notice, which it needs because {reason}.",
                      THEME_FIX)
        return
    places = [notice.get("place", "page")]
    if source.page.slug in notice.get("also_in_page", []):
        places.append("page")
    for place in places:
        region = built.first(REGIONS.get(place, "//main"))
        if not any(is_inside(element, region) for element in shown):
            yield Problem(source.rel, None,
                          f"The {notice_id} notice is not in the page's {place} part, where data/notices.yml puts it.",
                          THEME_FIX)
    plain = notice.get("short_plain" if shows_short_line(notice, source.page.slug) else "plain", "")
    wording = " ".join(words_of(plain))
    if wording and not any(wording in " ".join(words_of(visible_text(element))) for element in shown):
        yield Problem(source.rel, None,
                      f"The {notice_id} notice on this page does not have the wording in data/notices.yml.",
                      "The wording must come from data/notices.yml only; edit it there, not in a page or template.")


def _floor(built, source, text):
    for rule in REQUIRED_NOTICES:
        if not _floor_applies(rule, text):
            continue
        shown = built.doc.xpath(f"//*[@data-notice='{rule['id']}']")
        says = re.compile(rule["says"], re.IGNORECASE)
        links = rule.get("links")
        if not any(says.search(visible_text(element)) and (
                not links or element.xpath(f".//a[starts-with(normalize-space(@href), '{links}')]"))
                for element in shown):
            yield Problem(
                source.rel, None,
                f"The page does not show the {rule['id']} notice saying {rule['gist']}; {rule['kind']} "
                "must (plugins/kact_gate/notices_floor.py).",
                f"Keep the {rule['id']} notice in data/notices.yml, for these pages and with words that say "
                "that much; a short line with a link to the full statement is enough.",
            )


def _floor_applies(rule, text):
    if rule.get("pages") == "all":
        return True
    for phrase in rule.get("ignore", []):
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return re.search(rule["mentions"], text, re.IGNORECASE) is not None
