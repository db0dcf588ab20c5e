#!/bin/bash
# Issue 16 in the terminal interface, in tmux on the embedded store (fixed clock, Berlin):
# Insights as the seventh tab (7, Tab / S-Tab, the tab bar at 80 and 40 columns, the help,
# [ ] w m, resize); the goal detail's pace, streak and month heatmap; the journal's mood
# sparkline; the meals' macro split; the whole-journal search. Each at 80x24 and 40x12,
# with and without NO_COLOR; figures checked against `ailife report --json`.
. "$(dirname "$0")/lib.sh"
NOW=2026-11-04T12:00:00Z
tui_setup insights
# AILIFE_TEST_STORE=dynamodb with AILIFE_DDB_ENDPOINT: the same on DynamoDB Local (the demo
# store of the last part stays embedded: --db).
if [ "${AILIFE_TEST_STORE:-local}" = dynamodb ]; then
	export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL="$AILIFE_DDB_ENDPOINT" AWS_REGION=us-east-1
	export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
	export AILIFE_TABLE="tui-insights-$$-$RANDOM"
	unset AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE AWS_SESSION_TOKEN
	cli table create >/dev/null || { echo "not ok - table create on DynamoDB Local"; echo "0 passed, 1 failed"; exit 1; }
fi

cli user create --name "Ins Tester" --id ins --timezone Europe/Berlin --calorie-target 2000 >/dev/null
export AILIFE_USER=ins
cli goal add "Run 100 km" --target 100 --unit km --id run --start 2026-10-01 --due 2026-11-30 >/dev/null
cli log run 10 --at "2026-10-10 08:00" >/dev/null
for d in 01 02 03 04; do
	cli log run 5 --at "2026-11-$d 08:00" >/dev/null
done

cli goal add "Read books" --target 12 --unit books --id read >/dev/null
cli goal add "Swim 10 km" --target 10 --unit km --id swim --start 2026-11-01 --due 2026-11-30 >/dev/null
cli log read 1 --at "2026-11-03 21:00" >/dev/null
# The figures the screens must show, from the report (rounded to 2 decimals as shown).
rep=$(cli --json report --goal run --month)
need=$(printf '%s' "$rep" | jq -r '.goals[0].pace.neededPerDay * 100 | round / 100')
ahead=$(printf '%s' "$rep" | jq -r '.goals[0].pace.daysAhead')
streak=$(printf '%s' "$rep" | jq -r '.goals[0].currentStreak')
avg=$(printf '%s' "$rep" | jq -r '.goals[0].dailyAverage * 100 | round / 100')
rd=$(cli --json report --goal read --month)
rd_streak=$(printf '%s' "$rd" | jq -r '.goals[0].currentStreak')
rd_avg=$(printf '%s' "$rd" | jq -r '.goals[0].dailyAverage * 100 | round / 100')
sw=$(cli --json report --goal swim --month)
sw_need=$(printf '%s' "$sw" | jq -r '.goals[0].pace.neededPerDay * 100 | round / 100')
sw_state=$(printf '%s' "$sw" | jq -r '.goals[0].pace.state')

# help_to TEXT: j in the help until TEXT shows (at most 40 lines down).
help_to() {
	local i
	for ((i = 0; i < 40; i++)); do
		case "$(screen)" in *"$1"*) return 0 ;; esac
		keys j
		sleep 0.05
	done
}

