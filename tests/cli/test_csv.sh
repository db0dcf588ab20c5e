#!/usr/bin/env bash
# export --format csv --type KIND and import --format csv --type meal|activity: header row,
# RFC 4180 quoting, CRLF record ends, local times with their offset, the profile's units;
# a round trip with commas, quotes, newlines and UTF-8; bad rows named, nothing written;
# re-importing is idempotent (ids for meals, the goal + time key for activities).
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-12-04T10:00:00Z AILIFE_DB="$T/main.db" HOME="$T/home"
mkdir -p "$HOME"
lib_store_setup
A=$AILIFE_BIN
run() {
	out=$("$@" 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}

ana=$("$A" user create --name "Ana Müller" --timezone Europe/Berlin --units imperial)
export AILIFE_USER=$ana
g=$("$A" goal add 'Run, "far"' --target 100 --unit km)
"$A" meal add 'Müsli, "crunchy" 🥣' --calories 420 --protein 12.5 --type breakfast --at '2026-12-03 08:00' >/dev/null 2>&1
"$A" meal add 'soup' --calories 300 --at '2026-10-25T00:30:00.123Z' >/dev/null 2>&1
"$A" log "$g" 5 --note 'a, "b"; ü' --at '2026-12-01 07:00' >/dev/null 2>&1
"$A" log "$g" 2.5 --note plain --at '2026-10-25T00:30:00Z' >/dev/null 2>&1
"$A" log "$g" 1 --at '2026-10-25T01:30:00Z' >/dev/null 2>&1
"$A" journal add --title 'T, "x"' --tag a --tag 'b c' --body "$(printf 'line1\nline2 ünï')" --at '2026-12-02 20:00' >/dev/null 2>&1
"$A" workout add run --minutes 30 --distance 5mi --at '2026-12-02 18:00' >/dev/null 2>&1

# --- export
"$A" export --format csv --type meal >"$T/meals.csv"
check_eq "meal CSV: the header row, ended by CRLF" $'id,when,type,name,calories,protein,carbs,fat,goal\r' "$(head -n 1 "$T/meals.csv")"
check_contains "a name with a comma and quotes is quoted, its quotes doubled, UTF-8 kept" "$(cat "$T/meals.csv")" \
    ',2026-12-03 08:00:00+01:00,breakfast,"Müsli, ""crunchy"" 🥣",420,12.5,,,'
check_contains "milliseconds kept, the summer offset named" "$(cat "$T/meals.csv")" ',2026-10-25 02:30:00.123+02:00,'
check_eq "every record ends in CRLF" 3 "$(grep -c $'\r$' "$T/meals.csv")"
"$A" export --format csv --type activity >"$T/acts.csv"
check_eq "activity CSV: header" "goal,goal_title,when,amount,note" "$(head -n 1 "$T/acts.csv" | tr -d '\r')"
check_contains "the two 02:30 of the DST change told apart by their offsets" "$(cat "$T/acts.csv")" \
    "$(printf '2026-10-25 02:30:00+02:00,2.5,plain\r\n%s,"Run, ""far""",2026-10-25 02:30:00+01:00,1,' "$g")"
check_contains "a note with a comma and quotes is quoted" "$(cat "$T/acts.csv")" ',2026-12-01 07:00:00+01:00,5,"a, ""b""; ü"'

run "$A" export --format csv --type journal
check_contains "journal CSV: tags joined by ;, the body quoted with its newline" "$out" \
    "$(printf ',2026-12-02 20:00:00+01:00,"T, ""x""",,a;b c,,"line1\nline2 ünï"')"
run "$A" export --format csv --type workout
check_eq "workout CSV in the profile's units: distance_mi" "id,when,kind,minutes,distance_mi,calories,goal" "$(printf '%s' "$out" | head -n 1 | tr -d '\r')"
check_contains "5 mi shown as 5" "$out" ",2026-12-02 18:00:00+01:00,run,30,5,,"
run "$A" export --format csv --type goal
check_contains "goal CSV" "$out" "$g,\"Run, \"\"far\"\"\",,100,km,8.5,active,"
run "$A" export --format csv
check_rc "--format csv without --type: exit 2" 2 "$rc"
run "$A" export --format csv --type user
check_rc "--type user: exit 2" 2 "$rc"
check_contains "it names the value and the choices" "$err" "--type: 'user' is not one of meal, activity, journal, workout or goal"
run "$A" export --format xml
check_rc "--format xml: exit 2" 2 "$rc"
run "$A" export --format csv --type meal --all-users
check_rc "CSV of every user: exit 2" 2 "$rc"

# --- round trip into another store
lib_store_fresh "$T/other.db"
bea=$("$A" user create --id "$ana" --name "Ana Müller" --timezone Europe/Berlin --units imperial)
g2=$("$A" goal add 'Run, "far"' --target 100 --unit km --id "$g")
run "$A" import --format csv --type meal "$T/meals.csv"
check_rc "import of the meal CSV: exit 0" 0 "$rc"
check_eq "it says what it did" "imported 2 meals (0 already there)" "$out"
check_eq "the meals read back as they were exported" "$(cat "$T/meals.csv")" "$("$A" export --format csv --type meal)"
run "$A" import --format csv --type meal "$T/meals.csv"
check_eq "again: the ids are there, nothing written" "imported 0 meals (2 already there)" "$out"
run "$A" import --format csv --type activity <"$T/acts.csv"
check_rc "import of the activity CSV from stdin: exit 0" 0 "$rc"
check_eq "activities logged" "imported 3 activities (0 already there)" "$out"
check_eq "the goal's progress is their sum" 8.5 "$("$A" --json goal show "$g" | jq -r .progress)"
check_eq "the activities read back as they were exported" "$(cat "$T/acts.csv")" "$("$A" export --format csv --type activity)"
run "$A" import --format csv --type activity "$T/acts.csv"
check_eq "again: the goal + time keys are taken, nothing written" "imported 0 activities (3 already there)" "$out"
check_eq "progress unchanged by the second import" 8.5 "$("$A" --json goal show "$g" | jq -r .progress)"

# --- hand-written CSV: LF ends, any order of columns, local times in the profile's zone, no ids
printf 'name,calories,when\nbread,200,2026-12-04 12:00\n"tea, green",0,2026-12-04 16:00\n' >"$T/hand.csv"
run "$A" import --format csv --type meal "$T/hand.csv"
check_rc "a hand-written meal CSV: exit 0" 0 "$rc"
check_eq "its times read in the profile's zone, the type from the time of day" "lunch 2026-12-04T11:00:00.000Z" \
    "$("$A" --json meal list --from 2026-12-04 | jq -r '.[] | select(.name == "bread") | "\(.mealType) \(.occurredAt)"')"
run "$A" import --format csv --type meal "$T/hand.csv"
check_eq "without ids every import adds new meals" "imported 2 meals (0 already there)" "$out"

# --- bad rows: named by line and column, nothing written
n0=$("$A" export | wc -l)
printf 'when,name,calories\n2026-12-04 08:00,ok,100\n2026-12-04 09:00,"two\nlines",1\n2026-12-04 09:00,x,abc\n2026-13-04 09:00,x,1\n,y,1\n' >"$T/bad.csv"
run "$A" import --format csv --type meal "$T/bad.csv"
check_rc "bad rows: exit 2" 2 "$rc"
check_contains "a quoted newline read as a newline (names may not hold one), named where its record starts" "$err" \
    "bad.csv line 3, column 'name': name: control character U+000A not allowed"
check_contains "the next record's line counted after it" "$err" "bad.csv line 5, column 'calories':"
check_contains "a bad time named" "$err" "bad.csv line 6, column 'when': month 13"
check_contains "an empty required cell named" "$err" "bad.csv line 7, column 'when': empty, and it is required"
check_contains "and the total" "$err" "4 bad rows: nothing written"
check_eq "nothing written" "$n0" "$("$A" export | wc -l)"
printf 'when,name,calories,colour\n' >"$T/bad2.csv"
run "$A" import --format csv --type meal "$T/bad2.csv"
check_rc "an unknown column: exit 2" 2 "$rc"
check_contains "it names the column" "$err" "line 1, column 'colour': unknown column for --type meal"
printf 'when,name\n' >"$T/bad3.csv"
run "$A" import --format csv --type meal "$T/bad3.csv"
check_contains "a required column missing" "$err" "column 'calories': missing from the header"
printf 'when,name,calories\n2026-12-04 08:00,"open,1\n' >"$T/bad4.csv"
run "$A" import --format csv --type meal "$T/bad4.csv"
check_rc "an unclosed quote: exit 2" 2 "$rc"
check_contains "it says where the quote opened" "$err" "a quoted field opened on line 2 is not closed"
printf 'goal,when,amount\nNOSUCHGOAL,2026-12-04 08:00,1\n%s,2026-12-04 08:00,-\n' "$g" >"$T/bad5.csv"
run "$A" import --format csv --type activity "$T/bad5.csv"
check_rc "activities of no such goal: exit 2" 2 "$rc"
check_contains "the goal named" "$err" "line 2, column 'goal': "
check_contains "a bad amount named" "$err" "line 3, column 'amount': "
check_eq "nothing written by the bad imports" "$n0" "$("$A" export | wc -l)"
run "$A" import --format csv --type workout "$T/hand.csv"
check_rc "CSV import of workouts is not offered: exit 2" 2 "$rc"
run "$A" --read-only import --format csv --type meal "$T/hand.csv"
check_rc "under --read-only: exit 2" 2 "$rc"
check_eq "nothing written under --read-only" "$n0" "$("$A" export | wc -l)"

finish
