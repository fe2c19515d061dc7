# Two entry points for a fresh machine: `make demo` and `make test`.
# Both create .venv when missing and install Steppe into it (editable, with test extras),
# every package at the version pinned in constraints.txt (the whole dependency tree).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test install clean constraints audit fuzz reliability

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/steppe demo

# Two test processes (pytest-xdist), one file each at a time: the suite waits on subprocesses,
# servers and PostgreSQL as much as it computes. TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=25

# Coverage-guided fuzzing of the input parsers (atheris), SECONDS per target; crashing inputs
# land in fuzz-artifacts/: turn each into a test in tests/fuzz/test_regressions.py.
SECONDS ?= 60
fuzz: $(STAMP)
	$(PY) tools/fuzz/run.py all --seconds $(SECONDS)

# The reliability campaign at full length (docs/reliability.md); `make test` runs it bounded.
# Kill points per backend, and the sizes: ingested articles, items per watched feed (3 feeds),
# articles of the index campaign (+ a fifth changed per kill), articles copied by db copy.
KILL_POINTS ?= 50
CRASH_ARTICLES ?= 20000
CRASH_ITEMS ?= 300
CRASH_INDEX_ARTICLES ?= 10000
CRASH_COPY_ARTICLES ?= 50000
reliability: $(STAMP)
	STEPPE_CRASH_KILLS=$(KILL_POINTS) STEPPE_CRASH_ARTICLES=$(CRASH_ARTICLES) \
	STEPPE_CRASH_ITEMS=$(CRASH_ITEMS) STEPPE_CRASH_INDEX_ARTICLES=$(CRASH_INDEX_ARTICLES) \
	STEPPE_CRASH_COPY_ARTICLES=$(CRASH_COPY_ARTICLES) \
	$(PY) -m pytest -q -m "not browser" tests/test_crash_safety.py tests/test_crash_watch.py \
	    tests/test_crash_index.py tests/test_crash_db_copy.py tests/store/test_workers.py \
	    tests/test_pg_restart.py tests/sources/test_netguard.py tests/sources/test_hostile_feeds.py \
	    tests/sources/test_busy_store.py tests/store/test_store_faults.py \
	    tests/index/test_index_integrity.py tests/web/test_guard_live.py tests/web/test_hardening.py \
	    tests/web/test_schemathesis.py tests/web/test_schemathesis_writes.py tests/fuzz
	$(PY) tools/fuzz/run.py all --seconds $(SECONDS)

# After changing a pin in pyproject.toml: install, then write the resolved tree back.
constraints: $(STAMP)
	{ echo "# The whole dependency tree, pinned: 'make install' installs from it (see README)."; \
	  echo "# Regenerate with 'make constraints' after changing pyproject.toml."; \
	  $(PY) -m pip list --format=freeze --exclude-editable --exclude pip --exclude setuptools --disable-pip-version-check; } > constraints.txt

# Known vulnerabilities in the pinned tree. Needs the vulnerability databases (PyPI / OSV):
# run it where they are reachable; CI machines are offline, so CI does not run it.
# pip-audit lives in its own .venv-audit, so it never changes the pinned tree it audits.
audit:
	test -x .venv-audit/bin/python || $(PYTHON) -m venv .venv-audit
	.venv-audit/bin/python -m pip install --quiet --disable-pip-version-check pip-audit==2.10.1
	.venv-audit/bin/pip-audit --strict --requirement constraints.txt --no-deps --disable-pip

# The default database (steppe.db, where `make demo` ingests) goes too, with its WAL files and
# its search index; so do the leftovers of older versions' steppe-demo.db.
DEFAULT_DB := steppe.db
clean:
	rm -rf $(VENV) .venv-audit build src/*.egg-info
	rm -rf $(DEFAULT_DB) $(DEFAULT_DB)-wal $(DEFAULT_DB)-shm $(DEFAULT_DB).index \
	    steppe-demo.db steppe-demo.db-wal steppe-demo.db-shm steppe-demo.db.index
