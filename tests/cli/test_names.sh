#!/bin/bash
# Names people can type (cli/names.h): id prefixes and their ambiguity, goals by title,
# activity handles for activity show/edit/delete, titles in confirmations.
# stores: both
set -u
. "$(dirname "$0")/lib.sh"
T_DIR=$(lib_tmpdir)
trap 'rm -rf "$T_DIR"' EXIT
export AILIFE_DB="$T_DIR/db.sqlite" TZ=Europe/Berlin AILIFE_NOW=2026-11-26T12:00:00Z
export XDG_DATA_HOME="$T_DIR/data" HOME="$T_DIR/home"
lib_store_setup

# run CMD...: sets $out, $err, $rc
run() { out=$("$AILIFE_BIN" "$@" 2>"$T_DIR/err"); rc=$?; err=$(cat "$T_DIR/err"); }
json() { printf '%s' "$out" | jq -r "$1"; }

run user create --name Ana --timezone Europe/Berlin --id ana
check_rc "user create" 0 "$rc"
# Ids of the shape of ULIDs, chosen so that prefixes collide where the tests want them to.
run goal add "Run 100 km" --target 100 --unit km --id 01AAAA1111
check_eq "goal add prints the whole id" "01AAAA1111" "$out"
run goal add "Running club" --target 10 --unit sessions --id 01AAAB2222
run goal add "Marathon" --target 42 --unit km --id 01BBBB3333
run goal status 01AAAB2222 paused
run meal add Toast --calories 300 --at "2026-11-26 07:00" --id 01MEAL0001
run meal add Pasta --calories 650 --at "2026-11-26 12:30" --id 01MEAL0002
run meal add Soup --calories 200 --at "2026-11-26 19:00" --id 01MEBX0003
run journal add --title "Good day" --body x --id 01JRNL0001
run workout add run --minutes 30 --id 01WKOT0001

# --- id prefixes
run goal show 01AAAA1111
check_rc "an exact id" 0 "$rc"
run --json goal show 01aaaa
check_rc "a unique prefix in lower case: exit 0" 0 "$rc"
check_eq "a unique prefix in lower case: the goal" "01AAAA1111" "$(json .goalId)"
run --json goal show 01AAAB2
check_eq "a longer prefix" "01AAAB2222" "$(json .goalId)"
run goal show 01AA
check_rc "an ambiguous prefix: exit 2" 2 "$rc"
check_contains "an ambiguous prefix: says so" "$err" "ailife: goal show: '01AA' begins the ids of 2 goals"
check_contains "an ambiguous prefix: lists one" "$err" "01AAAA1111  Run 100 km"
check_contains "an ambiguous prefix: lists the other" "$err" "01AAAB2222  Running club"
check_eq "an ambiguous prefix: nothing on stdout" "" "$out"
run meal show 01M
check_rc "a prefix under 4 characters: exit 2" 2 "$rc"
check_contains "a prefix under 4 characters: says why" "$err" "at least 4 characters"
run meal show 01ZZZZ
check_rc "no match: exit 1" 1 "$rc"
check_eq "no match: message" "ailife: meal show: no meal '01ZZZZ'" "$err"
run meal show 01me
check_rc "an ambiguous meal prefix: exit 2" 2 "$rc"
check_contains "an ambiguous meal prefix: lists the meals" "$err" "01MEAL0001  2026-11-26 07:00"
run --json meal show 01meb
check_eq "meal show by prefix" "Soup" "$(json .name)"
run meal edit 01mea
check_rc "meal edit with nothing to change still needs a change" 2 "$rc"
run --json meal edit 01MEAL0002 --calories 700
check_eq "meal edit by id" "700" "$(json .calories)"
run --json meal edit 01meal0002 --calories 710
check_eq "meal edit by lower-case id" "710" "$(json .calories)"
run --json journal show 01jr
check_eq "journal show by prefix" "Good day" "$(json .title)"
run --json workout show 01WK
check_eq "workout show by prefix" "01WKOT0001" "$(json .workoutId)"
run meal delete 01meb
check_rc "meal delete by prefix" 0 "$rc"
check_eq "meal delete: a short id and what it was" "deleted meal 01MEBX: dinner: Soup (200 kcal)" "$out"
run --json meal delete 01MEAL0001
check_eq "meal delete --json: the whole id" "01MEAL0001" "$(json .id)"
run meal show "a b"
check_rc "a meal id with a space: exit 2" 2 "$rc"

