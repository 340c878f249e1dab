# Twee commando's op een nieuwe machine met alleen Python 3.11: `make demo` en `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
KLAAR := $(VENV)/.geinstalleerd

.PHONY: demo test

$(KLAAR): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $@

# Elke demo begint met een lege map: anders telt ze de trajecten en berichten van de vorige mee.
demo: $(KLAAR)
	rm -rf $(CURDIR)/demo-data
	KANSRIJK_DATA_DIR=$(CURDIR)/demo-data $(VENV)/bin/kansrijk demo

test: $(KLAAR)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n 2 --dist loadgroup
