"""The quality gate stops every kind of mistake, through the real build command.

Each folder in tests/fixtures/broken/ is one kind of mistake: its pages are
copied on top of a copy of the project, and `invoke build` (what `make html`
runs) must fail with the expected plain messages, no traceback, and the
previous output/ untouched. The untouched copy must build clean.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
import yaml

from tests.site import ROOT
from tests.support import copy_project
from kact_gate.checks import CHECKS

# The `builds` fixture runs `invoke build` on a copy of the project per fixture: about a minute.
pytestmark = pytest.mark.slow

FIXTURES = ROOT / "tests" / "fixtures" / "broken"
KINDS = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
# Content that looks dangerous but must build, with nothing dangerous in the output.
SAFE_FIXTURES = ROOT / "tests" / "fixtures" / "safe"
SAFE_KINDS = sorted(f"safe/{path.name}" for path in SAFE_FIXTURES.iterdir() if path.is_dir())
# Where each part of a fixture folder goes in the project copy (symbolic links kept as links).
FIXTURE_PARTS = {"pages": "content/pages", "images": "content/images", "extra": "content/extra", "data": "data",
                 "theme": "theme"}
REAL_SITE = "(the real site)"
# What the build needs; .venv is not copied (the build uses this interpreter).
PROJECT_PARTS = ["content", "data", "theme", "plugins", "tooling", "pelicanconf.py", "publishconf.py", "tasks.py"]
PREVIOUS_BUILD = "<!doctype html><title>The previous good build</title>"

# Each check that can stop a build, and a fixture that proves it fires. A new
# one needs a fixture here. (Advice-only checks are tested by their own tests.)
FIXTURE_FOR_CHECK = {
    "metadata": "metadata-malformed",
    "markdown_safety": "raw-html",
    "html_safety": "unsafe-html",
    "links": "links-missing-page",
    "notices": "notices-drop",
    "crisis_numbers": "crisis-typed-numbers",
    "urgent_help_page": "crisis-careless-edits",
    "claims": "claims-forbidden",
    "citations": "citations",
    "required_statements": "claims-corrections",
    "facts_confirmed": "facts-unconfirmed",
    "reviewed_required": "reviewed-missing",
    "crisis_lines": "crisis-links",
    "hidden_text": "lookalike-letters",
    "unfinished": "unfinished",
    "pictures": "pictures-refused",
    "leftovers": "leftovers",
    "time_limits": "time-limit-ended",
    "published_files": "published-files",
    "hosting_floor": "hosting-floor",
}


@dataclass
class Outcome:
    returncode: int
    output: str
    project: Path

    def problems(self, at):
        """The report's blocks for one place: each first line and the indented lines after it."""
        lines = self.output.splitlines()
        blocks = []
        for index, line in enumerate(lines):
            if line.startswith(f"{at}: "):
                block = [line]
                for following in lines[index + 1:]:
                    if not following.startswith("    "):
                        break
                    block.append(following.strip())
                blocks.append(" ".join(block))
        return blocks


def _copy_project(destination, kind, cache=None):
    if cache is not None:
        shutil.copytree(cache, destination / "cache")
    copy_project(destination, PROJECT_PARTS)
    if kind != REAL_SITE:
        fixture = SAFE_FIXTURES.parent / kind if kind.startswith("safe/") else FIXTURES / kind
        for part, target in FIXTURE_PARTS.items():
            if (fixture / part).is_dir():
                shutil.copytree(fixture / part, destination / target, symlinks=True, dirs_exist_ok=True)
    (destination / "output").mkdir()
    (destination / "output" / "index.html").write_text(PREVIOUS_BUILD, encoding="utf-8")
    return destination


def _build(project):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return Outcome(result.returncode, result.stdout + result.stderr, project)


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    """One build per fixture and one of the real site, as many at once as there are cores.

    The real site is built first, from nothing, as in a fresh clone. Each fixture's
    project then starts with that build's cache/, as the therapist's own project has
    one: the pages a fixture leaves alone come from Pelican's content cache and the
    gate's remembered verdicts (plugins/kact_gate/result_cache.py), and only what the
    fixture changes is read and checked again; a fixture that changes data/, the
    partials or plugins/ gets a cache folder of its own, so a cold build. A fifth
    less CPU for this module (docs/testing.md)."""
    kinds = [*KINDS, *SAFE_KINDS]
    real_site = _build(_copy_project(tmp_path_factory.mktemp("gate"), REAL_SITE))
    projects = {kind: _copy_project(tmp_path_factory.mktemp("gate"), kind, cache=real_site.project / "cache")
                for kind in kinds}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        outcomes = list(pool.map(_build, projects.values()))
    return {REAL_SITE: real_site, **dict(zip(kinds, outcomes))}


