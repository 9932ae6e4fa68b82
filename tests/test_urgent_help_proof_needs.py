"""Without Chromium, the urgent-help proof (tooling/urgent_help_proof.py)
stops `make publish` and any run in CI with a message saying how to install
it; a local `make public-build`, which publishes nothing, warns and goes on."""
import pytest

from tooling import publish_checks, urgent_help_proof
from tooling.urgent_help_proof import NoBrowser, prove_urgent_help


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.setattr(urgent_help_proof, "chromium_path", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    return tmp_path


def test_publishing_without_chromium_stops_and_says_how_to_install_it(no_chromium, capsys):
    with pytest.raises(publish_checks.ChecksFailed):
        publish_checks.prove_in_browser(no_chromium, required=True)
    said = capsys.readouterr().err
    assert "Chromium is not installed" in said and "sudo apt-get install chromium" in said
    assert "Traceback" not in said


def test_in_ci_a_missing_chromium_fails_even_a_public_build(no_chromium, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(NoBrowser, match="brew install --cask chromium"):
        prove_urgent_help(no_chromium, "https://kact.example.org", required=False)


def test_a_local_public_build_without_chromium_warns_and_goes_on(no_chromium, capsys):
    assert prove_urgent_help(no_chromium, "https://kact.example.org", required=False) is None
    said = capsys.readouterr().err
    assert "urgent help was NOT proved in a browser" in said and "sudo apt-get install chromium" in said
    assert "`make publish` and the workflow refuse to publish without this proof" in said


def test_only_the_local_public_build_may_skip_the_proof():
    """tasks.py: `invoke public-build` passes browser_required=False; publishing keeps the default."""
    import inspect

    import tasks
    from tooling import publish

    assert "build_checked_site(PUBLISH_BUILD, browser_required=False)" in inspect.getsource(tasks.public_build)
    assert "build_checked_site(PUBLISH_BUILD)" in inspect.getsource(publish.publish)
    assert inspect.signature(publish_checks.build_checked_site).parameters["browser_required"].default is True