# ---- the seventh tab
for env in "" "NO_COLOR=1"; do
	tag=${env:-colour}
	start 80 24 "$env"
	expect "$tag 80x24: starts" "Ins Tester"
	expect "$tag 80x24: the tab bar names the seventh tab" "7 Insights"
	expect "$tag 80x24: and the first" "1 Today"
	edges "$tag 80x24: the tab bar fits"
	keys 7
	expect "$tag 7: Insights on this week" "Insights: week 2026-11-02"
	lacks "$tag 7: no loading left" "loading..."
	expect "$tag 7: the goal" "Run 100 km"
	keys m
	expect "$tag m: the month" "Insights: November 2026"
	keys '['
	expect "$tag [: the month before" "Insights: October 2026"
	keys ']'
	expect "$tag ]: the month after" "Insights: November 2026"
	keys w
	expect "$tag w: a week of it" "Insights: week 2026-10-26"
	keys Tab
	expect "$tag Tab from Insights: the first tab" "Calories"
	lacks "$tag Tab from Insights: Insights left" "Insights: week"
	keys BTab
	expect "$tag S-Tab from Today: Insights, its week kept" "Insights: week 2026-10-26"
	keys 6 Tab
	expect "$tag Tab from Workouts: Insights" "Insights: week 2026-10-26"
	keys ?
	expect "$tag help: 7 listed" "insights: report, pace and streaks"
	help_to "Timeline, meals, workouts, insights"
	expect "$tag help (j further): [ ] on insights" "Timeline, meals, workouts, insights"
	keys z t
	expect "$tag t: back to this week" "Insights: week 2026-11-02"
	resize 40 12
	expect "$tag 40x12 after resize: still Insights" "Insights"
	settle
	expect "$tag 40x12: the current tab by name" "7 Insights"
	lacks "$tag 40x12: the others by number" "1 Today"
	expect "$tag 40x12: the first goal's average, streak and pace, short, not cut" "0.33/d streak 1d no due date"
	expect "$tag 40x12: meals against the target, short" "kcal 0/2000 a day, 0 over, 0 under"
	edges "$tag 40x12: nothing past the right edge"
	keys m
	expect "$tag 40x12: m" "November 2026"
	edges "$tag 40x12 month: nothing past the right edge"
	resize 80 24
	expect "$tag back at 80x24: all the names" "1 Today"
	expect "$tag back at 80x24: Insights kept" "Insights: November 2026"
	edges "$tag back at 80x24: nothing past the right edge"
	keys q
done
# A click on the seventh tab (SGR mouse report, as tests/tui/test_mouse.sh sends them).
click() { $TM send-keys -t main -H $(printf '\e[<0;%d;%dM\e[<0;%d;%dm' "$1" "$2" "$1" "$2" | od -An -tx1); }
for size in "80 24" "40 12"; do
	start $size TERM=xterm-256color
	expect "$size click: starts" "Ins Tester"
	for _ in $(seq 50); do
		[ "$($TM display -p -t main '#{mouse_any_flag}')" = 1 ] && break
		sleep 0.1
	done
	settle
	x=$(screen | head -1 | python3 -c 'import sys; print(sys.stdin.readline().index(" 7") + 2)')
	click "$x" 1
	expect "$size: a click on the seventh tab opens Insights" "Insights: week 2026-11-02"
	keys q
done
start 40 12
expect "40x12 start: the current tab by name" "1 Today"
keys 7
expect "40x12: 7" "7 Insights"
edges "40x12 start: nothing past the right edge"
keys q

