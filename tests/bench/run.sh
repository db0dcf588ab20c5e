#!/bin/sh
# Benchmarks of the embedded store: does a list stay fast when ten years of data sit beside it?
# Usage: tests/bench/run.sh BUILD_DIR   (make bench; builds nothing, runs BUILD_DIR/ailife)
#
# Two stores are made with the demo (3650 days and 30 days, same seed); each query command
# runs as a whole process, many times after a few warm-ups, and its median and p90 wall
# times are compared with the targets: a median under 15 ms (report --month: 20 ms, status: 5 ms;
# issue 16), and the 10-year store no more
# than 1.5 times slower than the 30-day one (queries must not grow with the data).
# Benchmarks report, they do not gate: the exit status is 0 whenever the figures were
# measured, 1 only when they could not be (no binary, a command failed).
# Environment: BENCH_RUNS (default 50), BENCH_WARMUP (default 5), BENCH_NO_HYPERFINE=1
# to use the shell loop even when hyperfine is installed.

# The Makefile runs this with sh; the script needs bash (arrays, arithmetic on ns).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u
set -o pipefail

BUILD=${1:-}
if [ -z "$BUILD" ]; then
	echo "usage: tests/bench/run.sh BUILD_DIR" >&2
	exit 2
fi
BIN=$(cd "$BUILD" 2>/dev/null && pwd)/ailife
if [ ! -x "$BIN" ]; then
	echo "bench: $BUILD/ailife is not built (run make first)" >&2
	exit 1
fi
. "$(dirname "$0")/../need.sh"
need bench jq || exit 1

RUNS=${BENCH_RUNS:-50}
WARMUP=${BENCH_WARMUP:-5}
ROUNDS=5
PER_ROUND=$(((RUNS + ROUNDS - 1) / ROUNDS))
RUNS=$((PER_ROUND * ROUNDS))
NOW=2026-11-26T12:00:00Z
SEED=7
MEDIAN_MAX_MS=15
RATIO_MAX=1.5

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ailife-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
# A copy of the binary: a rebuild while the benchmark runs must not change what is measured.
cp "$BIN" "$TMP/ailife" || exit 1
BIN_SRC=$BIN
BIN=$TMP/ailife

# Nothing from the caller's environment may change what is measured: no config file, no
# other store, no other user, no other clock.
unset AILIFE_STORE AILIFE_DB AILIFE_TABLE AILIFE_USER AILIFE_NOW AILIFE_CONFIG
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data"

use_hyperfine=0
if [ "${BENCH_NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null 2>&1; then
	use_hyperfine=1
fi

now_ns() {
	date +%s%N
}

# ms with one decimal from a nanosecond count.
ns_to_ms() {
	awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'
}

# Creates a demo store: make_store NAME DAYS; sets DEMO_MS and the store's user id.
make_store() {
	local db="$TMP/$1.db" days=$2 t0 t1 out
	t0=$(now_ns)
	if ! out=$("$BIN" --db "$db" --now "$NOW" demo --days "$days" --seed "$SEED" 2>&1); then
		echo "bench: demo --days $days failed:" >&2
		printf '%s\n' "$out" >&2
		exit 1
	fi
	t1=$(now_ns)
	DEMO_MS=$(ns_to_ms $((t1 - t0)))
	printf '%s\n' "$out" | sed -n '2p' | sed 's/^ */    /'
}

user_of() {
	"$BIN" --db "$TMP/$1.db" --json user list | jq -r '.[0].id'
}

# Runs one command line (words in "$@") $2 times after $1 warm-ups and appends each wall
# time, in ms, to the file $3... as: measure_into FILE WARMUPS RUNS WORDS...
measure_into() {
	local out=$1 warm=$2 runs=$3 json="$TMP/hf.json"
	shift 3
	if [ "$use_hyperfine" = 1 ]; then
		# --shell=none: no shell start-up in the figures (the words hold no spaces).
		if ! hyperfine --shell=none --style=none --warmup "$warm" --runs "$runs" \
		    --output=null --export-json "$json" -- "$*" >/dev/null 2>"$TMP/hf.err"; then
			echo "bench: hyperfine failed for: $*" >&2
			cat "$TMP/hf.err" >&2
			return 1
		fi
		jq -r '.results[0].times[] * 1000' "$json" >>"$out"
		return
	fi
	local i t0 t1
	for ((i = 0; i < warm; i++)); do
		"$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; return 1; }
	done
	for ((i = 0; i < runs; i++)); do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; return 1; }
		t1=$(now_ns)
		printf '%d.%03d\n' $(((t1 - t0) / 1000000)) $(((t1 - t0) / 1000 % 1000)) >>"$out"
	done
}

