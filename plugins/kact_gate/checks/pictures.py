"""Pictures that cannot be published: over 20 MB, under 400 pixels wide, or unreadable.

Plugin kact_images makes the sized copies while Pelican reads each page and
lists what it refused in the IMAGE_REFUSALS setting (page, the address as
written, why). This check names the page's file and the line of the picture.
"""
from pathlib import Path

from kact_core.problem import Problem

FIX = "Replace the picture in content/images/ (same name), or remove it from the page."


def check(site):
    sources = {str(source.path.resolve()): source for source in site.markdown_sources}
    for source_path, written, why in site.settings.get("IMAGE_REFUSALS", []):
        source = sources.get(str(Path(source_path).resolve()))
        path = source.rel if source else site.relative(source_path)
        line = source.line_containing(written) if source else None
        yield Problem(path, line, f"The picture on this line can't be published: {why}", FIX)
