"""Tests of building the site (tooling/build/) and of what a build says when it stops.
"""
