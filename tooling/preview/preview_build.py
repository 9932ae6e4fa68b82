"""Build the preview in this process, so a save shows in the browser in well under a second.

`make html` runs Pelican in a fresh process and writes `output/`. The preview
instead keeps Pelican loaded and builds into its own folder, `.preview/site/`,
which `make html` never reads. A clean build replaces the served folder in one
rename; a build with a mistake replaces every page there with an error page
that names the file, the line and the fix, until the next clean build.

The problems come from the quality gate (plugins/kact_gate), which stops a
build with GateFailed carrying them. A build that crashes before the gate
can report (a broken template or data file) is explained from Pelican's log
and the exception, by plain_problems.py.
"""
import logging
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_pelican_logging
from pelican.settings import read_settings

from tooling.build.plain_problems import problem_from_exception, problems_from_records
from tooling.preview.error_page import render_error_page
from tooling.build.folder_swap import replace_folder


# Only the preview writes drafts (every other build leaves them out: pelicanconf.py).
SHOW_DRAFTS = {"DRAFT_PAGE_SAVE_AS": "drafts/{slug}/index.html", "DRAFT_PAGE_URL": "drafts/{slug}/"}
# Where the quality gate keeps what one build found (plugins/kact_gate/gate.py).
GATE_RUN = "KACT_GATE_RUN"


@dataclass
class PreviewBuild:
    problems: list = field(default_factory=list)
    seconds: float = 0.0
    # True when the gate has already printed its report in the terminal.
    reported_by_gate: bool = False

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self):
        return not self.errors


class _Recorder(logging.Handler):
    """Keeps every warning and error of one build; the preview treats each as a mistake."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        # Pelican logs "Could not process x.md" without the reason; it is the
        # exception being handled while the record is logged.
        if not record.exc_info and sys.exc_info()[1] is not None:
            record.exc_info = sys.exc_info()
        self.records.append(record)


class PreviewBuilder:
    def __init__(self, project, settings_file="pelicanconf.py"):
        self.project = Path(project).resolve()
        self.settings_file = self.project / settings_file
        work = self.project / ".preview"
        self.served = work / "site"
        self.staging = work / "staging"
        self.swap = work / "swap"
        self.cache = work / "cache"
        work.mkdir(exist_ok=True)
        # Pelican hides a warning it has logged before; a preview builds many
        # times in one process and must see a repeated mistake every time.
        init_pelican_logging(handler=None, logs_dedup_min_level=logging.INFO)

    def build(self, changed=()):
        """Rebuild; `changed` (the saved files) puts their problems first on the error page."""
        started = time.perf_counter()
        recorder = _Recorder()
        root_logger = logging.getLogger()
        root_logger.addHandler(recorder)
        stopped = None
        settings = {}
        try:
            settings = read_settings(str(self.settings_file), override={
                "OUTPUT_PATH": str(self.staging),
                "GATE_ADVICE": True,
                **SHOW_DRAFTS,
                # A page being written may still say TODO; every other build refuses it.
                "GATE_UNFINISHED_IS_ADVICE": True,
                # The meta Content-Security-Policy would refuse the reload script.
                "HOSTING_META_CSP": False,
                # Its own content cache, so a `make html` run beside the preview
                # never reads a cache file the preview is half-way through writing.
                "CACHE_PATH": str(self.cache),
            })
            Pelican(settings).run()
        except (Exception, SystemExit) as error:  # any mistake must leave the preview running
            stopped = error
        finally:
            root_logger.removeHandler(recorder)
        result = self._outcome(stopped, settings.get(GATE_RUN), recorder.records)
        result.problems.sort(key=lambda problem: self._saved_first(problem, changed))
        if result.ok:
            self._swap_in_staging()
        else:
            self._show_error_page(result.errors)
        result.seconds = time.perf_counter() - started
        return result

    def _outcome(self, stopped, gate_run, records):
        if stopped is not None and hasattr(stopped, "problems"):  # the gate's GateFailed
            return PreviewBuild(problems=list(stopped.problems), reported_by_gate=True)
        if stopped is None and gate_run is not None:  # clean, perhaps with advice
            return PreviewBuild(problems=list(gate_run.problems), reported_by_gate=True)
        problems = problems_from_records(records, self.project)
        if stopped is not None:
            problems.append(problem_from_exception(stopped, self.project))
        return PreviewBuild(problems=problems)

    def _saved_first(self, problem, changed):
        saved = {self._relative(path) for path in changed}
        return (problem.severity != "error", problem.path not in saved, problem.path, problem.line or 0)

    def _relative(self, path):
        try:
            return Path(path).resolve().relative_to(self.project).as_posix()
        except ValueError:
            return str(path)

    def _swap_in_staging(self):
        replace_folder(self.staging, self.served, self.swap)

    def _show_error_page(self, problems):
        """Every page the browser may be on shows the problems, so a reload lands on them."""
        html = render_error_page(problems)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.served.mkdir(parents=True, exist_ok=True)
        pages = list(self.served.rglob("*.html")) or [self.served / "index.html"]
        for page in pages:
            page.write_text(html, encoding="utf-8")
