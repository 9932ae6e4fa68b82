"""The opt-in online link check, against a small web server on 127.0.0.1 only.

The default test suite never reaches the internet: these tests ask a local
server for answers (ok, missing, moved, refusing HEAD, too slow) and prove
the check is bounded in time and remembers good answers.
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tooling.check.check_links import check_online, outside_links, problems_for


class _Handler(BaseHTTPRequestHandler):
    requests = []

    def _answer(self):
        type(self).requests.append((self.command, self.path))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head":
            self.send_response(405 if self.command == "HEAD" else 200)
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = _answer
    do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_answers_for_ok_missing_moved_and_head_refused(server, tmp_path):
    urls = [f"{server}/ok", f"{server}/missing", f"{server}/moved", f"{server}/no-head"]
    answers = {a.url: a for a in check_online(urls, cache_path=tmp_path / "cache.json", timeout=5)}
    assert answers[f"{server}/ok"].ok
    assert answers[f"{server}/moved"].ok
    assert answers[f"{server}/no-head"].ok
    assert not answers[f"{server}/missing"].ok and answers[f"{server}/missing"].status == 404


def test_a_slow_address_times_out_and_the_whole_check_is_bounded(server, tmp_path):
    started = time.monotonic()
    answers = check_online([f"{server}/slow"], cache_path=tmp_path / "cache.json", timeout=0.5, deadline=5)
    assert time.monotonic() - started < 2
    assert not answers[0].ok and "did not answer" in answers[0].error


def test_the_deadline_stops_the_check(server, tmp_path):
    started = time.monotonic()
    answers = check_online([f"{server}/slow"], cache_path=tmp_path / "cache.json", timeout=5, deadline=0.3)
    assert time.monotonic() - started < 1.5
    assert not answers[0].ok and "not checked in time" in answers[0].error


def test_good_answers_are_remembered_and_bad_ones_asked_again(server, tmp_path):
    cache = tmp_path / "cache.json"
    urls = [f"{server}/ok", f"{server}/missing"]
    check_online(urls, cache_path=cache)
    asked_first = len(_Handler.requests)
    second = {a.url: a for a in check_online(urls, cache_path=cache)}
    assert second[f"{server}/ok"].from_cache
    assert not second[f"{server}/missing"].from_cache
    assert [path for _, path in _Handler.requests[asked_first:]] == ["/missing"]
    assert json.loads(cache.read_text())[f"{server}/ok"]["ok"] is True


def test_an_old_good_answer_is_asked_again(server, tmp_path):
    cache = tmp_path / "cache.json"
    check_online([f"{server}/ok"], cache_path=cache)
    later = time.time() + 8 * 24 * 3600
    answers = check_online([f"{server}/ok"], cache_path=cache, now=lambda: later)
    assert not answers[0].from_cache


def test_outside_links_are_collected_from_the_built_site_and_reported_by_page(site, tmp_path):
    links = outside_links(site.output, own_host="ketamine-couples.kaleidoscopeservicesllc.org")
    assert links and all(url.startswith("https://") for url in links)
    assert not any("ketamine-couples.kaleidoscopeservicesllc.org" in url for url in links)
    doi = next(url for url in links if "doi.org" in url)
    assert "/the-science/" in links[doi]
    failed = [a for a in check_online([], cache_path=tmp_path / "c.json")]  # nothing asked: no network
    assert failed == []
    from tooling.check.check_links import Answer

    problems = problems_for([Answer(doi, False, 404, "answered 404 (Not Found)")], links,
                            lambda page, url: ("content/pages/the-science.md", 7))
    assert problems[0].where == "content/pages/the-science.md:7"
    assert "404" in problems[0].what and "/the-science/" in problems[0].what
