# Every target sets itself up: it makes .venv/ and installs the pinned
# requirements the first time, then hands over to the invoke tasks in tasks.py.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.requirements-installed

.PHONY: html serve test check clean publish new-page bench bench-lighthouse

$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

html: $(READY)
	$(BIN)/invoke build

serve: $(READY)
	$(BIN)/invoke serve

test: $(READY)
	$(BIN)/invoke test

# The live preview plus the browser editor at http://127.0.0.1:8000/admin/ (needs node).
# PORT=8001 if 8000 is taken, EDITOR_PORT=8082 if 8081 is. docs/editing-in-the-browser.md.
.PHONY: edit editor
EDITOR_PACKAGES := editor/node_modules/.installed
$(EDITOR_PACKAGES): editor/package-lock.json
	@command -v npm >/dev/null || { echo "The browser editor needs Node.js 20 or later (with npm): install it from https://nodejs.org/, then run make edit again." >&2; exit 1; }
	cd editor && npm ci --no-audit --no-fund --loglevel=error
	touch $@

editor: $(EDITOR_PACKAGES)

edit: $(READY) $(EDITOR_PACKAGES)
	$(BIN)/invoke edit $(if $(PORT),--port $(PORT)) $(if $(EDITOR_PORT),--editor-port $(EDITOR_PORT))

# Every check, the W3C HTML checker included, on a fresh build in a temporary folder.
check: $(READY)
	$(BIN)/invoke check

# make publish DEST=/srv/www/site (or user@host:/path, or a repository ending in .git).
# DRY_RUN=1 shows what would change. Without DEST, PUBLISH_DEST is used.
publish: $(READY)
	$(BIN)/invoke publish $(if $(DEST),--dest "$(DEST)") $(if $(DRY_RUN),--dry-run)

# make new-page TITLE="Office hours": starts content/pages/office-hours.md (see EDITING.md).
new-page: $(READY)
	$(BIN)/invoke new-page "$(TITLE)"

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
