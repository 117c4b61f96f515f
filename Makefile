# Two commands a new user needs: `make demo` and `make test`.
# Only Python 3.11+ and make are assumed; uv is installed into the venv to speed things up.
# Installs are pinned: requirements.lock holds the exact versions (`make lock` regenerates it).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= demo-out
UV_VERSION := uv>=0.5,<1

.PHONY: demo test lint typecheck check install lock clean screenshots

$(PY):
	$(PYTHON) -m venv $(VENV)

# The exact versions of requirements.lock, then the project itself without resolving again.
$(STAMP): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install -q --upgrade pip '$(UV_VERSION)' || true
	@if [ -x $(VENV)/bin/uv ]; then \
	  $(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock && \
	  $(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .; \
	else \
	  $(PY) -m pip install -q -r requirements.lock && \
	  $(PY) -m pip install -q --no-deps -e .; \
	fi
	touch $(STAMP)

install: $(STAMP)

# Re-resolve the pins after changing pyproject.toml (unchanged pins are kept), then commit requirements.lock.
# `make lock LOCK_ARGS=--upgrade` takes the newest versions the bounds allow.
lock: | $(PY)
	$(PY) -m pip install -q '$(UV_VERSION)'
	$(VENV)/bin/uv pip compile -q pyproject.toml --extra dev --python-version 3.11 $(LOCK_ARGS) \
	  --custom-compile-command 'make lock' -o requirements.lock

demo: $(STAMP)
	$(VENV)/bin/bemanning demo --out $(OUT)

test: $(STAMP)
	$(PY) -m pytest -q

screenshots: $(STAMP)
	BEMANNING_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q -m browser tests/test_web_browser.py tests/test_web_staffing_centre_browser.py tests/test_report.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
