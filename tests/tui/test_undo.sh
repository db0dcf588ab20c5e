#!/bin/bash
# Issue 13's undo: u undoes the last change made since the interface started (a delete, an
# edit, a log, a status change) as one transaction that restores exactly what was there,
# progress included; repeated u walks back; the status line names what was undone; a change
# made elsewhere meanwhile is reported and not overwritten. Checked through the CLI.
. "$(dirname "$0")/lib.sh"
tui_setup undo

cli user create --name "Undo Tester" --id undotest --timezone Europe/Berlin >/dev/null
export AILIFE_USER=undotest
cli goal add "Read books" --target 12 --unit books --id read >/dev/null
cli log read 2 --note "first" --at "2026-11-25 20:00" >/dev/null 2>&1
cli meal add "Pasta" --calories 800 --protein 30 --type dinner --at "2026-11-26 11:00" --id pasta >/dev/null 2>&1
cli meal add "Apfel" --calories 95 --type snack --at "2026-11-26 10:00" --id apfel >/dev/null 2>&1
meal_before=$(cli --json meal show pasta | jq -S 'del(.version)')

start 80 24 NO_COLOR=1 AILIFE_USER=undotest
expect "starts" "Calories"
keys u
expect "u with nothing done: says so" "nothing to undo"

# ---- a delete, undone: the same meal (id and every field) is back
keys 5
expect "meals" "Pasta"
keys /
typ "Pasta"
keys Enter d
expect "delete asks" 'Delete the meal "Pasta"'
keys y
expect "deleted" "meal deleted"
cli --json meal show pasta >/dev/null 2>&1 && bad "the meal is gone" || ok "the meal is gone"
keys Escape u
expect "u: the status line says what was undone" "undone: the delete of meal"
expect "u: the meal is listed again" "Pasta"
got=$(cli --json meal show pasta | jq -S 'del(.version)')
[ "$got" = "$meal_before" ] && ok "undo delete: the meal exactly as it was (id, fields, times)" \
	|| bad "undo delete: the meal exactly as it was" "$got" "$meal_before"

# ---- an edit, undone
keys /
typ "Pasta"
keys Enter e
expect "edit form" "Edit meal"
keys Tab C-u
typ "999"
keys C-s
expect "edit saved" "meal saved"
[ "$(cli --json meal show pasta | jq -r .calories)" = 999 ] && ok "edit stored" || bad "edit stored"
keys Escape u
expect "u: the edit undone" "undone: the edit of"
[ "$(cli --json meal show pasta | jq -r .calories)" = 800 ] && ok "undo edit: the calories back" \
	|| bad "undo edit: the calories back" "$(cli --json meal show pasta)"
v=$(cli --json meal show pasta | jq -r .version)
[ "$v" -gt 2 ] && ok "undo edit: the version goes up, never back ($v)" || bad "undo edit: the version goes up" "$v"

# ---- a log, then a status change; u twice walks back both; progress checked
keys 2
expect "goals" "Read books"
keys l
expect "log form" "Log an activity"
typ "3"
keys C-s
expect "logged" "logged:"
[ "$(cli --json goal show read | jq -r .progress)" = 5 ] && ok "log: progress 5" || bad "log: progress 5"
keys s
expect "status chooser" "Status of Read books"
keys p
expect "paused" "is now paused"
keys u
expect "u: the status change undone" "undone: Read books becoming paused"
[ "$(cli --json goal show read | jq -r .status)" = active ] && ok "undo status: active again" || bad "undo status: active again"
keys u
expect "u again: the log undone" "undone: the log"
p=$(cli --json goal show read | jq -r .progress)
[ "$p" = 2 ] && ok "undo log: progress back to 2" || bad "undo log: progress back to 2" "$p"
n=$(cli --json activity list --goal read | jq length)
[ "$n" = 1 ] && ok "undo log: the activity is gone" || bad "undo log: the activity is gone" "$n"
keys u
expect "the stack is empty at last" "nothing to undo"

