#!/usr/bin/env bash
# The Gatehouse benchmark (not a test): builds the WAR, starts PostgreSQL and Payara Micro, seeds sessions,
# drives load with wrk on 127.0.0.1 only, runs the Spring Session JDBC peer the same way, measures cross-node
# revocation latency, and writes everything to BENCHMARKS.md.
#   bench/run.sh                                  # 1 000 and 1 000 000 session rows, 20 s per endpoint
#   BENCH_ROWS="1000" DURATION=10 bench/run.sh    # quicker
#   PEER=0 bench/run.sh                           # without the peer
# wrk: -t2 -c16, WARMUP seconds (default 5) before each measured endpoint, as the peer's bench.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-"1000 1000000"}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
STATS_SLEEP=${STATS_SLEEP:-12} # PostgreSQL publishes an idle backend's statistics within about 10 s
REVOCATIONS=${REVOCATIONS:-200}
PEER=${PEER:-1}
PORT=${BENCH_PORT:-8090}
PORT_B=$((PORT + 1))
BASE="http://127.0.0.1:$PORT"
BASE_B="http://127.0.0.1:$PORT_B"
OUT=${BENCH_OUT:-BENCHMARKS.md}
WORK=target/bench
mkdir -p "$WORK"
: > "$WORK/summary.txt"

command -v wrk >/dev/null || { echo "bench: installing wrk" >&2; apt-get install -y -qq wrk >&2 || { apt-get update -qq >&2; apt-get install -y -qq wrk >&2; }; }
[ -f target/gatehouse.war ] && [ -f target/payara-micro.jar ] || mvn -B -q package -DskipTests

export GATEHOUSE_TEST_DB=gatehouse_bench
eval "$(scripts/provision-postgres.sh --fresh)"
export DB_URL DB_USER DB_PASSWORD
PGURL="postgresql://$DB_USER:$DB_PASSWORD@$(echo "$DB_URL" | sed -E 's#jdbc:postgresql://##')"
psql -q "$PGURL" -c "select 1" >/dev/null

ADMIN_PASSWORD="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
export GATEHOUSE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
export GATEHOUSE_MFA_REQUIRED_ROLES=none  # measures sessions and passwords: admin signs in with the password alone
export GATEHOUSE_LOGIN_RATE_PER_MINUTE=100000000   # the benchmark signs in far more than a person would
SERVER_PIDS=()
trap 'for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
start_node() {   # NAME PORT
    java ${BENCH_JAVA_OPTS:-} -jar target/payara-micro.jar --nocluster --disablephonehome --port "$2" \
        --rootdir "$WORK/payara-$1" --addLibs target/postgresql.jar \
        --prebootcommandfile server-config/pre-boot-commands.asadmin \
        --postbootcommandfile server-config/post-boot-commands.asadmin --contextroot / \
        --deploy target/gatehouse.war > "$WORK/server-$1.log" 2>&1 &
    SERVER_PIDS+=($!)
    for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$2/api/ping" >/dev/null && return; sleep 1; done
    echo "bench: node $1 did not start, see $WORK/server-$1.log" >&2
    exit 1
}
start_node a "$PORT"

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

# run NAME PATH SCRIPT CONNECTIONS SECONDS -> "req/s p50 p99 requests non2xx", after WARMUP seconds of the same load
run() {
    local out="$WORK/wrk-$1.txt"
    if [ "$WARMUP" -gt 0 ]; then
        wrk -t2 -c"$4" -d"$WARMUP"s ${3:+-s "$3"} "$BASE$2" > /dev/null
    fi
    wrk -t2 -c"$4" -d"$5"s --latency ${3:+-s "$3"} "$BASE$2" > "$out"
    echo "$(awk '/Requests\/sec/ {print $2}' "$out") $(awk '$1=="50%" {print $2}' "$out") $(awk '$1=="99%" {print $2}' "$out")" \
         "$(awk '/requests in/ {print $1}' "$out") $(awk '/Non-2xx/ {print $NF}' "$out" | grep . || echo 0)"
}
# Over all tables of the database: rows written, table scans (index or sequential), transactions.
db_stats() {
    psql -qtA "$PGURL" -c "select (select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_user_tables),
        (select coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0) from pg_stat_user_tables),
        (select xact_commit + xact_rollback from pg_stat_database where datname = current_database())" | tr '|' ' '
}
# The node's own count of validations answered from the cache and sent to the database.
cache_stats() {
    curl -s "$BASE/api/metrics" -H "Cookie: __Host-gatehouse=$TOKEN" -H 'Accept: text/plain' \
        | awk '/^gatehouse_session_cache_total\{.*result="hit"/ {h=$NF} /^gatehouse_session_cache_total\{.*result="miss"/ {m=$NF}
               END {printf "%d %d\n", h, m}'
}
per() { python3 -c "print(f'{($2 - $1) / $3:.4f}')"; }
ratio() { python3 -c "print(f'{float(\"$1\") / float(\"$2\"):.2f}')"; }

