"""Turn `data/hosting.yml` and a built site into header rules.

A rule is a URL pattern and the headers sent for it. Hosts merge every rule
that matches a request, and Cloudflare Pages joins two values of one header
with a comma (so "max-age=300, max-age=31536000" would be sent). So each
header is set by exactly one rule per address: the security headers by `/*`,
the cache lifetime by one rule per file.

The one exception is the browser editor's `/admin/*` (online mode only): it
needs another Content-Security-Policy and Cross-Origin-Opener-Policy than the
site's pages. Its rule comes right after `/*` and first detaches those two
(`! Name`, which Cloudflare Pages applies to what earlier rules set), then
sets its own; Netlify skips a line without a colon and lets the later rule's
value replace the earlier one. Either way /admin/ gets exactly its own policy.
"""
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .floor import site_headers

EVERY_ADDRESS = "/*"
# The browser editor's folder in the public site (online mode only).
EDITOR_FOLDER = "admin"
EDITOR_ADDRESS = f"/{EDITOR_FOLDER}/*"
# Directives a <meta http-equiv="Content-Security-Policy"> cannot carry: the
# CSP standard has browsers ignore them there (they need a real header).
NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")
# Files the host reads as its own settings; it never serves them.
HOST_FILES = {"_headers", "_redirects"}


@dataclass(frozen=True)
class Rule:
    pattern: str
    headers: tuple  # ((name, value), ...), in the order they are written
    detach: tuple = ()  # names of headers an earlier rule set that this one replaces


def content_security_policy(directives):
    """{"default-src": "'none'", ...} -> "default-src 'none'; ..."."""
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def meta_content_security_policy(hosting):
    """The header's policy less what a meta tag cannot carry, for hosts that send no headers."""
    return meta_policy(site_headers(hosting)["Content-Security-Policy"])


def meta_policy(directives):
    return content_security_policy({name: value for name, value in directives.items() if name not in NOT_IN_META})


def security_headers(hosting):
    """The site's headers: data/hosting.yml's on top of the floor (floor.py), which it cannot lower."""
    headers = []
    for name, value in site_headers(hosting).items():
        if isinstance(value, dict):
            value = content_security_policy(value)
        headers.append((name, str(value)))
    return tuple(headers)


def editor_directives(hosting, extra_sources=()):
    """The editor's policy; `extra_sources` are (directive, source) pairs added
    to it: the file server of `make edit`, or GitHub in online mode."""
    directives = dict(hosting["editor_headers"]["Content-Security-Policy"])
    for name, source in extra_sources:
        directives[name] = f"{directives[name]} {source}" if name in directives else source
    return directives


def online_editor_directives(hosting):
    return editor_directives(hosting, tuple(hosting.get("editor_online_sources", {}).items()))


def editor_headers(hosting, directives):
    return tuple(
        (name, content_security_policy(directives) if name == "Content-Security-Policy" else str(value))
        for name, value in hosting["editor_headers"].items()
    )


def online_editor_headers(hosting):
    return editor_headers(hosting, online_editor_directives(hosting))


def editor_rule(hosting):
    """`/admin/*`: the editor's headers in place of the site's, and a short cache life."""
    headers = online_editor_headers(hosting)
    site_wide = {name for name, _ in security_headers(hosting)}
    return Rule(EDITOR_ADDRESS, (*headers, ("Cache-Control", hosting["cache"]["other"])),
                detach=tuple(name for name, _ in headers if name in site_wide))


def in_editor_folder(relative_path):
    return PurePosixPath(relative_path).parts[:1] == (EDITOR_FOLDER,)


def is_hashed(file_name, hosting):
    return re.search(hosting["cache"]["hashed_name_pattern"], file_name) is not None


def address_of(relative_path):
    """`faq/index.html` -> `/faq/`; `theme/css/main.css` -> `/theme/css/main.css`."""
    path = PurePosixPath(relative_path)
    if path.name == "index.html":
        parent = path.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return f"/{path.as_posix()}"


def served_files(relative_paths, hosting):
    """The files a visitor can ask for by name."""
    skipped = tuple(hosting["cache"]["precompressed_suffixes"])
    return [
        path for path in relative_paths
        if PurePosixPath(path).name not in HOST_FILES and not path.endswith(skipped)
    ]


def cache_control_for(relative_path, hosting):
    kind = "hashed" if is_hashed(PurePosixPath(relative_path).name, hosting) else "other"
    return hosting["cache"][kind]


def all_hashed_folders(paths, hosting):
    """The top-most folders holding only hashed files (share pictures, say).

    One `/folder/*` rule covers each, which keeps `_headers` short: Cloudflare
    Pages reads only its first 100 rules.
    """
    mixed, hashed = set(), set()
    for path in paths:
        folders = PurePosixPath(path).parents
        (hashed if is_hashed(PurePosixPath(path).name, hosting) else mixed).update(
            folder.as_posix() for folder in folders
        )
    only_hashed = hashed - mixed
    return {
        folder for folder in only_hashed
        if not any(parent.as_posix() in only_hashed for parent in PurePosixPath(folder).parents)
    }


def cache_rule(pattern, cache_control):
    return Rule(pattern, (("Cache-Control", cache_control),))


def header_rules(relative_paths, hosting, with_editor=False):
    """Every rule for a site made of `relative_paths` (posix, relative to the output);
    `with_editor` once the online editor has been added to it (tooling/editor/editor_online.py)."""
    paths = [path for path in served_files(relative_paths, hosting) if not in_editor_folder(path)]
    folders = all_hashed_folders(paths, hosting)
    cache_rules = [cache_rule(f"/{folder}/*", hosting["cache"]["hashed"]) for folder in folders]
    cache_rules += [
        cache_rule(address_of(path), cache_control_for(path, hosting))
        for path in paths
        if not any(parent.as_posix() in folders for parent in PurePosixPath(path).parents)
    ]
    editor = [editor_rule(hosting)] if with_editor else []
    return [Rule(EVERY_ADDRESS, security_headers(hosting)), *editor,
            *sorted(cache_rules, key=lambda rule: rule.pattern)]
