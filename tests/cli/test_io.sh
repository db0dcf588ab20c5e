#!/usr/bin/env bash
# ailife export / import: round trips, idempotence, all-or-nothing checks of every line.
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
export TZ=Europe/Berlin
NOW=2026-11-26T12:00:00Z
ai() { "$AILIFE_BIN" --now "$NOW" "$@"; }

ai --db "$T/src.db" demo --days 20 >/dev/null 2>&1
check_rc "demo for the source db" 0 $?
ai --db "$T/src.db" export --all-users >"$T/src.jsonl"
n=$(wc -l <"$T/src.jsonl" | tr -d ' ')
check_true "export has items ($n)" test "$n" -gt 50
check_eq "export lines are sorted compact JSON" "" "$(grep -v '^{"' "$T/src.jsonl" | head -3)"
if command -v jq >/dev/null 2>&1; then
	check_eq "every exported line is one compact JSON object with sorted keys" \
	    "$(cat "$T/src.jsonl")" "$(jq -c -S . "$T/src.jsonl")"
fi
uid=$(head -1 "$T/src.jsonl" | sed -E 's/.*"userId":\{"S":"([^"]*)".*/\1/')

# --- round trip ---
out=$(ai --db "$T/dst.db" import "$T/src.jsonl" 2>&1); rc=$?
check_rc "import of an export" 0 $rc
check_eq "import says how many" "imported $n items" "$out"
ai --db "$T/dst.db" export --all-users >"$T/dst.jsonl"
check_true "export | import | export is identical" cmp -s "$T/src.jsonl" "$T/dst.jsonl"
out=$(ai --db "$T/dst.db" import "$T/src.jsonl" 2>&1); rc=$?
check_rc "importing the same file twice" 0 $rc
ai --db "$T/dst.db" export --all-users >"$T/dst2.jsonl"
check_true "a second import changes nothing" cmp -s "$T/src.jsonl" "$T/dst2.jsonl"

out=$(cat "$T/src.jsonl" | ai --db "$T/pipe.db" --json import 2>&1); rc=$?
check_rc "import from a pipe" 0 $rc
check_eq "--json import" "{\"imported\": $n}" "$(printf '%s' "$out" | tr -d '\n ' | sed 's/:/: /')"
ai --db "$T/pipe.db" export --all-users >"$T/pipe.jsonl"
check_true "import from a pipe gives the same data" cmp -s "$T/src.jsonl" "$T/pipe.jsonl"
out=$(ai --db "$T/dash.db" import - <"$T/src.jsonl" 2>&1); rc=$?
check_rc "import - reads stdin" 0 $rc
ai --db "$T/dash.db" export --all-users >"$T/dash.jsonl"
check_true "import - gives the same data" cmp -s "$T/src.jsonl" "$T/dash.jsonl"

# CRLF line ends, blank lines and a last line without a newline.
{ head -3 "$T/src.jsonl"; echo; echo "   "; sed -n '4,$p' "$T/src.jsonl"; } | sed 's/$/\r/' | head -c -2 >"$T/crlf.jsonl"
out=$(ai --db "$T/crlf.db" import <"$T/crlf.jsonl" 2>&1); rc=$?
check_rc "CRLF, blank lines, no final newline (stdin)" 0 $rc
check_eq "blank lines are not items" "imported $n items" "$out"
ai --db "$T/crlf.db" export --all-users >"$T/crlf.out"
check_true "and the data is the same" cmp -s "$T/src.jsonl" "$T/crlf.out"
out=$(ai --db "$T/crlf2.db" import "$T/crlf.jsonl" 2>&1); rc=$?
check_rc "the same from a file" 0 $rc
check_eq "the same count from a file" "imported $n items" "$out"

# --- empty input ---
out=$(ai --db "$T/empty.db" import </dev/null 2>&1); rc=$?
check_rc "empty input" 0 $rc
check_eq "empty input imports 0" "imported 0 items" "$out"
printf '\n\n  \n' >"$T/blank.jsonl"
out=$(ai --db "$T/empty.db" import "$T/blank.jsonl" 2>&1); rc=$?
check_rc "blank lines only" 0 $rc
check_eq "blank lines only import 0" "imported 0 items" "$out"
err=$(ai --db "$T/empty.db" import "$T/does-not-exist.jsonl" 2>&1); rc=$?
check_rc "a missing file is refused" 2 $rc
check_contains "naming the file" "$err" "does-not-exist.jsonl"
err=$(ai --db "$T/empty.db" import "$T" 2>&1); rc=$?
check_rc "a directory is refused" 2 $rc
check_contains "saying so" "$err" "is a directory"

# --- export of one user among several ---
ai --db "$T/two.db" import "$T/src.jsonl" >/dev/null 2>&1
ai --db "$T/two.db" demo --seed 7 --days 3 >/dev/null 2>&1
ai --db "$T/two.db" export --all-users >"$T/two.jsonl"
check_true "--all-users exports both users" test "$(wc -l <"$T/two.jsonl")" -gt "$n"
ai --db "$T/two.db" export >/dev/null 2>&1
check_rc "export without --user among several users" 2 $?
ai --db "$T/two.db" --user "$uid" export >"$T/one.jsonl"
check_true "export --user ID exports that user only" cmp -s "$T/src.jsonl" "$T/one.jsonl"

