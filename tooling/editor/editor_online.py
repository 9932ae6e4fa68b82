"""The browser editor's online mode: /admin/ in the public site.

Only when data/editor.yml says `online: true`, and only after the site has
passed every check: the gate and the budgets rightly refuse scripts in the
site's own pages, so the editor is added afterwards and checked here on its
own (tooling/editor/editor_checks.py). It gets the same files `make edit` serves
(tooling/editor/editor.py), settings for GitHub in place of the file server on this
computer, its own Content-Security-Policy in a meta tag (GitHub Pages sends no
headers) and its own `/admin/*` rule in `_headers` (Netlify, Cloudflare Pages).
"""
import json
import shutil

import yaml
from pelican.settings import read_settings

from tooling.build.build import ROOT
from tooling.editor.editor import (ADMIN, DECAP_DIST, YAML_DIST, health_rules_json, packages_installed, read_data,
                            shared_settings)
from tooling.editor.editor_checks import admin_problems
from kact_facts.usage import facts_shown
from kact_hosting.formats import MAX_HEADER_RULES
from kact_hosting.hosting import write_host_files
from kact_hosting.rules import EDITOR_FOLDER, meta_policy, online_editor_directives

# Decap's main file, the parts it loads when needed, its WebAssembly and its
# licence; not the source maps, nor cms.js (the build without React inside).
DECAP_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
# Written here, not copied: index.html gains the policy, config.yml is made for GitHub.
MADE_HERE = ("index.html", "config.yml")
POLICY_PLACE = '<meta charset="utf-8">\n'


class EditorNotAdded(Exception):
    """The online editor could not be added; the message says why in plain words."""


def online_settings(editor, site_url):
    """The editor's settings for the public site: GitHub through the sign-in helper."""
    settings = shared_settings(editor)
    del settings["local_backend"]
    settings["backend"]["base_url"] = editor["sign_in_url"]
    settings["site_url"] = settings["display_url"] = site_url.rstrip("/") + "/"
    return settings


def add_online_editor(site, editor=None, site_url=None, hosting=None):
    """Put the editor into `site`/admin/ when online mode is on; returns whether it did.
    `editor` and `hosting` are data/editor.yml and data/hosting.yml unless given."""
    editor = editor or read_data("editor.yml")
    if not editor["online"]:
        return False
    if not packages_installed():
        raise EditorNotAdded(
            "data/editor.yml switches the browser editor's online mode on, but its packages are "
            "not installed: run `make editor` (it needs Node.js and npm), then build again."
        )
    hosting = hosting or read_data("hosting.yml")
    site_url = site_url or read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
    folder = site / EDITOR_FOLDER
    copy_editor_files(folder)
    directives = online_editor_directives(hosting)
    page = (ADMIN / "index.html").read_text(encoding="utf-8")
    policy_meta = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy(directives)}">\n'
    (folder / "index.html").write_text(page.replace(POLICY_PLACE, POLICY_PLACE + policy_meta, 1), encoding="utf-8")
    settings = online_settings(editor, site_url)
    (folder / "config.yml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    problems = admin_problems(site, directives, hosting, editor)
    if problems:
        shutil.rmtree(folder)
        raise EditorNotAdded("The browser editor was not added to the site:\n" +
                             "\n".join(f"  - {problem}" for problem in problems))
    if write_host_files(site, hosting, with_editor=True) > MAX_HEADER_RULES:
        shutil.rmtree(folder)
        write_host_files(site, hosting)
        raise EditorNotAdded(f"With the browser editor's rule, _headers would have more than {MAX_HEADER_RULES} "
                             "rules, and Cloudflare Pages reads only that many; the editor was not added.")
    return True


def copy_editor_files(folder):
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for path in ADMIN.iterdir():
        if path.is_file() and path.name not in MADE_HERE:
            shutil.copy2(path, folder / path.name)
    (folder / "decap").mkdir()
    for pattern in DECAP_FILES:
        for path in DECAP_DIST.glob(pattern):
            shutil.copy2(path, folder / "decap" / path.name)
    shutil.copytree(YAML_DIST, folder / "yaml", ignore=shutil.ignore_patterns("*.map", "*.d.ts"))
    # Which pages need "Reviewed on" (editor/admin/reviewed-required.js).
    (folder / "health-pages.json").write_text(health_rules_json(), encoding="utf-8")
    # Which pages show which facts (editor/admin/publish-status.js).
    (folder / "fact-pages.json").write_text(fact_pages_json(), encoding="utf-8")


def fact_pages_json():
    """{page file: [the facts its text shows]}, for each page of content/pages."""
    facts = read_data("practice.yml")
    pages = sorted((ROOT / "content" / "pages").glob("*.md"))
    return json.dumps({str(page.relative_to(ROOT)): facts_shown(page.read_text(encoding="utf-8"), facts)
                       for page in pages}, indent=1)
