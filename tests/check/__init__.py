"""Tests of the checks beyond the build (tooling/check/).
"""