# "median p90" (ms, one decimal) of the times in a file; p90 by nearest rank.
stats() {
	sort -g "$1" | awk '
		{ t[NR] = $1 }
		END {
			med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			k = int(NR * 0.9); if (k < NR * 0.9) k++
			printf "%.1f %.1f\n", med, t[k]
		}'
}

file_size() {
	local total=0 f s
	for f in "$1" "$1-wal"; do
		[ -f "$f" ] || continue
		s=$(stat -c %s "$f")
		total=$((total + s))
	done
	echo "$total"
}

human_size() {
	awk -v b="$1" 'BEGIN {
		if (b >= 1048576) printf "%.1f MiB", b / 1048576
		else if (b >= 1024) printf "%.1f KiB", b / 1024
		else printf "%d B", b }'
}

echo "ailife benchmark: $("$BIN" --version)"
echo "  binary: $BIN_SRC (copied)"
echo "  host: $(uname -srm), $(nproc 2>/dev/null || echo '?') CPU(s)"
if [ "$use_hyperfine" = 1 ]; then
	echo "  timer: $(hyperfine --version), $RUNS runs after $WARMUP warm-ups, whole processes,"
	echo "         in $ROUNDS rounds that alternate the two stores"
else
	echo "  timer: shell loop (date +%s%N), $RUNS runs after $WARMUP warm-ups, whole processes,"
	echo "         in $ROUNDS rounds that alternate the two stores"
fi
echo "  clock: --now $NOW, demo --seed $SEED"
echo

echo "== demo data"
echo "  10 years (--days 3650):"
make_store y10 3650
DEMO10_MS=$DEMO_MS
echo "  30 days (--days 30):"
make_store d30 30
DEMO30_MS=$DEMO_MS
printf '  demo --days 3650 took %s ms; demo --days 30 took %s ms\n' "$DEMO10_MS" "$DEMO30_MS"
if ! U10=$(user_of y10) || ! U30=$(user_of d30); then
	echo "bench: user list failed" >&2
	exit 1
fi
if [ -z "$U10" ] || [ "$U10" = null ] || [ -z "$U30" ] || [ "$U30" = null ]; then
	echo "bench: no demo user found" >&2
	exit 1
fi
echo

names=("activity list (a month)" "meal list (a day)" "goal list" "timeline (a week)" "report --month"
	"status" "status %streak")
cmds=("activity list --from 2026-11-01 --to 2026-11-30"
	"meal list --from 2026-11-25 --to 2026-11-25"
	"goal list"
	"timeline --from 2026-11-20 --to 2026-11-26"
	"report --month 2026-11"
	"status"
	"status --format %streak")
# The median target of each command (issue 16: status under 5 ms, report --month under 20 ms).
maxes=("$MEDIAN_MAX_MS" "$MEDIAN_MAX_MS" "$MEDIAN_MAX_MS" "$MEDIAN_MAX_MS" 20 5 5)

