"""The page the preview shows in place of the site while a mistake is unfixed."""
import re
import time
from pathlib import Path

import jinja2
import markupsafe

_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _code_spans(text):
    """Show `Title: ...` in a fix as code, like docs/editing-reference.md does."""
    escaped = str(markupsafe.escape(text))
    return markupsafe.Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))


_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)
_ENV.filters["code_spans"] = _code_spans


def render_error_page(problems):
    template = _ENV.get_template("preview_error.html")
    return template.render(problems=problems, checked_at=time.strftime("%H:%M:%S"))
