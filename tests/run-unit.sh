#!/bin/sh
# Runs the cmocka unit tests given as arguments; prints one summary line with
# the number of test cases passed and failed over all of them.
set -u
pass=0
fail=0
failed=""
for t in "$@"; do
	case "$t" in *.o|*.d) continue;; esac
	[ -x "$t" ] || continue
	out=$("$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		# A crash or a failed test: count at least one failure and show the end of the output.
		[ "${f:-0}" -eq 0 ] && fail=$((fail + 1))
		failed="$failed $(basename "$t")"
		printf '%s\n' "$out" | grep -v '^\[       OK \]\|^\[ RUN      \]' | tail -40
	fi
	echo "$(basename "$t"): ${p:-0} passed, ${f:-0} failed" >&2
done
[ -n "$failed" ] && echo "failed:$failed"
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
