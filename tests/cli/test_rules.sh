#!/usr/bin/env bash
# The data rules of the writes (issue 12): goal dates, the completion rule on every path,
# logs to goals that are not active, progress == sum of activities (import, check), CRLF.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
export TZ=Europe/Berlin AILIFE_NOW=2026-11-26T12:00:00Z
export AILIFE_DB="$T/db.sqlite" XDG_DATA_HOME="$T/data" HOME="$T/home"
lib_store_setup
ai() { "$AILIFE_BIN" "$@"; }
# run CMD...: sets $out, $err, $rc
run() { out=$("$@" 2>"$T/err"); rc=$?; err=$(cat "$T/err"); }
field() { sed -E "s/.*\"$1\": *\"?([^\",}]*)\"?.*/\1/"; }

ai user create --name Ana --timezone Europe/Berlin --id ana >/dev/null
export AILIFE_USER=ana

# --- a goal cannot start after it is due
run ai goal add "Read" --target 10 --unit books --start 2026-06-01 --due 2026-01-01
check_rc "goal add: start after due refused" 2 "$rc"
check_contains "goal add: names the start" "$err" "2026-06-01"
check_contains "goal add: names the due date" "$err" "2026-01-01"
check_eq "goal add: nothing written" "" "$(ai goal list --status all 2>/dev/null | grep Read)"
g=$(ai goal add "Read" --target 10 --unit books --start 2026-01-01 --due 2026-06-01)
check_rc "goal add: start before due" 0 $?
run ai goal edit "$g" --start 2026-07-01
check_rc "goal edit: start after due refused" 2 "$rc"
check_contains "goal edit: names both dates" "$err" "2026-07-01 is after dueDate 2026-06-01"

# --- the completion rule
run1=$(ai goal add "Run" --target 10 --unit km)
ai log "$run1" 5 >/dev/null
ai goal edit "$run1" --target 4 >/dev/null
check_eq "target edited below progress completes an active goal" completed \
    "$(ai --json goal show "$run1" | tr -d '\n' | field status)"
ai goal edit "$run1" --target 20 >/dev/null
check_eq "raising the target does not reopen it" completed \
    "$(ai --json goal show "$run1" | tr -d '\n' | field status)"

run2=$(ai goal add "Swim" --target 3 --unit km)
ai log "$run2" 1 --at 2026-11-25T08:00:00Z >/dev/null
ai log "$run2" 2 --at 2026-11-25T09:00:00Z >/dev/null
check_eq "log reaching the target completes" completed "$(ai --json goal show "$run2" | tr -d '\n' | field status)"
ai activity delete "$run2" 2026-11-25T09:00:00.000Z >/dev/null
check_eq "deleting an activity does not reopen a completed goal" completed \
    "$(ai --json goal show "$run2" | tr -d '\n' | field status)"

run3=$(ai goal add "Walk" --target 2 --unit km)
ai goal status "$run3" paused >/dev/null
note=$(ai log "$run3" 5 2>&1 >/dev/null)
check_eq "a log to a paused goal says so" \
    "ailife: log: note: the goal is paused: the activity counts toward its progress, and the goal stays paused" "$note"
check_eq "logging past the target keeps a paused goal paused" paused \
    "$(ai --json goal show "$run3" | tr -d '\n' | field status)"
ai goal status "$run3" archived >/dev/null
note=$(ai log "$run3" 1 2>&1 >/dev/null)
check_contains "a log to an archived goal says so" "$note" "the goal is archived"
run4=$(ai goal add "Row" --target 1 --unit km)
ai log "$run4" 1 >/dev/null 2>&1
note=$(ai log "$run4" 1 2>&1 >/dev/null)
check_contains "a log to a completed goal says so" "$note" "the goal was already completed"
check_eq "logging keeps an archived goal archived" archived \
    "$(ai --json goal show "$run3" | tr -d '\n' | field status)"

