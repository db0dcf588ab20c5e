#!/bin/bash
# Issue 13, "deletes the wrong meal": after a save, an edit or a delete the selection stays on
# the same record (after a delete, on its neighbour), on every screen. On each list: go to a
# record that is not the first, edit it, save, and delete: the CLI (list --json) says the
# edited record went and nothing else; the next delete takes its neighbour. Also: the
# timeline lists every kind merged by time (f filters), and Enter / e / d work on its rows;
# a goal added while the filter shows paused goals shows up selected under "active".
# Under NO_COLOR the selected line is the body's one reverse-video line.
. "$(dirname "$0")/lib.sh"
tui_setup selection

cli user create --name "Sel Tester" --id seltest --timezone Europe/Berlin >/dev/null
export AILIFE_USER=seltest
for g in alpha bravo charlie delta; do
	cli goal add "Goal $g" --target 100 --unit km --id "g$g" >/dev/null
done
cli log galpha 5 --note "act one" --at "2026-11-26 07:00" >/dev/null 2>&1
cli log galpha 6 --note "act two" --at "2026-11-26 08:00" >/dev/null 2>&1
cli log galpha 7 --note "act three" --at "2026-11-26 09:00" >/dev/null 2>&1
cli log galpha 8 --note "act four" --at "2026-11-26 10:00" >/dev/null 2>&1
i=0
for m in Apfel Birne Kirsche Dattel; do
	i=$((i + 1))
	cli meal add "$m" --calories $((100 * i)) --type lunch --at "2026-11-26 1$i:00" --id "meal$i" >/dev/null 2>&1
	cli workout add "kind$m" --minutes $((10 * i)) --at "2026-11-2$i 18:00" --id "wo$i" >/dev/null 2>&1
	cli journal add --title "Note $m" --body "b" --at "2026-11-2$i 21:00" --id "jo$i" >/dev/null 2>&1
done

# sel: the selected line of the body (reverse video under NO_COLOR, bars left out).
sel() { $TM capture-pane -e -p -t main | sed '1d;$d' | grep $'\e\[[0-9;]*7m' | sed 's/\x1b\[[0-9;]*m//g'; }
# expect_sel NAME TEXT: the selected line holds TEXT.
expect_sel() {
	local i
	for ((i = 0; i < 60; i++)); do
		case "$(sel)" in *"$2"*) ok "$1"; return ;; esac
		sleep 0.05
	done
	bad "$1" "selected: $(sel)" "$(screen | sed 's/^/|/')"
}
# names CMD...: the names (jq -r) the CLI lists, one a line, sorted.
names() { local q=$1; shift; cli --json "$@" | jq -r "$q" | sort | tr '\n' ' '; }

start 80 24 NO_COLOR=1 AILIFE_USER=seltest
expect "starts" "Calories"

# ---- goals
keys 2
expect "goals listed" "Goal delta"
keys j j
expect_sel "goals: the third row" "Goal charlie"
keys e
expect "goals: edit form" "Edit goal"
keys C-e
typ " X"
keys C-s
expect "goals: saved" "goal saved"
expect_sel "goals: the selection stays on the edited goal" "Goal charlie X"
keys d
expect "goals: delete asks about the edited goal" 'Delete the goal "Goal charlie X"'
keys y
expect "goals: deleted" "deleted Goal charlie X"
got=$(names '.[].title' goal list)
[ "$got" = "Goal alpha Goal bravo Goal delta " ] && ok "goals: the edited goal went, no other" \
	|| bad "goals: the edited goal went, no other" "$got"
expect_sel "goals: the neighbour is selected" "Goal delta"

# a goal added while the filter shows paused goals: shown under active, selected
keys f
expect "goals: paused filter" "Goals: paused"
keys a
expect "goals: add form" "Add goal"
typ "Goal echo"
keys Tab
typ "10"
keys Tab
typ "km"
keys C-s
expect "goals: added" "goal added"
expect "goals: the filter that holds it" "Goals: active"
expect_sel "goals: the new goal selected" "Goal echo"

