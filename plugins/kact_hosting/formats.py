"""Write header rules and redirects in each host's own format, and read `_headers` back.

`_headers` and `_redirects` are the plain-text files that Netlify and
Cloudflare Pages read from the site's root. The nginx snippet carries the
same headers for a server of our own. Reading `_headers` back lets the
browser test serve exactly what those hosts would send.
"""
import re

from .floor import HEADER_NAMES
from .rules import EDITOR_FOLDER, online_editor_headers, security_headers

GENERATED_NOTE = "Generated from data/hosting.yml when the site is built. Edit that file, not this one."
# Cloudflare Pages reads at most this many header rules and ignores the rest.
MAX_HEADER_RULES = 100


# Where a value of data/hosting.yml could end its line or string and start configuration of its own.
LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")
# Inside nginx's double quotes: a quote or backslash ends or escapes the string, $ reads a variable.
NGINX_STRING_BREAKERS = re.compile(r'["\\$]')


class UnsafeHostingValue(ValueError):
    """A value that would change the format it is written into; data/hosting.yml's
    schema and plugins/kact_hosting/floor.py refuse it first, with its line."""


def header_name(name):
    """A header name is written unquoted: only the names of floor.HEADER_NAMES (and Cache-Control)."""
    if name not in HEADER_NAMES and name != "Cache-Control":
        raise UnsafeHostingValue(f"{name!r} is not a header this site sends (plugins/kact_hosting/floor.py).")
    return name


def one_line(value):
    """A value for `_headers` or `_redirects`: one line."""
    value = str(value)
    if LINE_BREAKERS.search(value):
        raise UnsafeHostingValue(f"{value[:60]!r} holds a line break or control character.")
    return value


def nginx_string(value):
    """A value inside nginx's double quotes, refused when it could leave them."""
    value = one_line(value)
    if NGINX_STRING_BREAKERS.search(value):
        raise UnsafeHostingValue(f"{value[:60]!r} holds a double quote, backslash or $, which nginx reads as "
                                 "configuration.")
    return value


def nginx_pattern(pattern):
    """A regular expression inside nginx's double quotes: no quote, no line break, no backslash
    at its very end (it would escape the closing quote)."""
    pattern = one_line(pattern)
    if '"' in pattern or pattern.endswith("\\"):
        raise UnsafeHostingValue(f"{pattern[:60]!r} cannot be written into nginx's configuration.")
    return pattern


def render_headers_file(rules):
    lines = [f"# {GENERATED_NOTE}", "# Read by Netlify and Cloudflare Pages."]
    for rule in rules:
        lines.append(one_line(rule.pattern))
        lines.extend(f"  ! {header_name(name)}" for name in rule.detach)
        lines.extend(f"  {header_name(name)}: {one_line(value)}" for name, value in rule.headers)
    return "\n".join(lines) + "\n"


def render_redirects_file(redirects):
    lines = [f"# {GENERATED_NOTE}", "# Read by Netlify and Cloudflare Pages: from, to, status."]
    lines.extend(f"{_address(source)} {_address(target)} 301" for source, target in redirects)
    return "\n".join(lines) + "\n"


def parse_headers_file(text):
    """`_headers` text -> [(pattern, [(name, value), ...]), ...], in file order;
    a detach line (`! Name`) is (name, None)."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
            continue
        if line.strip().startswith("!") and rules:
            rules[-1][1].append((line.strip()[1:].strip(), None))
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
    """The headers Cloudflare Pages sends for `path`: every matching rule in file
    order; a repeated header is joined with ", ", and `! Name` removes what
    the rules before it set."""
    merged = {}
    for pattern, headers in parsed_rules:
        if pattern_matches(pattern, path):
            for name, value in headers:
                if value is None:
                    merged.pop(name, None)
                else:
                    merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def netlify_headers_for_path(parsed_rules, path):
    """The headers Netlify sends for `path`, as its own code reads `_headers`
    (netlify/build headers-parser, netlify-cli headersForPath): a line without
    a colon, such as `! Name`, is skipped, and a header a later matching rule
    sets again takes that rule's value."""
    merged = {}
    for pattern, headers in parsed_rules:
        if pattern_matches(pattern, path):
            merged.update((name, value) for name, value in headers if value is not None)
    return merged


def render_nginx_snippet(hosting, with_editor=False):
    """A block to paste inside nginx's `server { ... }`, sending the same headers;
    `with_editor` adds /admin/ with the online editor's own headers.

    nginx drops every inherited add_header in a block that has one of its own,
    so each location repeats the security headers next to its Cache-Control.
    """
    cache = hosting["cache"]
    security = [_add_header(name, value) for name, value in security_headers(hosting)]

    def location(opening, cache_control, extra=()):
        return [
            opening,
            *extra,
            *security,
            _add_header("Cache-Control", cache_control),
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
        *location(f'location ~ "{nginx_pattern(cache["hashed_name_pattern"])}" {{', cache["hashed"]),
        "",
        "# Pages and every other file: check again soon.",
        *location("location / {", cache["other"], extra=["    try_files $uri $uri/ =404;"]),
    ]
    if with_editor:
        editor = online_editor_headers(hosting)
        replaced = {name for name, _ in editor}
        kept = [line for (name, _), line in zip(security_headers(hosting), security) if name not in replaced]
        lines += [
            "",
            "# The browser editor (online mode): its own policy in place of the site's.",
            "# ^~ so the hashed-file rule above never takes its files.",
            f"location ^~ /{EDITOR_FOLDER}/ {{",
            "    try_files $uri $uri/ =404;",
            *kept,
            *(_add_header(name, value) for name, value in editor),
            _add_header("Cache-Control", cache["other"]),
            "}",
        ]
    for source, target in hosting["redirects"]:
        if source.endswith("/index.html"):
            continue  # covered by the rule above
        lines += ["", f'location = "{nginx_string(_address(source))}" {{',
                  f'    return 301 "{nginx_string(_address(target))}";', "}"]
    return "\n".join(lines) + "\n"


def _add_header(name, value):
    return f'    add_header {header_name(name)} "{nginx_string(value)}" always;'


def _address(address):
    """A redirect's address: on this site, without spaces (data/hosting.yml's schema says so too)."""
    address = one_line(address)
    if not address.startswith("/") or address.startswith("//") or " " in address:
        raise UnsafeHostingValue(f"{address[:60]!r} is not an address on this site.")
    return address
