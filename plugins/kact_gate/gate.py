"""Run the checks during a Pelican build and stop the build on any error.

Signals used (Pelican's own; nothing in Pelican is patched):
- initialized: start a run; listen to Pelican's log for its own warnings.
- content_object_init: keep every page object Pelican makes, also one it
  then leaves out (no Title), for its header as Pelican read it.
- all_generators_finalized: every page has been read, none written yet:
  run the SOURCE checks (header, raw HTML) on the Markdown files.
- finalized: every page is written: run the BUILT checks on the output,
  print one plain report, and stop with exit status 1 if any error was found.
"""
import dataclasses
import sys
import time
from pathlib import Path

from pelican import signals

from kact_core.problem import Problem
from kact_core.report import GateFailed, format_report

from .capture import LogCapture, problems_from_log
from .checks import BUILT, CHECKS, SOURCE
from .header import refuse_long_address
from .result_cache import VerdictCache
from .site import Site

RUN_KEY = "KACT_GATE_RUN"


class GateRun:
    """What one build found, kept in the build's settings."""

    def __init__(self, settings):
        self.settings = settings
        self.capture = LogCapture()
        self.problems = []
        self.site = None
        # Seconds each check took, for the benchmarks.
        self.timings = {}
        # What the per-page checks found on each page last time, by page digest.
        self.verdicts = VerdictCache(settings)
        self.verdict_keys = []
        # Every page object Pelican made, kept or not (content_object_init).
        self.read = []
        self.site_project = Path(settings["PATH"]).resolve().parent

    def remembered(self, key, work):
        """work()'s answer, from the last build when `key` (a digest of all
        it depends on) is unchanged; kept for the next build either way."""
        self.verdict_keys.append(key)
        answer = self.verdicts.get(key)
        if answer is None:
            answer = work()
            self.verdicts.put(key, answer)
        return answer


def start(pelican):
    run = GateRun(pelican.settings)
    pelican.settings[RUN_KEY] = run
    run.capture.attach()


def remember_content(content):
    run = content.settings.get(RUN_KEY)
    if run is not None:
        refuse_long_address(content, run.site_project)
        run.read.append(content)


def check_sources(generators):
    pages_generator = next((g for g in generators if hasattr(g, "hidden_pages")), None)
    if pages_generator is None:
        return
    run = pages_generator.settings.get(RUN_KEY)
    if run is None:
        return
    pages = [*pages_generator.pages, *pages_generator.hidden_pages, *pages_generator.draft_pages]
    failed = {path for path, content in pages_generator.context["generated_content"].items() if content is None}
    run.site = Site(run.settings, pages=pages, failed_sources=failed, remembered=run.remembered, read=run.read,
                    static_files=pages_generator.context.get("staticfiles", []))
    _run_checks(run, SOURCE)
    _keep_the_build_going(run.site, pages_generator)


def check_output(pelican):
    run = pelican.settings.get(RUN_KEY)
    if run is None:
        return
    run.capture.detach()
    if run.site is None:  # no pages generator ran
        run.site = Site(run.settings, remembered=run.remembered)
    _run_checks(run, BUILT)
    run.verdicts.save(keep=run.verdict_keys)
    run.problems.extend(problems_from_log(run.capture.entries, run.site))
    run.problems = _unique(_without_repeats(run.problems))
    if run.problems:
        print(format_report(run.problems), file=sys.stderr)
    errors = [p for p in run.problems if p.is_error]
    if errors:
        raise GateFailed(run.problems)


def _run_checks(run, stage):
    skip_advice = not run.settings.get("GATE_ADVICE", False)
    for check in CHECKS:
        if check.stage != stage or (skip_advice and check.advice_only):
            continue
        started = time.perf_counter()
        try:
            found = list(_per_page(run, check) if check.per_page else _named_all(check.run(run.site), check))
        except Exception as error:  # a fault in a check must not hide every other problem
            if run.settings.get("DEBUG"):
                raise
            found = [Problem(
                f"plugins/kact_gate/checks/{check.name}.py", None,
                f"The {check.name} check stopped unexpectedly ({type(error).__name__}: {error}). "
                "This is a fault in the check, not in your page.",
                "Tell the developer; `pelican --debug` shows the details.",
            )]
        run.timings[check.name] = time.perf_counter() - started
        run.problems.extend(found)


def _per_page(run, check):
    """Run a per-page check one page at a time, reusing the verdict on a page
    that has not changed since the last build."""
    for built in run.site.built_pages.values():
        yield from run.remembered(run.verdicts.key(check.name, built),
                                  lambda: list(_named_all(check.run(OnePage(run.site, built)), check)))


class OnePage:
    """The site as a per-page check sees it: everything, but one built page."""

    def __init__(self, site, built):
        self._site = site
        self.built_pages = {built.rel: built}

    def __getattr__(self, name):
        return getattr(self._site, name)


def _named_all(problems, check):
    return (_named(problem, check.name) for problem in problems)


def _named(problem, name):
    if problem.check:
        return problem
    return dataclasses.replace(problem, check=name)


def _keep_the_build_going(site, pages_generator):
    """Two content mistakes would crash Pelican's writer and hide every other
    problem: a Template that does not exist, and two pages with one address.
    The metadata check reports both; meanwhile the page is drawn with the
    normal layout, and the second page with a taken address is left out (the
    build fails anyway, so nothing of this reaches output/)."""
    templates = site.theme / "templates"
    for source in site.sources:
        page = source.page
        if page is not None and not (templates / f"{page.template}.html").is_file():
            page.template = "page"
    taken = set()
    for name in ("pages", "hidden_pages", "draft_pages"):
        kept = []
        for page in getattr(pages_generator, name):
            if page.save_as and page.save_as in taken:
                continue
            taken.add(page.save_as)
            kept.append(page)
        # In place: Pelican's template context holds these very lists.
        getattr(pages_generator, name)[:] = kept


def _without_repeats(problems):
    """The built-page safety check has the last word, but where the source
    check (raw HTML) or the links check (an address type) already named the
    same line, their earlier, friendlier message is enough. The sanitizer's
    "removed ..." is the net under both: left out where either named the line."""
    said = {(p.path, p.line) for p in problems if p.check == "markdown_safety"}
    named = said | {(p.path, p.line) for p in problems if p.check == "html_safety"}
    problems = [p for p in problems if not (p.check == "html_sanitizer" and (p.path, p.line) in named)]
    # The links check names the rule an address breaks (refused-scheme:javascript) when it names the address type.
    rules = {(p.path, p.line, p.rule) for p in problems if p.check == "links" and p.rule}
    kept = []
    for problem in problems:
        if problem.check == "html_safety" and ((problem.path, problem.line) in said or (
                problem.rule and (problem.path, problem.line, problem.rule) in rules)):
            continue
        kept.append(problem)
    return kept


def _unique(problems):
    """Each problem once: the first of each identity (Problem.identity)."""
    seen = set()
    unique = []
    for problem in problems:
        if problem.identity not in seen:
            seen.add(problem.identity)
            unique.append(problem)
    return unique


def register():
    signals.initialized.connect(start)
    signals.content_object_init.connect(remember_content)
    signals.all_generators_finalized.connect(check_sources)
    signals.finalized.connect(check_output)