# ---- goal detail: Enter on an activity edits it (W5+W3), then delete
keys g j
expect_sel "goal detail: alpha (the new goal is first)" "Goal alpha"
keys Enter
expect "goal detail" "Goal: Goal alpha"
expect "goal detail: activities" "act four"
keys j
expect_sel "goal detail: the second activity" "act three"
keys Enter
expect "activity edit form" "Edit activity"
keys C-u
typ "17"
keys C-s
expect "activity edit: saved" "activity saved"
expect_sel "goal detail: the selection stays on the activity" "act three"
p=$(cli --json goal show galpha | jq -r .progress)
[ "$p" = 36 ] && ok "activity edit: progress is the new sum (5+6+17+8)" || bad "activity edit: progress is the new sum" "$p"
keys d
expect "activity delete asks" "Delete this activity"
keys y
expect "activity deleted" "activity deleted"
got=$(names '.[].note' activity list --goal galpha)
[ "$got" = "act four act one act two " ] && ok "goal detail: the edited activity went, no other" \
	|| bad "goal detail: the edited activity went, no other" "$got"
expect_sel "goal detail: the neighbour is selected" "act two"
keys Escape

# ---- meals (the day: four lunches)
keys 5
expect "meals listed" "Dattel"
keys j j j
expect_sel "meals: the third meal" "Kirsche"
keys e
expect "meals: edit form" "Edit meal"
keys C-e
typ " X"
keys Tab C-u
typ "333"
keys C-s
expect "meals: saved" "meal saved"
expect_sel "meals: the selection stays on the edited meal" "Kirsche X"
keys d
expect "meals: delete asks about the edited meal" 'Delete the meal "Kirsche X"'
keys y
expect "meals: deleted" "meal deleted"
got=$(names '.[].name' meal list)
[ "$got" = "Apfel Birne Dattel " ] && ok "meals: the edited meal went, no other" || bad "meals: the edited meal went, no other" "$got"
expect_sel "meals: the neighbour is selected" "Dattel"
# the week view too
keys w
expect "meals: the week" "Meals: week"
keys G
expect_sel "meals week: the last meal" "Dattel"
keys e
expect "meals week: edit form" "Edit meal"
keys C-e
typ " Y"
keys C-s
expect "meals week: saved" "meal saved"
expect_sel "meals week: the selection stays" "Dattel Y"
keys k
expect_sel "meals week: up" "Birne"
keys d y
expect "meals week: deleted" "meal deleted"
got=$(names '.[].name' meal list)
[ "$got" = "Apfel Dattel Y " ] && ok "meals week: the selected meal went" || bad "meals week: the selected meal went" "$got"
expect_sel "meals week: the next meal is selected" "Dattel Y"
keys t

# ---- workouts (newest first: kindDattel, kindKirsche, kindBirne, kindApfel)
keys 6
expect "workouts listed" "kindApfel"
keys j
expect_sel "workouts: the second" "kindKirsche"
keys e
expect "workouts: edit form" "Edit workout"
keys C-e
typ "X"
keys C-s
expect "workouts: saved" "workout saved"
expect_sel "workouts: the selection stays" "kindKirscheX"
keys d y
expect "workouts: deleted" "workout deleted"
got=$(names '.[].kind' workout list --from 2026-11-01 --to 2026-11-30)
[ "$got" = "kindApfel kindBirne kindDattel " ] && ok "workouts: the edited workout went, no other" \
	|| bad "workouts: the edited workout went, no other" "$got"
expect_sel "workouts: the neighbour is selected" "kindBirne"

# ---- journal (newest first)
keys 4
expect "journal listed" "Note Apfel"
keys j
expect_sel "journal: the second" "Note Kirsche"
keys e
expect "journal: edit form" "Edit journal"
keys C-e
typ " X"
keys C-s
expect "journal: saved" "journal saved"
expect_sel "journal: the selection stays" "Note Kirsche X"
keys d y
expect "journal: deleted" "entry deleted"
got=$(names '.[].title' journal list)
[ "$got" = "Note Apfel Note Birne Note Dattel " ] && ok "journal: the edited entry went, no other" \
	|| bad "journal: the edited entry went, no other" "$got"
