"""No page asserts a fact the practice has not confirmed.

Every fact in data/practice.yml must say where it comes from (the truth
register, plugins/kact_register). A page may show a fact from the current
page (the seed), from a listed outside source, or one the practice confirmed
on a date; any other fact must sit inside `{% if confirmed("group") %}` so
it appears only once confirmed. The notices' wording is held to the same rule.
"""
import datetime

import jinja2
from jinja2 import nodes

from ..problem import Problem

PRACTICE = "data/practice.yml"
SOURCES = "data/sources.yml"
# Functions a page may call; their arguments name facts or sources, not values.
FUNCTIONS = {"confirmed", "reference", "crisis_lines"}


def check(site):
    from kact_register import load_register

    register = load_register(site.project / "data")
    for line, what, fix in register.problems:
        yield Problem(PRACTICE, line, what, fix)
    yield from _sources(register.sources)
    status = {fact.path: fact.is_confirmed for fact in register.facts}
    parser = jinja2.Environment()
    for source in site.markdown_sources:
        if source.text is None or ("{{" not in source.text and "{%" not in source.text):
            continue
        body = "\n".join(source.lines[source.body_start - 1:])
        try:
            tree = parser.parse(body)
        except jinja2.TemplateSyntaxError:
            continue  # the page cannot be read at all; Pelican's own message says where
        for path, lineno in _unguarded(tree, (), status):
            yield Problem(
                source.rel, source.body_start + lineno - 1,
                f"The page shows the fact {path}, which the practice has not confirmed yet.",
                f'Put it inside {{% if confirmed("{path.split(".")[0]}") %}} ... {{% endif %}} so it appears '
                f"only once confirmed, or fill it in and set its `confirmed:` date in {PRACTICE} "
                "(see EDITING.md, \"Answering an open question\").",
            )
    for notice in site.settings.get("NOTICES", []):
        for path, _ in _unguarded(parser.parse(notice.get("text", "")), (), status):
            yield Problem("data/notices.yml", None,
                          f"The {notice['id']} notice shows the fact {path}, which the practice has not confirmed yet.",
                          f"Notices are shown on every page they apply to; use only confirmed facts in {PRACTICE}.")


def _unguarded(node, guards, status):
    """(fact path, line) for each fact used outside a confirmed() guard that covers it."""
    if isinstance(node, nodes.If):
        yield from _unguarded(node.test, guards, status)
        covered = guards + tuple(_guarded_names(node.test))
        for child in node.body:
            yield from _unguarded(child, covered, status)
        for child in list(node.elif_) + list(node.else_):
            yield from _unguarded(child, guards, status)
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in FUNCTIONS:
        return
    if isinstance(node, (nodes.Getattr, nodes.Name)):
        path = _dotted(node)
        if path is not None:
            if not _allowed(path, guards, status):
                yield path, node.lineno
            return
    for child in node.iter_child_nodes():
        yield from _unguarded(child, guards, status)


def _guarded_names(test):
    calls = [test] if isinstance(test, nodes.Call) else []
    for call in calls + list(test.find_all(nodes.Call)):
        if isinstance(call.node, nodes.Name) and call.node.name == "confirmed":
            for argument in call.args:
                if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
                    yield argument.value


def _dotted(node):
    parts = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name) or node.ctx != "load":
        return None
    parts.append(node.name)
    return ".".join(reversed(parts))


def _allowed(path, guards, status):
    if any(path == guard or path.startswith(guard + ".") for guard in guards):
        return True
    inside = [ok for fact, ok in status.items() if fact == path or fact.startswith(path + ".")]
    # A name that is no fact (a loop variable) is not the register's business;
    # a misspelt fact is reported by the build itself.
    return all(inside)


def _sources(sources):
    for source_id, source in sources.items():
        url = str(source.get("url", ""))
        if not url.startswith("https://"):
            yield Problem(SOURCES, None, f"The source {source_id} has no https address: {url!r}.",
                          "Give every outside source its https address.")
        checked = source.get("checked")
        if checked not in (None, "") and not isinstance(checked, datetime.date):
            yield Problem(SOURCES, None, f"The source {source_id} has a checked date that is not a date: {checked!r}.",
                          "Write the date it was last checked as YYYY-MM-DD, or leave it empty.")
