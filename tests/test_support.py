"""tests/support.py: the "skip here, fail in CI" rule and the log recorder."""
import logging

import pytest

from tests.support import missing, recording_log

REASON = "needs a thing: `make thing`"


def outcome_of_missing():
    """What `missing(REASON)` raised (a skip or a failure is an exception in pytest), caught
    here so that the wrong one fails this test rather than skipping it."""
    with pytest.raises(BaseException) as raised:
        missing(REASON)
    return raised.type, str(raised.value)


def test_a_missing_tool_skips_here_with_the_reason(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert outcome_of_missing() == (pytest.skip.Exception, REASON)


def test_a_missing_tool_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert outcome_of_missing() == (pytest.fail.Exception, f"{REASON} (.ci/run installs it in CI)")


def test_the_recorder_keeps_warnings_and_is_taken_off_however_the_block_ends():
    logger = logging.getLogger("kact-test-support")
    with pytest.raises(RuntimeError), recording_log(logger=logger.name) as recorder:
        logger.info("not kept")
        logger.warning("kept %s", "this")
        raise RuntimeError
    logger.warning("after the block")
    assert [record.getMessage() for record in recorder.records] == ["kept this"]
    assert recorder not in logger.handlers
