#!/bin/bash
# The client's own cost of a list (issue 17): instructions of a month's activities from a
# 10-year embedded store, the whole process counted by callgrind (repeatable whatever else
# the machine does), against the floor: the sqlite3 shell printing the same rows' item JSON.
# Usage: tests/bench/decode.sh BUILD_DIR   (make bench; builds nothing, runs BUILD_DIR/ailife)
# Reports, does not gate: the exit status is 1 only when the figures could not be measured.
set -u
set -o pipefail

BUILD=${1:-}
if [ -z "$BUILD" ]; then
	echo "usage: tests/bench/decode.sh BUILD_DIR" >&2
	exit 2
fi
BIN=$(cd "$BUILD" 2>/dev/null && pwd)/ailife
if [ ! -x "$BIN" ]; then
	echo "bench decode: $BUILD/ailife is not built (run make first)" >&2
	exit 1
fi
. "$(dirname "$0")/../need.sh"
need "bench decode" valgrind sqlite3 jq || exit 1

NOW=2026-11-26T12:00:00Z
SEED=7
RATIO_MAX=2

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ailife-bench-decode.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
cp "$BIN" "$TMP/ailife" || exit 1
BIN=$TMP/ailife
unset AILIFE_STORE AILIFE_DB AILIFE_TABLE AILIFE_USER AILIFE_NOW AILIFE_CONFIG
# No ~/.sqliterc, no config of the caller's.
export HOME="$TMP" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data"
DB=$TMP/ten-years.db

if ! out=$("$BIN" --db "$DB" --now "$NOW" demo --days 3650 --seed "$SEED" 2>&1); then
	echo "bench decode: demo --days 3650 failed:" >&2
	printf '%s\n' "$out" >&2
	exit 1
fi
U=$("$BIN" --db "$DB" --json user list | jq -r '.[0].id') || exit 1

# Instructions of one whole process (its stdout thrown away).
instructions() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*I *refs: *//p' | tr -d ,
}

millions() {
	awk -v n="$1" 'BEGIN { printf "%.1fM", n / 1e6 }'
}

LIST=(--db "$DB" --user "$U" --now "$NOW" activity list --from -30d)
if ! json=$("$BIN" --db "$DB" --user "$U" --now "$NOW" --json activity list --from -30d); then
	echo "bench decode: activity list failed" >&2
	exit 1
fi
count=$(printf '%s' "$json" | jq length)
first=$(printf '%s' "$json" | jq -r 'map(.occurredAt) | min')
last=$(printf '%s' "$json" | jq -r 'map(.occurredAt) | max')
# The same rows as the list's Query reads: GSI2 of the user's activities between the two times.
TNAME=$(sqlite3 "$DB" "SELECT tname FROM tables LIMIT 1") || exit 1
SQL="SELECT item FROM items INDEXED BY items_gsi2 WHERE tname = '$TNAME' AND gsi2pk = 'USER#$U#ACTIVITY'"
SQL="$SQL AND gsi2pk IS NOT NULL AND gsi2sk IS NOT NULL AND gsi2sk >= '$first' AND gsi2sk < '$last~'"
SQL="$SQL ORDER BY gsi2sk"
rows=$(sqlite3 "$DB" "$SQL" | wc -l)
if [ "$rows" != "$count" ]; then
	echo "bench decode: the sqlite3 shell reads $rows rows, ailife lists $count" >&2
	exit 1
fi

floor=$(instructions sqlite3 "$DB" "$SQL")
plain=$(instructions "$BIN" "${LIST[@]}")
asjson=$(instructions "$BIN" --json "${LIST[@]}")
if [ -z "$floor" ] || [ -z "$plain" ] || [ -z "$asjson" ]; then
	echo "bench decode: callgrind gave no count" >&2
	exit 1
fi

echo "== a month's list on the 10-year embedded store (instructions, callgrind, whole process)"
printf '  %-40s %9s\n' "sqlite3 shell, the same $rows rows' JSON" "$(millions "$floor")"
for pair in "activity list --from -30d:$plain" "--json activity list --from -30d:$asjson"; do
	name=${pair%:*}
	n=${pair##*:}
	printf '  %-40s %9s  %sx the sqlite3 shell (target: at most %sx)\n' "$name ($count)" "$(millions "$n")" \
	    "$(awk -v a="$n" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" "$RATIO_MAX"
done
echo