expect_sel "journal: the neighbour is selected" "Note Birne"

# ---- timeline: every kind, merged by time; f filters; Enter, e, d on any row
keys 3
expect "timeline: the week" "Timeline: week 2026-11-23 .. 2026-11-29"
expect "timeline: meals too" "meal     lunch: Apfel"
expect "timeline: workouts too" "workout  kindDattel"
expect "timeline: journal too" "journal  Note Dattel"
expect "timeline: activities too" "activity +5"
s=$(screen)
a=$(echo "$s" | grep -n "workout  kindDattel" | cut -d: -f1)
b=$(echo "$s" | grep -n "journal  Note Dattel" | cut -d: -f1)
[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] && ok "timeline: merged by time (18:00 workout before 21:00 journal)" \
	|| bad "timeline: merged by time" "$s"
keys f
expect "timeline: f shows activities only" "Timeline: week 2026-11-23 .. 2026-11-29 (activities)"
lacks "timeline: no meal under activities" "lunch: Apfel"
keys f f
expect "timeline: f f: meals" "(meals)"
keys a
expect "timeline: a adds the kind shown (a meal)" "Add meal"
keys Escape
keys G
expect_sel "timeline: the last meal" "Dattel"
keys Enter
expect "timeline: Enter opens the meal's form" "Edit meal"
keys C-e
typ " Z"
keys C-s
expect "timeline: saved" "meal saved"
expect_sel "timeline: the selection stays" "Dattel Y Z"
keys k
expect_sel "timeline: up to Apfel" "Apfel"
keys d
expect "timeline: d asks" "Delete meal"
keys y
expect "timeline: deleted" "deleted"
got=$(names '.[].name' meal list)
[ "$got" = "Dattel Y Z " ] && ok "timeline: the selected meal went, no other" || bad "timeline: the selected meal went" "$got"
keys f f
expect "timeline: back to all" "Timeline: week 2026-11-23 .. 2026-11-29"
keys g
expect_sel "timeline: g to the first row" "Tue 2026-11-24"
# Down, one row at a time (each move seen before the next), to the first activity.
for ((i = 0; i < 12; i++)); do
	before=$(sel)
	case "$before" in *"activity"*) break ;; esac
	keys j
	for ((k = 0; k < 40; k++)); do
		[ "$(sel)" != "$before" ] && break
		sleep 0.05
	done
done
expect_sel "timeline: an activity row" "activity +5"
keys e
expect "timeline: e opens the activity's form" "Edit activity"
keys C-u
typ "9"
keys C-s
expect "timeline: activity saved" "activity saved"
expect_sel "timeline: the activity stays selected" "activity +9"
p=$(cli --json goal show galpha | jq -r .progress)
[ "$p" = 23 ] && ok "timeline: activity edit updates the progress (9+6+8)" || bad "timeline: activity edit updates the progress" "$p"
keys d
expect "timeline: activity delete asks" "amount comes off"
keys y
expect "timeline: activity deleted" "deleted"
p=$(cli --json goal show galpha | jq -r .progress)
[ "$p" = 14 ] && ok "timeline: the activity's amount came off (6+8)" || bad "timeline: the activity's amount came off" "$p"
keys q

# ---- 40x12: the same keep on a narrow window (workouts)
start 40 12 NO_COLOR=1 AILIFE_USER=seltest
expect "40x12: starts" "Calories"
keys 6
expect "40x12: workouts" "kindBirne"
keys j
expect_sel "40x12: the second workout" "kindBirne"
keys e
expect "40x12: edit form" "Edit workout"
keys C-e
typ "Q"
keys C-s
expect "40x12: saved" "saved"
expect_sel "40x12: the selection stays" "kindBirneQ"
keys d y
expect "40x12: deleted" "deleted"
got=$(names '.[].kind' workout list --from 2026-11-01 --to 2026-11-30)
[ "$got" = "kindApfel kindDattel " ] && ok "40x12: the edited workout went" || bad "40x12: the edited workout went" "$got"
edges "40x12: nothing past the right edge"
keys q

finish