# --- --goal takes any goal name
run --json meal add Salad --calories 150 --goal 01bbbb
check_eq "--goal by prefix links the whole id" "01BBBB3333" "$(json .goalId)"
run --json journal add --body y --goal marathon
check_eq "--goal by title" "01BBBB3333" "$(json .goalId)"
run journal add --body y --goal 01AA
check_rc "--goal ambiguous: exit 2" 2 "$rc"
run journal add --body y --goal nosuchgoal
check_rc "--goal unknown: exit 1" 1 "$rc"

# --- goals by title
run --json goal show "run 100 KM"
check_eq "a whole title, any case" "01AAAA1111" "$(json .goalId)"
run --json goal show mara
check_eq "a part of a title" "01BBBB3333" "$(json .goalId)"
run goal show run
check_rc "a part of two titles: exit 2" 2 "$rc"
check_contains "a part of two titles: lists them" "$err" "01AAAB2222  Running club"
run log run 5 --at "2026-11-26 08:30"
check_rc "log: the one active goal of two" 0 "$rc"
check_eq "log names the goal by title" "logged 5 km at 2026-11-26 08:30 CET; goal 'Run 100 km': 5/100 km (active)" "$out"
run goal status "running club" archived
check_eq "goal status names the goal by title" "goal 'Running club': paused -> archived" "$out"
run goal add "01BBBB" --target 1 --unit x --id other1
run goal show 01BBBB
check_rc "a title that is also another goal's id prefix: exit 2" 2 "$rc"
check_contains "a title that is also an id prefix: lists the id's goal" "$err" "01BBBB3333  Marathon"
check_contains "a title that is also an id prefix: lists the title's goal" "$err" "other1  01BBBB"
run --json goal show 01BBBB3
check_eq "more of the id settles it" "01BBBB3333" "$(json .goalId)"
run goal add "0XYZ" --target 1 --unit x --id other2
run --json goal show 0xyz
check_eq "a title that looks like an id prefix but is none: the title" "other2" "$(json .goalId)"
run goal delete other1
check_eq "goal delete names the goal by title" "deleted goal '01BBBB' (0 activities; 0 entries unlinked)" "$out"

# --- activity handles
run log 01AAAA 1 --at 2026-11-26T07:30:15Z
check_rc "log with seconds" 0 "$rc"
run log marathon 10 --at "2026-11-26 09:00"
run activity show 01AAAA1111@2026-11-26T08:30
check_rc "two activities in the minute: exit 2" 2 "$rc"
check_contains "two in the minute: lists them with seconds" "$err" "01AAAA@2026-11-26T08:30:00"
check_contains "two in the minute: the other" "$err" "01AAAA@2026-11-26T08:30:15"
run --json activity show 01AAAA@2026-11-26T08:30:15
check_eq "a handle with seconds" "1" "$(json .amount)"
run activity show "marathon@2026-11-26 09:00"
check_rc "a goal title and a local time with a space" 0 "$rc"
check_contains "activity show: the handle" "$out" "handle:     01BBBB@2026-11-26T09:00"
check_contains "activity show: the goal's title" "$out" "goal title: Marathon"
run activity show 01BBBB@2026-11-26T09:01
check_rc "no activity in that minute: exit 1" 1 "$rc"
run activity show 01BBBB
check_rc "not a handle: exit 2" 2 "$rc"
run activity show 01BBBB@garbage
check_rc "an unreadable time: exit 2" 2 "$rc"

# Edit: amount, note, time; progress stays the sum of the activities.
run activity edit marathon@2026-11-26T09:00 --amount 12 --note "long one"
check_rc "activity edit --amount" 0 "$rc"
check_eq "activity edit: says what it is now" \
    "edited 01BBBB@2026-11-26T09:00: 12 at 2026-11-26 09:00 CET; goal 'Marathon': 12/42 km (active)" "$out"
