"""Statements that hold only until a date: data/time_limits.yml.

A law, a price or a policy can run out. Each such statement is written once,
with the date it ends (`ends_on`), the outside source that gives that date
(an id in data/sources.yml) and the pages that make the statement:

    telemedicine_prescribing:
      says: what the statement is, in a few words (shown in the gate's messages)
      ends_on: 2026-12-31
      source: dea_telemedicine_fourth_extension
      pages: [treatment-options, arizona-and-out-of-state]

Pages show the end date as a fact, `{{ until.telemedicine_prescribing }}`
("31 December 2026"), so it is typed once. The quality gate warns from 30 days
before the date and stops the build after it (plugins/kact_gate/checks/time_limits.py).
"""
import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml
from kact_core.plain_yaml import compose_data, construct

FILE_NAME = "time_limits.yml"
# Pages write {{ until.<id> }}.
FACT_GROUP = "until"


@dataclass(frozen=True)
class TimeLimit:
    id: str
    says: str
    ends_on: datetime.date
    source: str
    pages: tuple
    line: int  # of the entry in data/time_limits.yml, from 1

    @property
    def fact_path(self):
        return f"{FACT_GROUP}.{self.id}"

    @property
    def ends_on_words(self):
        return date_words(self.ends_on)


def date_words(value):
    """31 December 2026: the way the site writes dates."""
    return f"{value.day} {value:%B %Y}"


def load_time_limits(data_dir):
    """Every statement in data/time_limits.yml, in file order ([] without the file).
    Its shape is checked by plugins/kact_gate/schemas/time_limits.schema.yml
    before anything is read; an entry that breaks it is left out here."""
    path = Path(data_dir) / FILE_NAME
    if not path.is_file():
        return []
    root = compose_data(path)  # the nodes, for their lines
    entries = construct(root)
    if not isinstance(entries, dict) or not isinstance(root, yaml.MappingNode):
        return []
    lines = {key.value: key.start_mark.line + 1 for key, _ in root.value}
    found = []
    for key, entry in entries.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("ends_on"), datetime.date):
            continue
        found.append(TimeLimit(str(key), str(entry.get("says") or ""), entry["ends_on"], str(entry.get("source") or ""),
                               tuple(entry.get("pages") or ()), lines.get(str(key), 1)))
    return found
