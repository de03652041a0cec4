# Sourced by scripts/test once the suites have passed, with its cluster still up ($socket, $port, $work): runs
# schemathesis against openapi.yaml and a live debug `liaison serve` (issue 7). Every operation gets boundary and
# negative (schema-breaking) inputs as well as valid ones, LIAISON_FUZZ_EXAMPLES per operation (default 5), with
# the checks: not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance.
# Any failure fails the run. The seed is fixed, so a failure reproduces.
#
# Left out: the four operations that would lock the fuzzing user out mid-run (logout, its own password change, and
# an administrator's update or password reset of any user, which may be itself), which the security tests cover.
#
# One worker: with two, CPython 3.11's ast.parse, which hypothesis calls from both threads, fails now and then
# ("SystemError: AST constructor recursion depth mismatch") on whichever operation it is generating for — a crash
# of the tool, not an answer of ours, that would fail a run at random.
# shellcheck shell=bash
schemathesis_version=4.32.5
venv="${XDG_CACHE_HOME:-$HOME/.cache}/liaison/schemathesis-$schemathesis_version"
if [ ! -x "$venv/bin/schemathesis" ]; then
    log "installing schemathesis $schemathesis_version (PyPI) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==$schemathesis_version"
fi

log "fuzzing the API with schemathesis"
psql_socket "$socket" "$port" postgres -c "CREATE DATABASE liaison_fuzz TEMPLATE liaison_template" >/dev/null
fuzz_url="postgresql://postgres@/liaison_fuzz?host=$socket&port=$port"
liaison_bin="$(swift build --show-bin-path)/liaison"
fuzz_password="fuzz-$(date +%s)-password"
echo "$fuzz_password" | DATABASE_URL="$fuzz_url" LOG_LEVEL=warning "$liaison_bin" seed-demo --password-stdin >/dev/null
fuzz_port=$(free_port)
DATABASE_URL="$fuzz_url" LOG_LEVEL=warning "$liaison_bin" serve --host 127.0.0.1 --port "$fuzz_port" --migrations sql \
    > "$work/fuzz-server.log" 2>&1 &
fuzz_server=$!
fuzz_base="http://127.0.0.1:$fuzz_port"
for _ in $(seq 150); do curl -fs "$fuzz_base/ready" >/dev/null 2>&1 && break; sleep 0.2; done
fuzz_token=$(curl -fs -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"demo-gm\",\"password\":\"$fuzz_password\"}" "$fuzz_base/v1/sessions" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
fuzz_status=0
"$venv/bin/schemathesis" run openapi.yaml --url "$fuzz_base" -H "Authorization: Bearer $fuzz_token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --mode all --phases coverage,fuzzing -n "${LIAISON_FUZZ_EXAMPLES:-5}" --seed 1 --workers 1 --request-timeout 20 \
    --exclude-operation-id deleteCurrentSession --exclude-operation-id changePassword \
    --exclude-operation-id updateUser --exclude-operation-id resetUserPassword \
    --no-color --report junit --report-dir "$work/schemathesis" || fuzz_status=$?
kill "$fuzz_server" 2>/dev/null || true
wait "$fuzz_server" 2>/dev/null || true
if [ "$fuzz_status" -ne 0 ]; then
    log "schemathesis found failures (server log: $work/fuzz-server.log)"
    tail -n 50 "$work/fuzz-server.log" >&2 || true
    exit "$fuzz_status"
fi
