"""Let page Markdown show facts from `data/practice.yml` instead of retyping them.

In a page, `{{ crisis.samhsa.number }}` becomes the number kept in the data
file, and `{{ crisis_lines("lifeline", "emergency") }}` (on a line of its own)
becomes a list of
crisis lines with tappable links, drawn by `partials/crisis_lines.html`
("added" names every line the practice added in the editor, crisis.added).
`{{ questions_to_ask("costs", "cancellation") }}` (on a line of its own)
becomes the checklist "Questions to ask in your consult" couples can take
along: the questions of each named group the practice has not confirmed yet,
drawn by `partials/questions_to_ask.html`.
`{% if fact %}...{% endif %}` shows a part of a page only when a fact is
filled in, and `{% if confirmed("costs") %}` only once the practice has also
confirmed it (`confirmed` and `reference` come from plugins/kact_register).
Pages that do this stay correct when a fact changes in its one place.

Page text is written by people, not developers, so it is rendered in Jinja's
immutable sandbox: the only names are the facts, `crisis_lines`, `confirmed`
and `reference`, nothing
can be changed or reach Python's internals, every value is HTML-escaped, and
`|safe`, `{% autoescape %}`, `{% include %}` and the like are refused with
the page's line.
"""
import os

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markdown import Extension
from markdown.preprocessors import Preprocessor
from kact_core.crisis_registry import ADDED, added_lines
from kact_register import page_functions
from pelican import signals

# After the header block is read (priority 27), before raw HTML is set aside (20).
PRIORITY = 25
# Between Markdown's whitespace clean-up (30) and the header reader (27): counts
# the lines before the header is taken off, so a template line maps to a file line.
COUNT_PRIORITY = 28
# Template statements page text may not use, and why.
REFUSED_NODES = {
    nodes.ScopedEvalContextModifier: "{% autoescape %} would let text skip HTML escaping",
    nodes.EvalContextModifier: "{% autoescape %} would let text skip HTML escaping",
    nodes.Include: "{% include %} would read a file into the page",
    nodes.Import: "{% import %} would read a file into the page",
    nodes.FromImport: "{% from ... import %} would read a file into the page",
    nodes.Extends: "{% extends %} would read a file into the page",
}
# Everything else page text may use: facts, the page functions, {% if %} with
# comparisons and tests, and a few filters that cannot make text longer than
# it is. No loops, {% set %}, arithmetic or method calls: with them a page
# could make the build compute or print for ever ({{ 9**9**9 }},
# {% for %} inside {% for %}), which the sandbox alone does not stop.
ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.Name, nodes.Const, nodes.Getattr,
    nodes.Getitem, nodes.Call, nodes.Compare, nodes.Operand, nodes.Not, nodes.And, nodes.Or,
    nodes.CondExpr, nodes.Test, nodes.Filter, nodes.Concat, nodes.Keyword, nodes.List, nodes.Tuple,
)
# (Not replace or join: chained, each multiplies the text's length.)
ALLOWED_FILTERS = frozenset(["lower", "upper", "title", "capitalize", "trim", "length", "first", "last",
                             "default", "e", "escape"])
SAFE_FIX_WORDS = ("page text may show facts, call crisis_lines, questions_to_ask, confirmed or reference, "
                  "and use {% if %}")

class FactError(ValueError):
    """A page asks for a fact the data file does not have, misspells the braces,
    or uses the braces for something page text may not do. The message starts
    with "line N:" when the line is known."""


class LineCounter(Preprocessor):
    def run(self, lines):
        self.md.kact_lines_before_header = len(lines)
        return lines


class FactsPreprocessor(Preprocessor):
    def __init__(self, md, env):
        super().__init__(md)
        self.env = env

    def run(self, lines):
        source = "\n".join(lines)
        if "{{" not in source and "{%" not in source:
            return lines
        header_lines = getattr(self.md, "kact_lines_before_header", len(lines)) - len(lines)
        try:
            rendered = render_text(self.env, source)
        except jinja2.TemplateSyntaxError as error:
            raise FactError(_where(error.lineno, header_lines) + _syntax_message(error)) from None
        except jinja2.UndefinedError as error:
            raise FactError(
                _where(_template_line(error), header_lines)
                + f"it asks for a fact that data/practice.yml does not have ({error.message}). "
                "Check the spelling inside {{ }} against data/practice.yml."
            ) from None
        except SecurityError as error:
            raise FactError(
                _where(_template_line(error), header_lines)
                + f"the {{{{ }}}} braces are used for something page text may not do ({str(error).rstrip('.')}). "
                "Page text may only show facts from data/practice.yml."
            ) from None
        return rendered.split("\n")


def parse_allowed(env, source):
    """The parsed template, or a TemplateSyntaxError for anything page text may not use."""
    tree = env.parse(source)
    # The named statements and Python's own names first: their words say best why.
    # (innermost first: the first one written in a chain such as a.__class__.__mro__)
    python_names = [node for node in tree.find_all(nodes.Getattr) if node.attr.startswith("_")][::-1]
    for found in [*tree.find_all(tuple(REFUSED_NODES)), *python_names, *tree.find_all(nodes.Node)]:
        refused = _refused(found)
        if refused:
            line = found.lineno or next((n.lineno for n in found.find_all(nodes.Node) if n.lineno), None)
            raise jinja2.TemplateSyntaxError(f"not allowed in page text: {refused}", line)
    return tree


