"""Tests of the browser editor's Python side and formats (tooling/editor/).
"""
