"""The truth register: every fact in data/practice.yml with where it comes from.

A group of facts (or a single fact) in data/practice.yml says its source with
`source:`; the facts inside a group inherit it:

    source: seed       the practice's current page (the page this site was made from)
    source: practice   the practice told us; `confirmed: 2026-12-01` says when.
                       Without a date the facts are an open question.
    source: <id>       an outside source listed in data/sources.yml, which
                       holds its address and the date it was last checked

A group of practice facts also says what to `ask` the practice and `why` a
couple would want to know, and may list `consult_questions`, the same in a
couple's words. `source`, `confirmed`, `ask`, `why` and `consult_questions`
describe the facts; they are not facts, so pages never see them.

A fact is *confirmed* when it has a value and comes from the seed, a listed
outside source, or the practice with a confirmation date. Pages may show only
confirmed facts, or show others inside `{% if confirmed("group") %}`.
"""
import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from kact_core.plain_yaml import compose_data, construct, load_data

from .time_limits import FACT_GROUP, FILE_NAME, load_time_limits

SEED = "seed"
PRACTICE = "practice"
ABOUT_KEYS = ("source", "confirmed", "ask", "why", "consult_questions")


@dataclass
class Fact:
    path: str  # dotted, as a page writes it: "therapist.name"
    value: object
    line: int  # in data/practice.yml, from 1
    source: str | None
    confirmed_on: datetime.date | None = None
    group: "Group | None" = None

    @property
    def filled(self):
        return self.value not in (None, "", [])

    @property
    def is_confirmed(self):
        if not self.filled or not self.source:
            return False
        if self.source == PRACTICE:
            return self.confirmed_on is not None
        return True


@dataclass
class Group:
    """A mapping in practice.yml that sets its own source, ask or why."""
    path: str
    line: int
    ask: str = ""
    why: str = ""
    facts: list = field(default_factory=list)
    # The same questions in a couple's words, for "Questions to ask in your consult".
    consult_questions: list = field(default_factory=list)


@dataclass
class Register:
    values: dict  # the facts as pages use them, without the words about them
    facts: list  # every Fact, in file order
    groups: list  # every Group that asks the practice something
    sources: dict  # data/sources.yml: id -> its entry
    problems: list  # (line, what, fix) for data/practice.yml
    # Statements that hold only until a date (data/time_limits.yml): pages show
    # each end date as the fact until.<id>, confirmed by the entry's source.
    time_limits: list = field(default_factory=list)
    time_limit_problems: list = field(default_factory=list)  # (line, what, fix) for data/time_limits.yml

    def fact(self, path):
        return next((f for f in self.facts if f.path == path), None)

    def under(self, path):
        """The facts at `path` or inside it."""
        return [f for f in self.facts if f.path == path or f.path.startswith(path + ".")]

    def is_confirmed(self, path):
        found = self.under(path)
        return bool(found) and all(f.is_confirmed for f in found)

    def open_facts(self):
        return [f for f in self.facts if not f.is_confirmed]


def load_register(data_dir):
    data_dir = Path(data_dir)
    sources = _read(data_dir / "sources.yml") or {}
    # A YAML mistake names data/practice.yml and its line.
    root = compose_data(data_dir / "practice.yml")
    register = Register(values={}, facts=[], groups=[], sources=sources, problems=[])
    if root is not None:
        register.values = _walk(root, "", None, None, None, register)
    _add_time_limits(data_dir, register)
    return register


def _add_time_limits(data_dir, register):
    register.time_limits = load_time_limits(data_dir)
    if not register.time_limits:
        return
    ends = register.values.setdefault(FACT_GROUP, {})
    for limit in register.time_limits:
        ends[limit.id] = limit.ends_on_words
        register.facts.append(Fact(limit.fact_path, limit.ends_on_words, limit.line, limit.source or None))
        if limit.source not in register.sources:
            register.time_limit_problems.append((
                limit.line, f"The source {limit.source!r} of the statement {limit.id} is not known.",
                f"Use the id of an outside source listed in data/sources.yml (data/{FILE_NAME} names the "
                "source that gives the end date)."))


def _read(path):
    if not path.exists():
        return None
    return load_data(path)


def _walk(node, path, source, confirmed_on, group, register):
    """The plain value of `node`, recording each fact with the source it inherits."""
    if isinstance(node, yaml.MappingNode):
        about = {key.value: value for key, value in node.value if key.value in ABOUT_KEYS}
        if about:
            line = node.start_mark.line + 1
            if "source" in about:
                source = _scalar(about["source"])
                confirmed_on = None
                _check_source(source, path, about["source"].start_mark.line + 1, register)
            if "confirmed" in about:
                confirmed_on = _date(about["confirmed"], path, register)
            if "ask" in about or "why" in about:
                group = Group(path, line, _scalar(about.get("ask")) or "", _scalar(about.get("why")) or "",
                              consult_questions=_questions(about.get("consult_questions")))
                register.groups.append(group)
        facts = [(key, value) for key, value in node.value if key.value not in ABOUT_KEYS]
        # A single fact with its own source is written `{source: ..., value: ...}`.
        if about and [key.value for key, _ in facts] == ["value"]:
            return _walk(facts[0][1], path, source, confirmed_on, group, register)
        values = {}
        for key, value in facts:
            child = f"{path}.{key.value}" if path else key.value
            values[key.value] = _walk(value, child, source, confirmed_on, group, register)
        return values
    if isinstance(node, yaml.SequenceNode) and not node.value and source is None:
        return []  # an empty list (no crisis line added yet) states nothing, so needs no source
    if isinstance(node, yaml.SequenceNode) and any(isinstance(item, yaml.MappingNode) for item in node.value):
        return [_walk(item, f"{path}.{index}", source, confirmed_on, group, register)
                for index, item in enumerate(node.value)]
    value = _construct(node)
    fact = Fact(path, value, node.start_mark.line + 1, source, confirmed_on, group)
    register.facts.append(fact)
    if group is not None:
        group.facts.append(fact)
    if source is None:
        register.problems.append((fact.line, f"The fact {path} does not say where it comes from.",
                                  "Add `source: seed`, `source: practice` (with `confirmed:`) or the id of "
                                  "an outside source from data/sources.yml to it or to the group it is in."))
    return value


def _construct(node):
    """The Python value of one composed YAML node (a date stays a date)."""
    return construct(node)


def _questions(node):
    """The list of consult questions (the schema makes sure each is text)."""
    value = _construct(node) if node is not None else None
    return [str(item) for item in value] if isinstance(value, list) else []


def _scalar(node):
    return node.value if isinstance(node, yaml.ScalarNode) and node.value != "" else None


def _check_source(source, path, line, register):
    if source in (SEED, PRACTICE) or source in register.sources:
        return
    register.problems.append((line, f"The source {source!r} of {path or 'these facts'} is not known.",
                              "Use seed, practice, or the id of an outside source listed in data/sources.yml."))


def _date(node, path, register):
    value = _construct(node)
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    register.problems.append((node.start_mark.line + 1,
                              f"The confirmation date of {path} is not a date: {value!r}.",
                              "Write the date the practice confirmed these facts as YYYY-MM-DD, or leave it empty."))
    return None
