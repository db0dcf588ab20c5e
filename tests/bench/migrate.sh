#!/bin/bash
# Benchmark of ailife migrate on DynamoDB Local (issue 5): items per second migrated from
# 100,000 legacy activities (1,000 goals of 100 users), the time verify takes for the same
# data, and the ceiling to compare with (issue 3's): the most items per second DynamoDB Local
# accepts from parallel curl BatchWriteItem processes, measured here on the same items
# (tests/bench/ceiling.sh; target: migrate at least 0.7 of it). ailife import of the same
# items is reported beside it.
# Usage: tests/bench/migrate.sh [BUILD_DIR]   (BENCH_MIGRATE_USERS, _GOALS, _ACTS change the size;
# AILIFE_DDB_ENDPOINT: an already running DynamoDB Local)
# Benchmarks report, they do not gate: exit 1 only when a figure could not be measured.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NEED_ROOT=$ROOT
. "$ROOT/tests/need.sh"
need bench python3 bc curl jq java || exit 1
BUILD=${1:-$ROOT/build}
A=$(cd "$BUILD" 2>/dev/null && pwd)/ailife
[ -x "$A" ] || { echo "bench: $BUILD/ailife is not built (run make first)" >&2; exit 1; }
USERS=${BENCH_MIGRATE_USERS:-100}
GOALS=${BENCH_MIGRATE_GOALS:-10}
ACTS=${BENCH_MIGRATE_ACTS:-100}
W=$(mktemp -d "${TMPDIR:-/tmp}/ailife-bench-migrate.XXXXXX")
cleanup() {
	bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$W/ddb" >/dev/null 2>&1
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -n "${AILIFE_DDB_ENDPOINT:-}" ]; then
	EP=$AILIFE_DDB_ENDPOINT
else
	EP=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$W/ddb") || { echo "bench: DynamoDB Local did not start" >&2; exit 1; }
fi
unset AILIFE_DB AILIFE_USER AILIFE_NOW AILIFE_CONFIG AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE AILIFE_MIGRATE_PAGE
export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL=$EP AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export XDG_CONFIG_HOME="$W/config" XDG_DATA_HOME="$W/data" HOME="$W/home" TZ=UTC
mkdir -p "$HOME"
L() { python3 "$ROOT/tests/ddb/legacy_tables.py" "$@"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

G=bench-goals-$$; T=bench-acts-$$
export AILIFE_TABLE=bench-main-$$
L gen "$USERS" "$GOALS" "$ACTS" "$W" || exit 1
ngoals=$((USERS * GOALS)); nacts=$((USERS * GOALS * ACTS)); n=$((ngoals + nacts))
echo "legacy data: $ngoals goals, $nacts activities ($USERS users)"
L create "$EP" "$G" goals && L create "$EP" "$T" activities || exit 1
t0=$(now)
L load "$EP" "$G" "$W/goals.json" && L load "$EP" "$T" "$W/activities.json" || exit 1
echo "loaded the legacy tables in $(printf '%.1f' "$(secs "$t0" "$(now)")") s"
"$A" table create >/dev/null || exit 1

for segs in 4 8; do
	[ "$segs" = 8 ] && { export AILIFE_TABLE=bench-main8-$$; "$A" table create >/dev/null || exit 1; }
	t0=$(now)
	"$A" migrate run --goals-table "$G" --activities-table "$T" --segments "$segs" >"$W/run.out" 2>"$W/run.err" || { cat "$W/run.err" >&2; exit 1; }
	s=$(secs "$t0" "$(now)")
	rate=$(printf '%.0f' "$(echo "$n / $s" | bc -l)")
	printf 'migrate run (%d segments): %d items in %.2f s: %d items/s\n' "$segs" "$n" "$s" "$rate"
	[ "$rate" -gt "${best_migrate:-0}" ] && best_migrate=$rate
done
t0=$(now)
"$A" migrate verify --goals-table "$G" --activities-table "$T" >"$W/verify.out" 2>"$W/verify.err" || { tail -3 "$W/verify.out" "$W/verify.err" >&2; exit 1; }
s=$(secs "$t0" "$(now)")
printf 'migrate verify: %d items in %.2f s (%s)\n' "$n" "$s" "$(tail -1 "$W/verify.out")"

# The ceiling: the same items (and profiles) through ailife import into a fresh table.
"$A" export --all-users >"$W/items.jsonl" || exit 1
export AILIFE_TABLE=bench-import-$$
"$A" table create >/dev/null || exit 1
m=$(wc -l <"$W/items.jsonl")
t0=$(now)
"$A" import "$W/items.jsonl" >/dev/null 2>"$W/import.err" || { cat "$W/import.err" >&2; exit 1; }
s=$(secs "$t0" "$(now)")
printf 'ailife import of the same items: %d items in %.2f s: %.0f items/s\n' "$m" "$s" "$(echo "$m / $s" | bc -l)"

# The import ceiling of issue 3 (tests/bench/ceiling.sh), measured here on the same items:
# parallel curl processes posting BatchWriteItem calls of 25.
BIN=$A KEY=$AWS_ACCESS_KEY_ID SECRET=$AWS_SECRET_ACCESS_KEY TMP=$W
. "$ROOT/tests/bench/ceiling.sh"
curl_ceiling "$W/items.jsonl" "${BENCH_CURL_PROCS:-8 16}" "${BENCH_MIGRATE_CEIL_RUNS:-1}" || exit 1
r=$(awk -v a="$best_migrate" -v b="$CEIL_RATE" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
v=$(awk -v r="$r" 'BEGIN { print (r >= 0.7 ? "PASS" : "FAIL") }')
printf 'migrate run (best) / ceiling (curl x%d, %d items/s): %s (target >= 0.7): %s\n' "$CEIL_P" "$CEIL_RATE" "$r" "$v"