run --json activity edit marathon@2026-11-26T09:00 --at "2026-11-25 18:00"
check_rc "activity edit --at moves it" 0 "$rc"
check_eq "the moved activity's time" "2026-11-25T17:00:00.000Z" "$(json .occurredAt)"
check_eq "the moved activity keeps its note" "long one" "$(json .note)"
check_eq "progress after the move" "12" "$(json .goal.progress)"
run --json activity list --goal marathon --from 2026-11-25 --to 2026-11-26
check_eq "one activity after the move, at the new time" "2026-11-25T17:00:00.000Z" "$(json '[.[].occurredAt] | join(",")')"
run activity edit marathon@2026-11-25T18:00 --amount 35 --at "2026-11-26 10:00"
check_contains "amount and time at once: progress" "$out" "35/42 km"
run log marathon 7 --at "2026-11-26 11:00"
check_contains "reaching the target completes" "$out" "42/42 km (completed)"
run --json activity edit marathon@2026-11-26T11:00 --amount 2
check_eq "lowering below the target does not reopen (the one completion rule)" "completed" "$(json .goal.status)"
check_eq "progress is the sum" "37" "$(json .goal.progress)"
run activity edit marathon@2026-11-26T11:00 --at "2026-11-26 10:00"
check_rc "a move onto a taken minute still works (next millisecond)" 0 "$rc"
run --json activity list --goal marathon
check_eq "both activities kept" "2" "$(json length)"
sum=$(printf '%s' "$out" | jq '[.[].amount | tonumber] | add')
run --json goal show marathon
check_eq "progress == sum of the activities" "$sum" "$(json .progress)"
run activity edit marathon@2026-11-26T10:00 --amount 1
check_rc "two in the minute after the move: exit 2" 2 "$rc"
check_contains "two in the same second: milliseconds" "$err" "01BBBB@2026-11-26T10:00:00.00"
run activity edit marathon@2026-11-26T10:00:00.001 --amount 0
check_rc "amount 0 refused" 2 "$rc"
run activity edit marathon@2026-11-26T10:00:00.001
check_rc "edit with nothing to change: exit 2" 2 "$rc"

# Delete: a handle, or GOAL AT with a UTC timestamp for scripts.
run activity delete 01AAAA@2026-11-26T08:30:15
check_rc "activity delete HANDLE" 0 "$rc"
check_eq "activity delete: names the activity and the goal" \
    "deleted the activity 01AAAA@2026-11-26T08:30:15 (2026-11-26 08:30 CET); goal 'Run 100 km': 5/100 km (active)" "$out"
run activity delete 01AAAA1111 2026-11-26T07:30:00.000Z
check_rc "activity delete GOAL AT (UTC) still works" 0 "$rc"
run activity delete 01AAAA1111 2026-11-26T07:30:00.000Z
check_rc "activity delete twice: exit 1" 1 "$rc"
run activity delete marathon@2026-11-26T10:00:00.001
check_rc "activity delete with milliseconds" 0 "$rc"
run --json goal show marathon
check_eq "progress after deletes" "35" "$(json .progress)"

# Lists show handles that can be typed back: seconds only for two activities of a goal in one minute.
run goal add "Swim" --target 10 --unit km --id 01SWIM0001
run log Swim 1 --at "2026-11-26 08:30:10"
run log Swim 2 --at "2026-11-26 08:30:40"
run log Swim 3 --at "2026-11-26 09:00"
run activity list --goal Swim --from 2026-11-26
check_contains "list: seconds where two share a minute" "$out" "01SWIM@2026-11-26T08:30:10"
check_contains "list: the twin too" "$out" "01SWIM@2026-11-26T08:30:40"
check_contains "list: no seconds alone in its minute" "$out" "01SWIM@2026-11-26T09:00 "
run timeline --from 2026-11-26 --type activity
check_contains "timeline: the same handles" "$out" "01SWIM@2026-11-26T08:30:40"
h=$(printf '%s\n' "$out" | awk '/01SWIM@2026-11-26T08:30:40/ {print $1}')
run --json activity show "$h"
check_eq "a listed handle names its activity" "2" "$(json .amount)"

finish
