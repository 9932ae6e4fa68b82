"""The host files every build writes (`_headers`, `_redirects`) and the nginx snippet.

Each policy check is a function that lists problems, run on the real files
and once on a broken input, so it is known to be able to fail.
"""
import re
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.site import ROOT
from tooling.publish.nginx_snippet import nginx_snippet
from kact_hosting.formats import (
    MAX_HEADER_RULES,
    headers_for_path,
    parse_headers_file,
    render_nginx_snippet,
)
from kact_hosting.hosting import on_finalized
from kact_hosting.rules import NOT_IN_META, address_of, all_hashed_folders, served_files

HOSTING = yaml.safe_load((ROOT / "data" / "hosting.yml").read_text(encoding="utf-8"))
SECURITY_HEADERS = {
    "Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
    "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
}
# Features a page could use without asking that must be switched off by name.
FEATURES_OFF = {"camera", "microphone", "geolocation", "payment", "usb", "fullscreen", "display-capture",
                "browsing-topics", "autoplay", "serial", "hid"}
LOCKED = {"'none'", "'self'"}
ONE_YEAR = 31536000
SHORT = 600


@pytest.fixture(scope="module")
def rules(site):
    return parse_headers_file((site.output / "_headers").read_text(encoding="utf-8"))


def served_addresses(site):
    paths = [path.relative_to(site.output).as_posix() for path in site.output.rglob("*") if path.is_file()]
    return [address_of(path) for path in served_files(paths, HOSTING)]


def max_age(cache_control):
    return int(re.search(r"max-age=(\d+)", cache_control).group(1))