# ---- the goal detail: pace, streak, month heatmap
# open_goal TITLE: the goals tab, the goal's row chosen with the / filter, its detail.
open_goal() {
	keys 2
	expect "goals tab for $1" "Goals:"
	keys /
	typ "$1"
	keys Enter Enter
}
for env in "" "NO_COLOR=1"; do
	tag=${env:-colour}
	start 80 24 "$env"
	expect "$tag: starts" "Ins Tester"
	open_goal "Run 100"
	expect "$tag 80x24 goal: the detail" "Goal: Run 100 km"
	expect "$tag 80x24 goal: the current streak (report: $streak)" "streak $streak days"
	expect "$tag 80x24 goal: needed a day against done, ahead by N days (report)" \
		"needs $need km/day, $avg/day this month: ahead by $ahead days"
	expect "$tag 80x24 goal: the month's heatmap beside the list" "November 2026"
	expect "$tag 80x24 goal: weekdays" "M T W T F S S"
	expect "$tag 80x24 goal: Sun 1 to Wed 4 with activity (glyphs), nothing after today" "█ █ █"
	lacks "$tag 80x24 goal: no cell after today" "█ █ █ ·"
	expect "$tag 80x24 goal: the month's total" "20 km"
	expect "$tag 80x24 goal: its days" "4 active days"
	expect "$tag 80x24 goal: the list still there" "+10 km"
	edges "$tag 80x24 goal: nothing past the right edge"
	keys '['
	expect "$tag [: October's heatmap" "October 2026"
	expect "$tag [: October's total" "10 km"
	expect "$tag [: October's days" "1 active day"
	expect "$tag [: a past month: dots for the days without activity" "· · · · · █ ·"
	expect "$tag [: the pace stays today's" "ahead by $ahead days"
	keys ']'
	expect "$tag ]: this month again" "November 2026"
	if [ -n "$env" ]; then
		esc=$($TM capture-pane -p -e -t main | grep -o $'\e\\[[0-9;]*3[1-7]m' | head -1)
		[ -z "$esc" ] && ok "NO_COLOR goal: no colour escapes" || bad "NO_COLOR goal: no colour escapes" "$esc"
	fi
	keys Escape Escape
	open_goal "Read"
	expect "$tag no due date: no pace, the month's average (report: $rd_avg)" "$rd_avg books/day this month, no due date"
	expect "$tag today empty, yesterday not: streak $rd_streak" "streak $rd_streak day"
	keys Escape Escape
	open_goal "Swim"
	[ "$sw_state" = behind ] && ok "$tag report: nothing done is behind" || bad "$tag report: nothing done is behind" "$sw_state"
	expect "$tag nothing done: needed a day, 0 done, behind with no day (report)" "needs $sw_need km/day, 0/day this month: behind"
	expect "$tag nothing done: streak 0" "streak 0 days"
	expect "$tag nothing done: the heatmap's days are dots" "· · ·"
	keys Escape Escape
	open_goal "Read"
	resize 40 12
	expect "$tag 40x12 goal: still the goal" "Goal: Read books"
	keys Escape Escape
	open_goal "Run 100"
	expect "$tag 40x12 goal: the pace on its own line" "ahead ${ahead}d: needs $need/day, does $avg"
	expect "$tag 40x12 goal: the streak" "streak $streak days"
	lacks "$tag 40x12 goal: no heatmap beside the list" "M T W T F S S"
	edges "$tag 40x12 goal: nothing past the right edge"
	keys c
	expect "$tag 40x12 c: the heatmap in place of the list" "M T W T F S S   November 2026"
	expect "$tag 40x12 c: the total right of the grid" "20 km, 4 active days"
	edges "$tag 40x12 c: nothing past the right edge"
	keys '['
	expect "$tag 40x12 [: October" "October 2026"
	expect "$tag 40x12 [: October's grid once loaded" "10 km, 1 active day"
	s=$(screen)
	[ "$(printf '%s\n' "$s" | grep -c "^ [·█ ]*$")" -ge 4 ] && ok "$tag 40x12 c: October's five week rows in full (the first beside the total)" || bad "$tag 40x12 c: October's five week rows" "$s"
	keys c
	expect "$tag 40x12 c again: the list back" "+5 km"
	keys q
done

# ---- the journal's mood sparkline and the meals' macro split
cli meal add "Oats" --calories 500 --type breakfast --protein 20 --carbs 80 --fat 10 --at "2026-11-04 08:00" >/dev/null 2>&1
cli meal add "Salad" --calories 300 --type lunch --protein 10 --carbs 20 --fat 10.5 --at "2026-11-04 12:00" >/dev/null 2>&1
m=1
for d in 06 10 15 20 25 30; do
	cli journal add --title "Day $d" --body "oct" --mood $m --at "2026-10-$d 20:00" >/dev/null 2>&1
	m=$((m % 5 + 1))
