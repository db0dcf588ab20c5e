#!/bin/bash
# Issue 13's quick entry, in tmux on the embedded store (fixed clock): a new meal's name
# completes from the user's earlier meals (most frequent first) and Tab fills calories and
# macros from the last one of that name; a goal is chosen by typing part of its title; the
# log form keeps the last amount; r repeats a meal or a workout now (and u undoes it).
. "$(dirname "$0")/lib.sh"
tui_setup quick

cli user create --name "Quick Tester" --id quick --timezone Europe/Berlin >/dev/null
export AILIFE_USER=quick
cli goal add "Run far" --target 100 --unit km --id run >/dev/null
cli goal add "Read books" --target 12 --unit books --id read >/dev/null
for d in 20 21 22; do
	cli meal add "Müsli 🥣" --calories 4$d --protein 12 --carbs 60 --type breakfast --at "2026-11-$d 07:30" >/dev/null 2>&1
done
cli meal add "Mango" --calories 100 --type snack --at "2026-11-25 15:00" >/dev/null 2>&1
cli meal add "Pasta" --calories 800 --type dinner --at "2026-11-26 11:00" --id pasta >/dev/null 2>&1
cli workout add run --minutes 30 --distance 5 --at "2026-11-26 08:00" --id wo1 >/dev/null 2>&1

start 80 24 AILIFE_USER=quick
expect "starts" "Calories"

# ---- a meal's name completes from earlier meals
keys 5 a
expect "meal form" "Add meal"
typ "m"
expect "m: the most frequent name first" "Tab: Müsli 🥣 (422 kcal)"
typ "a"
expect "ma: Mango" "Tab: Mango (100 kcal)"
keys BSpace BSpace
typ "MÜ"
expect "MÜ: folded case finds Müsli" "Tab: Müsli 🥣"
keys Tab
expect "Tab: the name completed" "Müsli 🥣"
keys C-s
expect "saved" "meal added"
got=$(cli --json meal list | jq -c '[.[] | select(.occurredAt > "2026-11-26T11:30") | {name, calories, protein, carbs}]')
[ "$got" = '[{"name":"Müsli 🥣","calories":422,"protein":12,"carbs":60}]' ] \
	&& ok "Tab filled calories and macros from the last Müsli (422, 12 g, 60 g)" || bad "Tab filled calories and macros" "$got"

# ---- r repeats the selected meal now; u undoes it
keys /
typ "Pasta"
keys Enter r
expect "r: repeated" "repeated now: dinner: Pasta"
n=$(cli --json meal list | jq '[.[] | select(.name == "Pasta")] | length')
[ "$n" = 2 ] && ok "r: a second Pasta" || bad "r: a second Pasta" "$n"
at=$(cli --json meal list | jq -r '[.[] | select(.name == "Pasta")] | map(.occurredAt) | max')
[ "$at" = 2026-11-26T12:00:00.000Z ] && ok "r: the copy is now" || bad "r: the copy is now" "$at"
keys Escape u
expect "u: the repeat undone" "undone: the repeat of"
n=$(cli --json meal list | jq '[.[] | select(.name == "Pasta")] | length')
[ "$n" = 1 ] && ok "u: one Pasta again" || bad "u: one Pasta again" "$n"

# ---- the same for a workout
keys 6
expect "workouts" "run"
keys r
expect "r: workout repeated" "repeated now: run"
n=$(cli --json workout list | jq 'length')
[ "$n" = 2 ] && ok "r: a second workout" || bad "r: a second workout" "$n"

# ---- a goal chosen by typing part of its title; the log keeps the last amount
keys 1 l
expect "log form from Today" "Log an activity"
typ "2.5"
keys Tab Tab Tab
typ "rea"
expect "typing finds the goal" "< Read books >"
keys C-s
expect "logged" "logged: Read books"
n=$(cli --json activity list --goal read | jq -r '.[0].amount')
[ "$n" = 2.5 ] && ok "the log went to the goal found by title" || bad "the log went to the goal found by title" "$n"
# ---- the When field takes the CLI's forms, echoed as they are read
keys l
expect "log form again" "Log an activity"
keys Tab Tab C-u
typ "8am"
expect "When: 8am read" "= 2026-11-26 08:00 CET"
keys C-u
typ "yesterday 21:00"
expect "When: yesterday 21:00 read" "= 2026-11-25 21:00 CET"
keys C-u
typ "last mon"
expect "When: last mon read" "= 2026-11-23 00:00 CET"
keys Escape y
keys 2
expect "goals" "Read books"
keys /
typ "Read"
keys Enter l
expect "log form for Read" "Log an activity"
expect "the last amount is the default" "2.5"
keys C-s
expect "logged again" "logged: Read books is at 5/12"
keys q

# ---- in a goal's detail, the last amount logged before this session is the default too
cli log run 4.2 --at "2026-11-26 09:00" >/dev/null 2>&1
start 80 24 AILIFE_USER=quick
expect "again: starts" "Calories"
keys 2
expect "again: goals" "Run far"
keys /
typ "Run"
keys Enter Enter
expect "again: the goal's detail" "Goal: Run far"
expect "again: its activity" "+4.2 km"
keys l
expect "again: log form" "Log an activity"
expect "again: the last amount (from the store) is the default" "Amount       4.2"
keys Escape
keys q

finish
