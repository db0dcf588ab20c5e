#!/bin/bash
# Benchmarks of the terminal interface on ten years of demo data (embedded store):
#   start to first full screen   target < 100 ms
#   key to updated screen        target < 30 ms (switching screens, moving a period)
#   peak memory (VmHWM)          target < 20 MiB
# The binary runs in a detached tmux; AILIFE_TUI_BENCH=FILE makes it log, after each
# doupdate that leaves nothing loading, how long the screen waited, and its peak memory
# at exit. Start-up is measured from just before tmux launches it (so it includes exec,
# opening the store and the first queries) to the first complete screen.
# Usage: tests/bench/tui.sh [BUILD_DIR]   Environment: BENCH_RUNS (default 10), BENCH_DAYS (3650).
# Reports, does not gate: exit 0 when the figures were measured, 1 when they could not be.
set -u
BUILD=${1:-build}
BIN=$(cd "$BUILD" 2>/dev/null && pwd)/ailife
RUNS=${BENCH_RUNS:-10}
DAYS=${BENCH_DAYS:-3650}
NOW=2026-11-26T12:00:00Z
START_MAX_MS=100
KEY_MAX_MS=30
PEAK_MAX_KIB=$((20 * 1024))

[ -x "$BIN" ] || { echo "bench: $BIN is not built (run make first)" >&2; exit 1; }
. "$(dirname "$0")/../need.sh"
need bench tmux jq || exit 1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ailife-tui-bench.XXXXXX") || exit 1
TM="tmux -u -L ailife-bench-$$ -f /dev/null"
trap '$TM kill-server >/dev/null 2>&1; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/ailife-bench-$$"; rm -rf "$TMP"' EXIT INT TERM
cp "$BIN" "$TMP/ailife" || exit 1
BIN=$TMP/ailife
unset AILIFE_STORE AILIFE_TABLE AILIFE_USER AILIFE_NOW AILIFE_CONFIG NO_COLOR
export AILIFE_DB="$TMP/y10.db" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state"
export HOME="$TMP/home" TZ=Europe/Berlin LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color

now_ms() { echo $(($(date +%s%N) / 1000000)); }

echo "ailife terminal interface benchmark: $("$BIN" --version), $(uname -srm), $(nproc) CPU(s)"
t0=$(now_ms)
"$BIN" --now "$NOW" demo --days "$DAYS" --seed 7 >/dev/null 2>"$TMP/demo.err" || { cat "$TMP/demo.err" >&2; exit 1; }
t1=$(now_ms)
items=$("$BIN" export --all-users | wc -l)
echo "  store: demo --days $DAYS: $items items, $(du -k "$TMP/y10.db" | cut -f1) KiB, made in $((t1 - t0)) ms"
echo "  runs: $RUNS, each: start, then keys 2 3 4 5 6 1 3 [ [ ] ] t w m 5 w [ ] 6 [ ] 2 f f, then q"
echo

KEYS=(2 3 4 5 6 1 3 '[' '[' ']' ']' t w m 5 w '[' ']' 6 '[' ']' 2 f f)
: >"$TMP/start"
: >"$TMP/keys"
: >"$TMP/peak"
for ((run = 0; run < RUNS; run++)); do
	log="$TMP/run$run.log"
	: >"$log"
	$TM kill-session -t b >/dev/null 2>&1
	t0=$(now_ms)
	$TM new-session -d -s b -x 100 -y 30 "AILIFE_TUI_BENCH=$log $BIN --now $NOW; sleep 5"
	for ((i = 0; i < 200; i++)); do
		grep -q first_full_screen "$log" && break
		sleep 0.01
	done
	real=$(sed -n 's/^first_full_screen_us [0-9]* real_ms \([0-9]*\)$/\1/p' "$log")
	if [ -z "$real" ]; then
		echo "bench: run $run: no first full screen within 2 s" >&2
		exit 1
	fi
	echo $((real - t0)) >>"$TMP/start"
	for k in "${KEYS[@]}"; do
		before=$(grep -c key_to_screen "$log")
		$TM send-keys -t b -l "$k"
		for ((i = 0; i < 200; i++)); do
			[ "$(grep -c key_to_screen "$log")" -gt "$before" ] && break
			sleep 0.005
		done
	done
	$TM send-keys -t b q
	for ((i = 0; i < 200; i++)); do
		grep -q peak_rss_kib "$log" && break
		sleep 0.01
	done
	awk '/^key_to_screen_us/ { print $2 / 1000 }' "$log" >>"$TMP/keys"
	sed -n 's/^peak_rss_kib //p' "$log" >>"$TMP/peak"
done

# "median p90 max" of a file of numbers.
stats() {
	sort -g "$1" | awk '{ t[NR] = $1 } END {
		if (NR == 0) { print "- - -"; exit }
		med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		k = int(NR * 0.9); if (k < NR * 0.9) k++
		printf "%.1f %.1f %.1f\n", med, t[k], t[NR] }'
}
verdict() { awk -v v="$1" -v max="$2" 'BEGIN { print (v < max) ? "PASS" : "MISS" }'; }

read -r sm sp sx <<<"$(stats "$TMP/start")"
read -r km kp kx <<<"$(stats "$TMP/keys")"
read -r pm pp px <<<"$(stats "$TMP/peak")"
printf '%-34s %9s %9s %9s  %s\n' "measure" "median" "p90" "max" "target"
printf '%-34s %9s %9s %9s  < %d ms: %s (p90)\n' "start to first full screen (ms)" "$sm" "$sp" "$sx" "$START_MAX_MS" \
    "$(verdict "$sp" "$START_MAX_MS")"
printf '%-34s %9s %9s %9s  < %d ms: %s (p90)\n' "key to updated screen (ms)" "$km" "$kp" "$kx" "$KEY_MAX_MS" \
    "$(verdict "$kp" "$KEY_MAX_MS")"
printf '%-34s %9s %9s %9s  < %d KiB: %s (max)\n' "peak memory, VmHWM (KiB)" "$pm" "$pp" "$px" "$PEAK_MAX_KIB" \
    "$(verdict "$px" "$PEAK_MAX_KIB")"
echo "  ($(wc -l <"$TMP/keys") key presses over $RUNS runs)"
exit 0
