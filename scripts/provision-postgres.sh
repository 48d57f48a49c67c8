#!/usr/bin/env bash
# Makes a local PostgreSQL ready and prints the connection settings as shell exports.
#   eval "$(scripts/provision-postgres.sh)"           database "gatehouse", kept between runs
#   eval "$(scripts/provision-postgres.sh --fresh)"   database dropped and created empty (what the tests use)
# Installs Debian's postgresql package when no server is present, starts the newest cluster, and creates
# the gatehouse role and database (idempotent). Needs root, or sudo for apt-get and the postgres user.
set -euo pipefail

DB_NAME=${GATEHOUSE_TEST_DB:-gatehouse}
FRESH=false
[ "${1:-}" = "--fresh" ] && FRESH=true
DB_ROLE=${GATEHOUSE_TEST_DB_USER:-gatehouse}

log() { echo "provision-postgres: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "no PostgreSQL server found; installing Debian's postgresql package"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION main"; then
    log "creating cluster $VERSION/main"
    as_root pg_createcluster "$VERSION" main >&2
fi
# Exit code 2 means the cluster is already running.
as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start >&2 || [ $? -eq 2 ]
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $3}')

for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.2
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "PostgreSQL $VERSION did not become ready on port $PORT"; exit 1; }

# A fresh random password on every run: nothing fixed to leak, and the exports below always match.
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres -v role="$DB_ROLE" -v db="$DB_NAME" -v pw="$PASSWORD" -v fresh="$FRESH" >&2 <<'SQL'
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'db') WHERE :'fresh' = 'true' \gexec
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

log "PostgreSQL $VERSION ready on 127.0.0.1:$PORT, database $DB_NAME"
echo "export DB_URL='jdbc:postgresql://127.0.0.1:$PORT/$DB_NAME'"
echo "export DB_USER='$DB_ROLE'"
echo "export DB_PASSWORD='$PASSWORD'"
# How outage tests stop and start this server.
if [ "$(id -u)" -eq 0 ]; then CTL_PREFIX=""; else CTL_PREFIX="sudo "; fi
echo "export GATEHOUSE_TEST_PG_CTL='${CTL_PREFIX}pg_ctlcluster --skip-systemctl-redirect $VERSION main'"
