"""A throwaway copy of the project, for tests that change pages or watch the preview.

Tests never edit the real content: they copy what a build reads into a
temporary folder and change the copy.
"""
import shutil

from tests.site import ROOT

BUILD_INPUTS = ["content", "data", "theme", "plugins", "pelicanconf.py", "cache", "EDITING.md"]


def copy_project(destination):
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, destination / name)
    return destination
