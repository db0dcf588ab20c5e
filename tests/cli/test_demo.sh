#!/usr/bin/env bash
# ailife demo: determinism, realistic and valid data, goal progress = sum of activities, argument checks.
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
export TZ=Europe/Berlin
NOW=2026-11-26T12:00:00Z
ai() { "$AILIFE_BIN" --now "$NOW" "$@"; }
have_jq=false
command -v jq >/dev/null 2>&1 && have_jq=true

# Numbers as integer thousandths, so sums are exact (12.5 -> 12500).
milli_awk='function milli(s,  neg, a, f) { neg = 0; if (substr(s, 1, 1) == "-") { neg = 1; s = substr(s, 2) }
	split(s, a, "."); f = substr(a[2] "000", 1, 3); return (neg ? -1 : 1) * (a[1] * 1000 + f) }'

# Goal progress is the exact sum of its activities, a goal that reached its target
# is completed, every activity belongs to a goal, and no two activities of a goal
# share a time (their key holds it, so one would overwrite the other).
check_goals() {
	local f=$1 what=$2 bad orphans dups
	jq -r 'select(.type.S=="GOAL") | [.goalId.S, .progress.N, .target.N, .status.S] | @tsv' "$f" >"$T/goals.tsv"
	jq -r 'select(.type.S=="ACTIVITY") | [.goalId.S, .amount.N, .occurredAt.S] | @tsv' "$f" >"$T/acts.tsv"
	bad=$(awk -F'\t' "$milli_awk"'
		FNR == NR { sum[$1] += milli($2); next }
		{ p = milli($2); t = milli($3)
		  if (p != sum[$1] + 0) print "progress " $2 " != sum for " $1
		  if (p >= t && $4 != "completed") print $1 " reached its target but is " $4
		  if ($4 == "completed" && p < t) print $1 " completed below target" }' "$T/acts.tsv" "$T/goals.tsv")
	check_eq "$what: goal progress = sum of activities, status follows" "" "$bad"
	orphans=$(awk -F'\t' 'FNR == NR { g[$1] = 1; next } !($1 in g) { print $1 }' "$T/goals.tsv" "$T/acts.tsv")
	check_eq "$what: every activity belongs to a goal of the demo" "" "$orphans"
	dups=$(cut -f1,3 "$T/acts.tsv" | sort | uniq -d)
	check_eq "$what: no two activities of a goal at the same time" "" "$dups"
	check_true "$what: the export has no duplicate keys" bash -c "[ -z \"\$(jq -r '.PK.S + \" \" + .SK.S' '$f' | sort | uniq -d)\" ]"
}

# --- determinism ---
out=$(ai --db "$T/a.db" --json demo 2>&1); rc=$?
check_rc "demo runs" 0 $rc
check_contains "demo --json names the user" "$out" '"userId"'
ai --db "$T/b.db" demo >"$T/b.out" 2>&1; check_rc "demo with the same seed in a second db" 0 $?
ai --db "$T/c.db" demo --seed 2 >/dev/null 2>&1; check_rc "demo with another seed" 0 $?
ai --db "$T/a.db" export --all-users >"$T/a.jsonl"
ai --db "$T/b.db" export --all-users >"$T/b.jsonl"
ai --db "$T/c.db" export --all-users >"$T/c.jsonl"
check_true "export of a demo is not empty" test -s "$T/a.jsonl"
check_true "same seed and --now: byte-identical export" cmp -s "$T/a.jsonl" "$T/b.jsonl"
check_true "another seed: different data" bash -c "! cmp -s '$T/a.jsonl' '$T/c.jsonl'"
ai --db "$T/a2.db" demo --seed 1 --days 30 >/dev/null 2>&1
ai --db "$T/a2.db" export --all-users >"$T/a2.jsonl"
check_true "explicit --seed 1 --days 30 equals the defaults" cmp -s "$T/a.jsonl" "$T/a2.jsonl"

uid=$(head -1 "$T/a.jsonl" | sed -E 's/.*"userId":\{"S":"([^"]*)".*/\1/')
check_eq "user id is a ULID" 26 "${#uid}"
check_contains "human output says how to use the user" "$(cat "$T/b.out")" "ailife --user $uid"

# --- a second demo with the same seed collides ---
err=$(ai --db "$T/a.db" demo 2>&1 >/dev/null); rc=$?
check_rc "second demo with the same seed fails" 1 $rc
check_contains "and says the user exists" "$err" "demo user $uid already exists (use another --seed)"
ai --db "$T/a.db" export --all-users >"$T/a3.jsonl"
check_true "and changes nothing" cmp -s "$T/a.jsonl" "$T/a3.jsonl"

# --- the only user is picked without --user ---
ai --db "$T/a.db" export >"$T/a4.jsonl" 2>&1
check_true "export without --user picks the only user" cmp -s "$T/a.jsonl" "$T/a4.jsonl"

# --- every item passes import's checks ---
out=$(ai --db "$T/imp.db" import "$T/a.jsonl" 2>&1); rc=$?
check_rc "every demo item passes import's checks" 0 $rc
check_eq "all of them imported" "imported $(wc -l <"$T/a.jsonl" | tr -d ' ') items" "$out"

# --- content ---
if $have_jq; then
	types=$(jq -r '.type.S' "$T/a.jsonl" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
	for t in USER GOAL ACTIVITY JOURNAL MEAL WORKOUT; do
		check_contains "demo has ${t} items" "$types" "$t="
	done
	ngoals=$(jq -r 'select(.type.S=="GOAL") | .goalId.S' "$T/a.jsonl" | wc -l)
	# 3-5 goals under way at any time; the water challenge and meditation hand over to
	# the next goal the day after they end, so a month can hold up to 7 in all.
	nopen=$(jq -r 'select(.type.S=="GOAL" and .status.S=="active") | .goalId.S' "$T/a.jsonl" | wc -l)
	check_true "3 to 5 goals under way ($nopen active)" test "$nopen" -ge 3 -a "$nopen" -le 5
	check_true "at most 7 goals in a month ($ngoals)" test "$ngoals" -ge 3 -a "$ngoals" -le 7
	statuses=$(jq -r 'select(.type.S=="GOAL") | .status.S' "$T/a.jsonl" | sort -u | tr '\n' ' ')
	check_contains "a goal is active" "$statuses" "active"
	check_contains "a goal is paused" "$statuses" "paused"
	check_contains "a goal is completed" "$statuses" "completed"
	check_eq "user's time zone is the process's" "Europe/Berlin" "$(jq -r 'select(.type.S=="USER") | .timezone.S' "$T/a.jsonl")"
	check_eq "user's name" "Alex Demo" "$(jq -r 'select(.type.S=="USER") | .name.S' "$T/a.jsonl")"
	late=$(jq -r 'select(.occurredAt.S > "2026-11-26T12:00:00.000Z" or .createdAt.S > "2026-11-26T12:00:00.000Z") | .SK.S' "$T/a.jsonl")
	check_eq "nothing happens after --now" "" "$late"
	# Per local day (the user's zone); the last day ends at --now (13:00 in Berlin).
	local_days() { while read -r ts; do date -d "$ts" +%F; done | sort | uniq -c; }
	jq -r 'select(.type.S=="ACTIVITY") | .occurredAt.S' "$T/a.jsonl" | local_days >"$T/act_days"
	nact_days=$(wc -l <"$T/act_days")
	check_true "activities on most days ($nact_days of 30)" test "$nact_days" -ge 25 -a "$nact_days" -le 30
	nact=$(awk '{ n += $1 } END { print n + 0 }' "$T/act_days")
	check_true "small activity logs through the day ($nact in 30 days)" test "$nact" -ge 150 -a "$nact" -le 900
	busiest=$(sort -n "$T/act_days" | tail -1 | awk '{ print $1 }')
	check_true "several logs on a busy day ($busiest)" test "$busiest" -ge 8
	nmeals=$(jq -r 'select(.type.S=="MEAL") | .SK.S' "$T/a.jsonl" | wc -l)
	check_true "3-5 meals a day ($nmeals in 30 days)" test "$nmeals" -ge 90 -a "$nmeals" -le 150
	jq -r 'select(.type.S=="MEAL") | .occurredAt.S' "$T/a.jsonl" | local_days >"$T/meal_days"
	bad_meal_days=$(sort -k2 "$T/meal_days" | sed '$d' | awk '$1 < 3 || $1 > 5')
	check_eq "every full day has 3-5 meals" "" "$bad_meal_days"
	check_eq "meals on every day" 30 "$(wc -l <"$T/meal_days")"
	check_true "some days have snacks" test "$(jq -r 'select(.type.S=="MEAL" and .mealType.S=="snack") | .SK.S' "$T/a.jsonl" | wc -l)" -ge 5
	nwork=$(jq -r 'select(.type.S=="WORKOUT") | .SK.S' "$T/a.jsonl" | wc -l)
	check_true "3-5 workouts a week ($nwork in 30 days)" test "$nwork" -ge 10 -a "$nwork" -le 24
	check_true "some workouts are linked to goals" test "$(jq -r 'select(.type.S=="WORKOUT" and .goalId) | .SK.S' "$T/a.jsonl" | wc -l)" -ge 1
	check_true "some journal entries are linked to goals" test "$(jq -r 'select(.type.S=="JOURNAL" and .goalId) | .SK.S' "$T/a.jsonl" | wc -l)" -ge 1
	check_true "journal entries have several lines" test "$(jq -r 'select(.type.S=="JOURNAL") | .body.S | select(contains("\n"))' "$T/a.jsonl" | wc -l)" -ge 1
	moods=$(jq -r 'select(.type.S=="JOURNAL" and .mood) | .mood.N' "$T/a.jsonl" | sort -u | tr '\n' ' ')
	check_true "moods are 1-5 ($moods)" bash -c "echo '$moods' | grep -Eq '^([1-5] )+$'"
	check_true "some meal names are not ASCII" bash -c "jq -r 'select(.type.S==\"MEAL\") | .name.S' '$T/a.jsonl' | LC_ALL=C grep -q '[^ -~]'"
	# Breakfast in the morning, local time (the user's zone).
	bad_breakfast=$(jq -r 'select(.type.S=="MEAL" and .mealType.S=="breakfast") | .occurredAt.S' "$T/a.jsonl" |
	    while read -r ts; do h=$(date -d "$ts" +%H); [ "$h" -ge 6 ] && [ "$h" -le 8 ] || echo "$ts"; done)
	check_eq "breakfasts between 6 and 9 local" "" "$bad_breakfast"

	check_goals "$T/a.jsonl" "30 days"
else
	echo "# jq not found: content checks skipped"
fi

# --- options ---
out=$(ai --db "$T/n.db" demo --name "Zoë Test" --days 1 2>&1); rc=$?
check_rc "--name and --days 1" 0 $rc
check_contains "--name is used" "$out" "Zoë Test"
for bad in 0 3651 abc -3 1.5 "" " 7" 99999999999999999999; do
	err=$(ai --db "$T/bad.db" demo --days "$bad" 2>&1); rc=$?
	check_rc "--days '$bad' is refused" 2 $rc
	check_contains "the message names '$bad'" "$err" "'$bad'"
done
for bad in -1 abc 18446744073709551616 1e3; do
	err=$(ai --db "$T/bad.db" demo --seed "$bad" 2>&1); rc=$?
	check_rc "--seed '$bad' is refused" 2 $rc
	check_contains "the message names '$bad'" "$err" "'$bad'"
done
ai --db "$T/big.db" demo --seed 18446744073709551615 --days 2 >/dev/null 2>&1
check_rc "--seed 2^64-1 is accepted" 0 $?
err=$(ai --db "$T/bad.db" demo --name "$(printf 'a\033b')" 2>&1); rc=$?
check_rc "a --name with a control character is refused" 2 $rc
check_contains "the message is about the name" "$err" "name"

# --- ten years ---
start=$(date +%s%N)
out=$(ai --db "$T/ten.db" --json demo --days 3650 2>&1); rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check_rc "demo --days 3650 runs" 0 $rc
echo "# demo --days 3650: ${ms} ms"
check_true "demo --days 3650 in under a minute (${ms} ms)" test "$ms" -lt 60000
if $have_jq; then
	n=$(printf '%s' "$out" | jq '[.counts[]] | add')
	check_true "ten years make about 100,000 items ($n)" test "$n" -ge 85000 -a "$n" -le 115000
	ai --db "$T/ten.db" export --all-users >"$T/ten.jsonl"
	check_eq "the export has every item" "$n" "$(wc -l <"$T/ten.jsonl" | tr -d ' ')"
	ngoals=$(printf '%s' "$out" | jq '.counts.goal')
	check_true "a few dozen goals in ten years ($ngoals)" test "$ngoals" -ge 10 -a "$ngoals" -le 40
	check_goals "$T/ten.jsonl" "ten years"
	# A goal takes activities from its creation until it completes or is paused.
	most=$(jq -r 'select(.type.S=="GOAL") | .createdAt.S + "\t1", (if .status.S == "active" then "9999" else .updatedAt.S end) + "\t-1"' "$T/ten.jsonl" |
	    sort | awk -F'\t' '{ n += $2; if (n > m) m = n } END { print m }')
	check_true "at most 5 goals active at a time ($most)" test "$most" -ge 3 -a "$most" -le 5
	late=$(jq -r 'select(.occurredAt.S > "2026-11-26T12:00:00.000Z" or .updatedAt.S > "2026-11-26T12:00:00.000Z") | .SK.S' "$T/ten.jsonl")
	check_eq "ten years: nothing happens after --now" "" "$late"
	check_true "ten years: goals paused, completed and active" bash -c \
	    "[ \"\$(jq -r 'select(.type.S==\"GOAL\") | .status.S' '$T/ten.jsonl' | sort -u | tr '\n' ' ')\" = 'active completed paused ' ]"
fi

finish
