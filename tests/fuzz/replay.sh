#!/bin/sh
# Replays every seed (tests/fuzz/corpus/<target>/) and every kept crash
# (tests/fuzz/regress/<target>/) through its fuzz target built without libFuzzer
# (BUILD/tests/replay_fuzz_<target>). One ok/not ok line a target.
# Usage: tests/fuzz/replay.sh BUILD_DIR
set -u
BUILD=${1:-build}
pass=0
fail=0
for bin in "$BUILD"/tests/replay_fuzz_*; do
	case "$bin" in *.o|*.d) continue;; esac
	[ -x "$bin" ] || continue
	name=${bin##*/replay_fuzz_}
	n=0
	bad=""
	for f in tests/fuzz/corpus/"$name"/* tests/fuzz/regress/"$name"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if ! "$bin" "$f" >/dev/null 2>"$BUILD/tests/replay.err"; then
			bad="$bad $f"
			tail -5 "$BUILD/tests/replay.err"
		fi
	done
	if [ "$n" -eq 0 ]; then
		fail=$((fail + 1))
		echo "not ok - fuzz target $name: no seed inputs in tests/fuzz/corpus/$name"
	elif [ -z "$bad" ]; then
		pass=$((pass + 1))
		echo "ok - fuzz target $name: $n inputs replayed"
	else
		fail=$((fail + 1))
		echo "not ok - fuzz target $name: failed on$bad"
	fi
done
rm -f "$BUILD/tests/replay.err"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
