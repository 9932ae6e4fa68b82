# Every target sets itself up: it makes .venv/ and installs the pinned
# requirements the first time, then hands over to the invoke tasks in tasks.py.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.requirements-installed

.PHONY: html serve test clean

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

clean:
	rm -rf output .build-staging
