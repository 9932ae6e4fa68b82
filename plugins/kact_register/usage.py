"""Which facts a page's Markdown uses, and which `confirmed()` guards cover each.

Read from Jinja's parse of the page, so `{{ costs.medicine }}` inside
`{% if confirmed("costs") %}` is known to be guarded, and one in its
`{% else %}` part is not.
"""
import jinja2
from jinja2 import nodes

# Functions a page may call; their arguments name facts or sources, not values.
FUNCTIONS = {"confirmed", "reference", "crisis_lines", "questions_to_ask"}
_PARSER = jinja2.Environment()


def facts_used(text):
    """(fact path, line in text, guards) for each fact the text shows, and
    ("guard", line, (name,)) for each `confirmed(name)` it tests.
    Raises jinja2.TemplateSyntaxError when the braces are not written right."""
    return list(_walk(_PARSER.parse(text), ()))


def guarded_names(text):
    """The names tested with confirmed() anywhere in the text."""
    return {name for node in _PARSER.parse(text).find_all(nodes.If) for name in _guards(node.test)}


def _walk(node, guards):
    if isinstance(node, nodes.If):
        yield from _walk(node.test, guards)
        covered = guards + tuple(_guards(node.test))
        for child in node.body:
            yield from _walk(child, covered)
        for child in list(node.elif_) + list(node.else_):
            yield from _walk(child, guards)
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in FUNCTIONS:
        return
    if isinstance(node, (nodes.Getattr, nodes.Name)):
        path = _dotted(node)
        if path is not None:
            yield path, node.lineno, guards
            return
    for child in node.iter_child_nodes():
        yield from _walk(child, guards)


def _guards(test):
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


def covers(name, path):
    """Whether the group or fact `name` is `path` or holds it."""
    return path == name or path.startswith(name + ".")
