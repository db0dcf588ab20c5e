#!/bin/sh
# Benchmark of complete lists: a 10-year range printed whole, streamed with constant memory.
# Usage: tests/bench/stream.sh BUILD_DIR   (make bench; builds nothing, runs BUILD_DIR/ailife)
#
# The demo makes a 10-year store (3650 days, seed 7); each list command prints the whole
# range to a file, as one process, and its wall time and peak memory (the child's ru_maxrss)
# are reported with the number of items it printed. Targets: --json and --jsonl under 64 MiB
# whatever the range (pages are written as they arrive); every item of the range printed.
# Text tables keep their rows' cells until the end (the widths and short ids need every row),
# so their memory grows with the range: reported, not a target.
# Benchmarks report, they do not gate: the exit status is 0 whenever the figures were
# measured, 1 only when they could not be (no binary, a command failed).
# Environment: BENCH_DAYS (default 3650); BENCH_DDB_ENDPOINT: also on this DynamoDB endpoint
# (for example DynamoDB Local's, from tests/ddb/dynamodb-local.sh start).

if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u
set -o pipefail

BUILD=${1:-}
if [ -z "$BUILD" ]; then
	echo "usage: tests/bench/stream.sh BUILD_DIR" >&2
	exit 2
fi
BIN=$(cd "$BUILD" 2>/dev/null && pwd)/ailife
if [ ! -x "$BIN" ]; then
	echo "bench: $BUILD/ailife is not built (run make first)" >&2
	exit 1
fi
. "$(dirname "$0")/../need.sh"
need bench jq python3 || exit 1

DAYS=${BENCH_DAYS:-3650}
NOW=2026-12-04T12:00:00Z
FROM=2016-12-01
TO=2026-12-04
SEED=7
RSS_MAX_MIB=64

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ailife-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
cp "$BIN" "$TMP/ailife" || exit 1
BIN=$TMP/ailife
unset AILIFE_STORE AILIFE_DB AILIFE_TABLE AILIFE_USER AILIFE_NOW AILIFE_CONFIG
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" TZ=Europe/Berlin

# measure OUT CMD...: runs CMD with stdout to OUT; prints "SECONDS MAXRSS_KIB RC".
measure() {
	python3 - "$@" <<'EOF'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.monotonic()
with open(out, "wb") as f:
    rc = subprocess.call(cmd, stdout=f)
took = time.monotonic() - start
print("%.2f %d %d" % (took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc))
EOF
}

# items FORMAT FILE: how many items the output holds.
items() {
	case $1 in
	json) jq length "$2" ;;
	jsonl) wc -l <"$2" | tr -d ' ' ;;
	text) echo $(($(wc -l <"$2") - 1)) ;;
	esac
}

failed=0
# bench_store WHAT: the lists over the store the environment names.
bench_store() {
	local what=$1 want
	"$BIN" --now "$NOW" export >"$TMP/export.jsonl" || { echo "bench: $what: export failed" >&2; failed=1; return; }
	want=$(jq -r 'select(.type.S == "ACTIVITY" or .type.S == "JOURNAL" or .type.S == "MEAL" or .type.S == "WORKOUT")
		| .type.S' "$TMP/export.jsonl" | wc -l | tr -d ' ')
	printf '%s: %s days, %s items in the range %s .. %s\n' "$what" "$DAYS" "$want" "$FROM" "$TO"
	printf '  %-34s %8s %10s %8s  %s\n' command items "max RSS" seconds verdict
	local spec fmt args
	for spec in "json|--json timeline" "jsonl|--jsonl timeline" "text|timeline" \
		"json|--json timeline --reverse" "json|--json activity list" "jsonl|--jsonl meal list"; do
		fmt=${spec%%|*}
		args=${spec#*|}
		# shellcheck disable=SC2086
		read -r secs kib rc < <(measure "$TMP/out" "$BIN" --now "$NOW" $args --from "$FROM" --to "$TO")
		if [ "$rc" != 0 ]; then
			echo "bench: $what: ailife $args failed (exit $rc)" >&2
			failed=1
			continue
		fi
		local n mib verdict=""
		n=$(items "$fmt" "$TMP/out")
		mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
		if [ "$fmt" != text ]; then
			verdict=$(awk -v k="$kib" -v m="$RSS_MAX_MIB" 'BEGIN { print (k / 1024 < m) ? "under " m " MiB" : "OVER " m " MiB" }')
		fi
		case $args in
		*timeline*) [ "$n" = "$want" ] || verdict="$verdict; INCOMPLETE ($n of $want)" ;;
		esac
		printf '  %-34s %8s %6s MiB %8s  %s\n' "$args" "$n" "$mib" "$secs" "$verdict"
	done
}

echo "bench: making a $DAYS-day demo store (seed $SEED)"
export AILIFE_DB=$TMP/ten.db
"$BIN" --now "$NOW" demo --days "$DAYS" --seed "$SEED" >/dev/null || { echo "bench: demo failed" >&2; exit 1; }
bench_store "embedded store"

if [ -n "${BENCH_DDB_ENDPOINT:-}" ]; then
	export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL=$BENCH_DDB_ENDPOINT AWS_REGION=us-east-1
	export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-AKIDEXAMPLE}
	export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY}
	export AILIFE_TABLE="bench-stream-$$"
	unset AILIFE_DB
	"$BIN" table create >/dev/null && "$BIN" --now "$NOW" demo --days "$DAYS" --seed "$SEED" >/dev/null \
		&& bench_store "DynamoDB ($BENCH_DDB_ENDPOINT)" || { echo "bench: DynamoDB store failed" >&2; failed=1; }
fi
exit $failed
