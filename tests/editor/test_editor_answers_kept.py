"""The preview's /admin/ answers (policy, settings, health rules) are worked out
again only when a file they read changes (tooling/editor/editor.py, while_unchanged)."""
import os
import sys
from pathlib import Path

from tooling.editor.editor import editor_policy, editor_settings_yaml, health_rules_json, while_unchanged
from tooling.build.build import ROOT


def test_an_answer_is_kept_until_its_file_changes_even_to_the_same_size(tmp_path):
    data = tmp_path / "data.yml"
    data.write_text("a: 1\n", encoding="utf-8")
    reads = []

    @while_unchanged(data)
    def answer(port):
        reads.append(port)
        return data.read_text(encoding="utf-8")

    assert answer(1) == answer(1) == "a: 1\n" and reads == [1]
    assert answer(2) == "a: 1\n" and reads == [1, 2]  # each argument its own answer
    stat = data.stat()
    data.write_text("a: 2\n", encoding="utf-8")  # same size, and the same modification time
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert answer(1) == "a: 2\n" and reads == [1, 2, 1]
    data.unlink()
    data.write_text("a: 3\n", encoding="utf-8")
    assert answer(1) == "a: 3\n"


def test_the_preview_answers_name_every_file_they_read():
    """A file an answer reads, left out of its list, would keep an old answer after she changed it."""
    opened = []
    recording = False

    def record(event, args):
        if recording and event == "open" and isinstance(args[0], (str, os.PathLike)):
            opened.append(Path(args[0]).resolve())

    sys.addaudithook(record)  # audit hooks stay for the process: `recording` switches it off
    for answer, arguments in ((editor_policy, [8081]), (editor_settings_yaml, [8081]), (health_rules_json, [])):
        opened.clear()
        recording = True
        try:
            answer.__wrapped__(*arguments)
        finally:
            recording = False
        read = {path for path in opened if path.is_relative_to(ROOT.resolve()) and path.suffix in (".yml", ".yaml")}
        assert read == {path.resolve() for path in answer.files}, answer.__name__