# --- progress == the sum of activities: import refuses a file that disagrees; check verifies a store
# corrupt_progress GOAL N: sets a stored goal's progress behind ailife's back (another tool).
corrupt_progress() {
	if [ "${AILIFE_TEST_STORE:-local}" = dynamodb ]; then
		# DynamoDB's JSON protocol by hand (tests/ddb/legacy_tables.py): no SDK or AWS CLI needed.
		python3 "$(dirname "$0")/../ddb/legacy_tables.py" call "$AILIFE_DDB_ENDPOINT" UpdateItem \
		    "{\"TableName\":\"$AILIFE_TABLE\",\"Key\":{\"PK\":{\"S\":\"USER#ana\"},\"SK\":{\"S\":\"GOAL#$1\"}},
		      \"UpdateExpression\":\"SET progress = :p\",\"ExpressionAttributeValues\":{\":p\":{\"N\":\"$2\"}}}" >/dev/null
	else
		python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE items SET item = json_set(item, \"$.progress.N\", ?) WHERE sk = ?", (sys.argv[3], "GOAL#" + sys.argv[2]))
db.commit()' "$AILIFE_DB" "$1" "$2"
	fi
}
run ai check
check_rc "check: a consistent store" 0 "$rc"
check_contains "check: says how many goals" "$out" "ok: 5 goals"
ai export >"$T/good.jsonl"
gl=$(grep -n "\"SK\":{\"S\":\"GOAL#$run2\"}" "$T/good.jsonl" | cut -d: -f1)
sed -E "${gl}s/\"progress\":\\{\"N\":\"[^\"]*\"\\}/\"progress\":{\"N\":\"999\"}/" "$T/good.jsonl" >"$T/bad.jsonl"
check_true "the bad file differs in one line" test "$(diff "$T/good.jsonl" "$T/bad.jsonl" | grep -c '^>')" = 1
lib_store_fresh "$T/fresh.db"
run ai import "$T/bad.jsonl"
check_rc "import: progress that disagrees is refused" 2 "$rc"
check_contains "import: names the line and both figures" "$err" "line $gl: goal $run2: progress is 999 but its 1 activity adds up to 1"
check_contains "import: nothing written" "$err" "nothing imported"
check_eq "import: the fresh store stays empty" "" "$(ai user list 2>/dev/null | grep ana)"
# Any order: activities before their goal.
{ grep ACTIVITY "$T/good.jsonl"; grep -v ACTIVITY "$T/good.jsonl"; } >"$T/reordered.jsonl"
run ai import "$T/reordered.jsonl"
check_rc "import: activities before their goal" 0 "$rc"
run ai check
check_rc "check after import" 0 "$rc"
# Only activities, for a goal already stored: refused (log adds to progress, import only puts items).
grep ACTIVITY "$T/good.jsonl" | head -1 >"$T/acts.jsonl"
run ai import "$T/acts.jsonl"
check_rc "import: activities without their goal refused" 2 "$rc"
check_contains "import: says why" "$err" "which is not in the file"
# A goal whose stored activities the file does not hold: they count too.
ai log "$run2" 0.5 --at 2026-11-26T08:00:00Z >/dev/null
run ai import "$T/good.jsonl"
check_rc "import: a goal the store has more activities for" 2 "$rc"
check_contains "import: counts the stored activities" "$err" "progress is 1 but its activities add up to 1.5 (1 in 1 of the file, 0.5 in 1 already stored)"
# check names each goal that disagrees, with both figures.
corrupt_progress "$run1" 42
run ai check
check_rc "check: exit 1 when a goal disagrees" 1 "$rc"
check_contains "check: names the goal and both figures" "$err" "goal $run1 (Run): progress is 42 but its 1 activity adds up to 5"
check_contains "check: counts" "$out" "1 of 5 goals disagree"
run ai --json check
check_contains "check --json" "$(printf '%s' "$out" | tr -d ' \n')" "\"goalId\":\"$run1\",\"title\":\"Run\",\"progress\":\"42\",\"sum\":\"5\""

# --- CRLF from a file or a pipe is a newline
printf 'first line\r\nsecond line\r\nlone\rcr\r\n' >"$T/crlf.txt"
run ai --json journal add --title CRLF <"$T/crlf.txt"
check_rc "journal add: a CRLF body from stdin" 0 "$rc"
check_contains "journal add: CRLF became LF" "$out" '"body": "first line\nsecond line\nlone\ncr"'
e=$(ai --json journal list | tr -d '\n' | sed -E 's/.*"entryId": *"([^"]*)".*/\1/')
ai export | grep "JOURNAL#" | sed 's/first line\\nsecond/first line\\r\\nsecond/' >"$T/crlf.jsonl"
check_contains "the import file has a CRLF" "$(cat "$T/crlf.jsonl")" 'first line\r\nsecond'
run ai import "$T/crlf.jsonl"
check_rc "import: CRLF in a text attribute" 0 "$rc"
check_contains "import: stored with LF" "$(ai --json journal show "$e")" '"body": "first line\nsecond line'

