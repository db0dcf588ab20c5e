#!/bin/bash
# Issue 12's part of the terminal interface, at 80x24 and 40x12 on the embedded store:
# --read-only (AILIFE_READ_ONLY, read_only = true) offers no write key (not in the screens'
# hints, not in the ? help) and a write key says "read-only" and changes nothing; a profile
# in imperial units shows and takes miles on the workouts screen and in the workout form.
. "$(dirname "$0")/lib.sh"
tui_setup readonly-units

U=$(cli --json user create --name "Ro Tester" --id rotest --timezone Europe/Berlin | jq -r .id 2>/dev/null)
[ -n "$U" ] || U=rotest
export AILIFE_USER=$U
cli goal add "Run 100 km" --target 100 --unit km --id run >/dev/null
cli meal add "Pasta" --calories 800 --type dinner --at "2026-11-26 11:00" >/dev/null 2>&1
cli journal add --title "Notiz" --body "x" --at "2026-11-25 21:00" >/dev/null 2>&1
cli workout add run --minutes 30 --distance 8km --at "2026-11-24 18:00" --id wk1 >/dev/null 2>&1
before=$(cli export --all-users | md5sum)

for size in "80 24" "40 12"; do
	set -- $size
	start "$1" "$2" AILIFE_READ_ONLY=1 AILIFE_USER="$U"
	expect "$1x$2 read-only: the status bar says so" "read-only"
	keys 2
	expect "$1x$2 read-only: goals listed" "Run 100 km"
	lacks "$1x$2 read-only: no write hints on the goals screen" "a add"
	for k in a e d s l; do
		keys "$k"
		expect "$1x$2 read-only: '$k' says read-only" "read-only: nothing can be written"
		lacks "$1x$2 read-only: '$k' opens nothing" "Add goal"
		keys Escape
	done
	keys 5
	expect "$1x$2 read-only: meals" "Pasta"
	keys Enter
	expect "$1x$2 read-only: Enter on a meal opens no form" "read-only: nothing can be written"
	lacks "$1x$2 read-only: no meal form" "Edit meal"
	keys 4
	expect "$1x$2 read-only: journal" "Notiz"
	keys E
	expect "$1x$2 read-only: E refused" "read-only: nothing can be written"
	keys ?
	expect "$1x$2 read-only: help opens" "Keys ("
	for ((i = 0; i < 8; i++)); do
		s=$(screen)
		case "$s" in *"delete (asks first)"* | *"log an activity"* | *"load demo data"* | *"edit the profile"* | *"  add"*)
			bad "$1x$2 read-only: help lists a write key" "$(echo "$s" | sed 's/^/|/')"
			break ;;
		esac
		keys j
		sleep 0.1
	done
	[ "$i" = 8 ] && ok "$1x$2 read-only: the help lists no write key"
	keys z
	keys q
done
after=$(cli export --all-users | md5sum)
[ "$before" = "$after" ] && ok "read-only: nothing was written" || bad "read-only: nothing was written"

# The help without --read-only does list them (the check above is not vacuous).
start 80 24 AILIFE_USER="$U"
expect "writable: the goals hints" "Calories"
keys 2
expect "writable: goals hints offer a add" "a add"
keys ?
found=0
for ((i = 0; i < 8; i++)); do
	case "$(screen)" in *"delete (asks first)"*) found=1; break ;; esac
	keys j
	sleep 0.1
done
[ $found = 1 ] && ok "writable: the help lists delete" || bad "writable: the help lists delete" "$(screen)"
keys z q

# ---- units = imperial: miles on the workouts screen and in its form
cli user edit --units imperial >/dev/null
for size in "80 24" "40 12"; do
	set -- $size
	start "$1" "$2" AILIFE_USER="$U"
	expect "$1x$2 imperial: starts" "Calories"
	keys 6
	expect "$1x$2 imperial: workouts" "Workouts:"
	if [ "$1" -ge 70 ]; then
		# 8 km = 4.971 mi
		expect "$1x$2 imperial: the distance in miles" "4.971 mi"
		lacks "$1x$2 imperial: no km" "8 km"
	fi
	keys G e
	expect "$1x$2 imperial: the workout form" "Edit workout"
	expect "$1x$2 imperial: the field says mi" "mi, optional"
	expect "$1x$2 imperial: the field holds miles" "4.971"
	keys Escape
	edges "$1x$2 imperial: nothing past the right edge"
	keys q
done
start 80 24 AILIFE_USER="$U"
expect "imperial edit: starts" "imperial"
keys 6
expect "imperial edit: workouts" "4.971 mi"
keys G e
expect "imperial edit: form" "Edit workout"
keys Tab Tab C-u
typ "10"
keys C-s
expect "imperial edit: saved" "workout saved"
expect "imperial edit: shown in miles" "10 mi"
km=$(cli --json workout show wk1 | jq -r .distanceKm)
[ "$km" = 16.093 ] && ok "imperial edit: 10 mi stored as 16.093 km" || bad "imperial edit: 10 mi stored as 16.093 km" "$km"
keys G e
expect "imperial edit: form again" "Edit workout"
keys Tab Tab C-u
typ "5km"
keys C-s
expect "imperial edit: 5km taken whatever the profile" "workout saved"
km=$(cli --json workout show wk1 | jq -r .distanceKm)
[ "$km" = 5 ] && ok "imperial edit: 5km stored as 5 km" || bad "imperial edit: 5km stored as 5 km" "$km"
keys a
expect "imperial add: form" "Add workout"
typ "walk"
keys Tab
typ "20"
keys Tab
typ "2"
keys C-s
expect "imperial add: saved" "workout added"
km=$(cli --json workout list | jq -r '.[] | select(.kind == "walk") | .distanceKm')
[ "$km" = 3.219 ] && ok "imperial add: a bare 2 is 2 mi (3.219 km)" || bad "imperial add: a bare 2 is 2 mi" "$km"
keys a
typ "swim"
keys Tab
typ "20"
keys Tab
typ "5 parsecs"
keys C-s
expect "imperial add: a bad distance says why" "not saved: distanceKm"
keys Escape y q

finish
