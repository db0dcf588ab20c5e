#!/bin/bash
# The date forms of ailife(1), DATES, through the command line: each WHEN form
# read in the profile's zone (not the machine's), DST gaps refused, month ends
# clamped, periods for --from/--to, and refusals that name the value.
# stores: both
set -u
. "$(dirname "$0")/lib.sh"
T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
# The machine is in UTC; the user is in Berlin: every form must be read in Berlin.
export TZ=UTC AILIFE_DB="$T/db.sqlite" XDG_DATA_HOME="$T/data" HOME="$T/home"
lib_store_setup
A=$AILIFE_BIN
# Thursday 2026-12-03 10:00 in Berlin.
export AILIFE_NOW=2026-12-03T09:00:00Z
"$A" user create --name Ana --timezone Europe/Berlin --id ana >/dev/null
export AILIFE_USER=ana

# at WHEN: the occurredAt a meal logged at WHEN gets.
at() {
	"$A" --json meal add "at $1" --calories 1 --at "$1" 2>"$T/err" | jq -r .occurredAt
}
check_eq "8am is today 08:00 in Berlin" "2026-12-03T07:00:00.000Z" "$(at 8am)"
check_eq "8 am (two words)" "2026-12-03T07:00:00.000Z" "$(at '8 am')"
check_eq "8:30pm" "2026-12-03T19:30:00.000Z" "$(at 8:30pm)"
check_eq "12am is midnight" "2026-12-02T23:00:00.000Z" "$(at 12am)"
check_eq "12pm is noon" "2026-12-03T11:00:00.000Z" "$(at 12pm)"
check_eq "21:00" "2026-12-03T20:00:00.000Z" "$(at 21:00)"
check_eq "HH:MM:SS" "2026-12-03T20:00:15.000Z" "$(at 21:00:15)"
check_eq "tomorrow" "2026-12-03T23:00:00.000Z" "$(at tomorrow)"
check_eq "yesterday 21:00" "2026-12-02T20:00:00.000Z" "$(at 'yesterday 21:00')"
check_eq "mon: the most recent Monday" "2026-11-29T23:00:00.000Z" "$(at mon)"
check_eq "last thu 7:30pm: a week ago, not today" "2026-11-26T18:30:00.000Z" "$(at 'last thu 7:30pm')"
check_eq "-2mo keeps the wall clock across DST (CET -> CEST)" "2026-10-03T08:00:00.000Z" "$(at -2mo)"
check_eq "local ISO without offset" "2026-12-01T06:30:00.000Z" "$(at 2026-12-01T07:30)"
check_eq "a date and 8am" "2026-12-01T07:00:00.000Z" "$(at '2026-12-01 8am')"
"$A" meal add x --calories 1 --at 8am >/dev/null 2>"$T/err"
check_contains "the parsed WHEN is echoed in local time with its zone" "$(cat "$T/err")" "2026-12-03 08:00 CET"

# Month ends and leap years.
check_eq "-1mo on 31 March is 28 February" "2026-02-28T10:00:00.000Z" \
	"$(AILIFE_NOW=2026-03-31T09:00:00Z at -1mo)"
check_eq "-1mo on 31 March 2028 is 29 February (10:00 CEST -> 10:00 CET)" "2028-02-29T09:00:00.000Z" \
	"$(AILIFE_NOW=2028-03-31T08:00:00Z at -1mo)"
check_eq "-1y on 29 February is 28 February" "2027-02-28T09:00:00.000Z" \
	"$(AILIFE_NOW=2028-02-29T09:00:00Z at -1y)"

# DST: a skipped time is refused naming it, a doubled one is the first.
"$A" meal add x --calories 1 --at "2026-03-29 02:30" >/dev/null 2>"$T/err"
check_rc "a time the clocks skip: exit 2" 2 $?
check_contains "a time the clocks skip: says so" "$(cat "$T/err")" "'2026-03-29 02:30': does not exist in Europe/Berlin: the clocks skip it"
check_eq "a doubled time is the first" "2026-10-25T00:30:00.000Z" "$(at '2026-10-25 2:30am')"
"$A" meal add x --calories 1 --at "sun 2:30" >/dev/null 2>"$T/err"
check_rc "sun 2:30 on the Sunday after the spring change: exit 2" 2 \
	"$(AILIFE_NOW=2026-03-30T09:00:00Z "$A" meal add x --calories 1 --at "sun 2:30" >/dev/null 2>&1; echo $?)"

# Nothing is guessed.
for bad in 8 12/04 "next monday" 2026-12 "this week" 24:00 13pm "today  8am" -2M; do
	"$A" meal add x --calories 1 --at "$bad" >/dev/null 2>"$T/err"
	rc=$?
	check_rc "--at '$bad': exit 2" 2 "$rc"
	check_contains "--at '$bad': names the value" "$(cat "$T/err")" "'$bad'"
done

# Periods for --from / --to: a month, a week, this/last month; inclusive ends.
for d in 2026-10-31 2026-11-01 2026-11-30 2026-12-01 2026-11-23 2026-11-29 2026-11-22; do
	"$A" meal add "on $d" --calories 1 --at "$d 12:00" >/dev/null 2>&1
