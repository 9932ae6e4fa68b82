"""Tests of what helps write pages (tooling/pages/) and of the editing guides.
"""
