"""Tests of the CI workflows and their rehearsal (tooling/workflow/).
"""
