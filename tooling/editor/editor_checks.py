"""Checks on the online editor's files in the public site (site/admin/), which
the site's own gate never sees: it runs before they are added.

Everything the editor's page loads must be a file we ship, beside it; its
policy may name no other site but GitHub's API and avatars (data/hosting.yml,
editor_online_sources) and may not loosen what runs as script; its settings
may not turn on a media library, which would load a service's script from that
service. Each problem is one plain sentence naming the file.
"""
import re
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

from kact_hosting.rules import meta_policy

KEYWORDS = {"'none'", "'self'", "'unsafe-eval'", "'unsafe-inline'", "data:", "blob:"}
# Nothing but our own files may run, and never code written into the page.
SCRIPT_SOURCES = {"'self'", "'unsafe-eval'"}
MODULE_IMPORT = re.compile(r"""^\s*import\b[^"']*["']([^"']+)["']""", re.MULTILINE)


def admin_problems(site, directives, hosting, editor):
    """`editor` is data/editor.yml; `directives` the policy the editor is given."""
    folder = site / "admin"
    return [
        *policy_problems(directives, hosting),
        *page_problems(site, folder / "index.html", directives),
        *module_problems(folder),
        *settings_problems(folder / "config.yml", editor),
    ]


def policy_problems(directives, hosting):
    allowed_sites = {name: set(sources.split()) for name, sources in hosting.get("editor_online_sources", {}).items()}
    problems = []
    for name, sources in directives.items():
        for source in sources.split():
            if source not in KEYWORDS and source not in allowed_sites.get(name, set()):
                problems.append(f"the editor's policy lets {name} reach {source}, which is not one of "
                                "its own files nor listed in editor_online_sources (data/hosting.yml).")
    script = set(directives.get("script-src", "").split())
    if not script or not script <= SCRIPT_SOURCES:
        problems.append(f"the editor's script-src is {directives.get('script-src')!r}; only "
                        f"{' '.join(sorted(SCRIPT_SOURCES))} may run (data/hosting.yml, editor_headers).")
    for name in ("default-src", "frame-ancestors", "base-uri", "form-action"):
        if directives.get(name) != "'none'":
            problems.append(f"the editor's policy must have {name} 'none' (data/hosting.yml, editor_headers).")
    return problems


def page_problems(site, page, directives):
    rel = page.relative_to(site).as_posix()
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    problems = []
    metas = soup.find_all("meta", attrs={"http-equiv": True})
    policies = [meta.get("content") for meta in metas if meta["http-equiv"].lower() == "content-security-policy"]
    if len(metas) != 1 or policies != [meta_policy(directives)]:
        problems.append(f"{rel} must carry exactly one <meta http-equiv>, the editor's own policy; it has "
                        f"{[str(meta) for meta in metas]}.")
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        if handlers:
            problems.append(f"{rel} has an event handler ({', '.join(handlers)}) on <{tag.name}>.")
    for script in soup.find_all("script"):
        if not script.get("src"):
            problems.append(f"{rel} has a script written into the page; the editor runs only its own files.")
    for tag, attribute in (("script", "src"), ("link", "href")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            problems += address_problems(site, rel, element[attribute])
    return problems


def address_problems(site, rel, address):
    """An address the page loads must be one of our files in `site`."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return [f"{rel} loads {address} from another site; ship the file beside the editor instead."]
    target = urljoin(f"/{rel}", parts.path).lstrip("/")
    if not (site / target).is_file():
        return [f"{rel} loads {address}, which is not in the built site."]
    return []


def module_problems(folder):
    """Our own modules import only files beside them."""
    problems = []
    for script in sorted(folder.glob("*.js")):
        for target in MODULE_IMPORT.findall(script.read_text(encoding="utf-8")):
            rel = f"admin/{script.name}"
            problems += address_problems(folder.parent, rel, target)
    return problems


def settings_problems(path, editor):
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = []
    backend = settings.get("backend", {})
    if backend.get("name") != "github" or backend.get("repo") != editor["repo"] or "base_url" not in backend:
        problems.append(f"admin/config.yml must sign in to GitHub ({editor['repo']}) through the sign-in helper; "
                        f"its backend is {backend}.")
    for unwanted in ("local_backend", "media_library"):
        if unwanted in settings:
            problems.append(f"admin/config.yml has {unwanted}, which the public editor must not have.")
    return problems
