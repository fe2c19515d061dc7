# Two entry points for a fresh machine: `make demo` and `make test`.
# Both create .venv when missing and install Steppe into it (editable, with test extras).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/steppe demo

test: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) steppe-demo.db build src/*.egg-info
