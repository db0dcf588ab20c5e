#!/usr/bin/env bash
# Lists: complete (paged, no silent cap), one sort rule (oldest first by occurredAt,
# --reverse), --limit, --json/--jsonl streams, fixed columns (the id first), short ids and
# goal titles, text cut only on a terminal. Regressions: the journal sorted by creation
# time; the timeline's columns depending on the kinds in range.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
export TZ=Europe/Berlin
export AILIFE_DB="$T/a.db"
lib_store_setup
NOW=2026-12-04T10:00:00Z
ai() { "$AILIFE_BIN" --now "$NOW" "$@"; }
# A write, its echo of the parsed time left out.
add() { ai "$@" >/dev/null 2>&1 || not_ok "$*"; }
run() { out=$(ai "$@" 2>"$T/err"); rc=$?; err=$(cat "$T/err"); }

ai user create --name Ana --id ana >/dev/null || { not_ok "user create"; finish; }
export AILIFE_USER=ana

# --- the journal by occurredAt (regression: it was by creation time, AP13) ---
# Typed in as mid, new, old: by creation that is old, new, mid (newest first).
add journal add --body mid --at 2026-11-15
add journal add --body new --at 2026-12-04
add journal add --body old --at 2026-11-01
run --json journal list
check_eq "journal list: oldest first by occurredAt" "old,mid,new" "$(printf '%s' "$out" | jq -r '[.[].body] | join(",")')"
run --json journal list --reverse
check_eq "journal list --reverse: newest first" "new,mid,old" "$(printf '%s' "$out" | jq -r '[.[].body] | join(",")')"
run --json journal list --limit 2
check_eq "journal list --limit 2: the latest two by occurredAt" "mid,new" "$(printf '%s' "$out" | jq -r '[.[].body] | join(",")')"
check_eq "an asked-for --limit adds no note" "" "$err"
run journal list
old_line=$(printf '%s\n' "$out" | grep -n 'old' | cut -d: -f1)
new_line=$(printf '%s\n' "$out" | grep -n 'new' | cut -d: -f1)
[ -n "$old_line" ] && [ -n "$new_line" ] && [ "$old_line" -lt "$new_line" ] \
	&& ok "journal list text: the backfilled entry sorts into its month" \
	|| not_ok "journal list text: old above new" "$out"
run --json journal list --from 2026-11-01 --to 2026-11-30
check_eq "journal list over dates: oldest first" "old,mid" "$(printf '%s' "$out" | jq -r '[.[].body] | join(",")')"
# The latest 20 by default, and how to see more.
for d in $(seq 1 21); do
	add journal add --body "e$d" --at "2026-10-$(printf '%02d' "$d") 12:00"
done
run --json journal list
check_eq "journal list: the latest 20 by default" 20 "$(printf '%s' "$out" | jq length)"
check_eq "journal list: the newest is last" new "$(printf '%s' "$out" | jq -r '.[-1].body')"
check_contains "journal list: says how to see more" "$err" "--limit"
run --json journal list --limit 100
check_eq "journal list --limit 100: all of them" 24 "$(printf '%s' "$out" | jq length)"

# --- timeline columns (regression: only a workout in range printed the workout table) ---
add workout add run --minutes 30 --distance 5 --at "2026-11-20 07:00" --id w1
run timeline --from 2026-11-20 --to 2026-11-20
head_line=$(printf '%s\n' "$out" | head -1)
check_eq "timeline of one workout: the timeline's columns" "ID WHEN TYPE WHAT" "$(printf '%s' "$head_line" | tr -s ' ')"
check_not_contains "timeline of one workout: not the workout table" "$out" "MINUTES"
run timeline --from 2026-11-22 --to 2026-11-22
check_eq "an empty timeline" "(none)" "$out"

# --- short ids, goal titles, the id first ---
add goal add "Run 100 km" --target 100 --unit km --due 2027-06-01
add goal add "Drink water" --target 30 --unit litres --due 2027-01-01
add goal add "Read" --target 10 --unit books
add goal add "Alpha later" --target 10 --unit x --due 2027-06-01
run --json goal list
gid=$(printf '%s' "$out" | jq -r '.[] | select(.title == "Run 100 km") | .id')
check_eq "goal list --json: full ids" 26 "${#gid}"
check_eq "goal list: by due date (none last), then title" "Drink water,Alpha later,Run 100 km,Read" \
	"$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run --json goal list --reverse
check_eq "goal list --reverse" "Read,Run 100 km,Alpha later,Drink water" "$(printf '%s' "$out" | jq -r '[.[].title] | join(",")')"
run goal list
check_eq "goal list: the id column first" "ID" "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f1)"
check_not_contains "goal list: ids shortened" "$out" "$gid"
short=$(printf '%s\n' "$out" | grep 'Run 100 km' | cut -d' ' -f1)
[ "${#short}" -ge 6 ] && [ "${#short}" -lt 26 ] && [ "${gid#"$short"}" != "$gid" ] \
	&& ok "goal list: a short id is a prefix of at least 6" || not_ok "goal list: short id" "$short / $gid"
