"""For whoever writes the pages: `make new-page` and `make questions`.
"""
