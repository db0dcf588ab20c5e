#!/bin/sh
# Runs the cmocka unit tests given as arguments; prints one summary line.
set -u
pass=0
fail=0
failed=""
for t in "$@"; do
	case "$t" in *.o|*.d) continue;; esac
	[ -x "$t" ] || continue
	if out=$("$t" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $(basename "$t")"
		printf '%s\n' "$out" | tail -30
	fi
done
echo "unit: $pass passed, $fail failed"
[ -n "$failed" ] && echo "failed:$failed"
[ "$fail" -eq 0 ]
