#!/usr/bin/env bash
# Imperial units: a profile with units = imperial shows workout distances in miles (column MI)
# and reads a bare --distance as miles; 5mi and 8km work whatever the profile says; the store
# and --json keep distanceKm in km.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-12-04T10:00:00Z AILIFE_DB="$T/main.db" HOME="$T/home"
mkdir -p "$HOME"
lib_store_setup
A=$AILIFE_BIN
run() {
	out=$("$@" 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}
km() { "$A" --json workout show "$1" | jq -r .distanceKm; }

imp=$("$A" user create --name Imp --units imperial)
met=$("$A" user create --name Met --units metric)

export AILIFE_USER=$imp
w1=$("$A" workout add run --minutes 40 --distance 5 2>/dev/null)
check_eq "imperial: a bare 5 is 5 mi, stored as 8.047 km" 8.047 "$(km "$w1")"
w2=$("$A" workout add ride --minutes 60 --distance 8km 2>/dev/null)
check_eq "imperial: 8km is 8 km" 8 "$(km "$w2")"
w3=$("$A" workout add walk --minutes 20 --distance "1.5 mi" 2>/dev/null)
check_eq "imperial: '1.5 mi' is 2.414 km" 2.414 "$(km "$w3")"
run "$A" workout list
check_contains "imperial: the distance column is MI" "$(printf '%s' "$out" | head -n 1)" " MI "
check_contains "imperial: 8.047 km shows as 5 mi" "$(printf '%s' "$out" | grep run)" " 5 "
check_contains "imperial: 8 km shows as 4.971 mi" "$(printf '%s' "$out" | grep ride)" " 4.971 "
check_eq "--json keeps distanceKm in km" "2.414 8 8.047" "$("$A" --json workout list | jq -r '[.[].distanceKm] | sort | join(" ")')"
"$A" workout edit "$w2" --distance 10 >/dev/null
check_eq "imperial: workout edit --distance 10 is 10 mi" 16.093 "$(km "$w2")"

export AILIFE_USER=$met
m1=$("$A" workout add run --minutes 40 --distance 5 2>/dev/null)
check_eq "metric: a bare 5 is 5 km" 5 "$(km "$m1")"
m2=$("$A" workout add run --minutes 40 --distance 5mi 2>/dev/null)
check_eq "metric: 5mi is 8.047 km" 8.047 "$(km "$m2")"
run "$A" workout list
check_contains "metric: the distance column is KM" "$(printf '%s' "$out" | head -n 1)" " KM "

run "$A" workout add run --minutes 40 --distance "5 parsecs"
check_rc "an unknown unit: exit 2" 2 "$rc"
check_eq "it names the value and the units" \
    "ailife: workout add: --distance: '5 parsecs': unknown unit 'parsecs' (use km or mi)" "$err"
run "$A" workout add run --minutes 40 --distance 1.2345mi
check_rc "more than 3 decimals of a mile: exit 2" 2 "$rc"
check_contains "it names the value" "$err" "'1.2345mi'"

# A goal in miles counts a workout's distance in miles (the rule of store_workout_amount).
export AILIFE_USER=$imp
g=$("$A" goal add "Run far" --target 100 --unit mi)
"$A" workout add run --minutes 40 --distance 3 --goal "$g" >/dev/null 2>&1
check_eq "a 3 mi workout adds 3 to a goal in mi" 3 "$("$A" --json goal show "$g" | jq -r '.progress')"

finish
