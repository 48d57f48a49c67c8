#!/usr/bin/env bash
# Times the session cleanup's SQL on a backlog of expired rows (default 100000 and 1000000), with live rows
# beside them, in a scratch database "gatehouse_bench". Same statement and batch size as SessionRepository.
#   bench/cleanup.sh [rows ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export GATEHOUSE_TEST_DB=gatehouse_bench
eval "$(scripts/provision-postgres.sh --fresh)"
PGURL="postgresql://$DB_USER:$DB_PASSWORD@$(echo "$DB_URL" | sed -E 's#jdbc:postgresql://##')"
BATCH=1000
# The statement SessionRepository runs on PostgreSQL, with ?1 (the run's start) as now().
CLEANUP_SQL=${CLEANUP_SQL:-$(sed -n '/DELETE_EXPIRED_BATCH_POSTGRESQL = """/,/"""/p' \
    src/main/java/dev/gatehouse/session/SessionRepository.java | sed '1d' | tr '\n' ' ' | sed 's/""".*//; s/?1/now()/; s/  */ /g')}
echo "cleanup statement: $CLEANUP_SQL"

for f in src/main/resources/db/migration/V*.sql; do psql -q -v ON_ERROR_STOP=1 "$PGURL" -f "$f"; done
psql -q "$PGURL" -c "insert into app_user (username, display_name, password_hash, created_at, password_changed_at)
                     values ('bench', 'Bench', 'x', now(), now())"

for rows in "${@:-100000 1000000}"; do
  for n in $rows; do
    psql -q "$PGURL" <<SQL
truncate auth_session;
insert into auth_session (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
select gen_random_uuid(), sha256(convert_to(g::text || random()::text, 'UTF8')), (select id from app_user),
       now() - interval '13 hours', now() - interval '13 hours', now() - interval '1 hour' + (g % 3600) * interval '1 second',
       now() - interval '1 hour'
  from generate_series(1, $n) g;
insert into auth_session (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
select gen_random_uuid(), sha256(convert_to('live' || g::text, 'UTF8')), (select id from app_user),
       now(), now(), now() + interval '30 minutes', now() + interval '12 hours'
  from generate_series(1, 10000) g;
vacuum analyze auth_session;
SQL
    # One connection, one transaction per batch (COMMIT inside DO), as the application's loop does.
    result=$(psql -qtA "$PGURL" 2>&1 <<SQL
do \$\$
declare deleted int; batches int := 0; total bigint := 0; started timestamptz := clock_timestamp();
begin
  loop
    with d as (${CLEANUP_SQL//\?2/$BATCH} returning 1) select count(*) into deleted from d;
    commit;
    batches := batches + 1; total := total + deleted;
    exit when deleted < $BATCH;
  end loop;
  raise notice 'batches: %  removed: %  time: % ms', batches, total,
    round(extract(epoch from clock_timestamp() - started) * 1000);
end \$\$;
SQL
    )
    live=$(psql -qtA "$PGURL" -c "select count(*) from auth_session")
    echo "expired rows: $n  ${result#*NOTICE:  }  live rows left: $live (of 10000)"
  done
done
