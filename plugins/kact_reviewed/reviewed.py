"""Read a page's `Reviewed: 2026-11-26` header as a date, for "Page last reviewed".

Pelican keeps unknown header fields as text. The template shows the date as
people write it (26 November 2026) with the machine-readable form in
`<time datetime>`. A date that cannot be read is left unset here; the quality
gate's metadata check reports it with its file and line.
"""
import datetime

from pelican import signals


def reviewed_date(value):
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def read_reviewed(content):
    value = content.metadata.get("reviewed")
    content.reviewed_on = reviewed_date(value) if value is not None else None


def register():
    signals.content_object_init.connect(read_reviewed)
