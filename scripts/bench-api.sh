# Sourced by scripts/bench: the API under load (issue 7), against pgbench's baseline on the same cluster.
#
# 1. pgbench, TPC-B-like (-c 8 -j 2 -T 20) and select-only, on a scale-10 database kept between runs; p50/p99 from
#    its per-transaction logs.
# 2. A fresh `bench_api` database with the demo company, `liaison serve` (release) on a free loopback port, logged
#    in as the general manager. wrk (BENCH_CONNECTIONS connections, default 32, on 2 threads) runs each Lua script
#    of scripts/bench-lua for BENCH_WARMUP seconds (default 5) unmeasured, then BENCH_SECONDS (default 20)
#    measured: create a ticket in one office, create tickets across the demo offices in turn, list an office's open
#    tickets (a page of 50), get one ticket, classify a ticket, the month's ranking.
# 3. A table of requests/s, p50/p99 latency and errors, the ratios API-create / TPC-B and API-get / select-only,
#    and the same as JSON in .bench/api.json.
# shellcheck shell=bash
seconds=${BENCH_SECONDS:-20}
warmup=${BENCH_WARMUP:-5}
connections=${BENCH_CONNECTIONS:-32}
threads=2
results="$root/api"
rm -rf "$results" && mkdir -p "$results"

log "pgbench baseline: TPC-B-like and select-only, -c 8 -j 2 -T $seconds"
if ! psql_socket "$socket" "$port" postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'pgbench'" | grep -q 1; then
    psql_socket "$socket" "$port" postgres -c "CREATE DATABASE pgbench"
    pgbench -h "$socket" -p "$port" -U postgres -i -s 10 -q pgbench >/dev/null 2>&1
fi
# run_pgbench NAME [pgbench options…]: writes $results/NAME.json.
run_pgbench() {
    local name=$1
    shift
    (cd "$results" && pgbench -h "$socket" -p "$port" -U postgres -c 8 -j 2 -T "$seconds" -n -l --log-prefix="$name-log" "$@" pgbench \
        > "$name.txt" 2>&1)
    # Per-transaction logs: the third column is the latency in microseconds.
    cat "$results/$name-log".* | awk '{ print $3 }' | sort -n > "$results/$name.latencies"
    python3 - "$results/$name" <<'PY'
import json, re, sys
base = sys.argv[1]
text = open(base + ".txt").read()
latencies = [int(line) for line in open(base + ".latencies") if line.strip()]
tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text).group(1))
failed = re.search(r"number of failed transactions: ([0-9]+)", text)
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1000
json.dump({"requests": len(latencies), "rps": tps, "p50_ms": pick(0.50), "p99_ms": pick(0.99),
           "errors": int(failed.group(1)) if failed else 0}, open(base + ".json", "w"))
PY
}
run_pgbench pgbench_tpcb
run_pgbench pgbench_select -S

log "the API: a fresh database with the demo company, liaison serve (release)"
database=bench_api
psql_socket "$socket" "$port" postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
export DATABASE_URL="postgresql://postgres@/$database?host=$socket&port=$port"
LOG_LEVEL=warning "$liaison" migrate --migrations sql >/dev/null
password="bench-$(date +%s)-password"
echo "$password" | LOG_LEVEL=warning "$liaison" seed-demo --password-stdin >/dev/null
api_port=$(free_port)
LOG_LEVEL=warning LIAISON_DB_POOL_SIZE="${BENCH_POOL_SIZE:-10}" "$liaison" serve --host 127.0.0.1 --port "$api_port" --migrations sql \
    > "$results/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; stop_cluster "$data"; }
base="http://127.0.0.1:$api_port"
for _ in $(seq 100); do curl -fs "$base/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$base/ready" >/dev/null || { cat "$results/server.log" >&2; die "liaison serve did not become ready"; }
BENCH_TOKEN=$(curl -fs -X POST -H 'Content-Type: application/json' -d "{\"username\":\"demo-gm\",\"password\":\"$password\"}" \
    "$base/v1/sessions" | jq -r .token)
export BENCH_TOKEN BENCH_LUA="$PWD/scripts/bench-lua" BENCH_THREADS=$threads
BENCH_OFFICE=$(psql_socket "$socket" "$port" "$database" -tAc "SELECT min(id) FROM liaison.office")
BENCH_OFFICES=$(psql_socket "$socket" "$port" "$database" -tAc "SELECT string_agg(id::text, ',' ORDER BY id) FROM liaison.office")
BENCH_MONTH=$(date -u +%Y-%m)
export BENCH_OFFICE BENCH_OFFICES BENCH_MONTH

# run_wrk NAME: the warm-up, then the measured run, of scripts/bench-lua/NAME.lua; writes $results/api_NAME.json.
run_wrk() {
    local name=$1
    log "wrk $name: ${warmup}s warm-up, ${seconds}s measured, $connections connections"
    BENCH_RUN="warm-$name" BENCH_OUT="$results/warm_$name.json" \
        wrk -t "$threads" -c "$connections" -d "${warmup}s" -s "$BENCH_LUA/$name.lua" "$base" >/dev/null
    BENCH_RUN="run-$name" BENCH_OUT="$results/api_$name.json" \
        wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s "$BENCH_LUA/$name.lua" "$base" > "$results/api_$name.txt"
}
ids() { psql_socket "$socket" "$port" "$database" -tAc "SET liaison.actor_scope = 'all'; $1" | grep -E '^[0-9]+$' > "$results/ids.txt"; }
run_wrk create
run_wrk create_offices
run_wrk list
ids "SELECT id FROM liaison.ticket ORDER BY id DESC LIMIT 10000"
BENCH_IDS="$results/ids.txt" run_wrk get
ids "SELECT id FROM liaison.ticket WHERE state = 'recorded' AND office_id = $BENCH_OFFICE ORDER BY id"
BENCH_IDS="$results/ids.txt" run_wrk transition
run_wrk ranking

python3 - "$results" "$root/api.json" "$connections" "$seconds" <<'PY'
import json, os, sys
results, out, connections, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = {name: json.load(open(os.path.join(results, name + ".json"))) for name in
        ["pgbench_tpcb", "pgbench_select", "api_create", "api_create_offices", "api_list", "api_get", "api_transition",
         "api_ranking"]}
ratios = {"create_over_tpcb": rows["api_create"]["rps"] / rows["pgbench_tpcb"]["rps"],
          "get_over_select_only": rows["api_get"]["rps"] / rows["pgbench_select"]["rps"]}
print(f"\n{'workload':<20}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
for name, row in rows.items():
    print(f"{name:<20}{row['rps']:>10.1f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}{row['errors']:>8}")
print(f"\nAPI create / pgbench TPC-B:       {ratios['create_over_tpcb']:.2f} (goal >= 0.50)")
print(f"API get / pgbench select-only:    {ratios['get_over_select_only']:.2f} (goal >= 0.25)")
slow = [n for n in ["api_create", "api_get", "api_list"] if rows[n]["p99_ms"] >= 50]
print(f"p99 < 50 ms for create, get, list at {connections} connections: {'yes' if not slow else 'no: ' + ', '.join(slow)}")
print(f"errors: {sum(r['errors'] for r in rows.values())}")
json.dump({"connections": connections, "seconds": seconds, "workloads": rows, "ratios": ratios}, open(out, "w"), indent=2)
print(f"written: {out}")
PY
