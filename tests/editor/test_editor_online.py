"""The browser editor's online mode (tooling/editor/editor_online.py): /admin/ added
to a built site, its settings for GitHub, and the headers each host sends.

Netlify and Cloudflare Pages apply every `_headers` rule that matches an
address, so the editor's rule must replace the site's policy for /admin/ on
both (formats.headers_for_path reads the file as Cloudflare does,
netlify_headers_for_path as Netlify does) and leave every other address alone.
Each check is also run once on a broken input, so it is known to be able to fail.
A bad data/editor.yml is covered by tests/fixtures/broken/data-editor.
"""
import shutil

import pytest
import yaml

from tests.support import missing
from tooling.editor.editor import editor_settings, packages_installed, read_data
from tooling.editor.editor_checks import admin_problems, policy_problems
from tooling.editor.editor_online import EditorNotAdded, add_online_editor, online_settings
from kact_hosting.formats import (
    headers_for_path,
    netlify_headers_for_path,
    parse_headers_file,
    render_headers_file,
    render_nginx_snippet,
)
from kact_hosting.rules import editor_rule, header_rules, online_editor_directives, security_headers

HOSTING = read_data("hosting.yml")
ONLINE = {"online": True, "repo": "kaleidoscope/kact-site", "branch": "main",
          "sign_in_url": "https://kact-sign-in.example-account.workers.dev"}
SITE_URL = "https://kact.example.org"
SITE_POLICY = dict(security_headers(HOSTING))["Content-Security-Policy"]
EDITOR_POLICY = dict(editor_rule(HOSTING).headers)["Content-Security-Policy"]
HOSTS = {"cloudflare": headers_for_path, "netlify": netlify_headers_for_path}
PAGE_ADDRESSES = ["/", "/faq/", "/favicon.svg"]
EDITOR_ADDRESSES = ["/admin/", "/admin/decap/decap-cms.js", "/admin/config.yml", "/admin/yaml/index.js"]


@pytest.fixture(scope="module")
def editor_packages():
    if not packages_installed():
        missing("the online editor tests need the editor's packages (`make editor`, which runs npm ci in editor/)")