done
for d in 1 2 3 4; do
	cli journal add --title "Nov $d" --body "nov" --mood $((d + 1)) --at "2026-11-0$d 09:00" >/dev/null 2>&1
done
jr=$(cli --json report --from 2026-10-06 --to 2026-11-04)
mood=$(printf '%s' "$jr" | jq -r '.journal.moodAverage * 10 | round / 10')
trend=$(printf '%s' "$jr" | jq -r '.journal.trend * 10 | round / 10')
mr=$(cli --json report --from 2026-11-04 --to 2026-11-04)
split() { printf '%s' "$mr" | jq -r ".meals.split.$1 | round"; }
grams() { printf '%s' "$mr" | jq -r ".meals.$1"; }
for env in "" "NO_COLOR=1"; do
	tag=${env:-colour}
	start 80 24 "$env"
	expect "$tag: starts" "Ins Tester"
	keys 4
	expect "$tag 80x24 journal: the list" "Nov 4"
	expect "$tag 80x24 journal: mood over the entries' period, average and trend (report)" \
		"avg $mood, trend +$trend, 10-06..11-04"
	expect "$tag 80x24 journal: one cell a day on the 1-5 scale (moods 2 3 4 5 on Nov 1-4)" "Mood ▃   ▄    ▆    ▇    █    ▃ ▄▆▇█ "
	edges "$tag 80x24 journal: nothing past the right edge"
	keys 5
	expect "$tag 80x24 meals: the day" "Meals: Wed 2026-11-04"
	expect "$tag 80x24 meals: the macro split in grams and percent (report)" \
		"Macros: protein $(grams protein) g $(split protein)%  carbs $(grams carbs) g $(split carbs)%  fat $(grams fat) g $(split fat)%"
	keys '['
	expect "$tag [: the day before" "Meals: Tue 2026-11-03"
	lacks "$tag [: no meals, no split" "Macros"
	keys w
	expect "$tag w: the week" "Meals: week"
	lacks "$tag w: the split is the day's" "Macros"
	resize 40 12
	keys w t
	expect "$tag 40x12 w again, t: today" "Meals: Wed 2026-11-04"
	expect "$tag 40x12 meals: the short split" "P $(grams protein)g $(split protein)%  C $(grams carbs)g $(split carbs)%  F $(grams fat)g $(split fat)%"
	edges "$tag 40x12 meals: nothing past the right edge"
	keys 4
	expect "$tag 40x12 journal: the newest days that fit, and the average over them" "Mood    █    ▃ ▄▆▇█ avg 3.3, 14 days"
	edges "$tag 40x12 journal: nothing past the right edge"
	keys q
done
start 80 24 LC_ALL=C LANG=C
expect "ASCII: starts" "Ins Tester"
keys 4
expect "ASCII journal: the sparkline in ASCII" "Mood ,   :    =    +    #    , :=+# "
keys q

# ---- the whole-journal search (S): beyond the 50 entries the journal screen loads
cli journal add --title "Ausflug nach München" --body "Biergarten" --mood 4 --at "2026-08-01 12:00" >/dev/null 2>&1
cli journal add --title "Quiet day" --body "read about münchen history" --at "2026-08-02 12:00" >/dev/null 2>&1
for i in $(seq 1 45); do
	cli journal add --title "filler $i" --body "nothing" --at "2026-09-$(printf %02d $((i % 28 + 1))) 07:$(printf %02d $i)" >/dev/null 2>&1
