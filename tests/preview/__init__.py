"""Tests of the live preview (tooling/preview/).
"""