{
    echo "# Gatehouse benchmarks"
    echo
    echo "Produced by \`bench/run.sh\` on $(date -u +%Y-%m-%d) (reproduce: \`bench/run.sh\`; cleanup timing: \`bench/cleanup.sh\`)."
    echo "Load from \`wrk -t2 -c16\` on 127.0.0.1, ${WARMUP} s warm-up then ${DURATION} s measured per endpoint; server,"
    echo "PostgreSQL and load generator share the machine."
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1);"
    echo "$(grep -o 'Payara Micro [0-9.]* (build [0-9]*)' "$WORK/server-a.log" | head -1); PostgreSQL $(psql -qtA "$PGURL" -c 'show server_version');"
    echo 'Argon2id m=19456 KiB, t=2, p=1 (one hash: `bench/hash-cost.sh`).'
    echo
} > "$OUT"

# Warm the JIT on every measured path first, so the first table is not measuring compilation.
for warm in "/api/ping|" "/api/me|$WORK/cookie.lua" "/login.xhtml|" "/|$WORK/cookie.lua"; do
    run warmup "${warm%%|*}" "${warm#*|}" 16 "$DURATION" >/dev/null
done

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
    read -r ping_rps ping_p50 ping_p99 _ _ <<< "$(run ping /api/ping "" 16 "$DURATION")"
    sleep "$STATS_SLEEP"
    read -r w0 s0 x0 <<< "$(db_stats)"
    read -r h0 m0 <<< "$(cache_stats)"
    read -r me_rps me_p50 me_p99 me_requests me_bad <<< "$(run me /api/me "$WORK/cookie.lua" 16 "$DURATION")"
    read -r h1 m1 <<< "$(cache_stats)"
    sleep "$STATS_SLEEP"
    read -r w1 s1 x1 <<< "$(db_stats)"
    # the warm-up before the measured run is counted too: divide by everything /api/me was sent
    me_sent=$((h1 - h0 + m1 - m0))
    read -r public_rps public_p50 public_p99 _ _ <<< "$(run public-page /login.xhtml "" 16 "$DURATION")"
    read -r page_rps page_p50 page_p99 _ page_bad <<< "$(run page / "$WORK/cookie.lua" 16 "$DURATION")"
    read -r signin_rps signin_p50 signin_p99 _ _ <<< "$(run signin /login.xhtml "$WORK/signin.lua" 2 "$DURATION")"
    wrk -t1 -c8 -d"$((WARMUP + DURATION + 4))"s -s "$WORK/bad-signin.lua" "$BASE/login.xhtml" > "$WORK/wrk-flood.txt" &
    FLOOD=$!
    sleep 2   # let the flood build up before measuring under it
    read -r flood_rps flood_p50 flood_p99 _ _ <<< "$(run under-flood /api/me "$WORK/cookie.lua" 16 "$DURATION")"
    wait $FLOOD
    flood_statuses=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk-flood.txt")
    live=$(psql -qtA "$PGURL" -c "select count(*) from auth_session")
    {
        echo "## $(printf "%'d" "$rows") session rows (live rows at the end: $(printf "%'d" "$live"))"
        echo
        echo "| request | req/s | p50 | p99 | ratio |"
        echo "|---|---:|---:|---:|---:|"
        echo "| \`GET /api/ping\` (no session) | $ping_rps | $ping_p50 | $ping_p99 | 1.00 |"
        echo "| \`GET /api/me\` (valid session) | $me_rps | $me_p50 | $me_p99 | $(ratio "$me_rps" "$ping_rps") of ping |"
        echo "| \`GET /login.xhtml\` (public Faces page) | $public_rps | $public_p50 | $public_p99 | 1.00 |"
        echo "| \`GET /\` (protected Faces page, valid session) | $page_rps | $page_p50 | $page_p99 | $(ratio "$page_rps" "$public_rps") of the public page |"
        echo "| sign-in \`POST /login.xhtml\` (2 connections) | $signin_rps | $signin_p50 | $signin_p99 | |"
        echo "| \`GET /api/me\` during a flood of bad sign-ins (8 connections) | $flood_rps | $flood_p50 | $flood_p99 | $(ratio "$flood_rps" "$me_rps") of idle |"
        echo
        echo "Per \`/api/me\` request ($me_sent sent, warm-up included; over all tables, pg_stat deltas after ${STATS_SLEEP} s):"
        echo "$(per "$x0" "$x1" "$me_sent") transactions, $(per "$s0" "$s1" "$me_sent") table scans, $(per "$w0" "$w1" "$me_sent") rows written;"
        echo "$(per "$m0" "$m1" "$me_sent") validations went to the database (each one transaction and one query, plus a"
        echo "renewal when due), $(per "$h0" "$h1" "$me_sent") were answered from the session cache. The deltas include the 2 statistics"
        echo "queries of this script. Non-2xx: /api/me ${me_bad}, protected page ${page_bad}; bad sign-ins during the flood: ${flood_statuses:-0} (busy 503s)."
        echo
    } >> "$OUT"
    echo "$rows $me_rps $ping_rps $page_rps $public_rps $(per "$x0" "$x1" "$me_sent") $(per "$w0" "$w1" "$me_sent") $(per "$m0" "$m1" "$me_sent")" >> "$WORK/summary.txt"