# --- demo into a store with a real user: refused unless --force
run ai demo --days 2
check_rc "demo into a store with a real user: exit 2" 2 "$rc"
check_contains "demo: names the real user" "$err" "already holds user ana (Ana)"
check_contains "demo: suggests a store of its own" "$err" "--force"
check_eq "demo: nothing written" "" "$(ai user list 2>/dev/null | grep 'Alex Demo')"
run ai demo --days 2 --force
check_rc "demo --force" 0 "$rc"
lib_store_fresh "$T/demo-only.db"
ai demo --days 2 >/dev/null 2>&1
run ai demo --days 2 --seed 7
check_rc "a second demo beside a demo user" 0 "$rc"

# --- workouts toward goals: the workout, its activity and the goal's progress in one transaction
lib_store_fresh "$T/workouts.db"
ai user create --name Ana --timezone Europe/Berlin --id ana >/dev/null
gk=$(ai goal add "Run 100 km" --target 100 --unit km)
gm=$(ai goal add "Move" --target 600 --unit min)
gb=$(ai goal add "Books" --target 5 --unit books)
prog() { ai --json goal show "$1" | tr -d '\n' | sed -E 's/.*"progress": *([0-9.]+).*/\1/'; }
w1=$(ai workout add run --minutes 30 --distance 5.2 --goal "$gk" --at 2026-11-25T07:00:00Z)
check_rc "workout toward a km goal" 0 $?
check_eq "its distance counts toward the goal" 5.2 "$(prog "$gk")"
check_contains "it has an activity marked with the workout" "$(ai --json activity list --goal "$gk")" "\"workoutId\": \"$w1\""
ai log "$gk" 1 --at 2026-11-25T07:00:00Z >/dev/null
w2=$(ai workout add run --minutes 10 --distance 1 --goal "$gk" --at 2026-11-25T07:00:00Z)
check_eq "same moment as another activity: the next millisecond" 7.2 "$(prog "$gk")"
run ai workout edit "$w1" --distance 10
check_rc "workout edit: distance" 0 "$rc"
check_eq "edit updates the activity and progress" 12 "$(prog "$gk")"
run ai workout edit "$w1" --at 2026-11-24T07:00:00Z
check_eq "edit of the time moves the activity, progress the same" 12 "$(prog "$gk")"
check_contains "the activity moved" "$(ai --json activity list --goal "$gk")" '"occurredAt": "2026-11-24T07:00:00.000Z"'
run ai workout edit "$w1" --goal "$gm"
check_eq "moved to a minutes goal: off the km goal" 2 "$(prog "$gk")"
check_eq "moved to a minutes goal: its minutes count" 30 "$(prog "$gm")"
run ai activity delete "$gm" 2026-11-24T07:00:00.000Z
check_rc "an activity of a workout is not deleted alone" 2 "$rc"
check_contains "says to delete the workout" "$err" "delete or edit the workout"
run ai workout delete "$w1"
check_rc "workout delete" 0 "$rc"
check_eq "deleting the workout takes its minutes off" 0 "$(prog "$gm")"
w3=$(ai workout add yoga --minutes 20 --goal "$gb")
check_eq "a goal whose unit the workout cannot measure: linked, not counted" 0 "$(prog "$gb")"
w4=$(ai workout add run --minutes 20 --goal "$gk" --at 2026-11-26T07:00:00Z)
check_eq "a km goal and a workout without a distance: not counted" 2 "$(prog "$gk")"
ai workout edit "$w2" --goal "" >/dev/null
check_eq "unlinking takes it off" 1 "$(prog "$gk")"
run ai check
check_rc "check: progress is the sum after all that" 0 "$rc"
ai workout edit "$w4" --distance 3 >/dev/null
run ai goal delete "$gk"
check_rc "goal delete with a counting workout" 0 "$rc"
run ai check
check_rc "goal delete with a counting workout: still consistent" 0 "$rc"
check_eq "the workout stays, unlinked" "" "$(ai --json workout show "$w4" | grep goalId)"

finish
