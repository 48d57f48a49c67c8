#!/usr/bin/env bash
# The Gatehouse benchmark (not a test): builds the WAR, starts PostgreSQL and one Payara Micro node, seeds
# sessions, drives load with wrk on 127.0.0.1 only, and writes the results to BENCHMARKS.md.
#   bench/run.sh                 # 1 000 and 1 000 000 session rows
#   BENCH_ROWS="1000" DURATION=10 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-"1000 1000000"}
DURATION=${DURATION:-15}
PORT=${BENCH_PORT:-8090}
BASE="http://127.0.0.1:$PORT"
OUT=BENCHMARKS.md
WORK=target/bench
mkdir -p "$WORK"

command -v wrk >/dev/null || { echo "bench: installing wrk" >&2; apt-get install -y -qq wrk >&2 || { apt-get update -qq >&2; apt-get install -y -qq wrk >&2; }; }
[ -f target/gatehouse.war ] && [ -f target/payara-micro.jar ] || mvn -B -q package -DskipTests

export GATEHOUSE_TEST_DB=gatehouse_bench
eval "$(scripts/provision-postgres.sh --fresh)"
export DB_URL DB_USER DB_PASSWORD
PGURL="postgresql://$DB_USER:$DB_PASSWORD@$(echo "$DB_URL" | sed -E 's#jdbc:postgresql://##')"
psql -q "$PGURL" -c "select 1" >/dev/null

ADMIN_PASSWORD="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export GATEHOUSE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
export GATEHOUSE_LOGIN_RATE_PER_MINUTE=100000000   # the benchmark signs in far more than a person would
java ${BENCH_JAVA_OPTS:-} -jar target/payara-micro.jar --nocluster --disablephonehome --port "$PORT" --rootdir "$WORK/payara" \
    --addLibs target/postgresql.jar --prebootcommandfile server-config/pre-boot-commands.asadmin \
    --postbootcommandfile server-config/post-boot-commands.asadmin --contextroot / \
    --deploy target/gatehouse.war > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -sf "$BASE/api/ping" >/dev/null && break; sleep 1; done
