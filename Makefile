# Accord: two commands. `make run` for a running demo, `make test` for the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT  # settings.py reads it: links in e-mails and feeds follow the port unless SITE_URL is set
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PYTEST_WORKERS ?= 2
STAMP := $(VENV)/.installed

.PHONY: run install test test-sqlite test-postgres lint bench clean messages


$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) messages

# Translations: each app's locale/<lang>/LC_MESSAGES/django.po is compiled to its .mo (built, not committed)
# when the .po is newer, in plain Python: no gettext tools needed to run Accord (docs/translating.md).
messages: $(STAMP)
	@$(BIN)/python -m accord.lib.translations

# The demo asks two-factor sign-in of site administrators only, so every printed sign-in works at once;
# a real installation asks it of partnership managers too (ACCORD_REQUIRE_2FA_FOR, see README).
run: export ACCORD_REQUIRE_2FA_FOR ?= admin
run: install
	$(BIN)/accord migrate --noinput
	$(BIN)/accord demo
	$(BIN)/accord demo --logins
	@echo "Two-factor sign-in is asked of: $$ACCORD_REQUIRE_2FA_FOR (anyone may turn it on from their account page)."
	@echo "Accord is running at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	@mkdir -p var; $(BIN)/accord run_huey --workers 1 >var/huey.log 2>&1 & HUEY=$$!; \
	 trap 'kill $$HUEY 2>/dev/null' EXIT INT TERM; \
	 $(BIN)/accord runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy  # settings in pyproject.toml [tool.mypy]; the conventions: docs/conventions.md, "Types"

test: install lint test-sqlite test-postgres

test-sqlite: install
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal -q

# PostgreSQL: a throwaway database per run (pytest-django creates and drops test_<name>).
test-postgres: install
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('host=$(PG_HOST) port=$(PG_PORT) user=postgres dbname=postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== Test suite on PostgreSQL =="; \
	  DATABASE_URL=postgres://postgres@$(PG_HOST):$(PG_PORT)/accord_run_$$$$_$$(date +%s) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal -q; \
	elif [ -n "$$ACCORD_REQUIRE_POSTGRES" ]; then \
	  echo "PostgreSQL is not reachable at $(PG_HOST):$(PG_PORT), and this run requires it."; exit 1; \
	else echo "== PostgreSQL not reachable at $(PG_HOST):$(PG_PORT): skipped the PostgreSQL run =="; fi

bench: install
	PYTHONPATH=src:. $(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
