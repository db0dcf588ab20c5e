#!/bin/sh
# The whole suite: unit tests, the contract suite on the embedded store and on
# DynamoDB Local (started here on a free loopback port, stopped by pid), and
# the command-line tests.
# Usage: tests/run-all.sh BUILD_DIR
set -u
BUILD=${1:-build}
export AILIFE_BIN="$PWD/$BUILD/ailife"
export AILIFE_BUILD="$PWD/$BUILD"
status=0
total_pass=0
total_fail=0
work=$(mktemp -d)
log="$work/log"

cleanup() {
	for f in "$work"/beside.*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	bash tests/ddb/dynamodb-local.sh stop "$work" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

count() {
	# Adds the "N passed, M failed" of a part's last summary line to the totals.
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	p=$(printf '%s' "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed.*/\2/')
	f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
	[ -n "$line" ] || { total_fail=$((total_fail + 1)); echo "(no summary line: counted as a failure)"; }
}

wait_beside() {
	# wait_beside LOG: the exit status of the test started in the background with that log.
	wait "$(cat "$1.pid")"
	rc=$?
	cat "$1"
	return $rc
}

part() {
	# part NAME CMD...: runs one part, shows what failed, counts.
	name=$1
	shift
	echo "== $name"
	"$@" >"$log" 2>&1 || status=1
	grep -v '^ok - \|^\[       OK \]\|^\[ RUN      \]' "$log"
	count "$log"
	no_secret "$name" "$log"
}

# no_secret NAME LOG: no secret the tests hand out (DynamoDB Local's example key, the fakes'
# keys and tokens, which carry S3CR3T and T0K3N) in what a part printed: a failure if one is.
no_secret() {
	n=$(grep -c -F -e 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' -e 'S3CR3T' -e 'T0K3N' "$2")
	if [ "${n:-0}" -gt 0 ]; then
		echo "not ok - $1: $n line(s) of its output hold a secret"
		total_fail=$((total_fail + 1))
		status=1
	fi
}

# The slowest command-line tests (a million-line import, ten years of demo data) use the CPU
# while the rest mostly waits on terminals and DynamoDB Local: they run beside it, each with
# a log of its own, reported and counted at the end.
BESIDE="tests/cli/test_hostile.sh tests/cli/test_demo.sh"
for t in $BESIDE; do
	bash "$t" >"$work/beside.$(basename "$t")" 2>&1 &
	echo "$!" >"$work/beside.$(basename "$t").pid"
done

part "unit tests (contract suite on the embedded store included)" sh tests/run-unit.sh "$BUILD"/tests/test_*
part "fuzz targets: seeds and kept crashes replayed" sh tests/fuzz/replay.sh "$BUILD"

echo "== starting DynamoDB Local"
if url=$(bash tests/ddb/dynamodb-local.sh start "$work"); then
	echo "DynamoDB Local at $url"
	export AILIFE_DDB_ENDPOINT="$url"
	part "contract suite on DynamoDB Local" env AILIFE_CONTRACT_BACKEND=dynamodb AILIFE_CONTRACT_ENDPOINT="$url" \
		sh tests/run-unit.sh "$BUILD"/tests/test_contract
	part "command-line tests on DynamoDB Local" env AILIFE_TEST_STORE=dynamodb bash tests/cli/test_cli.sh
	part "terminal interface on DynamoDB Local" env AILIFE_TEST_STORE=dynamodb bash tests/tui/test_tui.sh
	for t in tests/tui/test_*.sh; do
		[ "$t" = tests/tui/test_tui.sh ] && continue
		part "$t on DynamoDB Local" env AILIFE_TEST_STORE=dynamodb bash "$t"
	done
	# Every command-line test file marked "# stores: both" runs on DynamoDB Local too.
	for t in tests/cli/test_*.sh; do
		grep -q '^# stores: both$' "$t" || continue
		part "$t on DynamoDB Local" env AILIFE_TEST_STORE=dynamodb bash "$t"
	done
else
	echo "DynamoDB Local did not start: counted as a failure"
	status=1
	total_fail=$((total_fail + 1))
fi

for t in tests/ddb/test_*.sh; do
	[ -f "$t" ] || continue
	part "$t" bash "$t"
done

# The credential sources against local fakes (tests/creds/).
for t in tests/creds/test_*.sh; do
	[ -f "$t" ] || continue
	part "$t" bash "$t"
done

part "terminal interface (tmux) on the embedded store" bash tests/tui/test_tui.sh
# The interface's other tmux tests (issues 12 and 13), on the embedded store.
for t in tests/tui/test_*.sh; do
	[ "$t" = tests/tui/test_tui.sh ] && continue
	part "$t" bash "$t"
done

for t in tests/cli/test_*.sh; do
	[ -f "$t" ] || continue
	case " $BESIDE " in *" $t "*) continue ;; esac
	part "$t" bash "$t"
done

for t in $BESIDE; do
	part "$t (run beside the others)" wait_beside "$work/beside.$(basename "$t")"
done

part "static analysis (cppcheck)" sh tests/lint/run.sh
part "the folders' dependencies run one way (doc/architecture.md)" bash tests/lint/test_layout.sh
part "the programs the scripts run are installed by the project" bash tests/lint/test_tools.sh

echo
echo "all: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] || status=1
exit $status