def _refused(node):
    """Why page text may not use `node`, or None."""
    if type(node) in REFUSED_NODES:
        return REFUSED_NODES[type(node)]
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return f"{node.attr} is a name from Python, not a fact"
    if isinstance(node, nodes.Filter) and node.name == "safe":
        return "|safe would let text skip HTML escaping"
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        return f"the |{node.name} filter; {SAFE_FIX_WORDS}"
    if isinstance(node, nodes.Call) and not isinstance(node.node, nodes.Name):
        return f"calling a method; {SAFE_FIX_WORDS}"
    if not isinstance(node, ALLOWED_NODES):
        return f"{_statement_words(node)}; {SAFE_FIX_WORDS}"
    return None


def _statement_words(node):
    words = {nodes.For: "{% for %} loops", nodes.Assign: "{% set %}", nodes.AssignBlock: "{% set %}",
             nodes.Macro: "{% macro %}", nodes.CallBlock: "{% call %}", nodes.With: "{% with %}",
             nodes.FilterBlock: "{% filter %}", nodes.BinExpr: "arithmetic (+ - * / ** %)",
             nodes.UnaryExpr: "arithmetic (+ - * / ** %)"}
    return next((text for kind, text in words.items() if isinstance(node, kind)),
                f"this kind of expression ({type(node).__name__})")


def _syntax_message(error):
    if error.message.startswith("not allowed in page text"):
        return f"the {{{{ }}}} or {{% %}} braces are used for something page text may not do ({error.message})."
    return f"the {{{{ }}}} or {{% %}} braces are not written right ({error.message})."


def _template_line(error):
    """The template line a runtime error happened on: Jinja puts the template's
    own frames (file name "<template>") into the traceback."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _where(template_line, header_lines):
    return f"line {template_line + header_lines}: " if template_line else ""


class FactsExtension(Extension):
    def __init__(self, env, **kwargs):
        self.env = env
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(LineCounter(md), "kact_facts_line_counter", COUNT_PRIORITY)
        md.preprocessors.register(FactsPreprocessor(md, self.env), "kact_facts", PRIORITY)


def text_sandbox(facts):
    """Jinja's immutable sandbox with the facts as its only names: for page text
    and for the notices' wording. Render only what parse_allowed accepts."""
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True,
                                        keep_trailing_newline=True)
    del env.filters["safe"]
    env.globals.clear()
    env.globals.update(facts)
    return env


def render_text(env, source):
    """`source` filled in, or a Jinja error (TemplateSyntaxError for anything refused)."""
    return env.from_string(parse_allowed(env, source)).render()


def facts_environment(settings):
    """The sandbox for page text: strict, so a misspelt fact is an error rather
    than a gap. Partials are ours and get an ordinary environment: their
    optional fields may be absent."""
    loader = jinja2.FileSystemLoader(os.path.join(settings["THEME"], "templates"))
    partials = jinja2.Environment(loader=loader, autoescape=True)
    env = text_sandbox(settings["FACTS"])

    def crisis_lines(*keys):
        """Each named line; "added" stands for every line the practice added (crisis.added)."""
        crisis = settings["FACTS"]["crisis"]
        missing = [key for key in keys if key not in crisis]
        if missing:
            raise jinja2.UndefinedError(f"no crisis line called {', '.join(missing)}")
        lines = [line for key in keys for line in (added_lines(crisis) if key == ADDED else [crisis[key]])]
        html = partials.get_template("partials/crisis_lines.html").render(lines=lines)
        # Markdown keeps a block of raw HTML whole only if it has no blank line inside.
        html = "\n".join(line for line in html.splitlines() if line.strip())
        return markupsafe.Markup(f"\n\n{html}\n\n")

    def questions_to_ask(*groups):
        """The consult questions of each named open question that is not confirmed
        yet, as one checklist (partials/questions_to_ask.html); nothing once all are."""
        known = settings.get("FACT_QUESTIONS", {})
        missing = [name for name in groups if name not in known]
        if missing:
            raise jinja2.UndefinedError(f"no open question called {', '.join(missing)} in data/practice.yml")
        status = settings.get("FACT_STATUS", {})
        questions = [question for name in groups
                     if not all(ok for path, ok in status.items() if path == name or path.startswith(name + "."))
                     for question in known[name]]
        if not questions:
            return markupsafe.Markup("")
        html = partials.get_template("partials/questions_to_ask.html").render(questions=questions)
        html = "\n".join(line for line in html.splitlines() if line.strip())
        return markupsafe.Markup(f"\n\n{html}\n\n")

    env.globals["crisis_lines"] = crisis_lines
    env.globals["questions_to_ask"] = questions_to_ask
    env.globals.update(page_functions(settings))
    return env


def add_extension(pelican):
    markdown_settings = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown_settings.setdefault("extensions", [])
    extensions.append(FactsExtension(facts_environment(pelican.settings)))


def register():
    signals.initialized.connect(add_extension)
