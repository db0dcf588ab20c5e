#!/bin/sh
# The whole suite: unit tests, the contract suite on every backend available, the CLI tests.
# Usage: tests/run-all.sh BUILD_DIR
set -u
BUILD=${1:-build}
export AILIFE_BIN="$PWD/$BUILD/ailife"
export AILIFE_BUILD="$PWD/$BUILD"
status=0
total_pass=0
total_fail=0

count() {
	# Reads "N passed, M failed" from the last summary line of a part's output.
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	p=$(printf '%s' "$line" | sed -E 's/.*[^0-9]?([0-9]+) passed.*/\1/')
	f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
}

log=$(mktemp)
echo "== unit tests"
sh tests/run-unit.sh "$BUILD"/tests/test_* >"$log" 2>&1 || status=1
cat "$log"; count "$log"

for t in tests/cli/test_*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	bash "$t" >"$log" 2>&1 || status=1
	grep -v '^ok - ' "$log"
	count "$log"
done
rm -f "$log"
echo
echo "all: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] || status=1
exit $status
