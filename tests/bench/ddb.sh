#!/bin/bash
# Benchmarks of the DynamoDB backend against DynamoDB Local (make bench).
# Usage: tests/bench/ddb.sh BUILD_DIR
#
# 1. One GSI2 date-range query of 400 activities, as whole processes, in one hyperfine
#    run: `ailife --json activity list --from D --to D` against the same Query request
#    body (taken from ailife --explain) sent by curl --aws-sigv4 (the floor for one signed
#    request from a C program), by a Node script on @aws-sdk/client-dynamodb v3
#    (tests/ddb/interop.mjs) and by the AWS CLI. Targets: ailife within 1.5x of curl, at
#    least 8x faster than Node, at least 20x faster than the AWS CLI.
# 2. Import of 50,000 items (`ailife import`, fresh table each run) against the ceiling:
#    the most DynamoDB Local accepts from parallel curl processes posting BatchWriteItem
#    calls of 25 over kept-alive connections (8 and 16 processes, fresh table each).
#    Target: ailife at least 0.8 of the ceiling.
# Benchmarks report, they do not gate: exit 0 whenever the figures were measured (a target
# missed prints FAIL), 1 only when they could not be.
# Environment: BENCH_QUERY_RUNS (default 40), BENCH_IMPORT_RUNS (default 3),
# BENCH_IMPORT_ITEMS (default 50000), BENCH_CURL_PROCS (default "8 16"), BENCH_SERVER_WARMUP
# (queries of each of ailife and curl before timing, default 40), AILIFE_DDB_ENDPOINT (else DynamoDB Local is started
# here, which is the fairer choice: nothing else runs on it).

# The Makefile runs bench scripts with sh; this one needs bash.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u
set -o pipefail

BUILD=${1:-}
if [ -z "$BUILD" ]; then
	echo "usage: tests/bench/ddb.sh BUILD_DIR" >&2
	exit 2
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN_SRC=$(cd "$BUILD" 2>/dev/null && pwd)/ailife
if [ ! -x "$BIN_SRC" ]; then
	echo "bench: $BUILD/ailife is not built (run make first)" >&2
	exit 1