done
want=$(cli --json journal search MÜNCHEN --limit 100 | jq -r '.[].title' | sort | tr '\n' '|')
[ "$want" = "Ausflug nach München|Quiet day|" ] && ok "cli: journal search finds the two" || bad "cli: journal search finds the two" "$want"
for env in "" "NO_COLOR=1"; do
	tag=${env:-colour}
	start 80 24 "$env"
	expect "$tag: starts" "Ins Tester"
	keys 4
	expect "$tag journal: the newest entries" "Nov 4"
	keys /
	typ "münchen"
	keys Enter
	expect "$tag /: the loaded period only (50 newest and the more row): nothing" "0 of 51"
	keys Escape
	keys ?
	help_to "search the whole journal"
	expect "$tag help: S documented" "S              search the whole journal"
	keys z
	keys S
	expect "$tag S: the prompt" "Search the whole journal"
	typ "MÜNCHEN"
	expect "$tag S: what is typed shows" "Text: MÜNCHEN"
	keys Enter
	expect "$tag Enter: the results" "Journal search: MÜNCHEN"
	expect "$tag results: the title match, case folded" "Ausflug nach München"
	expect "$tag results: the body match" "Quiet day"
	expect "$tag results: how many in how many read" "2 matches in 57 entries read, all of them"
	edges "$tag results: nothing past the right edge"
	keys Enter
	expect "$tag Enter: the entry read (the newest first)" "read about münchen history"
	keys Escape
	expect "$tag Esc: back to the results" "Journal search: MÜNCHEN"
	keys S
	typ "nowhere"
	keys Enter
	expect "$tag S again: a new search replaces the results" "0 matches in 57 entries read"
	expect "$tag no match: says so" "Nothing in the journal holds this text."
	keys Escape
	expect "$tag Esc: the journal again" "Journal: newest first"
	keys S Escape
	lacks "$tag Esc on the prompt: cancelled" "Search the whole journal"
	keys S Enter
	expect "$tag empty text: refused, says why" "give a word or more to look for"
	keys Escape
	resize 40 12
	keys S
	typ "münchen"
	keys Enter
	expect "$tag 40x12 results" "Ausflug nach München"
	edges "$tag 40x12 results: nothing past the right edge"
	keys Escape S
	typ "a very long text that does not fit in forty columns at all"
	expect "$tag 40x12 prompt: the end of a long text shows" "at all"
	edges "$tag 40x12 prompt: nothing past the right edge"
	keys Escape
	keys q
done
AILIFE_READ_ONLY=1 start 80 24 AILIFE_READ_ONLY=1
expect "read-only: starts" "Ins Tester"
keys 4 S
typ "add me"
expect "read-only: a, e, d typed into the prompt are text, not refused writes" "Text: add me"
keys Enter
expect "read-only: the search runs" "Journal search: add me"
keys q

# ---- a search longer than one job: 264 demo entries, pages of 200, a job stops past 50 matches
DEMO=$T/demo.db
AILIFE_STORE=local "$A" --db "$DEMO" --now "$NOW" demo --days 400 --seed 3 >/dev/null 2>&1
DU=$(AILIFE_STORE=local "$A" --db "$DEMO" --json user list | jq -r '.[0].id')
total=$(AILIFE_STORE=local "$A" --db "$DEMO" --now "$NOW" --user "$DU" --json journal list --from 2020-01-01 --to 2027-01-01 --limit 5000 | jq length)
all=$(AILIFE_STORE=local "$A" --db "$DEMO" --now "$NOW" --user "$DU" --json journal search day --limit 5000 | jq length)
first=$(AILIFE_STORE=local "$A" --db "$DEMO" --now "$NOW" --user "$DU" --json journal list --limit 200 |
	jq '[.[] | select(((.title // "") + " " + (.body // "")) | ascii_downcase | contains("day"))] | length')
start 80 24 AILIFE_STORE=local AILIFE_DB="$DEMO" AILIFE_USER="$DU"
expect "demo: starts" "Today"
keys 4 S
typ "day"
keys Enter
expect "one job: the first page of 200 and its matches ($first)" "$first matches in 200 entries read so far"
keys G
expect "the last row asks for older entries" "... search older entries (Enter)"
keys Enter
expect "Enter: the rest, as journal search counts them ($all of $total)" "$all matches in $total entries read, all of them"
lacks "at the end: no more row" "search older entries"
keys q

finish
