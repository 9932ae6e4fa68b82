"""One reading of the source: hidden characters are found in every form the
programs downstream read them (tests/fixtures/broken/hidden-text proves the
build stops on them); these are the units behind it."""
import re
import sys
import unicodedata

import pytest

from tests.site import ROOT
from kact_core.plain_yaml import DataRefused, load_data
from kact_core.unicode_text import HIDDEN_PATTERN, hidden_marks

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt) outside Cf:
# unicodedata has no property lookup, so these are listed by hand.
DEFAULT_IGNORABLE_NOT_FORMAT = ["\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180b", "\u3164", "\ufe00",
                                "\ufe0f", "\uffa0", "\ufff0", "\U000e0100", "\U000e01ef", "\U000e0fff"]


def test_every_control_format_and_separator_character_is_hidden():
    wanted = [chr(code) for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp") and chr(code) not in "\t\n\r"]
    missed = [f"U+{ord(c):04X}" for c in wanted if not HIDDEN_PATTERN.fullmatch(c)]
    assert not missed


@pytest.mark.parametrize("character", DEFAULT_IGNORABLE_NOT_FORMAT)
def test_default_ignorable_marks_are_hidden(character):
    assert HIDDEN_PATTERN.fullmatch(character)


def test_ordinary_text_has_nothing_hidden():
    text = "Tab\tand CRLF\r\nline ends, accents é, quotes \u2019 &#8217; &amp; AT&T ?a=1&it=2 \u00a0 emoji \U0001F642\n"
    assert list(hidden_marks(text)) == []
    assert list(hidden_marks("\ufeffTitle: a byte-order mark first is how some editors save\n")) == []


@pytest.mark.parametrize("written, character", [
    ("\u2028", "\u2028"), ("\r", "\r"), ("\x0b", "\x0b"), ("&#x2028;", "\u2028"), ("&#8203;", "\u200b"),
    ("&zwj;", "\u200d"), ("&shy", "\u00ad"), ("&ZeroWidthSpace;", "\u200b"), ("&#X202E;", "\u202e"),
    ("&lrm;", "\u200e"), ("&#1;", "\x01"),
])
def test_hidden_characters_raw_or_as_references_are_found_with_line_and_column(written, character):
    assert list(hidden_marks(f"Title: x\nSummary: cu{written}res\n")) == [(2, 12, character, written)]


# --- One loader for every data file --------------------------------------------------

# Files that read YAML other than data/*.yml: the data schemas (code), the
# browser editor's settings and the workflow file.
READERS_OF_OTHER_YAML = {"plugins/kact_gate/preflight.py", "tooling/workflow/workflow_reading.py", "tooling/editor/editor.py",
                         "tooling/editor/editor_checks.py"}


def test_no_code_reads_yaml_but_through_the_one_loader():
    pattern = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load|compose|compose_all|load_all|safe_load_all)\(")
    readers = sorted(path.relative_to(ROOT).as_posix()
                     for path in [*ROOT.glob("plugins/**/*.py"), *ROOT.glob("tooling/**/*.py"), ROOT / "pelicanconf.py"]
                     if "node_modules" not in path.parts and pattern.search(path.read_text(encoding="utf-8")))
    assert set(readers) <= READERS_OF_OTHER_YAML, readers


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\nb:\n  c: 2\n  c: 3\n", 4, "`c` is written twice"),
    ("a: &x [1, 2]\nb: *x\n", 1, "&x"),
    ("a: 1\nb: *x\n", 2, "*x"),
    ("a: !!python/object/apply:os.system [ls]\n", 1, "!!python/object/apply:os.system"),
    ("a: !!str 5\n", 1, "!!str"),
    ("a:\n  <<: {b: 1}\n", 2, "merge key"),
    ("a: " + "x" * 5001 + "\n", 1, "5,001 characters"),
    ("a: " + "[" * 30 + "]" * 30 + "\n", 1, "nested more than 20"),
])
def test_the_loader_refuses_what_a_reader_would_misread_with_its_line(tmp_path, text, line, words):
    path = tmp_path / "data.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataRefused) as refused:
        load_data(path)
    assert refused.value.problem_mark.line + 1 == line
    assert words in refused.value.problem
    assert refused.value.problem_mark.name == str(path)


def test_the_loader_reads_every_data_file_of_the_project():
    for path in sorted((ROOT / "data").glob("*.yml")):
        load_data(path)


# --- Time limits -------------------------------------------------------------------------

def test_a_notice_whose_wording_takes_too_long_to_render_stops_the_build_in_plain_words(monkeypatch, tmp_path, capsys):
    """Wording anyone can edit (data/notices.yml) must not hang every build."""
    from kact_core.report import GateFailed
    from kact_notices import notices

    monkeypatch.setattr(notices, "RENDER_SECONDS", 0.2)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "notices.yml").write_text("- id: slow\n  text: x\n", encoding="utf-8")
    with pytest.raises(GateFailed) as stopped:
        notices.render_wording([{"id": "slow", "text": "[" * 3000 + "a"}], {}, tmp_path)
    problem = stopped.value.problems[0]
    assert (problem.path, problem.line) == ("data/notices.yml", 1)
    assert "took more than 0.2 seconds" in problem.what
    assert "Traceback" not in capsys.readouterr().err
