"""A throwaway copy of the project, for tests and benchmarks that change pages.

They never edit the real content: they copy what a build reads into a
temporary folder and change the copy.
"""
import shutil

from kact_core.root import ROOT

BUILD_INPUTS = ["content", "data", "theme", "plugins", "pelicanconf.py", "cache", "EDITING.md"]


def copy_project(destination, names=BUILD_INPUTS):
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, destination / name)
    return destination
