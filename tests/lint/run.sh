#!/bin/sh
# Static analysis of the sources with cppcheck (make lint; a part of make test).
#
# Checks on: warning, style, performance, portability (real bugs are in all
# of them), and information, for the suppressions that no longer match
# anything. tests/lint/cppcheck.supp turns off what does not fit the tree as a
# whole, each with its reason; a finding at one place is answered there, with a
# "cppcheck-suppress ID ; why it is fine" comment on the line before it.
# tests/lint/cppcheck.cfg tells cppcheck the jansson and curses macros it must
# expand; the system headers themselves are not analysed (the --library
# configurations describe libc, POSIX, curl, OpenSSL, SQLite and zlib).
#
# One process on purpose (no -j): with -j, cppcheck 2.10 does not emit its
# missingIncludeSystem note and then calls that line of cppcheck.supp an
# unmatched suppression. The whole run takes about 10 seconds anyway.
#
# Prints "ok - ..." or "not ok - ..." (with the findings), then "N passed, M failed";
# exits non-zero on any finding.
# Usage: tests/lint/run.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

ok() {
	pass=$((pass + 1))
	printf 'ok - %s\n' "$1"
}

not_ok() {
	fail=$((fail + 1))
	printf 'not ok - %s\n' "$1"
	[ -s "${2:-/dev/null}" ] && sed 's/^/#   /' "$2"
}

finish() {
	echo "lint: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

if ! command -v cppcheck >/dev/null 2>&1; then
	not_ok "static analysis: cppcheck is not installed (Debian package cppcheck)"
	finish
fi
version=$(cppcheck --version 2>/dev/null | sed 's/^Cppcheck //')

# cppcheck FILE...: the tree's configuration; findings one a line in $work/out.
cppcheck_run() {
	cppcheck --quiet --language=c --std=c11 \
	    --enable=warning,style,performance,portability,information \
	    --library=posix,gnu,libcurl,openssl,sqlite3,zlib --library=tests/lint/cppcheck.cfg \
	    -I. -D_GNU_SOURCE '-DAILIFE_VERSION="lint"' \
	    --inline-suppr --suppressions-list=tests/lint/cppcheck.supp --error-exitcode=1 \
	    --template='{file}:{line}:{column}: {severity}: {id}: {message}' \
	    "$@" >"$work/stdout" 2>"$work/out"
}

# The sources of the Makefile's SRC_DIRS; their headers are checked through them.
set -- util/*.c datastore/*.c datastore/local/*.c datastore/ddb/*.c datastore/migrate/*.c config/*.c cli/*.c tui/*.c views/*.c
nfiles=$#
start=$(date +%s)
cppcheck_run "$@"
rc=$?
secs=$(($(date +%s) - start))
n=$(grep -c ': [a-z]*: [A-Za-z0-9_]*: ' "$work/out")
if [ "$rc" -eq 0 ] && [ "$n" -eq 0 ]; then
	ok "static analysis (cppcheck $version): $nfiles files, 0 findings (${secs}s)"
else
	[ "$n" -eq 0 ] && cat "$work/stdout" >>"$work/out"
	not_ok "static analysis (cppcheck $version): $nfiles files, $n findings (exit status $rc)" "$work/out"
fi

# The same configuration still sees a defect: a run with nothing enabled would also say 0.
mkdir -p "$work/src"
cat >"$work/src/planted.c" <<'EOF'
#include <stdlib.h>
#include <string.h>

int
planted(const char *s)
{
	char copy[8];
	char *p = malloc(16);

	if (p == NULL)
		return -1;
	strcpy(copy, "ninebytes");
	return (int)strlen(s) + copy[0];
}
EOF
cppcheck_run "$work/src/planted.c"
if grep -q ': error: bufferAccessOutOfBounds: ' "$work/out" && grep -q ': error: memleak: ' "$work/out"; then
	ok "the same configuration reports a planted overflow and leak"
else
	not_ok "the same configuration reports a planted overflow and leak" "$work/out"
fi

# An inline suppression that no longer matches a finding is a finding itself.
cat >"$work/src/stale.c" <<'EOF'
int
stale(int a)
{
	/* cppcheck-suppress nullPointer ; there is no pointer here */
	return a + 1;
}
EOF
if ! cppcheck_run "$work/src/stale.c" && grep -q 'stale.c:5:.*unmatchedSuppression: Unmatched suppression: nullPointer' "$work/out"; then
	ok "an inline suppression that matches nothing fails the run"
else
	not_ok "an inline suppression that matches nothing fails the run" "$work/out"
fi

finish
