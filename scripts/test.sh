#!/usr/bin/env bash
# The test command: provisions what the tests need on this machine, then runs every test.
#   scripts/test.sh [extra Maven arguments]
# Unit tests need only Java and Maven; the integration tests also need PostgreSQL, which is installed
# (Debian package) and started here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# A database of its own, created empty on every run, so no earlier run's data can change a result.
export GATEHOUSE_TEST_DB=gatehouse_test
eval "$(scripts/provision-postgres.sh --fresh)"
export DB_URL DB_USER DB_PASSWORD

exec mvn -B verify "$@"
