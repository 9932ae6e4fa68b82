"""Write header rules and redirects in each host's own format, and read `_headers` back.

`_headers` and `_redirects` are the plain-text files that Netlify and
Cloudflare Pages read from the site's root. The nginx snippet carries the
same headers for a server of our own. Reading `_headers` back lets the
browser test serve exactly what those hosts would send.
"""
import re

from .rules import security_headers

GENERATED_NOTE = "Generated from data/hosting.yml when the site is built. Edit that file, not this one."
# Cloudflare Pages reads at most this many header rules and ignores the rest.
MAX_HEADER_RULES = 100


def render_headers_file(rules):
    lines = [f"# {GENERATED_NOTE}", "# Read by Netlify and Cloudflare Pages."]
    for rule in rules:
        lines.append(rule.pattern)
        lines.extend(f"  {name}: {value}" for name, value in rule.headers)
    return "\n".join(lines) + "\n"


def render_redirects_file(redirects):
    lines = [f"# {GENERATED_NOTE}", "# Read by Netlify and Cloudflare Pages: from, to, status."]
    lines.extend(f"{source} {target} 301" for source, target in redirects)
    return "\n".join(lines) + "\n"


def parse_headers_file(text):
    """`_headers` text -> [(pattern, [(name, value), ...]), ...], in file order."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
            continue
        name, colon, value = line.strip().partition(":")
        if not colon or not rules:
            raise ValueError(f"_headers line {number} is not 'Name: value' under a path: {line!r}")
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


def pattern_matches(pattern, path):
    """Netlify/Cloudflare matching for the patterns we write: exact, or `*` for anything."""
    regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
    return re.match(regex, path) is not None


def headers_for_path(parsed_rules, path):
    """The headers a host sends for `path`: every matching rule; a repeated header
    is joined with ", ", as Cloudflare Pages does."""
    merged = {}
    for pattern, headers in parsed_rules:
        if pattern_matches(pattern, path):
            for name, value in headers:
                merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def render_nginx_snippet(hosting):
    """A block to paste inside nginx's `server { ... }`, sending the same headers.

    nginx drops every inherited add_header in a block that has one of its own,
    so each location repeats the security headers next to its Cache-Control.
    """
    cache = hosting["cache"]
    security = [
        f'    add_header {name} "{value}" always;' for name, value in security_headers(hosting)
    ]

    def location(opening, cache_control, extra=()):
        return [
            opening,
            *extra,
            *security,
            f'    add_header Cache-Control "{cache_control}" always;',
            "}",
        ]

    lines = [
        "# Generated from data/hosting.yml by `.venv/bin/invoke nginx-snippet`. Edit that file, not this.",
        "# Paste inside your site's server { ... } block, below its `root` line.",
        "index index.html;",
        "error_page 404 /404.html;",
        "# Send main.css.gz in place of main.css to browsers that accept it.",
        "gzip_static on;",
        "",
        "# One address per page: /index.html -> /, /faq/index.html -> /faq/.",
        'if ($request_uri ~ "^([^?]*/)index\\.html(\\?.*)?$") {',
        "    return 301 $1;",
        "}",
        "",
        "# Files named with a hash of their content never change: cache for long.",
        *location(f'location ~ "{cache["hashed_name_pattern"]}" {{', cache["hashed"]),
        "",
        "# Pages and every other file: check again soon.",
        *location("location / {", cache["other"], extra=["    try_files $uri $uri/ =404;"]),
    ]
    for source, target in hosting["redirects"]:
        if source.endswith("/index.html"):
            continue  # covered by the rule above
        lines += ["", f"location = {source} {{", f"    return 301 {target};", "}"]
    return "\n".join(lines) + "\n"
