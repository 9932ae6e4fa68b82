"""The live preview of `make serve`: rebuild on save, refresh the browser, show a
mistake in place of the page; and the design screenshots for docs/design.md.
"""
