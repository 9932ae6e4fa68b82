"""The rules language of `data/notices.yml`, kept apart from Pelican so the
quality gate and the tests can apply exactly the same rules."""
import re

_TAG = re.compile(r"<[^>]+>")


def page_text(page):
    """The words a reader sees on the page: title, summary and body."""
    body = _TAG.sub(" ", page._content or "")
    summary = _TAG.sub(" ", str(page.metadata.get("summary", "")))
    return " ".join([page.title, summary, body])


def rule_matches(rules, slug, text):
    if rules.get("all"):
        return True
    if slug in rules.get("pages", []):
        return True
    patterns = rules.get("mentions", [])
    if patterns:
        for phrase in rules.get("ignore", []):
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        return any(re.search(p, text, flags=re.IGNORECASE) for p in patterns)
    return False


def notice_ids_for(page, spec):
    """Ids of the notices the page must carry, in the spec's order."""
    text = page_text(page)
    return [n["id"] for n in spec
            if rule_matches(n.get("rules", {}), page.slug, text) or n.get("full_on") == page.slug]


def parse_notice_request(value):
    """Split a page's `Notices:` header into ids to add and ids to drop.

    `Notices: no-driving, -fda-status` adds no-driving and asks to drop
    fda-status (which the quality gate refuses if the page needs it)."""
    added, dropped = [], []
    for item in str(value).split(","):
        item = item.strip()
        if item.startswith("-"):
            dropped.append(item[1:].strip())
        elif item:
            added.append(item)
    return added, dropped


def shows_short_line(notice, slug):
    """Whether the page shows the notice's short line: it has one, and this is
    not the one page that holds it whole."""
    return bool(notice.get("short")) and notice.get("full_on") != slug
