# Parlons: `make run` serves the demo territory, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PARLONS := $(BIN)/parlons
# The suite runs in one process per core (pytest-xdist); TEST_WORKERS=0 runs it in this one.
TEST_WORKERS ?= auto

.PHONY: run test install install-test lint format messages bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	PARLONS_DEMO=1 $(PARLONS) migrate --no-input -v0
	PARLONS_DEMO=1 $(PARLONS) load_demo
	PARLONS_DEMO=1 $(PARLONS) collectstatic --no-input -v0
	@echo ""
	@echo "  Parlons est prêt : ouvrez http://127.0.0.1:8000 dans votre navigateur."
	@echo "  Comptes de démonstration : voir le README (mot de passe demo-parlons). Ctrl+C pour arrêter."
	@echo "  L'exécuteur de tâches tourne aussi : courriels (affichés ici) et tâches périodiques."
	@echo ""
	PARLONS_DEMO=1 bash scripts/run-demo $(PARLONS)

test: install-test
	bash scripts/ensure-test-tools
	PARLONS_TESTING=1 $(PARLONS) collectstatic --no-input -v0
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	PARLONS_TESTING=1 $(PARLONS) makemigrations --check --dry-run

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each app keeps its own catalogue: refresh and compile it from the app's folder.
messages: install-test
	@for app in $(dir $(wildcard parlons/*/locale)); do \
	  echo "== $$app"; \
	  (cd $$app && PARLONS_DEBUG=1 $(abspath $(PARLONS)) makemessages -l en --no-obsolete \
	    --ignore 'tests/*' --ignore 'scrubber/*' -v0 \
	  && PARLONS_DEBUG=1 $(abspath $(PARLONS)) compilemessages -v0) || exit 1; \
	done
	$(BIN)/python scripts/french-plurals

bench: install-test
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Pictures of the demo at 1280 and 390 px, from a throw-away database, into var/screenshots/.
screenshots: install-test
	$(BIN)/python scripts/screenshots

clean:
	rm -rf $(VENV) var node_modules