# --- non-canonical numbers are written canonically ---
meal=$(grep -m1 '"type":{"S":"MEAL"}' "$T/src.jsonl")
kcal=$(printf '%s' "$meal" | sed -E 's/.*"calories":\{"N":"([0-9]+)"\}.*/\1/')
user=$(grep -m1 '"type":{"S":"USER"}' "$T/src.jsonl")
{ printf '%s\n' "$user"; printf '%s\n' "$meal" | sed -E "s/\"calories\":\\{\"N\":\"$kcal\"\\}/\"calories\":{\"N\":\"${kcal}.000\"}/"; } >"$T/canon.jsonl"
check_contains "the test line has a non-canonical number" "$(cat "$T/canon.jsonl")" "\"${kcal}.000\""
ai --db "$T/canon.db" import "$T/canon.jsonl" >/dev/null 2>&1
check_rc "a non-canonical number is accepted" 0 $?
check_eq "and stored in canonical form" "$(printf '%s\n%s' "$meal" "$user" | sort)" "$(ai --db "$T/canon.db" --user "$uid" export 2>&1 | sort)"

# --- bad lines: exit 2, the line named, nothing written ---
good1=$(sed -n 1p "$T/src.jsonl")
good2=$(sed -n 2p "$T/src.jsonl")
journal=$(grep -m1 '"mood":{"N":"' "$T/src.jsonl")
goal=$(grep -m1 '"type":{"S":"GOAL"}' "$T/src.jsonl")
meal_id=$(printf '%s' "$meal" | sed -E 's/.*"mealId":\{"S":"([^"]*)".*/\1/')

# bad_case NAME LINE EXPECTED_TEXT: the bad line goes on line 4 (after a good line, a blank, a good line).
bad_case() {
	local name=$1 line=$2 want=$3 db="$T/bad-$RANDOM$RANDOM.db"
	printf '%s\n\n%s\n%s\n' "$good1" "$good2" "$line" >"$T/bad.jsonl"
	err=$(ai --db "$db" import "$T/bad.jsonl" 2>&1 >/dev/null); rc=$?
	check_rc "$name: exit 2" 2 $rc
	check_contains "$name: line 4 is named" "$err" "ailife: import: line 4: "
	check_contains "$name: says why" "$err" "$want"
	check_eq "$name: nothing imported" "" "$(ai --db "$db" export --all-users 2>&1)"
}
bad_case "bad JSON" '{"PK": {"S": "USER#x"' "not valid JSON"
bad_case "unknown type" "${meal/\"type\":\{\"S\":\"MEAL\"\}/\"type\":{\"S\":\"WIDGET\"\}}" "WIDGET"
bad_case "bad key" "${meal/\"SK\":\{\"S\":\"MEAL#/\"SK\":{\"S\":\"MEAL#X}" "SK"
bad_case "# in an id" "${meal//$meal_id/AB#CD}" "mealId"
bad_case "mood 7" "$(printf '%s' "$journal" | sed -E 's/"mood":\{"N":"[0-9]"\}/"mood":{"N":"7"}/')" "mood"
bad_case "negative calories" "$(printf '%s' "$meal" | sed -E 's/"calories":\{"N":"[0-9.]+"\}/"calories":{"N":"-5"}/')" "calories"
bad_case "control character in a title" "$(printf '%s' "$goal" | sed -E 's/"title":\{"S":"/"title":{"S":"Bell\\u0007 /')" "title"
bad_case "not an object" '[1, 2, 3]' "not a JSON object"
bad_case "deep nesting" '{"a":{"b":{"c":{"d":{"e":1}}}}}' "nested"
bad_case "duplicate member" "${good1/\{/\{\"PK\":\{\"S\":\"USER#x\"\},}" "duplicate"
bad_case "duplicate key in the file" "$good2" "already on line 3"
bad_case "a number where a string belongs" "${meal/\"name\":\{\"S\":/\"name\":\{\"N\":}" "name"
bad_case "trailing garbage" "$good1 x" "not valid JSON"
bad_case "invalid UTF-8" "$(printf '%s' "$meal" | sed -E 's/"name":\{"S":"/"name":{"S":"\xff/')" "not valid JSON"
bad_case "a line over 500 KB" "{\"PK\":{\"S\":\"$(head -c 520000 /dev/zero | tr '\0' 'a')\"}}" "longer than 500 KB"

# Many bad lines: 20 named, then a count.
{ for i in $(seq 1 25); do echo '{"oops"'; done; cat "$T/src.jsonl"; } >"$T/many.jsonl"
err=$(ai --db "$T/many.db" import "$T/many.jsonl" 2>&1 >/dev/null); rc=$?
check_rc "25 bad lines: exit 2" 2 $rc
check_eq "20 bad lines are named" 20 "$(printf '%s\n' "$err" | grep -c 'ailife: import: line [0-9]*: ')"
check_contains "then the rest are counted" "$err" "... and 5 more bad lines"
check_eq "nothing imported with good lines after bad ones" "" "$(ai --db "$T/many.db" export --all-users 2>&1)"

# A bad line at the very end of stdin still stops everything.
err=$({ cat "$T/src.jsonl"; echo '{"PK":{"S":"USER#x"},"SK":{"S":"PROFILE"}}'; } | ai --db "$T/late.db" import 2>&1 >/dev/null); rc=$?
check_rc "a bad last line on stdin: exit 2" 2 $rc
check_contains "names its line" "$err" "line $((n + 1)): "
check_eq "and nothing is imported" "" "$(ai --db "$T/late.db" export --all-users 2>&1)"

finish
