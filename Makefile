# Every target sets itself up: it makes .venv/ and installs the pinned
# requirements the first time, then hands over to the invoke tasks in tasks.py.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.requirements-installed

.PHONY: html serve test check clean publish new-page

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

clean:
	rm -rf output .build-staging
