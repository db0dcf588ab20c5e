#!/bin/bash
# The folders' dependencies run one way (doc/architecture.md): tests/lint/layout.py on the
# tree, and on a copy with breaks put in, to show it catches them.
# Usage: bash tests/lint/test_layout.sh (from the project's root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; shift; printf '#   %s\n' "$@"; }

out=$(python3 tests/lint/layout.py 2>&1)
if [ $? = 0 ]; then ok "$(printf '%s\n' "$out" | sed -n 's/^ok - //p')"; else not_ok "the includes run the way doc/architecture.md says" "$out"; fi

# copy: the product folders and the exceptions, in $work/tree.
copy() {
	rm -rf "$work/tree"
	mkdir -p "$work/tree/tests/lint"
	cp -r util config datastore tui views cli "$work/tree/"
	cp tests/lint/layout-exceptions.txt "$work/tree/tests/lint/" 2>/dev/null
}
# caught NAME FILE LINE WANTED: LINE added at the top of FILE in a copy makes the check fail with WANTED.
caught() {
	copy
	{ printf '%s\n' "$3"; cat "$work/tree/$2"; } >"$work/f" && mv "$work/f" "$work/tree/$2"
	out=$(python3 tests/lint/layout.py --root "$work/tree" 2>&1)
	rc=$?
	case "$out" in
	*"$4"*) [ $rc != 0 ] && ok "caught: $1" || not_ok "caught: $1" "exit 0" "$out" ;;
	*) not_ok "caught: $1" "wanted: $4" "$out" ;;
	esac
}
caught "tui/ including cli/" tui/list.c '#include "cli/cli.h"' "tui/list.c:1: includes cli/cli.h"
caught "tui/ including views/" tui/draw.c '#include "views/views.h"' "tui/draw.c:1: includes views/views.h"
caught "views/ including cli/" views/timeline.c '#include "cli/cli.h"' "views/timeline.c:1: includes cli/cli.h"
caught "the datastore core including a backend" datastore/keys.c '#include "datastore/ddb/ddb.h"' "datastore/keys.c:1: includes datastore/ddb/ddb.h"
caught "a backend including its sibling" datastore/local/local.c '#include "datastore/ddb/ddb.h"' "datastore/local/local.c:1: includes datastore/ddb/ddb.h"
caught "a backend header included beside it" datastore/ddb/http.c '#include "../local/local.h"' "includes datastore/local/local.h"
caught "config/ including the datastore" config/config.c '#include "datastore/model.h"' "config/config.c:1: includes datastore/model.h"
caught "util/ including anything above it" util/buf.c '#include "datastore/keys.h"' "util/buf.c:1: includes datastore/keys.h"
caught "a backend compared by address" views/meals.c 'static int f(struct table *t) { return t->backend == &ddb_backend; }' "compares a backend with &ddb_backend"
# A listed exception that no longer occurs.
copy
echo "views/meals.c -> cli/cli.h: gone" >>"$work/tree/tests/lint/layout-exceptions.txt"
out=$(python3 tests/lint/layout.py --root "$work/tree" 2>&1)
case "$out" in
*"'views/meals.c -> cli/cli.h' no longer occurs"*) ok "caught: a stale exception" ;;
*) not_ok "caught: a stale exception" "$out" ;;
esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
