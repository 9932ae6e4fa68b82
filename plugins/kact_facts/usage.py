"""Which facts of data/practice.yml a page's text shows, read with the page-text
sandbox's own parser: `{{ session_day.description }}` shows session_day.description,
`confirmed("therapist.photo")` and `questions_to_ask("costs")` show those groups,
`crisis_lines("lifeline")` shows crisis.lifeline.

The online editor's status panel links a change of the facts or the open
questions to the pages that show them (editor/admin/publish-status.js), rather
than to the home page. The header, the urgent-help bar and the footer show some
facts on every page; those are the home page's as much as any.
"""
from jinja2 import nodes

from .facts import text_sandbox

# The page functions whose words name facts (plugins/kact_register, facts.py).
NAMING_FUNCTIONS = {"confirmed": "", "questions_to_ask": "", "crisis_lines": "crisis."}


def _dotted(node):
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    return ".".join([node.name, *reversed(parts)]) if isinstance(node, nodes.Name) else None


def facts_shown(source, facts):
    """The dotted paths of the facts `source` (a page's text) shows, in the
    order written; only names of `facts` count (not loop names or functions)."""
    tree = text_sandbox(facts).parse(source)
    shown, inside_a_chain = [], set()
    # Outer nodes come first: `therapist.name` shows therapist.name, not all of therapist.
    for node in tree.find_all((nodes.Getattr, nodes.Name, nodes.Call)):
        if isinstance(node, nodes.Getattr):
            inside_a_chain.add(id(node.node))
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in NAMING_FUNCTIONS:
            prefix = NAMING_FUNCTIONS[node.node.name]
            shown += [prefix + arg.value for arg in node.args if isinstance(arg, nodes.Const) and isinstance(arg.value, str)]
        elif not isinstance(node, nodes.Call) and id(node) not in inside_a_chain:
            shown.append(_dotted(node))
    return list(dict.fromkeys(path for path in shown if path and path.split(".")[0] in facts))
