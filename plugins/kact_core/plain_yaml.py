"""The one way data/*.yml is read, and PyYAML's mistakes in plain words, at
the line the editor has to look at.

Every reader of a data file (pelicanconf.py, the plugins, tooling/) loads it
with `load_data` or `compose_data`, which refuse what a person reading the
file would misread (a key written twice) or what could hang the build
(aliases, tags, huge values): see DataLoader. Each refusal is a
MarkedYAMLError with the file and line, which tooling/build/plain_problems.py
(every command: make html, check, publish, the preview) and the preflight
report like any YAML mistake; kept beside the gate's Problem so plugins can
use the same words.
"""
from pathlib import Path

import yaml

YAML_FIX = ("Compare this line and the one above it with the lines around them: the same indentation "
            "(spaces, not tabs), a colon and a space after each name, quotes around text that "
            "contains a colon or begins with a special character.")
# PyYAML's own words -> plain words. The first match wins.
YAML_IN_PLAIN_WORDS = [
    ("mapping values are not allowed", "There is a colon (:) where YAML does not expect one. "
     "Text that contains a colon needs quotes around it."),
    ("found character '\\t'", "There is a tab here. YAML needs spaces to indent, never tabs."),
    ("could not find expected ':'", "A line that should read `name: value` has no colon, or a quote is not closed."),
    ("expected <block end>", "This line is indented differently from the lines around it."),
    ("did not find expected key", "This line is indented differently from the lines around it."),
    ("did not find expected '-' indicator", "A list item here does not line up with the others, or lacks its `- `."),
    ("found unexpected end of stream", "A quote opened here is never closed."),
    ("while scanning a quoted scalar", "A quote opened here is never closed."),
    ("expected ',' or ']'", "A list in [square brackets] is not closed with ]."),
    ("expected ',' or '}'", "A list in {curly brackets} is not closed with }."),
    ("found duplicate anchor", "The same &name is used twice."),
]


def yaml_in_plain_words(error):
    if isinstance(error, DataRefused):
        return error.problem
    said = f"{error.context or ''} {error.problem or ''}"
    for words, plain in YAML_IN_PLAIN_WORDS:
        if words in said:
            return plain
    return f"YAML cannot read this line ({error.problem})."


def yaml_problem(error, rel):
    """A YAML mistake or refusal in a data file as the gate's Problem."""
    from .problem import Problem

    return Problem(rel, yaml_mistake_line(error), f"This data file is not written right. {yaml_in_plain_words(error)}",
                   getattr(error, "fix", YAML_FIX))


def yaml_mistake_line(error):
    """1-based line to show: where an unclosed [list] or quote opens, else where PyYAML stopped."""
    mark = error.problem_mark or error.context_mark
    # An unclosed [list] or quote is found lines later; point where it opens.
    if error.context_mark is not None and any(word in (error.context or "") for word in ("flow", "quoted")):
        mark = error.context_mark
    return mark.line + 1 if mark else None


# --- The one loader of data/*.yml ------------------------------------------------

# Far above anything the data files hold (the longest value is a notice of
# about 400 characters; the largest file about 10 KB), far below what could
# slow a build.
LONGEST_VALUE = 5_000
LARGEST_FILE = 1_000_000
DEEPEST_NESTING = 20


class DataRefused(yaml.MarkedYAMLError):
    """YAML the data files never need; `.problem` says what in plain words, `.fix` what to do."""

    def __init__(self, problem, mark, fix):
        super().__init__(problem=problem, problem_mark=mark)
        self.fix = fix


class DataLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing what a person reading the file would
    misread or what could hang the build:
    - a key written twice (PyYAML keeps the second, the reader sees the first);
    - anchors and aliases (&name, *name: a value that is written elsewhere, and
      the way to a "billion laughs" bomb), and merge keys, which need them;
    - tags (!!python/..., !!str, !custom): every value is plain text, a number,
      true/false, a date, a list or a group;
    - a value longer than LONGEST_VALUE, nesting deeper than DEEPEST_NESTING."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise DataRefused(f"*{event.anchor} repeats a value written elsewhere in the file (an alias).",
                              event.start_mark, "Write the value itself here instead of *name.")
        if getattr(event, "anchor", None):
            raise DataRefused(f"&{event.anchor} names this value for use elsewhere (an anchor).",
                              event.start_mark, "Delete &name; write the value out wherever it is needed.")
        if getattr(event, "tag", None) is not None:
            written = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise DataRefused(f"{written} is a YAML tag, which data files do not use.",
                              event.start_mark, "Delete the tag (the word starting with !) and keep the value.")
        self._depth += 1
        if self._depth > DEEPEST_NESTING:
            raise DataRefused(f"The values here are nested more than {DEEPEST_NESTING} levels deep.",
                              event.start_mark, "Undo your last change to this file.")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_scalar_node(self, anchor):
        node = super().compose_scalar_node(anchor)
        if len(node.value) > LONGEST_VALUE:
            raise DataRefused(f"This value is {len(node.value):,} characters long; a value may have at most "
                              f"{LONGEST_VALUE:,}.", node.start_mark, "Shorten it, or undo your last change.")
        return node

    def compose_mapping_node(self, anchor):
        node = super().compose_mapping_node(anchor)
        first = {}
        for key, _value in node.value:
            name = (key.tag, key.value) if isinstance(key, yaml.ScalarNode) else None
            if name is None:
                continue
            if key.tag == "tag:yaml.org,2002:merge":
                raise DataRefused("<< merges another group into this one (a merge key).", key.start_mark,
                                  "Write the keys out in this group instead of <<.")
            if name in first:
                raise DataRefused(f"`{key.value}` is written twice in the same group (also on line "
                                  f"{first[name].line + 1}); YAML would use this second one.",
                                  key.start_mark, "Keep one of the two and delete the other.")
            first[name] = key.start_mark
        return node


def compose_data(path):
    """The node tree of a data file (for line numbers), refusing what DataLoader refuses."""
    loader = _loader(path)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_data(path):
    """The value of a data file, refusing what DataLoader refuses."""
    return construct(compose_data(path))


def construct(node):
    """The Python value of a node from compose_data (a date stays a date)."""
    loader = DataLoader("")
    try:
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _loader(path):
    path = Path(path)
    with open(path, "rb") as handle:
        data = handle.read(LARGEST_FILE + 1)
    text = data.decode("utf-8")
    if len(data) > LARGEST_FILE:
        mark = yaml.Mark(str(path), 0, 0, 0, None, None)
        raise DataRefused(f"This file is larger than {LARGEST_FILE:,} bytes.", mark, "Undo your last change to this file.")
    loader = DataLoader(text)
    loader.name = str(path)  # so a mark (and a message) names the file
    return loader