# ---- an activity delete (W5) undone: the activity and the progress back
keys Enter
expect "goal detail" "Goal: Read books"
expect "its activity" "first"
keys d
expect "activity delete asks" "Delete this activity"
keys y
expect "activity deleted" "activity deleted"
[ "$(cli --json goal show read | jq -r .progress)" = 0 ] && ok "activity delete: progress 0" || bad "activity delete: progress 0"
keys u
expect "u: the activity delete undone" "undone: the delete of activity"
[ "$(cli --json goal show read | jq -r .progress)" = 2 ] && ok "undo activity delete: progress 2" || bad "undo activity delete: progress 2"
[ "$(cli --json activity list --goal read | jq -r '.[0].note')" = first ] && ok "undo activity delete: the activity back" \
	|| bad "undo activity delete: the activity back"
expect "goal detail shows it again" "first"
keys Escape

# ---- a profile edit undone: the stored profile and the screen's
keys 1 e
expect "profile form" "Edit the profile"
keys C-a C-k
typ "Renamed Tester"
keys C-s
expect "profile saved" "profile saved"
expect "the new name shows" "Renamed Tester"
keys u
expect "u: the profile edit undone" "undone: the edit of the profile"
[ "$(cli --json user show | jq -r .name)" = "Undo Tester" ] && ok "undo profile: the stored name back" 	|| bad "undo profile: the stored name back" "$(cli --json user show)"
expect "undo profile: the screen shows the name again" "Undo Tester"
keys e
expect "profile form again" "Edit the profile"
keys C-e
typ "!"
keys C-s
expect "a profile edit after the undo is not a lost race" "profile saved"
keys u
expect "and that one undone too" "undone: the edit of the profile"

# ---- a change made elsewhere meanwhile: reported, not overwritten
keys 5
expect "meals again" "Apfel"
keys /
typ "Apfel"
keys Enter e
expect "edit Apfel" "Edit meal"
keys Tab C-u
typ "100"
keys C-s
expect "Apfel saved" "meal saved"
cli meal edit apfel --calories 123 >/dev/null 2>&1
keys Escape u
expect "u after a change elsewhere: refused" "not undone:"
[ "$(cli --json meal show apfel | jq -r .calories)" = 123 ] && ok "the change made elsewhere is kept" \
	|| bad "the change made elsewhere is kept" "$(cli --json meal show apfel)"
keys q

# ---- a change one transaction cannot undo: u says why, and does not undo an older one instead
cli goal add "Big goal" --target 1000 --unit km --id big >/dev/null
for i in $(seq 1 101); do
	cli log big 1 --at "2026-11-2$((i % 5 + 1)) $(printf %02d $((i % 24))):$(printf %02d $((i / 24 * 10)))" >/dev/null 2>&1
done
start 120 30 NO_COLOR=1 AILIFE_USER=undotest
expect "big: starts" "Calories"
keys 5
expect "big: meals" "Apfel"
keys /
typ "Apfel"
keys Enter e
expect "big: edit Apfel" "Edit meal"
keys Tab C-u
typ "55"
keys C-s
expect "big: Apfel saved" "meal saved"
keys Escape 2
expect "big: goals" "Big goal"
keys /
typ "Big"
keys Enter d
expect "big: delete asks" 'Delete the goal "Big goal"'
keys y
expect "big: deleted" "deleted Big goal (101 activities"
keys u
expect "big: u says it cannot be undone, and why" "cannot undo the delete of goal Big goal: over 100 items"
keys u
expect "big: the next u undoes the change before" "undone: the edit of"
[ "$(cli --json meal show apfel | jq -r .calories)" = 123 ] && ok "big: Apfel back to 123" || bad "big: Apfel back to 123"
keys q

# ---- read-only: u is a write key
start 40 12 AILIFE_READ_ONLY=1 AILIFE_USER=undotest
expect "read-only: starts" "Calories"
keys u
expect "read-only: u refused" "read-only: nothing can be written"
keys q

finish