# Each command must work before it is timed: a failing command would be fast and wrong.
for c in "${cmds[@]}"; do
	for s in y10:"$U10" d30:"$U30"; do
		# shellcheck disable=SC2086 # the command words are split on purpose
		if ! "$BIN" --db "$TMP/${s%%:*}.db" --now "$NOW" --user "${s#*:}" $c >/dev/null 2>"$TMP/err"; then
			echo "bench: '$c' failed on the ${s%%:*} store:" >&2
			cat "$TMP/err" >&2
			exit 1
		fi
	done
done

echo "== query commands (wall time of the whole process, ms)"
printf '%-26s %9s %9s %9s %9s %7s  %s\n' "command" "10y med" "10y p90" "30d med" "30d p90" "ratio" "result"
fails=0
for i in "${!cmds[@]}"; do
	# The two stores take turns, a few rounds each, so that a burst of load on a shared
	# machine falls on both rather than on one.
	: >"$TMP/t10"
	: >"$TMP/t30"
	for ((r = 0; r < ROUNDS; r++)); do
		warm=1
		((r == 0)) && warm=$WARMUP
		# shellcheck disable=SC2086
		measure_into "$TMP/t10" "$warm" "$PER_ROUND" "$BIN" --db "$TMP/y10.db" --now "$NOW" --user "$U10" ${cmds[$i]} || exit 1
		# shellcheck disable=SC2086
		measure_into "$TMP/t30" "$warm" "$PER_ROUND" "$BIN" --db "$TMP/d30.db" --now "$NOW" --user "$U30" ${cmds[$i]} || exit 1
	done
	r10=$(stats "$TMP/t10")
	r30=$(stats "$TMP/t30")
	read -r m10 p10 <<<"$r10"
	read -r m30 p30 <<<"$r30"
	verdict=$(awk -v a="$m10" -v b="$m30" -v max="${maxes[$i]}" -v rmax="$RATIO_MAX" 'BEGIN {
		r = b > 0 ? a / b : 0
		why = ""
		if (a >= max || b >= max) why = "median >= " max " ms"
		if (r > rmax) why = why (why != "" ? ", " : "") "ratio > " rmax
		printf "%.2f %s", r, why == "" ? "PASS" : "FAIL (" why ")" }')
	ratio=${verdict%% *}
	result=${verdict#* }
	[ "${result#FAIL}" != "$result" ] && fails=$((fails + 1))
	printf '%-26s %9s %9s %9s %9s %7s  %s\n' "${names[$i]}" "$m10" "$p10" "$m30" "$p30" "$ratio" "$result"
done
echo "  targets: median under $MEDIAN_MAX_MS ms on both stores (report --month 20 ms, status 5 ms);"
echo "           10y/30d median ratio at most $RATIO_MAX"
echo

echo "== stores"
for s in y10:"$U10" d30:"$U30"; do
	name=${s%%:*}
	size=$(file_size "$TMP/$name.db")
	items=$("$BIN" --db "$TMP/$name.db" export --all-users | wc -l)
	printf '  %-4s %s items, database %s (%s bytes)\n' "$name" "$items" "$(human_size "$size")" "$size"
done
echo

echo "== memory"
if /usr/bin/time -v true >/dev/null 2>&1; then
	for s in y10:"$U10" d30:"$U30"; do
		name=${s%%:*}
		/usr/bin/time -v "$BIN" --db "$TMP/$name.db" --now "$NOW" --user "${s#*:}" \
		    timeline --from 2026-11-20 --to 2026-11-26 >/dev/null 2>"$TMP/time.out"
		rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$TMP/time.out")
		printf '  %-4s timeline (a week): peak RSS %s KiB\n' "$name" "${rss:-?}"
	done
else
	echo "  peak RSS: /usr/bin/time -v is not available (apt-get install -y time)"
fi
echo

if [ "$fails" -eq 0 ]; then
	echo "bench: all ${#cmds[@]} commands meet the targets"
else
	echo "bench: $fails of ${#cmds[@]} commands MISS the targets (reported, not a build failure)"
fi
exit 0
