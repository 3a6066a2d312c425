# imilo — the two everyday commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLE := $(VENV)/.installe
# Parallel test processes; PYTEST_ARGS adds pytest options (make test PYTEST_ARGS="-k nir").
WORKERS ?= 2
PYTEST_ARGS ?=

# Production-like values for `check --deploy` (nothing is served with them).
DEPLOY_ENV := DEBUG=false HTTPS=true ALLOWED_HOSTS=imilo.example.org \
	SECRET_KEY=verification-deploiement-4f9c2b7e1a8d6035c9e2f7b1a4d8e6c3b5a9f0e2d7c1b4a8 \
	DATABASE_URL=postgres://imilo@127.0.0.1:5432/imilo REDIS_URL=redis://127.0.0.1:6379/0

.PHONY: run test lint format clean

$(INSTALLE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m pip check
	touch $(INSTALLE)

run: $(INSTALLE)
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py charger_referentiels
	DEBUG=true $(PY) manage.py donnees_demo
	@echo "imilo : http://127.0.0.1:8000 (identifiants ci-dessus)"
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

test: $(INSTALLE)
	$(PY) -m pip check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) tests/lancer.py -n $(WORKERS) $(PYTEST_ARGS)

lint: $(INSTALLE)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLE)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
