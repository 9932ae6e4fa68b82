"""The live preview: rebuild on every save and refresh the browser.

A save with a mistake shows an error page in the browser (file, line, what is
wrong, how to fix it) and the same list in the terminal; the next clean save
brings the site back. The preview never stops for a content mistake.

Run it with `make serve`, or directly (the tests do) with
`python -m tooling.preview --project DIR --port N`.
"""
import argparse
import socket
import sys
import time
from pathlib import Path

from livereload import Server

from tooling.build import ROOT
from tooling.preview_build import PreviewBuilder
from tooling.preview_watcher import RebuildingWatcher
from tooling.reporter import plain_errors

sys.path.insert(0, str(ROOT / "plugins"))

from kact_gate.report import format_problem  # noqa: E402

WATCHED = ["content", "theme", "data", "plugins", "pelicanconf.py"]


def report(result, changed=()):
    stamp = time.strftime("%H:%M:%S")
    # Editors save through temporary files; name only the files that remain.
    names = ", ".join(Path(path).name for path in changed if Path(path).is_file())
    saved = f" after saving {names}" if names else ""
    if result.ok:
        print(f"[{stamp}] Preview updated{saved} in {result.seconds:.2f} s.", flush=True)
        return
    count = len(result.errors)
    print(f"\n[{stamp}] The preview is waiting for a fix{saved}: {count} mistake{'s' * (count != 1)}.")
    if not result.reported_by_gate:
        for problem in result.errors:
            print(f"{format_problem(problem)}\n")
    print("Save the file again once it is fixed; the browser follows by itself.\n", flush=True)


class PreviewAlreadyRunning(Exception):
    """The preview's address is taken, most likely by a preview started earlier."""


def refuse_a_taken_address(host, port):
    """Say so in plain words before building, rather than fail with a traceback after."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise PreviewAlreadyRunning(
                f"The preview is already running at http://{host}:{port}/ (started in another "
                "window). Open that address in your browser, or stop the other preview with "
                "Ctrl+C in its window and run `make serve` again."
            ) from None


def serve_preview(host, port, project=ROOT):
    project = Path(project).resolve()
    refuse_a_taken_address(host, port)
    builder = PreviewBuilder(project)

    def rebuild(changed=()):
        report(builder.build(changed), changed)

    rebuild()
    watcher = RebuildingWatcher([project / name for name in WATCHED], rebuild)
    server = Server(watcher=watcher)
    print(f"Preview at http://{host}:{port}/ (press Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, root=str(builder.served), open_url_delay=None)


@plain_errors
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(ROOT), help="folder holding pelicanconf.py and content/")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    try:
        serve_preview(arguments.host, arguments.port, arguments.project)
    except PreviewAlreadyRunning as running:
        print(running, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
