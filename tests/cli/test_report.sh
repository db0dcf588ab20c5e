#!/usr/bin/env bash
# ailife report and ailife status: the figures of report --json against the same figures
# computed independently (tests/cli/report_figures.py over `ailife export`) for a week, a
# month and a custom range of a demo store, across the end of summer time (Berlin,
# 2026-10-25) and a month end; streak edge cases; pace with and without a due date, of
# completed and overdue goals; the text, Markdown and ASCII forms; the status line, its
# placeholders, --json, and "?" alone when the store cannot be reached.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-11-03T12:00:00Z AILIFE_DB="$T/demo.db" HOME="$T/home"
mkdir -p "$HOME"
lib_store_setup
A=$AILIFE_BIN
FIG="$(dirname "$0")/report_figures.py"
run() {
	out=$("$@" 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}
TODAY=2026-11-03

# --- a demo store: figures against the independent script ---
"$A" demo --days 45 --seed 3 >/dev/null 2>&1
U=$("$A" --json user list | jq -r '.[0].id')
export AILIFE_USER=$U
"$A" export >"$T/demo.jsonl"
# figures NAME FROM TO [report options...]: report --json against the script.
figures() {
	local name=$1 from=$2 to=$3
	shift 3
	"$A" --json report "$@" >"$T/r.json" 2>"$T/err"
	local rc=$?
	check_rc "$name: report --json runs" 0 "$rc"
	local res
	res=$(python3 "$FIG" "$T/demo.jsonl" "$T/r.json" "$from" "$to" "$TODAY" ${GOAL_ONLY:-} 2>&1)
	check_contains "$name: the figures agree with the script" "$res" "figures agree"
}
figures "a week across the DST change (2026-W43)" 2026-10-19 2026-10-25 --week 2026-W43
figures "a month (October, to its end)" 2026-10-01 2026-10-31 --month 2026-10
figures "a custom range over the DST change and the month end" 2026-10-20 2026-11-02 --from 2026-10-20 --to 2026-11-02
figures "the default: this week" 2026-11-02 2026-11-08
figures "last month by name" 2026-10-01 2026-10-31 --month last
check_eq "the week of the DST change has 7 days" 7 "$("$A" --json report --week 2026-W43 | jq .days)"
G=$(jq -r '.goals[0].id' "$T/r.json")
GOAL_ONLY=$G figures "one goal (--goal by id)" 2026-10-01 2026-10-31 --month 2026-10 --goal "$G"
check_eq "--goal: that goal only" "1 $G" "$(jq -r '[(.goals | length), .goals[0].id] | join(" ")' "$T/r.json")"

# --- streaks and pace, on a user of our own ---
S=$("$A" user create --name Streaks --timezone Europe/Berlin --calorie-target 2000)
export AILIFE_USER=$S
alpha=$("$A" goal add Alpha --target 100 --unit x)
beta=$("$A" goal add Beta --target 100 --unit x --due 2026-11-30)
gamma=$("$A" goal add Gamma --target 5 --unit x --due 2026-12-31)
delta=$("$A" goal add Delta --target 100 --unit x --due 2026-10-31)
eps=$("$A" goal add Eps --target 50 --unit x --due 2026-11-20)
idle=$("$A" goal add Idle --target 10 --unit x)
# Alpha: today empty, yesterday and the three days before (one late at night across the
# DST change week), a gap on the 29th, two days before it: a streak of 4, 3 in week 44.
for at in "2026-11-02 08:00" "2026-11-01 23:30" "2026-10-31 07:00" "2026-10-30 12:00" "2026-10-28 09:00" \
    "2026-10-27 09:00" "2026-10-25 23:30"; do
	"$A" log alpha 1 --at "$at" >/dev/null 2>&1
done
# Beta: today and yesterday; Gamma completed; Delta overdue; Eps: only two days ago.
"$A" log beta 10 --at "2026-11-03 09:00" >/dev/null 2>&1
"$A" log beta 4 --at "2026-11-02 09:00" >/dev/null 2>&1
"$A" log gamma 5 --at "2026-11-02 10:00" >/dev/null 2>&1
"$A" log delta 1 --at "2026-10-30 10:00" >/dev/null 2>&1
"$A" log eps 2 --at "2026-11-01 10:00" >/dev/null 2>&1
"$A" goal status idle paused >/dev/null
"$A" export >"$T/demo.jsonl"
figures "streak user: week 44" 2026-10-26 2026-11-01 --week 2026-W44
jq -c '.goals[] | {(.title): .}' "$T/r.json" | jq -s add >"$T/g.json"
gj() { jq -r "$1" "$T/g.json"; }
check_eq "today empty, yesterday not: the streak ends yesterday (4 days)" 4 "$(gj .Alpha.currentStreak)"
check_eq "a gap in the period: the longest streak in week 44 is 3" 3 "$(gj .Alpha.longestStreak)"
check_eq "today and yesterday: a streak of 2" 2 "$(gj .Beta.currentStreak)"
check_eq "only the day before yesterday: no streak" 0 "$(gj .Eps.currentStreak)"
check_eq "a paused goal without activity in the period is not shown" null "$(gj .Idle)"
figures "streak user: this week" 2026-11-02 2026-11-08
jq -c '.goals[] | {(.title): .}' "$T/r.json" | jq -s add >"$T/g.json"
check_eq "no due date: no pace" no_due_date "$(gj .Alpha.pace.state)"
check_eq "completed: completed, nothing remaining" "completed 0" "$(gj '.Gamma.pace | "\(.state) \(.remaining)"')"
check_eq "past the due date: overdue" overdue "$(gj .Delta.pace.state)"
# Beta: 86 to go in 28 days (the 3rd to the 30th) at 14 over 2 days passed = 7 a day: 13 days,
# done on the 15th, 15 days ahead; 3.071 a day needed.
check_eq "with a due date: ahead, by how many days, what is needed" "ahead 15 28 3.071 2026-11-15" \
    "$(gj '.Beta.pace | "\(.state) \(.daysAhead) \(.daysLeft) \(.neededPerDay) \(.finish)"')"
check_eq "nothing done this week: behind, no finish day" "behind null" "$(gj '.Eps.pace | "\(.state) \(.finish)"')"
run "$A" report --goal beta
check_contains "text: the pace in words" "$out" "pace: ahead by 15 days: 3.07 x a day needed until 2026-11-30, 7 a day done"
check_contains "text: the streak" "$out" "streak 2 days"

# --- units: the profile's ---
imp=$("$A" user create --name Imp --units imperial --timezone Europe/Berlin)
AILIFE_USER=$imp "$A" workout add run --minutes 40 --distance 5mi --at "2026-11-02 07:00" >/dev/null 2>&1
run env AILIFE_USER="$imp" "$A" report
check_contains "imperial: the week's distance in miles" "$out" "1 workout, 40 min, 5 mi"
check_contains "imperial: per kind in miles" "$(printf '%s\n' "$out" | grep '^  run')" " 5 mi"
check_eq "imperial: --json keeps km" 8.047 "$(AILIFE_USER=$imp "$A" --json report | jq -r .workouts.distanceKm)"

# --- forms of the text ---
export AILIFE_USER=$U
run env LC_ALL=C.UTF-8 "$A" report --month 2026-10
check_rc "text report runs" 0 "$rc"
check_eq "piped: no line wider than 80 columns" "" \
    "$(printf '%s\n' "$out" | python3 -c 'import sys; [print(len(l), l) for l in sys.stdin.read().split("\n") if len(l) > 80]')"
run env LC_ALL=C.UTF-8 COLUMNS=50 "$A" report --month 2026-10
check_eq "COLUMNS is for terminals: piped, still 80" "" \
    "$(printf '%s\n' "$out" | python3 -c 'import sys; [print(len(l), l) for l in sys.stdin.read().split("\n") if len(l) > 80]')"
check_contains "UTF-8 locale: block bars" "$out" "█"
run env LC_ALL=C "$A" report --month 2026-10
check_eq "C locale: ASCII only" "" "$(printf '%s' "$out" | LC_ALL=C grep -n '[^ -~]' | head -3)"
check_contains "C locale: bars of #" "$out" "#"
# Two days of this week passed: no weekly average made of them; weeks to come not listed.
run "$A" report --week
check_rc "report --week alone: this week" 0 "$rc"
check_contains "... the workouts line" "$out" "Workouts"
check_true "... no weekly average from 2 days" test "$(printf '%s\n' "$out" | grep -c 'min a week')" = 0
run "$A" report --month
wk=$(printf '%s\n' "$out" | grep 'minutes a week:')
check_contains "report --month: the weeks begun" "$wk" "W45"
check_true "... not the weeks to come" test "$(printf '%s' "$wk" | grep -c 'W46')" = 0
check_contains "... the average over the days passed (3)" "$out" "Report 2026-11-01 to 2026-11-30: 30 days, 3 passed"
run "$A" report --month --json
check_eq "report --month --json: --month alone, --json kept" "2026-11-01" "$(printf '%s' "$out" | jq -r .from)"
run "$A" report --month 2026-10 --format markdown
check_contains "markdown: a heading" "$out" "## Goals"
check_contains "markdown: a table" "$out" "| goal | progress | percent |"
AILIFE_USER=$S "$A" goal add 'Pipes | and *stars*' --target 3 --unit x >/dev/null
run env AILIFE_USER="$S" "$A" report --format markdown
check_contains "markdown: a title's | and * escaped, the table kept" "$out" '| Pipes \| and \*stars\* | 0 / 3 x |'
run "$A" report --week 2026-W44 --format yaml
check_rc "an unknown --format: exit 2" 2 "$rc"
check_eq "it names the value" "ailife: report: --format 'yaml': use text, markdown or json" "$err"
run "$A" report --from 2026-11-02 --to 2026-10-01
check_rc "--from after --to: exit 2" 2 "$rc"
run "$A" report --goal nosuchgoal
check_rc "an unknown goal: refused" 1 "$([ "$rc" -ne 0 ] && echo 1 || echo 0)"
check_contains "it names the goal" "$err" "nosuchgoal"

# --- the status line ---
export AILIFE_USER=$S
"$A" meal add Porridge --calories 350.5 --protein 12 --at "2026-11-03 08:00" >/dev/null 2>&1
"$A" meal add Late --calories 900 --at "2026-11-02 23:30" >/dev/null 2>&1
"$A" workout add run --minutes 30 --distance 5 --at "2026-11-03 07:00" >/dev/null 2>&1
run "$A" status
check_rc "status runs" 0 "$rc"
check_eq "the default line: today's kcal of the target, minutes, workouts, entries" "351/2000 kcal  30 min  workouts 1  journal 0" "$out"
run "$A" status --format '%streak days'
check_eq "%streak: the best current streak of the active goals (Alpha's)" "4 days" "$out"
run "$A" status --format '%cal/%target %left left | %goal:Beta% %progress:beta% %streak:alpha%d | %min min %dist km %workouts %meals %% %date'
check_eq "the placeholders (yesterday's late meal is not today's)" "351/2000 1650 left | 14% 14/100 x 4d | 30 min 5 km 1 1 % 2026-11-03" "$out"
run "$A" status --format '%goal:nosuch%'
check_eq "a goal that is not there: ? in its place" "?" "$out"
run "$A" status --format '%bogus'
check_rc "an unknown placeholder: exit 2" 2 "$rc"
check_contains "it names it" "$err" "'%bogus': unknown placeholder"
run "$A" --json status
check_eq "--json: exact decimals" "350.5 12 30 5" "$(printf '%s' "$out" | jq -r '"\(.calories) \(.protein) \(.workoutMinutes) \(.distanceKm)"')"
check_eq "--json: the active goals with their streaks" "Alpha 4" \
    "$(printf '%s' "$out" | jq -r '.goals[] | select(.title == "Alpha") | "\(.title) \(.currentStreak)"')"
# No store to reach: "?" alone, exit 1, nothing on stderr, and soon.
start=$(date +%s%N)
run env AILIFE_STORE=dynamodb AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x \
    AWS_SECRET_ACCESS_KEY=y "$A" status
end=$(date +%s%N)
check_eq "unreachable: only ?" "?" "$out"
check_rc "unreachable: exit 1" 1 "$rc"
check_eq "unreachable: nothing on stderr" "" "$err"
check_true "unreachable: within 3 s" test $(((end - start) / 1000000)) -lt 3000
# A store that takes the connection and never answers: the deadline (2 s) prints "?".
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(20)' >"$T/port" &
silent=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
start=$(date +%s%N)
run env AILIFE_STORE=dynamodb AWS_ENDPOINT_URL="http://127.0.0.1:$(cat "$T/port")" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y "$A" status
end=$(date +%s%N)
kill "$silent" 2>/dev/null
wait "$silent" 2>/dev/null
check_eq "a store that never answers: only ?" "?" "$out"
check_rc "a store that never answers: exit 1" 1 "$rc"
check_eq "a store that never answers: nothing on stderr" "" "$err"
ms=$(((end - start) / 1000000))
check_true "a store that never answers: the 2 s deadline, not a hang ($ms ms)" test "$ms" -ge 1900 -a "$ms" -lt 4000

finish
