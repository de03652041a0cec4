# Sourced by scripts/bench: measures the BI ranking (issue 5) on a realistic load.
# It loads the history once (BENCH_OFFICES offices x BENCH_MONTHS months x BENCH_TICKETS tickets per office and
# month; defaults 100 x 12 x 834 = 1,000,800 tickets) with `liaison seed-demo`, timing the load and the first KPI
# refresh. Then it prints the median of 20 warm runs of a month's full ranking
# (`SELECT * FROM bi.office_ranking WHERE period = 'month' AND period_start = …`), EXPLAIN's plan of it, and how
# long one refresh takes after a new ticket event (what bounds the views' freshness).
# shellcheck shell=bash
offices=${BENCH_OFFICES:-100}
months=${BENCH_MONTHS:-12}
tickets=${BENCH_TICKETS:-834}

database="bench_${offices}_${months}_${tickets}"
sql() { psql_socket "$socket" "$port" "$database" "$@"; }
if ! psql_socket "$socket" "$port" postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    psql_socket "$socket" "$port" postgres -c "CREATE DATABASE $database"
fi
export DATABASE_URL="postgresql://postgres@/$database?host=$socket&port=$port"
LOG_LEVEL=warning "$liaison" migrate --migrations sql >/dev/null

if [ "$(sql -tAc "SELECT count(*) FROM liaison.office WHERE code = 'H001'")" = "0" ]; then
    log "loading $offices offices x $months months x $tickets tickets (once; kept in $root)"
    LOG_LEVEL=warning "$liaison" seed-demo --offices "$offices" --months "$months" --tickets-per-office-month "$tickets" --seed 1 \
        | grep -v '^  office' || true
    sql -c "VACUUM ANALYZE"
fi
sql -tAc "SELECT format('%s tickets, %s events, %s clocks, %s KPI rows, %s ranks', (SELECT count(*) FROM liaison.ticket),
    (SELECT count(*) FROM liaison.ticket_event), (SELECT count(*) FROM liaison.ticket_clock),
    (SELECT count(*) FROM liaison.office_kpi), (SELECT count(*) FROM liaison.office_kpi_rank))"

month=$(sql -tAc "SELECT (date_trunc('month', now() AT TIME ZONE liaison.company_time_zone()) - interval '1 month')::date")
query="SELECT * FROM bi.office_ranking WHERE period = 'month' AND period_start = DATE '$month'"
log "a month's full ranking ($month), as the BI role: 1 warm-up + 20 timed runs"
{
    echo "SET ROLE liaison_bi;"
    echo "$query;"
    echo '\timing on'
    for _ in $(seq 20); do echo "$query;"; done
} > "$root/ranking.sql"
sql -f "$root/ranking.sql" 2>/dev/null | grep -o 'Time: [0-9.]*' | awk '{print $2}' | sort -n > "$root/times.txt"
rows=$(sql -tAc "SET ROLE liaison_bi; SELECT count(*) FROM ($query) q" | tail -n 1)
awk -v rows="$rows" '{ t[NR] = $1 } END {
    median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "ranking: %d rows, median %.2f ms over %d runs (min %.2f, max %.2f)\n", rows, median, NR, t[1], t[NR]
}' "$root/times.txt"
log "plan"
sql -c "SET ROLE liaison_bi" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) $query"

log "freshness: one ticket's clock changes; the refresh that brings it into the views"
sql -tAc "UPDATE liaison.ticket_clock SET margin_seconds = margin_seconds
          WHERE (office_id, ticket_id) = (SELECT office_id, id FROM liaison.ticket ORDER BY id DESC LIMIT 1)" >/dev/null
sql -c '\timing on' -c "SET liaison.actor_scope = 'all'" -c "SELECT liaison.refresh_office_kpi() AS office_days" 2>&1 \
    | grep -E 'Time|^ +[0-9]' | tr '\n' ' '
echo
