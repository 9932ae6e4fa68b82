"""The quality gate: a page with a mistake can never be built or published.

Every build (`make html`, `make serve`, a publish) runs the checks below and
stops with exit status 1 and one plain report if any finds an error; a
problem of severity "advice" is printed but never stops a build.

How it fits together
- gate.py connects to Pelican's signals and runs the checks (see there).
- problem.py: a Problem is path (relative to the project), line or None,
  what is wrong, how to fix it, severity "error" or "advice", and where the
  check names them the rule broken and what it is about (a repeat is known
  by these, not by its words).
- source.py: a page's Markdown (bytes, lines, header fields with lines);
  header.py: the header as Pelican's reader read it, with each field's line;
  schemas/page_header.schema.yml describes the header's fields once.
- built.py: a written page, parsed once with lxml and shared by all checks
  (links, ids, visible text in blocks and sentences); `browser_doc` is the
  same page as a browser builds it (browser_reading.py, lexbor), which the
  safety check reads, refusing a page the two readings see differently.
- claims_floor.py, notices_floor.py: the minimum claims refused and notices
  required, which data/claims.yml and data/notices.yml can add to, never lower
  (the hosting floor is plugins/kact_hosting/floor.py).
- site.py: all of the above for one build; locate.py maps text seen on a
  built page back to the Markdown, data file or template line it came from.
- capture.py: Pelican's own warnings ("Could not process ...") as Problems.
- checks/: one module per check, listed in checks/__init__.py.
- preflight.py: run by pelicanconf.py before any data file is read: no
  symbolic links in content/, theme/, data/; every data/*.yml valid against
  its schema in schemas/ (line-numbered messages); crisis numbers consistent.
- unicode_text.py: hidden characters, look-alike letters, and the
  normalised text (NFKC, no format characters) every text check reads.

Adding a check
1. Write checks/<name>.py with `def check(site):` that yields Problems.
   Read Markdown from `site.markdown_sources` (each has `.lines`, `.field()`,
   `.page` (Pelican's Page), `.line_of_sentence()`), built pages from
   `site.built_pages.values()` (each has `.doc`, `.prose`, `.text_blocks()`,
   `.sentences()`, `.source`). Use severity=ADVICE for a suggestion.
2. Add one line to CHECKS in checks/__init__.py, with stage SOURCE (runs
   before pages are written) or BUILT (reads the output).
3. Add a fixture under tests/fixtures/broken/<kind>/ that the check must
   catch, with expect.yml naming the file:line and words of the message.

Not run on every build
- checks/html_validity.py runs the W3C Nu HTML checker (a Java program,
  seconds to start): `invoke check` and the test suite run it.
- tooling/check/check_links.py checks outside links online: `invoke check-links --online`.

Running Pelican in-process: the gate raises GateFailed (a SystemExit with
`.problems`) when a build has errors; catch it to show the problems. The
run's record is `settings["KACT_GATE_RUN"]`: `.problems`, and `.timings`
(seconds per check, for the benchmarks).

Speed: checks must stay cheap (the build is benchmarked against plain
Pelican). Mark a check that only gives advice with advice_only=True: those
run only when the setting GATE_ADVICE is true, which `invoke check` and the
live preview set. Plain builds and publishes skip them: the reading-grade and
spelling word lists take seconds to load and advice never stops a build.
"""
from .gate import register

__all__ = ["register"]
