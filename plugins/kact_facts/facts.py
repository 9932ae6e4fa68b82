"""Let page Markdown show facts from `data/practice.yml` instead of retyping them.

In a page, `{{ crisis.samhsa.number }}` becomes the number kept in the data
file, and `{{ crisis_lines("lifeline", "emergency") }}` (on a line of its own)
becomes a list of
crisis lines with tappable links, drawn by `partials/crisis_lines.html`.
Pages that do this stay correct when a fact changes in its one place.
"""
import os

import jinja2
import markupsafe
from markdown import Extension
from markdown.preprocessors import Preprocessor
from kact_register import page_functions
from pelican import signals

# After the header block is read (priority 27), before raw HTML is set aside (20).
PRIORITY = 25


class FactError(ValueError):
    """A page asks for a fact the data file does not have, or misspells the braces."""


class FactsPreprocessor(Preprocessor):
    def __init__(self, md, env):
        super().__init__(md)
        self.env = env

    def run(self, lines):
        source = "\n".join(lines)
        if "{{" not in source and "{%" not in source:
            return lines
        try:
            rendered = self.env.from_string(source).render()
        except jinja2.TemplateSyntaxError as error:
            # The header block was already taken off, so count from its end.
            raise FactError(_line_message(error.lineno, lines, self.md, error.message)) from None
        except jinja2.UndefinedError as error:
            raise FactError(
                f"it asks for a fact that data/practice.yml does not have ({error.message}). "
                "Check the spelling inside {{ }} against data/practice.yml."
            ) from None
        return rendered.split("\n")


def _line_message(lineno, lines, md, message):
    header_lines = len(getattr(md, "Meta", {}) or {})
    line = (lineno or 0) + header_lines + 1 if lineno else None
    where = f"near line {line}: " if line else ""
    return f"{where}the {{{{ }}}} or {{% %}} braces are not written right ({message})."


class FactsExtension(Extension):
    def __init__(self, env, **kwargs):
        self.env = env
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(FactsPreprocessor(md, self.env), "kact_facts", PRIORITY)


def facts_environment(settings):
    """Strict for page text, so a misspelt fact is an error rather than a gap.
    Partials get an ordinary environment: their optional fields may be absent."""
    loader = jinja2.FileSystemLoader(os.path.join(settings["THEME"], "templates"))
    partials = jinja2.Environment(loader=loader, autoescape=True)
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
    )
    env.globals.update(settings["FACTS"])

    def crisis_lines(*keys):
        missing = [key for key in keys if key not in settings["FACTS"]["crisis"]]
        if missing:
            raise jinja2.UndefinedError(f"no crisis line called {', '.join(missing)}")
        lines = [settings["FACTS"]["crisis"][key] for key in keys]
        html = partials.get_template("partials/crisis_lines.html").render(lines=lines)
        # Markdown keeps a block of raw HTML whole only if it has no blank line inside.
        html = "\n".join(line for line in html.splitlines() if line.strip())
        return markupsafe.Markup(f"\n\n{html}\n\n")

    env.globals["crisis_lines"] = crisis_lines
    env.globals.update(page_functions(settings))
    return env


def add_extension(pelican):
    markdown_settings = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown_settings.setdefault("extensions", [])
    extensions.append(FactsExtension(facts_environment(pelican.settings)))


def register():
    signals.initialized.connect(add_extension)
