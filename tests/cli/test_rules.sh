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
ai log "$run3" 5 >/dev/null 2>&1
check_eq "logging past the target keeps a paused goal paused" paused \
    "$(ai --json goal show "$run3" | tr -d '\n' | field status)"
ai goal status "$run3" archived >/dev/null
ai log "$run3" 1 >/dev/null 2>&1
check_eq "logging keeps an archived goal archived" archived \
    "$(ai --json goal show "$run3" | tr -d '\n' | field status)"

finish
