"""Lighthouse scores for every page, phone and desktop: prints a table.

    make bench-lighthouse        (installs the pinned Lighthouse, then runs this)

Builds the public site (publishconf.py) with its address set to a local
server, serves it on 127.0.0.1 the way a good host would (the pre-compressed
.br/.gz copies, a year's caching for hashed files, a real 404 status), and
runs Lighthouse (bench/lighthouse/run.mjs) against headless Debian Chromium.
Nothing leaves this machine. Target: 100 in all four categories everywhere.
"""
import argparse
import json
import mimetypes
import os
import re
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ElementTree
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kact_core.root import ROOT

RUNNER = ROOT / "bench" / "lighthouse" / "run.mjs"
HASHED = re.compile(r"\.[0-9a-f]{8,}\.[A-Za-z0-9]+$")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class HostLikeHandler(SimpleHTTPRequestHandler):
    """Serves a built site as a static host would, including compressed copies."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        relative = unquote(urlsplit(self.path).path).lstrip("/")
        target = Path(self.directory) / relative
        if target.is_dir():
            target = target / "index.html"
        status = 200
        if not target.is_file() or ".." in Path(relative).parts:
            target, status = Path(self.directory) / "404.html", 404
        encoding, body_file = None, target
        accepted = self.headers.get("Accept-Encoding", "")
        for name, suffix in (("br", ".br"), ("gzip", ".gz")):
            compressed = target.with_name(target.name + suffix)
            if name in accepted and compressed.is_file():
                encoding, body_file = name, compressed
                break
        body = body_file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        lifetime = "public, max-age=31536000, immutable" if HASHED.search(target.name) else "public, max-age=300"
        self.send_header("Cache-Control", lifetime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def build_public_site(output, base_url):
    # The public settings at this loopback address (publishconf.py takes none from the environment).
    env = {**os.environ, "KACT_LOOPBACK_SITEURL": base_url}
    command = [sys.executable, "-m", "pelican", str(ROOT / "content"), "--settings",
               str(ROOT / "tooling" / "publish" / "loopback_publishconf.py"),
               "--output", str(output), "--fatal", "warnings", "--quiet"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"The public site did not build:\n{result.stdout}\n{result.stderr}")


def page_paths(output, base_url):
    """Every page in the sitemap, plus the 404 page."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(output / "sitemap.xml")
    paths = [loc.text[len(base_url):] for loc in tree.getroot().findall("s:url/s:loc", namespace)]
    return sorted(paths) + ["/404.html"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="only these paths, e.g. / /faq/")
    parser.add_argument("--json", type=Path, help="also write every result here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kact-lighthouse-") as temporary:
        output = Path(temporary) / "site"
        output.mkdir()
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(HostLikeHandler, directory=str(output)))
        base_url = f"http://127.0.0.1:{server.server_address[1]}"
        build_public_site(output, base_url)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        paths = args.pages or page_paths(output, base_url)
        results_file = Path(temporary) / "results.json"
        print(f"Lighthouse 12.2.3, headless {chromium_version()}, site served at {base_url}\n")
        print(f"{'page':30} {'device':8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
        try:
            run = subprocess.run(["node", str(RUNNER), base_url, *paths, "--json", str(results_file)],
                                 cwd=RUNNER.parent)
        finally:
            server.shutdown()
        if run.returncode != 0 or not results_file.exists():
            sys.exit("Lighthouse did not finish.")
        results = json.loads(results_file.read_text())
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    summarize(results)


def summarize(results):
    perfect = [r for r in results if all(r["scores"][c] == 100 for c in CATEGORIES)]
    print(f"\n{len(perfect)} of {len(results)} page runs score 100 in all four categories.")
    for category in CATEGORIES:
        lowest = min(results, key=lambda r: r["scores"][category])
        print(f"  lowest {category:15} {lowest['scores'][category]:3}  ({lowest['path']}, {lowest['formFactor']})")


def chromium_version():
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    try:
        return subprocess.run([chrome, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return chrome


if __name__ == "__main__":
    main()
