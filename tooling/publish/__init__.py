"""`make publish` and `make public-build`: the checks that stand before the live
site, the destinations (a folder, a git repository, rsync), and the host files.
"""