add log "$gid" 2 --at "2026-11-20 08:00" --note "easy"
add log "$gid" 3 --at "2026-11-20 18:00"
run timeline --from 2026-11-20 --to 2026-11-20
check_contains "timeline: the goal by its title" "$out" "+2 to Run 100 km: easy"
check_not_contains "timeline: no goal ULID" "$out" "$gid"
run activity list --goal "$gid" --from 2026-11-20 --to 2026-11-20
check_eq "activity list: the handle first" "HANDLE" "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f1)"
check_contains "activity list: the goal's title" "$out" "Run 100 km"
first=$(printf '%s\n' "$out" | sed -n 2p)
check_contains "activity list --goal: oldest first" "$first" "08:00"
run --json activity list --goal "$gid" --from 2026-11-20 --to 2026-11-20 --reverse
check_eq "activity list --goal --reverse" "3,2" "$(printf '%s' "$out" | jq -r '[.[].amount] | join(",")')"
run --json goal show "$gid"
check_eq "goal show: recent activities oldest first" "2,3" "$(printf '%s' "$out" | jq -r '[.recentActivities[].amount] | join(",")')"
run goal show "$gid"
check_contains "goal show: recent activities with handles" "$out" "HANDLE"
add workout add run --minutes 20 --goal "$gid" --at "2026-11-21 07:00" --id w2
run workout list --from 2026-11-21 --to 2026-11-21
check_contains "workout list: the goal by its title" "$out" "Run 100 km"
check_eq "workout list: the id column first" "ID" "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f1)"
ai user create --name "Bo" --id bo >/dev/null
ai user create --name "aaron" --id zz >/dev/null
run --json user list
check_eq "user list: by name" "aaron,Ana,Bo" "$(printf '%s' "$out" | jq -r '[.[].name] | join(",")')"
run user list --reverse
check_eq "user list --reverse: text" "Bo" "$(printf '%s\n' "$out" | sed -n 2p | tr -s ' ' | cut -d' ' -f2)"

# --- text is cut only on a terminal ---
long="A very long meal name that goes on and on, well past any column a table would keep for it, to the end"
add meal add "$long" --calories 500 --at "2026-11-21 12:00"
run meal list --from 2026-11-21 --to 2026-11-21
check_contains "not a terminal: nothing is cut" "$out" "$long"
check_contains "meal list: the day's total" "$out" "2026-11-21 total"
if command -v script >/dev/null 2>&1; then
	tty_out=$(COLUMNS=72 script -qec "'$AILIFE_BIN' --now $NOW meal list --from 2026-11-21 --to 2026-11-21" /dev/null | tr -d '\r')
	check_contains "a terminal: cut with an ellipsis" "$tty_out" "…"
	widest=$(printf '%s\n' "$tty_out" | while IFS= read -r l; do printf '%s\n' "${#l}"; done | sort -n | tail -1)
	[ "${widest:-999}" -le 72 ] && ok "a terminal: rows fit COLUMNS=72" || not_ok "rows fit 72 columns" "$tty_out"
else
	ok "# skip: no script(1) for a terminal"
fi

# --- complete lists: more than a page, streamed, in order ---
lib_store_fresh "$T/demo.db"
ai demo --days 60 >/dev/null || not_ok "demo --days 60"
unset AILIFE_USER
ai export >"$T/export.jsonl"
want=$(jq -r 'select(.type.S == "ACTIVITY" or .type.S == "JOURNAL" or .type.S == "MEAL" or .type.S == "WORKOUT") | .type.S' "$T/export.jsonl" | wc -l)
acts=$(jq -r 'select(.type.S == "ACTIVITY") | .type.S' "$T/export.jsonl" | wc -l)
[ "$acts" -gt 1000 ] && ok "the demo has more than a page of activities ($acts)" || not_ok "demo activities" "$acts"
run --json timeline --from 2026-09-01 --to 2026-12-04
check_eq "--json timeline: every item of the range" "$want" "$(printf '%s' "$out" | jq length)"
check_eq "--json timeline: no note" "" "$err"
check_eq "--json timeline: oldest first" true "$(printf '%s' "$out" | jq '[.[].occurredAt] as $t | $t == ($t | sort)')"
run --jsonl timeline --from 2026-09-01 --to 2026-12-04
check_eq "--jsonl timeline: one object a line" "$want" "$(printf '%s\n' "$out" | jq -c . | wc -l)"
check_eq "--jsonl timeline: as many lines" "$want" "$(printf '%s\n' "$out" | wc -l)"
check_eq "--jsonl: objects, not arrays" object "$(printf '%s\n' "$out" | head -1 | jq -r type)"
run --json timeline --from 2026-09-01 --to 2026-12-04 --reverse
check_eq "--json timeline --reverse: newest first" true \
	"$(printf '%s' "$out" | jq '[.[].occurredAt] as $t | $t == ($t | sort | reverse)')"
run timeline --from 2026-09-01 --to 2026-12-04
check_eq "text timeline: every item and a header" "$((want + 1))" "$(printf '%s\n' "$out" | wc -l)"
run --json timeline --from 2026-09-01 --to 2026-12-04 --limit 5
check_eq "--limit 5 caps" 5 "$(printf '%s' "$out" | jq length)"
run --json activity list --from 2026-09-01 --to 2026-12-04
check_eq "activity list: more than a page, all of it" "$acts" "$(printf '%s' "$out" | jq length)"
run --jsonl activity list --from 2026-09-01 --to 2026-12-04 --reverse
check_eq "--jsonl activity list --reverse: all, newest first" "$acts,true" \
	"$(printf '%s\n' "$out" | jq -s '[length, ([.[].occurredAt] as $t | $t == ($t | sort | reverse))] | map(tostring) | join(",")' -r)"
run --json meal list --from 2026-09-01 --to 2026-12-04
check_eq "meal list: no day totals in JSON" 0 "$(printf '%s' "$out" | jq '[.[] | select(.type != "MEAL")] | length')"
run --jsonl goal list --status all
check_eq "--jsonl goal list" 7 "$(printf '%s\n' "$out" | jq -c . | wc -l)"

finish