def csp_problems(policy):
    """What is wrong with a Content-Security-Policy for a site with no scripts."""
    directives = {}
    for part in filter(None, (piece.strip() for piece in policy.split(";"))):
        name, *sources = part.split()
        directives[name] = set(sources)
    problems = []
    if directives.get("default-src") not in ({"'none'"}, {"'self'"}):
        problems.append("default-src must be 'none' or 'self'")
    for name in ("base-uri", "form-action", "frame-ancestors"):
        if not directives.get(name) or not directives[name] <= LOCKED:
            problems.append(f"{name} must be 'none' or 'self'")
    for name in ("style-src", "img-src"):
        extra = {s for s in directives.get(name, set()) if s != "'self'" and not s.startswith("'sha256-")}
        if extra:
            problems.append(f"{name} allows more than our own files: {sorted(extra)}")
    loose = [s for sources in directives.values() for s in sources
             if s in {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"}]
    if loose:
        problems.append(f"allows {sorted(set(loose))}")
    if directives.get("script-src", {"'none'"}) != {"'none'"}:
        problems.append("script-src must not allow scripts")
    return problems


def other_header_problems(headers):
    problems = []
    hsts = headers.get("Strict-Transport-Security", "")
    if not re.search(r"max-age=\d+", hsts) or max_age(hsts) < ONE_YEAR:
        problems.append("Strict-Transport-Security must last at least a year")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options must be nosniff")
    if headers.get("Referrer-Policy") not in {"no-referrer", "same-origin", "strict-origin-when-cross-origin"}:
        problems.append("Referrer-Policy must keep addresses private")
    features = [f.strip() for f in headers.get("Permissions-Policy", "").split(",") if f.strip()]
    if not features or any(not feature.endswith("=()") for feature in features):
        problems.append("Permissions-Policy must switch features off: name=()")
    missing = FEATURES_OFF - {feature.split("=")[0] for feature in features}
    if missing:
        problems.append(f"Permissions-Policy leaves on: {sorted(missing)}")
    for name in ("Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy"):
        if headers.get(name) != "same-origin":
            problems.append(f"{name} must be same-origin")
    return problems


def meta_policy_problems(html, header_policy):
    """What is wrong with a page's <meta http-equiv="Content-Security-Policy">: there must be
    exactly one, before any stylesheet, carrying the header's policy less what a meta cannot."""
    soup = BeautifulSoup(html, "html.parser")
    metas = [tag for tag in soup.find_all("meta", attrs={"http-equiv": True})
             if tag["http-equiv"].lower() == "content-security-policy"]
    if len(metas) != 1:
        return [f"{len(metas)} Content-Security-Policy meta tags, not 1"]
    problems = []
    expected = "; ".join(part.strip() for part in header_policy.split(";")
                         if part.split()[0] not in NOT_IN_META)
    if metas[0].get("content") != expected:
        problems.append(f"the meta policy {metas[0].get('content')!r} is not the header's {expected!r}")
    carried = {part.split()[0] for part in metas[0].get("content", "").split(";") if part.strip()}
    if carried & set(NOT_IN_META):
        problems.append(f"a meta tag cannot carry {sorted(carried & set(NOT_IN_META))}")
    first_style = soup.find(["link", "style", "script"])
    if first_style is not None and first_style.sourceline < metas[0].sourceline or (
        first_style is not None and first_style.sourceline == metas[0].sourceline
        and first_style.sourcepos < metas[0].sourcepos
    ):
        problems.append("the meta comes after a stylesheet or script, which it would not govern")
    return problems


# --- the files are there, in every build -----------------------------------------------


def test_every_build_writes_the_host_files(site):
    """`make html` output too: Netlify and Cloudflare Pages build with it."""
    assert (site.output / "_headers").is_file()
    assert (site.output / "_redirects").read_text().splitlines()[-1] == "/index.html / 301"


def test_each_header_is_set_by_exactly_one_rule_for_every_file(site, rules):
    """Cloudflare Pages joins repeated headers with a comma: no address may get two values."""
    addresses = served_addresses(site)
    assert "/" in addresses and "/faq/" in addresses
    for address in addresses:
        names = [name for pattern, headers in rules
                 for name, _ in headers if headers_for_path([(pattern, headers)], address)]
        assert sorted(names) == sorted(set(names)), f"{address} gets a header twice: {names}"
        assert SECURITY_HEADERS | {"Cache-Control"} <= set(names), address


def test_hashed_files_are_kept_a_year_and_everything_else_briefly(site, rules):
    stylesheet = site.soup("/").find("link", rel="stylesheet")["href"]
    stylesheet_address = urlsplit(urljoin("http://localhost/", stylesheet)).path
    assert re.search(HOSTING["cache"]["hashed_name_pattern"], stylesheet_address), stylesheet
    cache = headers_for_path(rules, stylesheet_address)["Cache-Control"]
    assert max_age(cache) >= ONE_YEAR and "immutable" in cache
    for address in served_addresses(site):
        if not re.search(HOSTING["cache"]["hashed_name_pattern"], address):
            assert max_age(headers_for_path(rules, address)["Cache-Control"]) <= SHORT, address


def test_the_policy_fits_a_site_without_scripts(rules):
    headers = headers_for_path(rules, "/")
    assert csp_problems(headers["Content-Security-Policy"]) == []
    assert other_header_problems(headers) == []


def test_the_policy_checks_can_fail():
    assert csp_problems("default-src 'self' https:; style-src 'self' 'unsafe-inline'") != []
    assert csp_problems("default-src 'none'; style-src 'self'; img-src 'self'") != []  # no base-uri...
    assert other_header_problems({"Strict-Transport-Security": "max-age=300"}) != []
    assert any("Cross-Origin-Opener-Policy" in p for p in other_header_problems({}))


def test_every_page_carries_the_headers_policy_in_one_meta_tag(site, rules):
    """For hosts that send no headers (GitHub Pages): the same policy, from the same data."""
    policy = headers_for_path(rules, "/")["Content-Security-Policy"]
    pages = sorted(site.output.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        assert meta_policy_problems(page.read_text(encoding="utf-8"), policy) == [], page


@pytest.mark.parametrize("head, says", [
    ("<title>t</title>", "0 Content-Security-Policy meta tags"),
    ('<meta http-equiv="Content-Security-Policy" content="default-src *">', "is not the header's"),
    ('<meta http-equiv="Content-Security-Policy" content="{meta}">'
     '<meta http-equiv="content-security-policy" content="{meta}">', "2 Content-Security-Policy meta tags"),
    ('<link rel="stylesheet" href="/a.css"><meta http-equiv="Content-Security-Policy" content="{meta}">',
     "comes after a stylesheet"),
    ('<meta http-equiv="Content-Security-Policy" content="{meta}; frame-ancestors \'none\'">', "cannot carry"),
])
def test_the_meta_check_can_fail(head, says):
    header = "default-src 'none'; style-src 'self'; frame-ancestors 'none'"
    html = f"<!doctype html><html><head>{head.format(meta=chr(39).join(['default-src ', 'none', '; style-src ', 'self', '']))}</head></html>"
    assert any(says in problem for problem in meta_policy_problems(html, header))


# --- the nginx snippet carries the same headers ----------------------------------------


def nginx_locations(snippet):
    """{location line: {header: value}} from the snippet's add_header lines."""
    locations, current = {}, None
    for line in snippet.splitlines():
        if line.startswith("location"):
            current = locations.setdefault(line, {})
        match = re.match(r'\s+add_header (\S+) "(.*)" always;$', line)
        if match and current is not None:
            current[match.group(1)] = match.group(2)
    return locations


def test_nginx_sends_the_same_headers_in_every_location(site, rules):
    security = {name: value for pattern, headers in rules if pattern == "/*" for name, value in headers}
    locations = nginx_locations(nginx_snippet())
    assert len(locations) >= 2
    for location, headers in locations.items():
        assert {name: headers.get(name) for name in security} == security, location
        assert "Cache-Control" in headers, location
    caches = {headers["Cache-Control"] for headers in locations.values()}
    assert caches == {HOSTING["cache"]["hashed"], HOSTING["cache"]["other"]}


def test_the_docs_show_the_generated_nginx_snippet():
    docs = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", docs, flags=re.S)
    assert nginx_snippet() in blocks, (
        "docs/deploy.md shows an old nginx snippet. Replace it with the output of "
        "`.venv/bin/invoke nginx-snippet`."
    )


def test_a_location_missing_a_header_is_noticed():
    snippet = render_nginx_snippet(HOSTING).replace('    add_header X-Content-Type-Options "nosniff" always;\n', "", 1)
    locations = nginx_locations(snippet)
    assert any("X-Content-Type-Options" not in headers for headers in locations.values())


# --- the plugin's own rules ---------------------------------------------------------------


def test_addresses_of_files():
    assert address_of("index.html") == "/"
    assert address_of("faq/index.html") == "/faq/"
    assert address_of("theme/css/main.0123456789.css") == "/theme/css/main.0123456789.css"


def test_a_folder_of_only_hashed_files_gets_one_rule():
    paths = ["images/share/a.0123456789.png", "images/share/b.abcdef0123.png",
             "theme/css/main.0123456789.css", "theme/css/print.css"]
    assert all_hashed_folders(paths, HOSTING) == {"images"}


def test_precompressed_copies_and_host_files_get_no_rule():
    paths = ["index.html", "index.html.gz", "index.html.br", "_headers", "_redirects"]
    assert served_files(paths, HOSTING) == ["index.html"]


def test_too_many_rules_stop_the_build(tmp_path, caplog):
    for number in range(MAX_HEADER_RULES + 1):
        (tmp_path / f"page-{number}.txt").write_text("x")
    on_finalized(SimpleNamespace(output_path=str(tmp_path), settings={"HOSTING": HOSTING}))
    assert any(record.levelname == "ERROR" and "Cloudflare" in record.getMessage()
               for record in caplog.records)


def test_a_malformed_headers_file_is_named_plainly():
    with pytest.raises(ValueError, match="line 2"):
        parse_headers_file("/*\n  no colon here\n")
