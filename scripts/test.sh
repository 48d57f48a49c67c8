#!/usr/bin/env bash
# The test command: provisions what the tests need on this machine, then runs every test.
#   scripts/test.sh [extra Maven arguments]
# Unit tests need only Java and Maven; the integration tests also need PostgreSQL, and the browser tests
# Debian's Chromium and ChromeDriver: both are installed (Debian packages) here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    echo "test.sh: installing Debian's chromium and chromium-driver for the browser tests" >&2
    as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
fi

# Arrows between packages point one way only: a cycle fails the run before anything is built.
scripts/package-deps.sh >&2

# A database of its own, created empty on every run, so no earlier run's data can change a result.
export GATEHOUSE_TEST_DB=gatehouse_test
eval "$(scripts/provision-postgres.sh --fresh)"
export DB_URL DB_USER DB_PASSWORD GATEHOUSE_TEST_PG_CTL

exec mvn -B verify "$@"
