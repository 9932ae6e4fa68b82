"""The W3C Nu HTML Checker finds no error on any page of the real site.

One Java run over a copy of the built site plus one deliberately broken page,
which proves the checker runs and reports errors in plain problems.
"""
import shutil

import pytest

from kact_gate.nu_checker import validate

BROKEN = "<!doctype html><html lang=en><head><title>Broken</title></head><body><p><div>x</p></span></body></html>"


@pytest.fixture(scope="module")
def nu_problems(java, site, tmp_path_factory):
    copy = tmp_path_factory.mktemp("nu") / "site"
    shutil.copytree(site.output, copy)
    (copy / "deliberately-broken.html").write_text(BROKEN, encoding="utf-8")
    sources = {"deliberately-broken.html": "content/pages/broken.md"}
    return validate(copy, sources.get)


def test_every_real_page_is_valid_html(nu_problems):
    real = [p for p in nu_problems if p.is_error and "deliberately-broken" not in p.what]
    assert real == [], "\n".join(f"{p.where}: {p.what}" for p in real)


def test_the_checker_reports_a_broken_page_plainly(nu_problems):
    broken = [p for p in nu_problems if "deliberately-broken" in p.what]
    assert broken and all(p.is_error for p in broken)
    assert {p.path for p in broken} == {"content/pages/broken.md"}
    assert any("Stray end tag" in p.what and "span" in p.what for p in broken), broken