fi
NEED_ROOT=$ROOT
. "$ROOT/tests/need.sh"
need bench jq curl python3 node npm java || exit 1
QRUNS=${BENCH_QUERY_RUNS:-40}
IRUNS=${BENCH_IMPORT_RUNS:-3}
NITEMS=${BENCH_IMPORT_ITEMS:-50000}
PROCS=${BENCH_CURL_PROCS:-8 16}
NODE_DIR=${INTEROP_NODE_DIR:-$ROOT/build/node-interop}
export INTEROP_NODE_DIR=$NODE_DIR

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ailife-bench-ddb.XXXXXX") || exit 1
cleanup() {
	bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$TMP/ddb" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A copy of the binary: a rebuild while the benchmark runs must not change what is measured.
cp "$BIN_SRC" "$TMP/ailife" || exit 1
BIN=$TMP/ailife
# Everything the benchmark writes stays in $TMP.
cd "$TMP" || exit 1

# The independent clients: the AWS SDK for JavaScript v3 (cached in build/node-interop) and
# the AWS CLI (Debian's awscli when missing and we may install it).
if [ ! -f "$NODE_DIR/node_modules/@aws-sdk/client-dynamodb/package.json" ]; then
	mkdir -p "$NODE_DIR"
	npm install --loglevel=error --no-audit --no-fund --prefix "$NODE_DIR" "@aws-sdk/client-dynamodb@3" >"$TMP/npm.log" 2>&1 \
		|| { echo "bench: npm install @aws-sdk/client-dynamodb failed:" >&2; tail -5 "$TMP/npm.log" >&2; exit 1; }
fi
# make bench installs both (scripts/install-deps.sh bench); run alone, a line is left out.
have_aws=0
command -v aws >/dev/null 2>&1 && have_aws=1
have_hf=0
command -v hyperfine >/dev/null 2>&1 && have_hf=1

unset AILIFE_DB AILIFE_USER AILIFE_NOW AILIFE_CONFIG AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE AWS_SESSION_TOKEN \
	AWS_DEFAULT_REGION AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
KEY=AKIDBENCH
SECRET=benchsecret0123456789abcdefghijklmnopqrst
export AILIFE_STORE=dynamodb AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME"

if [ -n "${AILIFE_DDB_ENDPOINT:-}" ]; then
	EP=$AILIFE_DDB_ENDPOINT
elif ! EP=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$TMP/ddb"); then
	echo "bench: DynamoDB Local did not start" >&2
	exit 1
fi
export AWS_ENDPOINT_URL=$EP
GEN="python3 $ROOT/tests/ddb/gen_items.py"
. "$ROOT/tests/bench/ceiling.sh"

# ddb OP BODY: one signed call with curl (ceil_call, tests/bench/ceiling.sh); the answer on stdout.
ddb() { ceil_call "$@"; }
drop_table() { ddb DeleteTable "{\"TableName\":\"$1\"}" >/dev/null; }
# count_items TABLE USER: the items of one user's partition (Select COUNT, paged).
count_items() {
	local total=0 start="" ans
	while :; do
		ans=$(ddb Query "{\"TableName\":\"$1\",\"KeyConditionExpression\":\"PK = :p\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"USER#$2\"}},\"Select\":\"COUNT\"$start}")
		total=$((total + $(printf '%s' "$ans" | jq '.Count // 0')))
		lek=$(printf '%s' "$ans" | jq -c '.LastEvaluatedKey // empty')
		[ -n "$lek" ] || break
		start=",\"ExclusiveStartKey\":$lek"
	done
	echo "$total"
}
now_ns() { date +%s%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=") ? v <= t : v >= t; print ok ? "PASS" : "FAIL" }'; }

echo "ailife DynamoDB benchmark: $("$BIN" --version), DynamoDB Local at $EP"
echo "  host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPU(s); $(curl --version | head -n 1 | cut -d' ' -f1-2);"
echo "  node $(node --version), @aws-sdk/client-dynamodb $(jq -r .version "$NODE_DIR/node_modules/@aws-sdk/client-dynamodb/package.json");"
[ "$have_aws" = 1 ] && echo "  $(aws --version 2>&1 | head -n 1)" || echo "  AWS CLI: not installed (apt-get install -y awscli)"
[ "$have_hf" = 1 ] && echo "  timer: $(hyperfine --version), $QRUNS runs after 5 warm-ups, whole processes" \
	|| echo "  timer: shell loop (date +%s%N), $QRUNS runs after 5 warm-ups, whole processes"
echo

# ---------------------------------------------------------------- 1. one query
QT="bench-query-$$"
"$BIN" --table "$QT" table create >/dev/null || { echo "bench: table create failed" >&2; exit 1; }
{
	$GEN user bench
	$GEN goal bench run 400 2026-06-15T00:00:00.000Z 200000
	$GEN goal bench other 3000 2026-01-01T00:00:00.000Z 3600000
} >"$TMP/query.jsonl"
"$BIN" --table "$QT" import "$TMP/query.jsonl" >/dev/null || { echo "bench: import failed" >&2; exit 1; }
ACMD=("$BIN" --table "$QT" --user bench --json activity list --from 2026-06-15 --to 2026-06-15)
# The request body ailife sends, for the other clients: --explain prints it after one line.
"$BIN" --explain "${ACMD[@]:1}" 2>/dev/null | tail -n +2 | jq -s '.[0]' >"$TMP/query.json"
jq -e '.IndexName == "GSI2"' "$TMP/query.json" >/dev/null || { echo "bench: no Query body from --explain" >&2; exit 1; }
printf '%s' "$(jq -c . "$TMP/query.json")" >"$TMP/query.json"
CURL="curl -s -o /dev/null -X POST $EP/ --aws-sigv4 aws:amz:us-east-1:dynamodb --user $KEY:$SECRET -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.Query' --data-binary @$TMP/query.json"
NODE="node --no-warnings $ROOT/tests/ddb/interop.mjs request $TMP/query.json"
AWS="aws dynamodb query --cli-input-json file://$TMP/query.json --endpoint-url $EP --region us-east-1 --output json"
AILIFE="$BIN --table $QT --user bench --json activity list --from 2026-06-15 --to 2026-06-15"

# Each client must return the 400 activities before it is timed.
n_ailife=$("${ACMD[@]}" | jq length)
n_curl=$(ddb Query "$(cat "$TMP/query.json")" | jq .Count)
n_node=$($NODE)
n_aws=-
[ "$have_aws" = 1 ] && n_aws=$($AWS | jq .Count)
echo "== one GSI2 date-range query (activities of 2026-06-15 among 3400)"
echo "  items returned: ailife $n_ailife, curl $n_curl, node $n_node, aws $n_aws"
if [ "$n_ailife" != 400 ] || [ "$n_curl" != 400 ] || [ "$n_node" != 400 ]; then
	echo "bench: a client did not return the 400 activities" >&2
	exit 1
fi
[ "$have_aws" = 1 ] && [ "$n_aws" != 400 ] && { echo "bench: the AWS CLI did not return 400" >&2; exit 1; }

names=(ailife curl node)
cmds=("$AILIFE" "$CURL" "$NODE")
if [ "$have_aws" = 1 ]; then
	names+=(aws-cli)
	cmds+=("$AWS")
fi
# DynamoDB Local is a JVM whose query path compiles as it runs: warm it with the same query
# (alternating ailife and curl) before anything is timed, so that the first client hyperfine
# measures does not pay for the warm-up.
for ((w = 0; w < ${BENCH_SERVER_WARMUP:-40}; w++)); do
	eval "$AILIFE" >/dev/null 2>&1
	eval "$CURL" >/dev/null 2>&1
done
declare -A MED P90
if [ "$have_hf" = 1 ]; then
	if ! hyperfine -N --style=none --warmup 5 --runs "$QRUNS" --output=null --export-json "$TMP/hf.json" \
		"${cmds[@]}" >/dev/null 2>"$TMP/hf.err"; then
		echo "bench: hyperfine failed:" >&2
		cat "$TMP/hf.err" >&2
		exit 1
	fi
	for i in "${!names[@]}"; do
		MED[${names[$i]}]=$(jq -r ".results[$i].median * 1000" "$TMP/hf.json")
		P90[${names[$i]}]=$(jq -r ".results[$i].times | sort | .[(length * 0.9 | floor)] * 1000" "$TMP/hf.json")
	done
else
	for i in "${!names[@]}"; do
		: >"$TMP/t"
		for ((r = 0; r < 5 + QRUNS; r++)); do
			t0=$(now_ns)
			eval "${cmds[$i]}" >/dev/null 2>&1
			t1=$(now_ns)
			((r >= 5)) && echo $(((t1 - t0) / 1000)) >>"$TMP/t"
		done
		MED[${names[$i]}]=$(sort -n "$TMP/t" | awk '{ t[NR] = $1 } END { print (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2) / 1000 }')
		P90[${names[$i]}]=$(sort -n "$TMP/t" | awk '{ t[NR] = $1 } END { k = int(NR * 0.9); if (k < 1) k = 1; print t[k] / 1000 }')
	done
fi
printf '  %-10s %10s %10s\n' client "median ms" "p90 ms"
for n in "${names[@]}"; do
	printf '  %-10s %10.1f %10.1f\n' "$n" "${MED[$n]}" "${P90[$n]}"
done
r_curl=$(ratio "${MED[ailife]}" "${MED[curl]}")
r_node=$(ratio "${MED[node]}" "${MED[ailife]}")
echo
printf '  %-52s %8s  %-10s %s\n' target measured goal result
printf '  %-52s %7sx  %-10s %s\n' "ailife / curl (time)" "$r_curl" "<= 1.5x" "$(verdict "$r_curl" "<=" 1.5)"
printf '  %-52s %7sx  %-10s %s\n' "node / ailife (speed-up)" "$r_node" ">= 8x" "$(verdict "$r_node" ">=" 8)"
if [ "$have_aws" = 1 ]; then
	r_aws=$(ratio "${MED[aws-cli]}" "${MED[ailife]}")
	printf '  %-52s %7sx  %-10s %s\n' "aws-cli / ailife (speed-up)" "$r_aws" ">= 20x" "$(verdict "$r_aws" ">=" 20)"
else
	printf '  %-52s %8s  %-10s %s\n' "aws-cli / ailife (speed-up)" "-" ">= 20x" "SKIPPED (no AWS CLI)"
fi
floor=$(awk -v c="${MED[curl]}" -v a="${MED[ailife]}" 'BEGIN { printf "%.0f", (a > 0 ? 100 * c / a : 0) }')
echo "  (curl's time is mostly DynamoDB Local answering: $floor% of ailife's; the speed-up"
echo "   targets are bounded by it: node/ailife cannot exceed node/curl = $(ratio "${MED[node]}" "${MED[curl]}")x here)"
drop_table "$QT"
echo

# ---------------------------------------------------------------- 2. import
echo "== import of $NITEMS items (fresh table each run)"
$GEN user imp >"$TMP/import.jsonl"
$GEN goal imp g $((NITEMS - 2)) 2026-01-01T00:00:00.000Z 1000 >>"$TMP/import.jsonl"
lines=$(wc -l <"$TMP/import.jsonl")
bytes=$(wc -c <"$TMP/import.jsonl")
echo "  $lines items, $((bytes / 1024)) KiB of JSON Lines"
: >"$TMP/ailife.rates"
for ((r = 1; r <= IRUNS; r++)); do
	IT="bench-imp-a$r-$$"
	"$BIN" --table "$IT" table create >/dev/null || exit 1
	t0=$(now_ns)
	if ! "$BIN" --table "$IT" import "$TMP/import.jsonl" >/dev/null 2>"$TMP/imp.err"; then
		echo "bench: ailife import failed: $(cat "$TMP/imp.err")" >&2
		exit 1
	fi
	t1=$(now_ns)
	got=$(count_items "$IT" imp)
	drop_table "$IT"
	[ "$got" = "$lines" ] || { echo "bench: ailife imported $got of $lines items" >&2; exit 1; }
	rate=$(awk -v n="$lines" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
	echo "$rate" >>"$TMP/ailife.rates"
	printf '  ailife import      run %d: %6.1f s  %7d items/s\n' "$r" "$(awk -v ns=$((t1 - t0)) 'BEGIN { print ns / 1e9 }')" "$rate"
done
a_rate=$(sort -n "$TMP/ailife.rates" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')

# The ceiling (tests/bench/ceiling.sh): P curl processes posting the same items in batches of 25.
if ! curl_ceiling "$TMP/import.jsonl" "$PROCS" "$IRUNS"; then
	exit 1
fi
best_curl=$CEIL_RATE
best_p=$CEIL_P
r_imp=$(ratio "$a_rate" "$best_curl")
echo
printf '  %-52s %8s  %-10s %s\n' target measured goal result
printf '  %-52s %8s\n' "ailife import, items/s (median)" "$a_rate"
printf '  %-52s %8s\n' "ceiling: curl x$best_p BatchWriteItem, items/s (median)" "$best_curl"
printf '  %-52s %7sx  %-10s %s\n' "ailife / ceiling" "$r_imp" ">= 0.8x" "$(verdict "$r_imp" ">=" 0.8)"
echo
echo "bench: figures measured (targets report, they do not gate)"
exit 0
