"""One build of the real site (and one of the site as published) for the whole test session."""
import pytest
import yaml

from tooling.build.content_pages import read_pages
from tests.shared_builds import (
    WORKER_KEY,
    BuildFailed,
    build_published_site,
    build_site,
    load_shared_build,
    make_shared_builds,
    remove_shared_builds,
    shared_folder,
)
from tests.run import STARTED_KEY, is_worker, mark_start, run_started, runs_workers, screenshots_taken
from tests.site import PROJECT
from tests.support import markers_for, need

# Every page of the site, by address (address -> slug), as Pelican reads
# content/pages: a page added there is checked by every per-page test, and
# one that goes missing from the build fails tests/build/test_build.py.
SOURCE_PAGES = read_pages(PROJECT)
PAGES = {page.address: page.slug for page in SOURCE_PAGES}


# For `make test` (pytest-xdist, tasks.py): the modules that take longest
# start first, so no worker is left running one of them alone at the end
# (longest first by the sum of their --durations, bench/suite_time.py;
# docs/testing.md). The browser modules come first, together: a worker that
# leaves tests/browser/ closes its Chromium, and would start another to come back.
# Only an order: a module not named here runs all the same, after these.
LONGEST_FIRST = [
    "tests/browser/test_publish_from_the_editor.py", "tests/browser/test_cms.py", "tests/browser/test_keyboard.py",
    "tests/browser/test_privacy.py", "tests/browser/test_security_headers.py", "tests/browser/test_layout.py",
    "tests/browser/test_editor_online.py", "tests/browser/test_design.py", "tests/browser/test_urgent_help_proof.py",
    "tests/browser/test_accessibility_rules.py", "tests/browser/test_checks_catch_broken_pages.py",
    "tests/browser/test_design_checks_fail.py",
    "tests/workflow/test_workflow_rehearsal.py", "tests/plugins/test_quality_gate.py", "tests/publish/test_deploy.py", "tests/preview/test_preview.py",
]


def pytest_configure(config):
    mark_start(config)


def pytest_collection_modifyitems(config, items):
    """Markers by place and fixture (tests/support.py); in a worker of a parallel run, the
    longest modules first (a stable sort keeps the rest in order)."""
    for item in items:
        for name in markers_for(item.path, item.fixturenames):
            item.add_marker(name)
    if is_worker(config):
        rank = {module: place for place, module in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


def pytest_sessionstart(session):
    """In a parallel run, build the site and the published site once, before the workers start."""
    if runs_workers(session.config):
        session.config.kact_shared_builds = make_shared_builds()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist: tell each worker where the main process's builds are, and when the run began."""
    node.workerinput[WORKER_KEY] = str(node.config.kact_shared_builds)
    node.workerinput[STARTED_KEY] = run_started(node.config)


def pytest_sessionfinish(session):
    folder = getattr(session.config, "kact_shared_builds", None)
    if folder:
        remove_shared_builds(folder)


def pytest_terminal_summary(terminalreporter, config):
    """Where tests/browser/test_layout.py put its screenshots (counted on disk: in a
    parallel run the workers took them)."""
    taken = screenshots_taken(config)
    if taken:
        terminalreporter.write_sep("-", "browser screenshots for review")
        terminalreporter.write_line(f"{len(taken)} screenshots (phone and desktop widths) in {taken[0].parent}")


def _session_build(request, name, build, tmp_path_factory):
    folder = shared_folder(request.config)
    try:
        if folder:
            return load_shared_build(folder, name)
        return build(tmp_path_factory.mktemp(name) / "output")
    except BuildFailed as failed:
        pytest.fail(str(failed), pytrace=False)


@pytest.fixture(scope="session")
def site(request, tmp_path_factory):
    """The real site, built with Pelican's own API (tests/shared_builds.py); `site.log` holds its warnings."""
    return _session_build(request, "site", build_site, tmp_path_factory)


@pytest.fixture(scope="session")
def published_site(request, tmp_path_factory):
    """The site as published (publishconf.py: absolute addresses, sitemap, .gz/.br copies).

    Built in its own process, as `pelican` runs for a deploy. Size budgets are measured on this.
    """
    return _session_build(request, "published", build_published_site, tmp_path_factory)


@pytest.fixture(scope="session")
def facts():
    return yaml.safe_load((PROJECT / "data" / "practice.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def notice_spec():
    return yaml.safe_load((PROJECT / "data" / "notices.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def claims():
    return yaml.safe_load((PROJECT / "data" / "claims.yml").read_text(encoding="utf-8"))


@pytest.fixture(params=sorted(PAGES), ids=lambda address: PAGES[address])
def address(request):
    return request.param


# Programs beyond Python, git and make (tests/support.py). Session-scoped, and
# named first by the fixtures that need them, so a missing one skips the
# test before the site is built for it.
@pytest.fixture(scope="session")
def java():
    return need("java")


@pytest.fixture(scope="session")
def rsync():
    return need("rsync")


@pytest.fixture(scope="session")
def chromium():
    """`make publish` proves urgent help in Chromium (tooling/publish/urgent_help_proof.py)."""
    return need("chromium")


@pytest.fixture(scope="session")
def nginx_program():
    return need("nginx")
