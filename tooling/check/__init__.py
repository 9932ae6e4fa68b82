"""Checks beyond the build's own gate: `make check` (the W3C HTML checker),
outside links online, and health pages' review dates.
"""
