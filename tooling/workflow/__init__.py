"""The CI workflow on this computer: the rehearsal of .github/workflows/publish.yml
with its stand-ins for GitHub, which tests a push needs, and the run's summary.
"""