done

# Cross-node revocation: a second node, then sign-outs on A watched from B.
start_node b "$PORT_B"
read -r rev_count rev_p50 rev_p99 rev_max rev_stale <<< "$(bench/revocation-latency.py "$BASE" "$BASE_B" admin "$ADMIN_PASSWORD" "$REVOCATIONS")"
{
    echo "## Revocation across two nodes"
    echo
    echo "Two nodes on one PostgreSQL. $rev_count times: sign in on A, let B validate (and cache) the session twice, sign out"
    echo "on A, then ask B until it answers 401 (\`bench/revocation-latency.py\`). From A's answer to B's first 401:"
    echo "p50 $rev_p50 ms, p99 $rev_p99 ms, max $rev_max ms; rounds in which B still answered 200 after A had answered: $rev_stale."
    echo
} >> "$OUT"

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

# The peer, alone on the machine: our nodes stop first.
for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
SERVER_PIDS=()
if [ "$PEER" = 1 ] && [ -d ../shared/peers/spring-session-jdbc ]; then
    rm -rf "$WORK/peer" && cp -r ../shared/peers/spring-session-jdbc "$WORK/peer"
    DURATION="${DURATION}s" WARMUP="${WARMUP}s" THREADS=2 CONNECTIONS=16 bash "$WORK/peer/bench.sh" > "$WORK/peer.txt" 2> "$WORK/peer.log"
    peer_me=$(awk '$1=="/api/me" && $2 ~ /^[0-9.]+$/ {print $2; exit}' "$WORK/peer.txt")
    first_me=$(head -1 "$WORK/summary.txt" | cut -d' ' -f2)
    {
        echo "## The peer: Spring Boot + Spring Session JDBC, same machine, same wrk settings"
        echo
        echo "\`../shared/peers/spring-session-jdbc/bench.sh\` (copied to \`$WORK/peer\`), run right after ours with our nodes stopped:"
        echo
        echo '```'
        sed -n '/^== spring-session-jdbc peer/,$p' "$WORK/peer.txt"
        echo '```'
        echo
        echo "Gatehouse \`/api/me\` ($(head -1 "$WORK/summary.txt" | cut -d' ' -f1) rows) $first_me req/s vs the peer's $peer_me req/s: $(ratio "$first_me" "$peer_me") ×."
        echo
    } >> "$OUT"
fi
echo "bench: results in $OUT" >&2
