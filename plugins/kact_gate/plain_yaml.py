"""PyYAML's mistakes in plain words, at the line the editor has to look at.

Used by tooling/plain_problems.py, which every command (make html, check,
publish, the preview) uses to explain a data file PyYAML cannot read; kept
beside the gate's Problem so plugins can use the same words.
"""
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
    said = f"{error.context or ''} {error.problem or ''}"
    for words, plain in YAML_IN_PLAIN_WORDS:
        if words in said:
            return plain
    return f"YAML cannot read this line ({error.problem})."


def yaml_mistake_line(error):
    """1-based line to show: where an unclosed [list] or quote opens, else where PyYAML stopped."""
    mark = error.problem_mark or error.context_mark
    # An unclosed [list] or quote is found lines later; point where it opens.
    if error.context_mark is not None and any(word in (error.context or "") for word in ("flow", "quoted")):
        mark = error.context_mark
    return mark.line + 1 if mark else None
