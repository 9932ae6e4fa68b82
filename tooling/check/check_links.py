"""`invoke check-links --online`: ask every outside address on the site whether it still answers.

Opt-in, for use before a publish: every build already checks that each link
is well formed and that every internal one resolves, without the network.
Bounded: each request has a timeout, at most a few run at once, and the
whole check stops at a deadline. Answers are kept in cache/external-links.json
(git ignores cache/), so an address that worked recently is not asked again.
"""
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tooling.build.build import ROOT
from kact_gate.built import BuiltPage
from kact_core.problem import Problem

CACHE = ROOT / "cache" / "external-links.json"
TIMEOUT = 10  # seconds for one address
WORKERS = 4  # addresses asked at once
DEADLINE = 90  # seconds for the whole check
KEEP_OK_FOR = 7 * 24 * 3600  # a working address is asked again after a week
# Some sites refuse HEAD (405) or answer it wrongly; ask them with GET instead.
RETRY_WITH_GET = {403, 405, 501}
USER_AGENT = "Mozilla/5.0 (compatible; kact-link-check; a site's pre-publish link check)"


@dataclass
class Answer:
    url: str
    ok: bool
    status: int | None = None
    error: str = ""
    checked: float = 0.0
    from_cache: bool = False

    def describe(self):
        if self.error:
            return self.error
        return f"answered {self.status}"


def outside_links(output_dir, own_host=""):
    """{https address: {pages that link to it}} over every HTML file of a built site."""
    output_dir = Path(output_dir)
    found = {}
    for path in sorted(output_dir.rglob("*.html")):
        page = BuiltPage(path, output_dir)
        for element, _attribute, value in page.links:
            parts = urlsplit(value)
            if parts.scheme != "https" or (own_host and parts.hostname == own_host):
                continue
            if element.tag == "link" and element.get("rel") in ("canonical",):
                continue
            address = value.split("#")[0]
            found.setdefault(address, set()).add(page.address)
    return found


def check_online(urls, cache_path=CACHE, timeout=TIMEOUT, workers=WORKERS, deadline=DEADLINE,
                 keep_ok_for=KEEP_OK_FOR, now=time.time):
    """An Answer for every address: from the cache when it worked recently, else asked now.

    Addresses still unanswered at the deadline get ok=False, "not checked in time",
    and are not cached."""
    cache = _read_cache(cache_path)
    answers = {}
    to_ask = []
    for url in sorted(set(urls)):
        known = cache.get(url)
        if known and known.get("ok") and now() - known.get("checked", 0) < keep_ok_for:
            answers[url] = Answer(url, True, known.get("status"), checked=known["checked"], from_cache=True)
        else:
            to_ask.append(url)
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    futures = {pool.submit(ask, url, timeout): url for url in to_ask}
    done, not_done = wait(futures, timeout=deadline)
    pool.shutdown(wait=False, cancel_futures=True)
    for future in done:
        answer = future.result()
        answer.checked = now()
        answers[answer.url] = answer
        cache[answer.url] = {"ok": answer.ok, "status": answer.status, "error": answer.error,
                             "checked": answer.checked}
    for future in not_done:
        url = futures[future]
        answers[url] = Answer(url, False, error=f"not checked in time (the whole check stops after {deadline} s)")
    _write_cache(cache_path, cache)
    return [answers[url] for url in sorted(answers)]


def ask(url, timeout=TIMEOUT):
    """HEAD the address (GET if the site refuses HEAD), following redirects."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(url, 200 <= response.status < 400, response.status)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in RETRY_WITH_GET:
                continue
            return Answer(url, False, error.code, f"answered {error.code} ({error.reason})")
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return Answer(url, False, error=f"did not answer within {timeout} s")
            return Answer(url, False, error=f"could not be reached ({reason})")
    return Answer(url, False, error="could not be checked")


def problems_for(answers, pages_by_url, where_linked=lambda address, url: None):
    """A Problem for each address that did not answer well, at the Markdown line
    that links to it (where_linked(page address, url) -> (path, line) or None)."""
    problems = []
    for answer in answers:
        if answer.ok:
            continue
        pages = sorted(pages_by_url.get(answer.url, []))
        found = [where_linked(page, answer.url) for page in pages]
        path, line = next((place for place in found if place), ("(built site)", None))
        problems.append(Problem(
            path, line,
            f"The outside link {answer.url} {answer.describe()} (on {', '.join(pages)}).",
            "Open the address in a browser. If it moved, copy the new address into the page; "
            "if it is gone, link to another source or remove the link.",
        ))
    return problems


def _read_cache(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_cache(path, cache):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
