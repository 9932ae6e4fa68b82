"""First-screen screenshots of a built site for docs/design.md.

    python -m tooling.preview.design_screenshots OUTPUT_FOLDER LABEL

serves OUTPUT_FOLDER on 127.0.0.1, opens every page of the site (as Pelican
reads them, the list the tests use too: tooling/build/content_pages.py) in headless Chromium at a phone (375x667) and a desktop (1280x800) window,
and saves docs/design/<LABEL>-<page>-<width>.png, reduced to a 32-colour
palette so the pictures stay small in the repository.
"""
import io
import os
import shutil
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from kact_core.root import ROOT
from tooling.build.content_pages import read_pages
from tooling.preview.local_browser import DESKTOP, PHONE, serve_folder
from tooling.publish.urgent_help_proof import CHROMIUM_FLAGS

CHROMIUM = os.environ.get("KACT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DESIGN = ROOT / "docs" / "design"


def small_png(png_bytes, target):
    picture = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    picture.quantize(colors=32, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def take(output, label):
    DESIGN.mkdir(parents=True, exist_ok=True)
    pages = {source.address: source.slug for source in read_pages(ROOT)}
    with serve_folder(output) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for screen in (PHONE, DESKTOP):
            context = browser.new_context(viewport=screen)
            page = context.new_page()
            for address, name in pages.items():
                page.goto(url + address, wait_until="load")
                small_png(page.screenshot(), DESIGN / f"{label}-{name}-{screen['width']}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    take(Path(sys.argv[1]), sys.argv[2])
