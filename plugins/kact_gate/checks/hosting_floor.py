"""data/hosting.yml can add and tighten the headers hosts send, never lower
the floor in plugins/kact_hosting/floor.py (a header taken away, a policy
loosened with 'unsafe-inline' or a wildcard, a header not on the list such as
Access-Control-Allow-Origin). Each is named at its line of the file."""
from kact_core.plain_yaml import compose_data, construct
from ..preflight import _line_of
from kact_core.problem import Problem

FIX = ("Undo that change to data/hosting.yml. The file can add headers from the list and make them "
       "stricter; the minimum is in plugins/kact_hosting/floor.py (a developer's change, with its test).")


def check(site):
    from kact_hosting.floor import lowered_by

    path = site.project / "data" / "hosting.yml"
    if not path.is_file():
        return
    node = compose_data(path)
    hosting = construct(node) or {}
    for keys, message in lowered_by(hosting):
        yield Problem(site.relative(path), _line_of(node, list(keys)), message, FIX)
