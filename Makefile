# Newsroom: `make run` serves the reader with demo content, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run test install install-dev migrate demo lint format clean host-warning

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Newsroom needs Python 3.11 or newer (PYTHON=$(PYTHON))")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: requirements.txt $(VENV)/.python-ok
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A random secret key in var/ (git-ignored), which the settings read when DJANGO_SECRET_KEY is unset.
var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

migrate: install var/secret_key
	$(PY) manage.py migrate --noinput

demo: migrate
	@# Its photos are stored from articles/demo/photos/ (NEWSROOM_PHOTO_DIRECTORIES): no network, any port.
	$(PY) manage.py ingest articles/demo/
	@# The demo is the newsroom's own site: its sections are the house sections, shown in the bar.
	$(PY) manage.py sections house Diplomatie Liban "Moyen-Orient" Économie Monde Culture Sport

# gunicorn alone cannot hold off slow clients (slowloris): listening beyond this machine is for a
# trusted network; production runs behind nginx (README, "Déploiement").
host-warning:
	@case "$(HOST)" in 127.*|localhost|::1|"[::1]") ;; *) \
	echo "Attention : HOST=$(HOST) expose gunicorn directement, sans proxy. À réserver à un réseau de confiance ;"; \
	echo "en production, gunicorn écoute sur 127.0.0.1 derrière nginx (README, « Déploiement »)." ;; esac

run: host-warning demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Newsroom: http://$(HOST):$(PORT)/"
	@# The task worker runs the admin's imports in the background; it stops when gunicorn does
	@# (Ctrl-C, or gunicorn failing to start), after finishing the task in hand.
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c newsroom/gunicorn_conf.py newsroom.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache
