"""One build of the real site for the whole test session, into a temporary folder."""
import logging
import os
import subprocess
import sys

import pytest
import yaml
from pelican import Pelican
from pelican.settings import read_settings

from tests.needs import need
from tests.site import ROOT, BuiltSite

# Every page of the site, by address. A page that goes missing fails the build test.
PAGES = {
    "/": "index",
    "/what-is-kact/": "what-is-kact",
    "/the-science/": "the-science",
    "/treatment-options/": "treatment-options",
    "/how-it-works/": "how-it-works",
    "/is-this-right-for-us/": "is-this-right-for-us",
    "/arizona-and-out-of-state/": "arizona-and-out-of-state",
    "/faq/": "faq",
    "/practical-questions/": "practical-questions",
    "/about/": "about",
    "/book-a-consult/": "book-a-consult",
    "/urgent-help/": "urgent-help",
    "/privacy/": "privacy",
    "/accessibility/": "accessibility",
    "/good-faith-estimate/": "good-faith-estimate",
    "/404.html": "404",
}


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def build_site(output, **overrides):
    """Build the real site with Pelican's own API, recording every warning and error."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(ROOT / "content"),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            **overrides,
        },
    )
    recorder = _Recorder()
    logging.getLogger().addHandler(recorder)
    try:
        Pelican(settings).run()
    finally:
        logging.getLogger().removeHandler(recorder)
    return BuiltSite(output=output, log=recorder.records)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """The site as published (publishconf.py: absolute addresses, sitemap, .gz/.br copies).

    Built in its own process, as `pelican` runs for a deploy: the publish-only
    plugins connect to Pelican's global signals and must not leak into the
    in-process builds of the other tests. Size budgets are measured on this.
    """
    output = tmp_path_factory.mktemp("published") / "output"
    env = {key: value for key, value in os.environ.items() if key != "SITEURL"}
    command = [
        sys.executable, "-m", "pelican", str(ROOT / "content"),
        "--settings", str(ROOT / "publishconf.py"), "--output", str(output), "--fatal", "warnings",
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"The publish build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return BuiltSite(output=output)


@pytest.fixture(scope="session")
def facts():
    return yaml.safe_load((ROOT / "data" / "practice.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def notice_spec():
    return yaml.safe_load((ROOT / "data" / "notices.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def claims():
    return yaml.safe_load((ROOT / "data" / "claims.yml").read_text(encoding="utf-8"))


@pytest.fixture(params=sorted(PAGES), ids=lambda address: PAGES[address])
def address(request):
    return request.param


# Programs beyond Python, git and make (tests/needs.py). Session-scoped, and
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
    """`make publish` proves urgent help in Chromium (tooling/urgent_help_proof.py)."""
    return need("chromium")


@pytest.fixture(scope="session")
def nginx_program():
    return need("nginx")