def small_site(folder):
    """A built site in miniature: two pages, a favicon and the host files."""
    (folder / "faq").mkdir(parents=True)
    for page in ("index.html", "faq/index.html"):
        (folder / page).write_text("<!doctype html><title>Page</title>\n", encoding="utf-8")
    (folder / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def online_site(editor_packages, tmp_path_factory):
    site = small_site(tmp_path_factory.mktemp("online") / "site")
    assert add_online_editor(site, ONLINE, SITE_URL)
    return site


def sent(site, host, address):
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    return HOSTS[host](rules, address)


def test_online_mode_is_off_until_the_practice_switches_it_on(tmp_path):
    assert read_data("editor.yml")["online"] is False
    site = small_site(tmp_path / "site")
    assert add_online_editor(site, read_data("editor.yml")) is False
    assert not (site / "admin").exists()


def test_the_online_settings_sign_in_to_github_with_the_same_collections_as_make_edit():
    online, local = online_settings(ONLINE, SITE_URL), editor_settings(8081)
    assert online["backend"] == {"name": "github", "repo": ONLINE["repo"], "branch": "main",
                                 "base_url": ONLINE["sign_in_url"]}
    assert "local_backend" not in online and online["site_url"] == SITE_URL + "/"
    assert local["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert online["collections"] == local["collections"]


def test_the_editor_joins_the_site_with_its_files_settings_and_policy(online_site):
    admin = online_site / "admin"
    for name in ("index.html", "config.yml", "kact-cms.js", "decap/decap-cms.js", "yaml/index.js"):
        assert (admin / name).is_file(), name
    assert not list(admin.rglob("*.map")), "source maps are not shipped"
    settings = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"]["base_url"] == ONLINE["sign_in_url"]
    assert admin_problems(online_site, online_editor_directives(HOSTING), HOSTING, ONLINE) == []


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("address", EDITOR_ADDRESSES)
def test_the_editor_gets_exactly_its_own_policy(online_site, host, address):
    headers = sent(online_site, host, address)
    assert headers["Content-Security-Policy"] == EDITOR_POLICY
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == HOSTING["cache"]["other"]


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("address", PAGE_ADDRESSES)
def test_the_sites_pages_keep_their_policy(online_site, host, address):
    headers = sent(online_site, host, address)
    assert headers["Content-Security-Policy"] == SITE_POLICY
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_editor_policy_adds_github_only():
    assert "connect-src 'self' blob: https://api.github.com;" in EDITOR_POLICY
    assert "script-src 'self' 'unsafe-eval';" in EDITOR_POLICY
    assert "frame-ancestors 'none'" in EDITOR_POLICY


def test_without_the_detach_lines_cloudflare_would_send_both_policies(online_site):
    text = (online_site / "_headers").read_text(encoding="utf-8")
    without = "\n".join(line for line in text.splitlines() if not line.strip().startswith("!"))
    policy = headers_for_path(parse_headers_file(without), "/admin/")["Content-Security-Policy"]
    assert policy == f"{SITE_POLICY}, {EDITOR_POLICY}"


def test_the_editor_rule_placed_before_the_sites_would_fail_on_both_hosts():
    rules = header_rules(["index.html", "admin/index.html"], HOSTING, with_editor=True)
    reordered = parse_headers_file(render_headers_file([rules[1], rules[0], *rules[2:]]))
    assert netlify_headers_for_path(reordered, "/admin/")["Content-Security-Policy"] == SITE_POLICY
    # A detach removes only what the rules before it set (cloudflare/cloudflare-docs#32995).
    assert headers_for_path(reordered, "/admin/")["Content-Security-Policy"] == f"{EDITOR_POLICY}, {SITE_POLICY}"


def test_the_editor_files_need_no_rule_of_their_own():
    paths = ["index.html", "admin/index.html", "admin/decap/decap-cms.js", *(f"admin/yaml/{n}.js" for n in range(80))]
    rules = header_rules(paths, HOSTING, with_editor=True)
    assert [rule.pattern for rule in rules] == ["/*", "/admin/*", "/"]


def test_nginx_gives_the_editor_its_own_location_only_in_online_mode():
    assert "/admin/" not in render_nginx_snippet(HOSTING)
    snippet = render_nginx_snippet(HOSTING, with_editor=True)
    block = snippet[snippet.index("location ^~ /admin/ {"):]
    block = block[:block.index("\n}")]
    assert f'add_header Content-Security-Policy "{EDITOR_POLICY}" always;' in block
    assert block.count("Content-Security-Policy") == 1 and block.count("Cross-Origin-Opener-Policy") == 1
    assert 'add_header X-Frame-Options "DENY" always;' in block


BROKEN_PAGES = {
    "script-from-a-cdn": ('<script src="decap/decap-cms.js">', '<script src="https://unpkg.com/decap-cms@3/dist/decap-cms.js">',
                          "from another site"),
    "inline-script": ("<body>\n", "<body>\n<script>window.CMS_MANUAL_INIT = true;</script>\n", "written into the page"),
    "missing-file": ('<script src="pelican-format.js">', '<script src="pelican.js">', "not in the built site"),
    "second-meta": ('<meta name="robots"', '<meta http-equiv="refresh" content="0"><meta name="robots"', "exactly one"),
    "handler": ("<body>", '<body onload="go()">', "event handler"),
}


@pytest.mark.parametrize("change", BROKEN_PAGES.values(), ids=BROKEN_PAGES.keys())
def test_a_page_loading_what_we_do_not_ship_is_refused(online_site, tmp_path, change):
    old, new, says = change
    site = tmp_path / "site"
    shutil.copytree(online_site, site)
    page = site / "admin" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = admin_problems(site, online_editor_directives(HOSTING), HOSTING, ONLINE)
    assert any(says in problem and "admin/index.html" in problem for problem in problems), problems


@pytest.mark.parametrize("directive, sources, says", [
    ("script-src", "'self' 'unsafe-eval' https://unpkg.com", "reach https://unpkg.com"),
    ("script-src", "'self' 'unsafe-inline'", "only 'self' 'unsafe-eval' may run"),
    ("connect-src", "'self' https://api.github.com https://www.githubstatus.com", "reach https://www.githubstatus.com"),
    ("frame-ancestors", "'self'", "frame-ancestors 'none'"),
])
def test_a_looser_editor_policy_is_refused(directive, sources, says):
    directives = dict(online_editor_directives(HOSTING), **{directive: sources})
    problems = policy_problems(directives, HOSTING)
    assert any(says in problem for problem in problems), problems


def test_a_media_library_or_the_local_file_server_in_the_settings_is_refused(online_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(online_site, site)
    settings_file = site / "admin" / "config.yml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    settings["media_library"] = {"name": "uploadcare"}
    settings["local_backend"] = True
    settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    problems = admin_problems(site, online_editor_directives(HOSTING), HOSTING, ONLINE)
    assert any("media_library" in problem for problem in problems), problems
    assert any("local_backend" in problem for problem in problems), problems


def test_a_refused_editor_is_taken_out_and_the_host_files_left_as_they_were(editor_packages, tmp_path):
    site = small_site(tmp_path / "site")
    (site / "_headers").write_text("/*\n  X-Test: kept\n", encoding="utf-8")
    loose = yaml.safe_load(yaml.safe_dump(HOSTING))
    loose["editor_headers"]["Content-Security-Policy"]["script-src"] += " https://unpkg.com"
    with pytest.raises(EditorNotAdded, match="reach https://unpkg.com"):
        add_online_editor(site, ONLINE, SITE_URL, hosting=loose)
    assert not (site / "admin").exists()
    assert (site / "_headers").read_text(encoding="utf-8") == "/*\n  X-Test: kept\n"
