#!/usr/bin/env bash
# The whole check that `make test` runs: lint, migrations, the suite on SQLite and on
# PostgreSQL, and the browser journeys in Chromium. With CI=true a missing PostgreSQL
# or Chromium fails the run; otherwise it is skipped loudly.
set -euo pipefail
BIN=.venv/bin
export ACCORD_DATA_DIR="${ACCORD_TEST_DATA_DIR:-$(mktemp -d)}"
loud() { printf '\n\033[1;33m########## %s ##########\033[0m\n\n' "$*" >&2; }
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
is_ci() { [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; }

step "ruff (lint and format)"
$BIN/ruff check src tests benchmarks tools
$BIN/ruff format --check src tests benchmarks tools

step "import layers (import-linter: docs/contributing/app-shape.md)"
$BIN/lint-imports --no-cache

step "migrations are up to date"
$BIN/accord makemigrations --check --dry-run

step "test suite on SQLite"
env -u DATABASE_URL $BIN/pytest -m "not browser and not slow" -q -n 2 --durations=10 "$@"

step "test suite on PostgreSQL"
PG_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
if $BIN/python tools/db_answers.py "$PG_URL"; then
  # The engine touches no database, so it runs once (above).
  DATABASE_URL="$PG_URL" $BIN/pytest -m "not browser and not slow" -q -n 2 --ignore=tests/engine "$@"
elif is_ci; then
  echo "PostgreSQL at $PG_URL does not answer, and CI=true: failing." >&2
  exit 1
else
  loud "SKIPPED: PostgreSQL at $PG_URL does not answer (set DATABASE_URL). CI would fail here."
fi

step "browser journeys in Chromium"
CHROMIUM="${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ]; then
  CHROMIUM_PATH="$CHROMIUM" $BIN/pytest -m "browser and not slow" -q tests/browser
elif is_ci; then
  echo "Chromium not found, and CI=true: failing (apt-get install chromium)." >&2
  exit 1
else
  loud "SKIPPED: Chromium not found (apt-get install chromium). CI would fail here."
fi
