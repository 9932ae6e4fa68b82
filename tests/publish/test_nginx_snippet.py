"""The nginx snippet in docs/deploy.md, run by a real nginx on 127.0.0.1.

It must be valid nginx, send every header that `_headers` gives the same
address, redirect .../index.html to its folder and serve our 404 page.
"""
import http.client
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest

from tests.editor.test_editor_online import ONLINE, editor_packages, small_site  # noqa: F401 (a fixture)
from tooling.editor.editor import read_data
from tooling.editor.editor_online import add_online_editor
from tooling.publish.nginx_snippet import nginx_snippet
from kact_hosting.formats import headers_for_path, parse_headers_file, render_nginx_snippet

CONFIG = """
daemon off;
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {prefix}/temp;
    server {{
        listen 127.0.0.1:{port};
        root {root};
{snippet}
    }}
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_nginx(nginx_program, prefix, root, snippet):
    """nginx serving `root` with `snippet` on a free port of 127.0.0.1; yields the port."""
    (prefix / "temp").mkdir()
    port = free_port()
    indented = "\n".join(f"        {line}" if line else "" for line in snippet.splitlines())
    config = prefix / "nginx.conf"
    config.write_text(CONFIG.format(prefix=prefix, port=port, root=root, snippet=indented))
    checked = subprocess.run([nginx_program, "-t", "-c", str(config), "-p", str(prefix)], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx rejects the snippet:\n{checked.stderr}"
    server = subprocess.Popen([nginx_program, "-c", str(config), "-p", str(prefix)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            pytest.fail(f"nginx did not start: {(prefix / 'error.log').read_text()}")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(nginx_program, site, tmp_path_factory):
    """(port): nginx serving the built site with the snippet; stopped after the tests."""
    with running_nginx(nginx_program, tmp_path_factory.mktemp("nginx"), site.output, nginx_snippet()) as port:
        yield port


@pytest.fixture(scope="module")
def online_nginx(nginx_program, editor_packages, tmp_path_factory):
    """(site folder, port): a small site with the online editor, served with its snippet."""
    site = small_site(tmp_path_factory.mktemp("online-nginx") / "site")
    assert add_online_editor(site, ONLINE, "https://kact.example.org")
    snippet = render_nginx_snippet(read_data("hosting.yml"), with_editor=True)
    with running_nginx(nginx_program, tmp_path_factory.mktemp("nginx-online"), site, snippet) as port:
        yield site, port


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.fixture(scope="module")
def rules(site):
    return parse_headers_file((site.output / "_headers").read_text(encoding="utf-8"))


def stylesheet_address(site):
    return next(
        "/" + path.relative_to(site.output).as_posix()
        for path in (site.output / "theme" / "css").glob("main.*.css")
    )


def test_pages_and_files_get_the_same_headers_as_on_netlify(site, nginx, rules):
    for address in ["/", "/faq/", "/robots.txt", stylesheet_address(site)]:
        response, _ = get(nginx, address)
        assert response.status == 200, address
        for name, value in headers_for_path(rules, address).items():
            assert response.getheader(name) == value, f"{address}: {name}"


def test_a_missing_address_gets_our_404_page_with_the_headers(site, nginx, rules):
    response, body = get(nginx, "/no-such-page/")
    assert response.status == 404
    assert body == (site.output / "404.html").read_bytes()
    assert response.getheader("Content-Security-Policy") == headers_for_path(rules, "/")["Content-Security-Policy"]


@pytest.mark.parametrize("address, folder", [("/index.html", "/"), ("/faq/index.html", "/faq/")])
def test_index_html_addresses_redirect_to_the_folder(nginx, address, folder):
    response, _ = get(nginx, address)
    assert response.status == 301
    assert response.getheader("Location").endswith(f"127.0.0.1:{nginx}{folder}")


@pytest.mark.parametrize("address", ["/admin/", "/admin/decap/decap-cms.js", "/admin/config.yml", "/", "/faq/"])
def test_with_the_online_editor_each_address_gets_what_headers_give_it(online_nginx, address):
    """/admin/ gets exactly the editor's policy (one policy, not two) and pages keep theirs."""
    site, port = online_nginx
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    response, _ = get(port, address)
    assert response.status == 200, address
    for name, value in headers_for_path(rules, address).items():
        assert response.getheader(name) == value, f"{address}: {name}"