def test_the_real_site_builds_clean_through_the_build_command(builds):
    outcome = builds[REAL_SITE]
    assert outcome.returncode == 0, outcome.output
    assert "Quality check" not in outcome.output
    assert (outcome.project / "output" / "index.html").read_text(encoding="utf-8") != PREVIOUS_BUILD


@pytest.mark.parametrize("kind", SAFE_KINDS)
def test_safe_content_that_looks_risky_builds_clean(builds, kind):
    outcome = builds[kind]
    assert outcome.returncode == 0, outcome.output
    assert "Quality check" not in outcome.output, outcome.output


def test_pictures_keep_every_size_and_dimension(builds):
    """The picture markup (sources, srcset, sizes, width, height, lazy loading) passes the allowlist whole."""
    page = builds["safe/pictures"].project / "output" / "safe-picture" / "index.html"
    doc = lxml.html.fromstring(page.read_bytes())
    assert {"type", "srcset", "sizes"} <= set(doc.xpath("//picture/source")[0].attrib)
    image = doc.xpath("//picture//img")[0]  # lxml's parser does not know <source> is empty
    assert {"src", "srcset", "sizes", "width", "height", "loading", "decoding", "alt"} <= set(image.attrib)


# slug: (Title as a reader must see it, words its Summary must show as text)
HEADER_VALUES = {
    "safe-title-entities": ('</title><script>alert("title")</script> & more', "</script><script>alert("),
    "safe-title-quote": ('Redirect" http-equiv="refresh" content="0;url=https://example.com/',
                         '"><meta http-equiv="refresh">'),
}


@pytest.mark.parametrize("slug", sorted(HEADER_VALUES))
def test_header_values_reach_the_head_as_text_never_as_markup(builds, slug):
    """A Title or Summary spelling out a script or a redirect (with entities or
    quotes) is shown as the words it is, in every place the head uses it."""
    outcome = builds["safe/header-values"]
    assert outcome.returncode == 0, outcome.output
    doc = lxml.html.fromstring((outcome.project / "output" / slug / "index.html").read_bytes())
    title, summary = HEADER_VALUES[slug]
    assert [s.get("type") for s in doc.iter("script")] == ["application/ld+json"]
    assert doc.xpath("//meta/@http-equiv") == ["Content-Security-Policy"], "only the page's own policy"
    assert doc.findtext(".//title").startswith(f"{title} | ")
    assert doc.xpath("//meta[@property='og:title']/@content") == [title]
    assert summary in doc.xpath("//meta[@name='description']/@content")[0]
    assert summary in doc.xpath("//meta[@property='og:description']/@content")[0]
    json_ld = doc.xpath("//script[@type='application/ld+json']")[0].text
    assert "</" not in json_ld and "<!--" not in json_ld
    names = [item["name"] for part in json.loads(json_ld)["@graph"] for item in part.get("itemListElement", [])]
    assert title in names


@pytest.mark.parametrize("kind", KINDS)
def test_each_mistake_stops_the_build_with_a_plain_message(builds, kind):
    outcome = builds[kind]
    assert outcome.returncode != 0, f"{kind} built without complaint:\n{outcome.output}"
    assert "Traceback" not in outcome.output, outcome.output
    for expected in yaml.safe_load((FIXTURES / kind / "expect.yml").read_text(encoding="utf-8")):
        if "nothing_at" in expected:  # a careful sentence that must not be taken for a mistake
            assert not outcome.problems(expected["nothing_at"]), outcome.problems(expected["nothing_at"])
            continue
        blocks = outcome.problems(expected["at"])
        assert blocks, f"nothing reported at {expected['at']}:\n{outcome.output}"
        assert any(all(words in block for words in expected["says"]) for block in blocks), (
            f"no problem at {expected['at']} says all of {expected['says']}:\n" + "\n".join(blocks)
        )


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_build_leaves_the_previous_output_untouched(builds, kind):
    output = builds[kind].project / "output"
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == PREVIOUS_BUILD


def test_every_problem_of_a_build_is_reported_together(builds):
    """Two mistakes of different kinds in one page, and a third in another file: one run shows all."""
    outcome = builds["two-mistakes"]
    counted = re.search(r"(\d+) problems to fix", outcome.output)
    assert counted and int(counted.group(1)) >= 3, outcome.output
    for place in ("gate-two-mistakes.md:5", "gate-two-mistakes.md:7", "gate-second-file.md:4"):
        assert outcome.problems(f"content/pages/{place}"), place


def test_every_check_that_can_stop_a_build_has_a_fixture_that_proves_it():
    assert sorted(FIXTURE_FOR_CHECK) == sorted(check.name for check in CHECKS if not check.advice_only)
    assert set(FIXTURE_FOR_CHECK.values()) <= set(KINDS)
