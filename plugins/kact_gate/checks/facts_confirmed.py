"""No page asserts a fact the practice has not confirmed.

Every fact in data/practice.yml must say where it comes from (the truth
register, plugins/kact_register). A page may show a fact from the current
page (the seed), from a listed outside source, or one the practice confirmed
on a date; any other fact must sit inside `{% if confirmed("group") %}` so
it appears only once confirmed. The notices' wording is held to the same rule.
"""
import hashlib

import jinja2

from kact_core.problem import Problem

PRACTICE = "data/practice.yml"


def check(site):
    from kact_register import load_register

    register = load_register(site.project / "data")
    for line, what, fix in register.problems:
        yield Problem(PRACTICE, line, what, fix)
    status = {fact.path: fact.is_confirmed for fact in register.facts}
    for source in site.markdown_sources:
        if source.text is None or ("{{" not in source.text and "{%" not in source.text):
            continue
        body = "\n".join(source.lines[source.body_start - 1:])
        # Reading a page's facts means parsing it with Jinja, the slowest part of
        # this check; the answer depends only on the text and on the register,
        # and the gate's cache is emptied whenever a data file changes.
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        unguarded = site.remembered(f"facts_confirmed:{digest}", lambda: list(_unguarded(body, status)))
        for path, lineno in unguarded:
            yield Problem(
                source.rel, source.body_start + lineno - 1,
                f"The page shows the fact {path}, which the practice has not confirmed yet.",
                f'Put it inside {{% if confirmed("{path.split(".")[0]}") %}} ... {{% endif %}} so it appears '
                f"only once confirmed, or fill it in and set its `confirmed:` date in {PRACTICE} "
                "(see docs/editing-reference.md, \"Answering an open question\").",
            )
    # The theme shows facts on every page as FACTS.practice.name and the like.
    for template in sorted(site.theme.glob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for path, lineno in _unguarded(text, status, prefix="FACTS."):
            yield Problem(site.relative(template), lineno,
                          f"The template shows the fact {path}, which the practice has not confirmed yet.",
                          f"Templates are shown on every page; use only confirmed facts in {PRACTICE}, "
                          "or tell the developer.")
    for notice in site.settings.get("NOTICES", []):
        for path, _ in _unguarded(notice.get("text", ""), status):
            yield Problem("data/notices.yml", None,
                          f"The {notice['id']} notice shows the fact {path}, which the practice has not confirmed yet.",
                          f"Notices are shown on every page they apply to; use only confirmed facts in {PRACTICE}.")


def _unguarded(text, status, prefix=""):
    from kact_register import covers, facts_used

    try:
        used = facts_used(text)
    except jinja2.TemplateSyntaxError:
        return  # the page cannot be read at all; Pelican's own message says where
    for path, lineno, guards in used:
        if not path.startswith(prefix):
            continue
        path = path[len(prefix):]
        if any(covers(guard, path) for guard in guards):
            continue
        # A name that is no fact (a loop variable) is not the register's business;
        # a misspelt fact is reported by the build itself.
        if not all(ok for fact, ok in status.items() if covers(path, fact)):
            yield path, lineno

