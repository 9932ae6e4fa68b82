"""The floor of the headers (plugins/kact_hosting/floor.py): data/hosting.yml can
add and tighten, never lower; every value is checked for the format it is written
into, and nginx itself reads the result (`nginx -t`, then a request)."""
import copy

import pytest
import yaml

from tests.site import ROOT
from tests.publish.test_nginx_snippet import get, running_nginx
from kact_hosting.floor import lowered_by
from kact_hosting.formats import UnsafeHostingValue, render_headers_file, render_nginx_snippet
from kact_hosting.rules import Rule, header_rules, meta_content_security_policy, security_headers

HOSTING = yaml.safe_load((ROOT / "data" / "hosting.yml").read_text(encoding="utf-8"))


def changed(path, value):
    """data/hosting.yml with one value set (None: taken away)."""
    hosting = copy.deepcopy(HOSTING)
    *parents, last = path
    place = hosting
    for part in parents:
        place = place[part]
    if value is None:
        del place[last]
    else:
        place[last] = value
    return hosting


def test_the_projects_file_is_above_the_floor():
    assert lowered_by(HOSTING) == []


@pytest.mark.parametrize("path, value, says", [
    (("security_headers", "Content-Security-Policy", "script-src"), "'self' 'unsafe-inline'", "'unsafe-inline'"),
    (("security_headers", "Content-Security-Policy", "script-src"), "'unsafe-eval'", "'unsafe-eval'"),
    (("security_headers", "Content-Security-Policy", "img-src"), "'self' *", "*"),
    (("security_headers", "Content-Security-Policy", "img-src"), "'self' https://cdn.example", "https://cdn.example"),
    (("security_headers", "Content-Security-Policy", "default-src"), "'self'", "default-src must be 'none'"),
    (("security_headers", "Content-Security-Policy", "frame-ancestors"), "*", "frame-ancestors must be 'none'"),
    (("security_headers", "Access-Control-Allow-Origin"), "*", "Access-Control-Allow-Origin is not a header"),
    (("security_headers", "X-Frame-Options"), "SAMEORIGIN", "X-Frame-Options must be 'DENY'"),
    (("security_headers", "X-Test;} location /private/ { alias /etc/; } #"), "1", "is not a header"),
    (("editor_headers", "Content-Security-Policy", "img-src"), "'self' *", "wildcard"),
    (("editor_headers", "Content-Security-Policy", "default-src"), "*", "default-src must be 'none'"),
    (("editor_headers", "Access-Control-Allow-Origin"), "*", "not a header"),
    (("editor_online_sources", "connect-src"), "https://*.github.com", "without a path or wildcard"),
])
def test_lowering_the_floor_is_refused(path, value, says):
    found = lowered_by(changed(path, value))
    assert any(says in message for _, message in found), found


@pytest.mark.parametrize("path", [
    ("security_headers", "X-Frame-Options"),
    ("security_headers", "Content-Security-Policy", "frame-ancestors"),
    ("security_headers", "Content-Security-Policy", "default-src"),
])
def test_a_header_taken_out_of_the_file_is_still_sent(path):
    hosting = changed(path, None)
    sent = dict(security_headers(hosting))
    assert sent["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in sent["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in sent["Content-Security-Policy"]
    assert "default-src 'none'" in meta_content_security_policy(hosting)


def test_a_header_not_on_the_list_is_never_written():
    hosting = changed(("security_headers", "Access-Control-Allow-Origin"), "*")
    assert "Access-Control-Allow-Origin" not in render_headers_file(header_rules(["index.html"], hosting))
    assert "Access-Control-Allow-Origin" not in render_nginx_snippet(hosting)


@pytest.mark.parametrize("rule", [
    Rule("/*", (("X-Test;} location /private/ { alias /etc/; } #", "1"),)),
    Rule("/*", (("X-Frame-Options", "DENY\n  Access-Control-Allow-Origin: *"),)),
    Rule("/*\n/admin/*", (("X-Frame-Options", "DENY"),)),
])
def test_the_headers_file_refuses_what_would_change_its_format(rule):
    with pytest.raises(UnsafeHostingValue):
        render_headers_file([rule])


@pytest.mark.parametrize("path, value", [
    (("cache", "hashed_name_pattern"), '\\.css$" { } location /private/ { alias /etc/; } location ~ "x'),
    (("cache", "hashed_name_pattern"), "\\.css\\"),
    (("cache", "other"), 'public" always; } location /private/ { alias /etc/; } location /x { add_header A "b'),
    (("cache", "other"), "public, max-age=$request_uri"),
    (("redirects",), [['/old"; } location /private/ { alias /etc/; } location = "/x', "/"]]),
    (("redirects",), [["/old", '/" ; }']]),
])
def test_the_nginx_snippet_refuses_what_would_change_its_configuration(path, value):
    with pytest.raises(UnsafeHostingValue):
        render_nginx_snippet(changed(path, value))


def test_braces_and_semicolons_in_the_cache_pattern_stay_inside_its_quotes(nginx_program, tmp_path):
    """A pattern with ; { } but no quote is written inside nginx's quotes: nginx accepts the
    configuration (running_nginx runs `nginx -t` first) and it opens no location of its own."""
    root = tmp_path / "site"
    (root / "private").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "nginx").mkdir()
    (tmp_path / "secret" / "key.txt").write_text("secret", encoding="utf-8")
    pattern = f"\\.[0-9a-f]{{8,}}\\.css$|;}} location /private/ {{ alias {tmp_path / 'secret'}/; }}"
    hosting = changed(("cache", "hashed_name_pattern"), pattern)
    with running_nginx(nginx_program, tmp_path / "nginx", root, render_nginx_snippet(hosting)) as port:
        response, body = get(port, "/private/key.txt")
        assert response.status == 404 and b"secret" not in body
        response, _ = get(port, "/")
        assert response.status == 200


def test_a_header_name_cannot_open_a_location_of_its_own(nginx_program, tmp_path):
    """A header name is written unquoted; one holding `; } location ... {` once made nginx
    serve files from outside the site. Only names from the fixed list are written."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "key.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "nginx").mkdir()
    name = f'X-A "1" always; }} location ~ ^/secret/ {{ root {tmp_path}; }} location ~ ^/zz {{ add_header X-B'
    hosting = changed(("security_headers", name), "1")
    with running_nginx(nginx_program, tmp_path / "nginx", root, render_nginx_snippet(hosting)) as port:
        response, body = get(port, "/secret/key.txt")
        assert response.status == 404 and b"secret" not in body
