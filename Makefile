# Two commands a new user needs: `make demo` and `make test`.
# Only Python 3.11+ and make are assumed; uv is installed into the venv to speed things up.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= demo-out

.PHONY: demo test lint typecheck check install clean screenshots

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip uv || true
	@if [ -x $(VENV)/bin/uv ]; then \
	  $(VENV)/bin/uv pip install -q --python $(PY) -e '.[dev]'; \
	else \
	  $(PY) -m pip install -q -e '.[dev]'; \
	fi
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/bemanning demo --out $(OUT)

test: $(STAMP)
	$(PY) -m pytest -q

screenshots: $(STAMP)
	BEMANNING_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/test_web_browser.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

check: lint typecheck test

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
