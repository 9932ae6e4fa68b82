"""Tests of the Pelican plugins (plugins/), each on small inputs or fixture sites.
"""
