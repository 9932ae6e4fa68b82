"""Tests of the real site as built: its pages, notices, links, budgets and data.
"""
