"""One build of the real site for the whole test session, into a temporary folder."""
import logging
import os
import subprocess
import sys

import pytest
import yaml
from pelican import Pelican
from pelican.settings import read_settings

from tests.content_pages import read_pages
from tests.needs import need
from tests.site import PROJECT, BuiltSite

# Every page of the site, by address (address -> slug), as Pelican reads
# content/pages: a page added there is checked by every per-page test, and
# one that goes missing from the build fails tests/test_build.py.
SOURCE_PAGES = read_pages(PROJECT)
PAGES = {page.address: page.slug for page in SOURCE_PAGES}


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def build_site(output, **overrides):
    """Build the real site with Pelican's own API, recording every warning and error."""
    settings = read_settings(
        str(PROJECT / "pelicanconf.py"),
        override={
            "PATH": str(PROJECT / "content"),
            "OUTPUT_PATH": str(output),
            "THEME": str(PROJECT / "theme"),
            "PLUGIN_PATHS": [str(PROJECT / "plugins")],
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
        sys.executable, "-m", "pelican", str(PROJECT / "content"),
        "--settings", str(PROJECT / "publishconf.py"), "--output", str(output), "--fatal", "warnings",
    ]
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"The publish build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return BuiltSite(output=output)


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
def nginx_program():
    return need("nginx")
