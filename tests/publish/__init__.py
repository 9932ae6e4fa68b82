"""Tests of publishing (tooling/publish/): destinations, guards, host files.
"""
