"""The minimum every host must send, whatever data/hosting.yml says.

data/hosting.yml can add headers from HEADER_NAMES and tighten, never take a
header away or loosen one: a copy with `script-src 'unsafe-inline'` or
`Access-Control-Allow-Origin: *` once passed every check. So:

- the site's pages always get SITE_HEADERS and the directives of SITE_POLICY
  with these values (the file may repeat them, not change them);
- every other directive of the site's policy may name only 'self' or 'none'
  (no 'unsafe-inline', 'unsafe-eval', wildcard, scheme or other site: the
  site runs no scripts and loads nothing from elsewhere);
- the browser editor (/admin/) has its own policy, which needs eval and inline
  styles, but keeps EDITOR_POLICY and names no wildcard;
- header names come from HEADER_NAMES only (Access-Control-Allow-Origin is not
  one): a name is written unquoted into `_headers` and nginx's configuration.
"""
import re

HEADER_NAMES = frozenset([
    "Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
    "X-Frame-Options", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
    "Cross-Origin-Embedder-Policy", "Permissions-Policy", "X-Robots-Tag",
])
SITE_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SITE_POLICY = {
    "default-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "'none'",
}
SITE_SOURCES = frozenset(["'self'", "'none'"])
EDITOR_POLICY = {name: SITE_POLICY[name] for name in ("default-src", "base-uri", "form-action", "frame-ancestors")}
# A CSP directive's name: lower-case letters and hyphens.
DIRECTIVE_NAME = re.compile(r"^[a-z][a-z-]*$")
EDITOR_HEADERS = frozenset(["Content-Security-Policy", "Cross-Origin-Opener-Policy"])


def lowered_by(hosting):
    """What data/hosting.yml does to lower the floor: [(key path, plain message)]."""
    problems = []
    site = hosting.get("security_headers") or {}
    problems += _unknown_names(("security_headers",), site)
    for name, value in SITE_HEADERS.items():
        if name in site and str(site[name]).strip() != value:
            problems.append((("security_headers", name), f"{name} must be {value!r} for the site's pages."))
    policy = site.get("Content-Security-Policy") or {}
    problems += _policy_problems(("security_headers", "Content-Security-Policy"), policy, SITE_POLICY, site_pages=True)
    editor = hosting.get("editor_headers") or {}
    problems += _unknown_names(("editor_headers",), editor)
    problems += [(("editor_headers", name), f"The editor's headers may set only {', '.join(sorted(EDITOR_HEADERS))}; "
                  f"the rest come from security_headers.") for name in editor if name not in EDITOR_HEADERS]
    problems += _policy_problems(("editor_headers", "Content-Security-Policy"),
                                 editor.get("Content-Security-Policy") or {}, EDITOR_POLICY, site_pages=False)
    for name, source in (hosting.get("editor_online_sources") or {}).items():
        if not re.fullmatch(r"https://[a-z0-9.-]+", str(source)):
            problems.append((("editor_online_sources", name),
                             "An online source of the editor is one https:// address without a path or wildcard."))
    return problems


def site_headers(hosting):
    """The site's headers: data/hosting.yml's, with the floor's values wherever it left them out."""
    headers = {name: value for name, value in hosting["security_headers"].items() if name in HEADER_NAMES}
    # update() keeps the file's order: a header or directive it left out comes last.
    policy = dict(headers.get("Content-Security-Policy") or {})
    policy.update(SITE_POLICY)
    headers["Content-Security-Policy"] = policy
    headers.update(SITE_HEADERS)
    return headers


def _unknown_names(path, headers):
    return [((*path, name), f"{name} is not a header this site sends (the list is in "
             "plugins/kact_hosting/floor.py, HEADER_NAMES).") for name in headers if name not in HEADER_NAMES]


def _policy_problems(path, policy, floor, site_pages):
    problems = []
    for name, value in floor.items():
        if str(policy.get(name, value)).split() != value.split():
            problems.append(((*path, name), f"{name} must be {value} (it may not be loosened)."))
    for name, value in policy.items():
        sources = str(value).split()
        if not DIRECTIVE_NAME.match(str(name)):
            problems.append(((*path, name), f"{name!r} is not a policy directive's name."))
        elif site_pages and not set(sources) <= SITE_SOURCES:
            loose = " ".join(source for source in sources if source not in SITE_SOURCES)
            problems.append(((*path, name), f"{name} names {loose}; the site's pages may name only 'self' or "
                             "'none' ('unsafe-inline', 'unsafe-eval', wildcards and other sites are refused)."))
        elif any("*" in source for source in sources):
            problems.append(((*path, name), f"{name} names a wildcard, which lets any site in."))
    return problems
