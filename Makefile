# The course's commands. `make book` sets everything up and builds the book; `make test` runs
# every test. Both create .venv from requirements.txt on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
INSTALLED := $(VENV)/.installed
# nbgrader shells out to alembic: the venv's bin must come first on PATH.
RUN := PATH="$(BIN):$$PATH"
SYSTEM_PACKAGES := chromium bubblewrap

.PHONY: book test lab clean setup system-packages lint gettext

book: $(INSTALLED)
	$(RUN) jupyter-book build . -W -n --keep-going
	@echo "The book is built: open $(abspath _build/html/index.html)"

test: $(INSTALLED) system-packages lint book
	$(RUN) python -m pytest

# Message catalogues (.pot) for a translation, e.g. the French edition, with sphinx-intl.
gettext: $(INSTALLED)
	$(RUN) jupyter-book build . --builder custom --custom-builder gettext --path-output _build/i18n
	@echo "Catalogues written to $(abspath _build/i18n/_build/gettext)"

lab: $(INSTALLED)
	$(RUN) jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

setup: $(INSTALLED)

$(INSTALLED): requirements.txt pyproject.toml
	@# Debian's python3 creates venvs only with python3-venv (ensurepip) installed.
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || bash scripts/install_system_packages.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	# JupyterLab opens the MyST notebooks as notebooks (jupytext), not as text.
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp lab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

system-packages:
	bash scripts/install_system_packages.sh $(SYSTEM_PACKAGES)

lint: $(INSTALLED)
	$(RUN) ruff check .
	$(RUN) ruff format --check .

clean:
	rm -rf _build release submitted autograded feedback exports gradebook.db .pytest_cache
