"""Without Chromium, the urgent-help proof (tooling/publish/urgent_help_proof.py)
stops `make publish` and any run in CI with a message saying how to install
it; a local `make public-build`, which publishes nothing, warns and goes on."""
import pytest

from tooling.publish import publish_checks, urgent_help_proof
from tooling.publish.urgent_help_proof import NoBrowser, prove_urgent_help


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


def test_only_the_local_public_build_may_skip_the_proof(monkeypatch, tmp_path):
    """`invoke public-build` lets a missing Chromium pass with a warning; `make publish`
    asks for the proof (and build_checked_site asks for it unless told otherwise)."""
    import tasks
    from tooling.publish import publish

    asked = []

    def record(_output, browser_required=True):
        asked.append(browser_required)
        raise publish_checks.ChecksFailed("stopped here by the test")

    monkeypatch.setattr(publish_checks, "build_checked_site", record)
    monkeypatch.setattr(publish, "build_checked_site", record)
    # A folder of its own: the project's .publish/ lock may be held by another test in a
    # parallel run (tests/publish/test_publish_guards.py), which would stop both calls first.
    monkeypatch.setattr(publish, "PUBLISH_BUILD", tmp_path / ".publish" / "site")
    with pytest.raises(SystemExit):
        tasks.public_build.body(None)
    with pytest.raises(publish.PublishStopped):
        publish.publish(str(tmp_path / "www"))
    assert asked == [False, True]
    assert not (tmp_path / "www").exists()


def test_a_chromium_named_wrongly_is_a_plain_message_not_a_traceback(no_chromium, monkeypatch):
    monkeypatch.setattr(urgent_help_proof, "chromium_path", lambda: str(no_chromium / "no-such-chromium"))
    with pytest.raises(NoBrowser, match="KACT_CHROMIUM is .*no-such-chromium, which is not a program"):
        prove_urgent_help(no_chromium, "https://kact.example.org", required=True)