curl -sf "$BASE/api/ping" >/dev/null || { echo "bench: server did not start, see $WORK/server.log" >&2; exit 1; }

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
# The sign-in form as a browser gets it: view state, the form's CSRF token, and the pre-session cookie it is bound to.
curl -s -i "$BASE/login.xhtml" > "$WORK/login.html"
VIEW_STATE=$(urlencode "$(grep -o 'name="jakarta.faces.ViewState"[^>]*value="[^"]*"' "$WORK/login.html" | head -1 | sed 's/.*value="//;s/"$//')")
CSRF=$(grep -o 'name="gatehouse-csrf" value="[^"]*"' "$WORK/login.html" | head -1 | sed 's/.*value="//;s/"$//')
PRESESSION=$(grep -o '__Host-gatehouse-csrf=[^;]*' "$WORK/login.html" | head -1)
FORM_TAIL="login%3Asubmit=Sign+in&jakarta.faces.ViewState=$VIEW_STATE&gatehouse-csrf=$CSRF"
LOGIN_BODY="login=login&login%3Ausername=admin&login%3Apassword=$(urlencode "$ADMIN_PASSWORD")&$FORM_TAIL"
BAD_BODY="login=login&login%3Ausername=nobody-here&login%3Apassword=wrong-password-here&$FORM_TAIL"
TOKEN=$(curl -s -i "$BASE/login.xhtml" -H 'Content-Type: application/x-www-form-urlencoded' -H "Cookie: $PRESESSION" \
        --data "$LOGIN_BODY" | grep -o '__Host-gatehouse=[^;]*' | cut -d= -f2)
[ -n "$TOKEN" ] || { echo "bench: could not sign in" >&2; exit 1; }

cat > "$WORK/cookie.lua" <<LUA
wrk.headers["Cookie"] = "__Host-gatehouse=$TOKEN"
LUA
cat > "$WORK/signin.lua" <<LUA
wrk.method = "POST"
wrk.body = "$LOGIN_BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$PRESESSION"
LUA
cat > "$WORK/bad-signin.lua" <<LUA
wrk.method = "POST"
wrk.body = "$BAD_BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$PRESESSION"
LUA

# run NAME PATH SCRIPT CONNECTIONS SECONDS -> "req/s p50 p99"
run() {
    local out="$WORK/wrk-$1.txt"
    wrk -t2 -c"$4" -d"$5"s --latency ${3:+-s "$3"} "$BASE$2" > "$out"
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$out")
    p50=$(awk '$1=="50%" {print $2}' "$out")
    p99=$(awk '$1=="99%" {print $2}' "$out")
    echo "$rps $p50 $p99"
}
table_stats() {
    psql -qtA "$PGURL" -c "select coalesce(idx_scan,0) + coalesce(seq_scan,0), n_tup_upd + n_tup_ins + n_tup_del
                          from pg_stat_user_tables where relname = 'auth_session'"
}
ratio() { python3 -c "print(f'{float(\"$1\") / float(\"$2\"):.2f}')"; }

{
    echo "# Gatehouse benchmarks"
    echo
    echo "Produced by \`bench/run.sh\` on $(date -u +%Y-%m-%d) (reproduce: \`bench/run.sh\`; cleanup timing: \`bench/cleanup.sh\`)."
    echo "Load from \`wrk\` on 127.0.0.1, ${DURATION}-second runs, 2 threads; server and load generator share the machine."
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1);"
    echo "$(grep -o 'Payara Micro [0-9.]* (build [0-9]*)' "$WORK/server.log" | head -1); PostgreSQL $(psql -qtA "$PGURL" -c 'show server_version');"
    echo 'Argon2id m=19456 KiB, t=2, p=1 (one hash: `bench/hash-cost.sh`).'
    echo "The JIT keeps warming through the run: the later table is measured on a warmer server, so compare"
    echo "ratios within a table rather than absolute numbers across tables."
    echo
} > "$OUT"

# Warm the JIT on every measured path first, so the first table is not measuring compilation.
for warm in "/api/ping|" "/api/me|$WORK/cookie.lua" "/|$WORK/cookie.lua"; do
    run warmup "${warm%%|*}" "${warm#*|}" 16 "$DURATION" >/dev/null
done
run warmup /login.xhtml "$WORK/signin.lua" 2 5 >/dev/null

for rows in $ROWS; do
    psql -q "$PGURL" <<SQL
delete from auth_session where user_id = (select id from app_user where username = 'bench-bulk');
insert into app_user (username, display_name, password_hash, created_at, password_changed_at)
select 'bench-bulk', 'Bench bulk', 'x', now(), now() where not exists (select 1 from app_user where username = 'bench-bulk');
insert into auth_session (id, token_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, client_ip, user_agent)
select gen_random_uuid(), sha256(convert_to(g::text || random()::text, 'UTF8')), (select id from app_user where username = 'bench-bulk'),
       now(), now(), now() + interval '30 minutes', now() + interval '12 hours', '10.0.0.1', 'bench'
  from generate_series(1, $rows - 1) g;
vacuum analyze auth_session;
SQL
    read -r ping_rps ping_p50 ping_p99 <<< "$(run ping /api/ping "" 16 "$DURATION")"
    before=$(table_stats)
    read -r me_rps me_p50 me_p99 <<< "$(run me /api/me "$WORK/cookie.lua" 16 "$DURATION")"
    sleep 2   # PostgreSQL publishes table statistics about once a second
    after=$(table_stats)
    me_requests=$(awk '/requests in/ {print $1}' "$WORK/wrk-me.txt")
    reads=$(python3 -c "print(f'{($(echo "$after" | cut -d'|' -f1) - $(echo "$before" | cut -d'|' -f1)) / $me_requests:.3f}')")
    writes=$(python3 -c "print(f'{($(echo "$after" | cut -d'|' -f2) - $(echo "$before" | cut -d'|' -f2)) / $me_requests:.4f}')")
    read -r page_rps page_p50 page_p99 <<< "$(run page / "$WORK/cookie.lua" 16 "$DURATION")"
    read -r signin_rps signin_p50 signin_p99 <<< "$(run signin /login.xhtml "$WORK/signin.lua" 2 "$DURATION")"
    wrk -t1 -c8 -d"$((DURATION + 4))"s -s "$WORK/bad-signin.lua" "$BASE/login.xhtml" > "$WORK/wrk-flood.txt" &
    FLOOD=$!
    sleep 2   # let the flood build up before measuring under it
    # sample the pool: connections of this node that are inside a statement or transaction, every half second
    ( for _ in $(seq 1 $((DURATION * 2))); do
          psql -qtA "$PGURL" -c "select count(*) filter (where state <> 'idle'), count(*) from pg_stat_activity
                                 where application_name = 'gatehouse'"
          sleep 0.5
      done > "$WORK/pool-during-flood.txt" ) &
    SAMPLER=$!
    read -r flood_rps flood_p50 flood_p99 <<< "$(run under-flood /api/me "$WORK/cookie.lua" 16 "$DURATION")"
    wait $FLOOD $SAMPLER
    pool_busy=$(cut -d'|' -f1 "$WORK/pool-during-flood.txt" | sort -n | tail -1)
    pool_open=$(cut -d'|' -f2 "$WORK/pool-during-flood.txt" | sort -n | tail -1)
    flood_statuses=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk-flood.txt")
    live=$(psql -qtA "$PGURL" -c "select count(*) from auth_session")
    {
        echo "## $(printf "%'d" "$rows") session rows (live rows at the end: $(printf "%'d" "$live"))"
        echo
        echo "| request | req/s | p50 | p99 | vs /api/ping |"
        echo "|---|---:|---:|---:|---:|"
        echo "| \`GET /api/ping\` (no session) | $ping_rps | $ping_p50 | $ping_p99 | 1.00 |"
        echo "| \`GET /api/me\` (valid session) | $me_rps | $me_p50 | $me_p99 | $(ratio "$me_rps" "$ping_rps") |"
        echo "| \`GET /\` (Faces page, valid session) | $page_rps | $page_p50 | $page_p99 | $(ratio "$page_rps" "$ping_rps") |"
        echo "| sign-in \`POST /login.xhtml\` (2 connections) | $signin_rps | $signin_p50 | $signin_p99 | |"
        echo "| \`GET /api/me\` during a flood of bad sign-ins (8 connections) | $flood_rps | $flood_p50 | $flood_p99 | $(ratio "$flood_rps" "$me_rps") of idle |"
        echo
        echo "SQL on \`auth_session\` per \`/api/me\` request (pg_stat_user_tables deltas): $reads reads (index or sequential scans), $writes writes (rows inserted, updated or deleted)."
        echo "Bad sign-ins during the flood answered non-2xx (busy 503s): ${flood_statuses:-0}."
        echo "Pool connections during the flood (of 32): at most ${pool_busy:-?} in use at once, ${pool_open:-?} open (sampled every 0.5 s)."
        echo
    } >> "$OUT"
done
# Enumeration: does the time of a failed sign-in tell what kind of failure it was? Users share the admin's
# Argon2id hash, so their passwords are known to be wrong; counters are reset so nobody locks for real.
ADMIN_HASH=$(psql -qtA "$PGURL" -c "select password_hash from app_user where username = 'admin'")
psql -q "$PGURL" <<SQL
delete from app_user where username in ('bench-wrong', 'bench-locked', 'bench-disabled');
insert into app_user (username, display_name, password_hash, enabled, created_at, password_changed_at, locked_until)
values ('bench-wrong', 'W', '$ADMIN_HASH', true, now(), now(), null),
       ('bench-locked', 'L', '$ADMIN_HASH', true, now(), now(), now() + interval '1 day'),
       ('bench-disabled', 'D', '$ADMIN_HASH', false, now(), now(), null);
SQL
median_ms() {   # USERNAME PASSWORD -> median of 40 sign-in POSTs, in ms
    local body times=()
    body="login=login&login%3Ausername=$1&login%3Apassword=$(urlencode "$2")&$FORM_TAIL"
    for _ in $(seq 1 40); do
        psql -q "$PGURL" -c "update app_user set failed_logins = 0, locked_until = null where username = 'bench-wrong'"
        times+=("$(curl -s -o /dev/null -w '%{time_total}' "$BASE/login.xhtml" -H 'Content-Type: application/x-www-form-urlencoded' \
                   -H "Cookie: $PRESESSION" --data "$body")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] * 1000}'
}
unknown=$(median_ms nobody-at-all "$ADMIN_PASSWORD-not")
wrong=$(median_ms bench-wrong "$ADMIN_PASSWORD-not")
locked=$(median_ms bench-locked "$ADMIN_PASSWORD")
disabled=$(median_ms bench-disabled "$ADMIN_PASSWORD")
{
    echo "## Failed sign-ins take the same time whatever the reason"
    echo
    echo "Median of 40 sequential sign-in POSTs each (same message and status for all):"
    echo
    echo "| case | median |"
    echo "|---|---:|"
    echo "| unknown user | ${unknown} ms |"
    echo "| wrong password | ${wrong} ms |"
    echo "| locked account (right password) | ${locked} ms |"
    echo "| disabled account (right password) | ${disabled} ms |"
    echo
} >> "$OUT"
echo "bench: results in $OUT" >&2