done
names() { "$A" --json meal list "$@" | jq -r '[.[] | .name | select(startswith("on "))] | join(",")'; }
check_eq "--from 2026-11 --to 2026-11: the whole month" "on 2026-11-01,on 2026-11-22,on 2026-11-23,on 2026-11-29,on 2026-11-30" \
	"$(names --from 2026-11 --to 2026-11)"
check_eq "--from 'last month' --to 'last month'" "on 2026-11-01,on 2026-11-22,on 2026-11-23,on 2026-11-29,on 2026-11-30" \
	"$(names --from 'last month' --to 'last month')"
check_eq "--from 2026-W48 --to 2026-W48: Monday to Sunday" "on 2026-11-23,on 2026-11-29" \
	"$(names --from 2026-W48 --to 2026-W48)"
check_eq "--to a month ends with its last day" "on 2026-10-31,on 2026-11-01,on 2026-11-22,on 2026-11-23,on 2026-11-29,on 2026-11-30" \
	"$(names --from 2026-10-31 --to 2026-11)"
check_eq "--month 2026-11" "on 2026-11-01,on 2026-11-22,on 2026-11-23,on 2026-11-29,on 2026-11-30" \
	"$(names --month 2026-11)"
check_eq "--month last" "on 2026-11-01,on 2026-11-22,on 2026-11-23,on 2026-11-29,on 2026-11-30" "$(names --month last)"
check_eq "--month 2026-11-15: the month holding the day" "on 2026-11-01,on 2026-11-22,on 2026-11-23,on 2026-11-29,on 2026-11-30" \
	"$(names --month 2026-11-15)"
check_eq "--week last: Monday to Sunday" "on 2026-11-23,on 2026-11-29" "$(names --week last)"
check_eq "--week 2026-W47" "on 2026-11-22" "$(names --week 2026-W47)"
check_eq "--week on the timeline" "2" "$("$A" --json timeline --week last --type meal | jq 'map(select(.name | startswith("on "))) | length')"
# --month and --week alone (last, or before another option) are this month and this week.
check_eq "--month alone: this month" "on 2026-12-01" "$(names --month)"
check_eq "--month before another option: this month, the option kept" "on 2026-12-01" \
	"$("$A" meal list --month --json | jq -r '[.[] | .name | select(startswith("on "))] | join(",")')"
check_eq "--month -1mo: a relative day is a value, not an option" "on 2026-11-01,on 2026-11-22,on 2026-11-23,on 2026-11-29,on 2026-11-30" \
	"$(names --month -1mo)"
check_eq "--week alone: this week (Monday 2026-11-30 on)" "on 2026-11-30,on 2026-12-01" "$(names --week)"
check_eq "--week before --reverse: this week, newest first" "on 2026-12-01,on 2026-11-30" "$(names --week --reverse)"
check_eq "--month then --reverse" "on 2026-11-30,on 2026-11-29,on 2026-11-23,on 2026-11-22,on 2026-11-01" \
	"$(names --month 2026-11 --reverse)"
"$A" meal list --month 2026-11 --from 2026-11-01 >/dev/null 2>"$T/err"
check_rc "--month with --from: exit 2" 2 $?
check_contains "--month with --from: says give one" "$(cat "$T/err")" "--month and --from: give the one or the other"
"$A" meal list --month 2026-11 --week last >/dev/null 2>"$T/err"
check_rc "--month with --week: exit 2" 2 $?
"$A" meal list --week 2026-W54 >/dev/null 2>"$T/err"
check_contains "--week 2026-W54: names the option and the value" "$(cat "$T/err")" "--week '2026-W54': week 54 does not exist in 2026"
"$A" journal list --month last >/dev/null 2>"$T/err"
check_rc "journal list --month: a range, not the latest 20" 0 $?
"$A" meal list --from 2026-13 >/dev/null 2>"$T/err"
check_rc "--from 2026-13: exit 2" 2 $?
check_contains "--from 2026-13: names the option, the value and why" "$(cat "$T/err")" "--from '2026-13': month 13 does not exist"
"$A" meal list --from 2027-W53 >/dev/null 2>"$T/err"
check_contains "--from 2027-W53: that year has 52 weeks" "$(cat "$T/err")" "week 53 does not exist in 2027 (it has 52 weeks)"
"$A" meal list --from 2026-12 --to 2026-11 >/dev/null 2>"$T/err"
check_rc "--from after --to: exit 2" 2 $?

# A goal's --due takes a DAY, never a month.
"$A" goal add "Read" --target 3 --unit book --due 2026-12 >/dev/null 2>"$T/err"
check_rc "--due 2026-12 (a month): exit 2" 2 $?
check_contains "--due 2026-12: says a month is not one day" "$(cat "$T/err")" "a month or week is not one day"
due=$("$A" --json goal add "Read" --target 3 --unit book --due "last friday" | jq -r .dueDate)
check_eq "--due 'last friday'" "2026-11-27" "$due"
finish
