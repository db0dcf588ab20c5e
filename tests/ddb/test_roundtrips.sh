#!/bin/bash
# The fewest round trips (issue 15): every command of tests/bench/roundtrips.sh within its
# target of sequential round trips, each request delayed by the proxy (80 ms here, 100 in
# make bench): reads and creates 1; log, edits, deletes, status changes 2; without --user
# one more, once. Then a time zone changed by another client: the remembered zone is not
# trusted blindly, the list asks again in the user's zone (2 round trips) and is right.
# Environment: AILIFE_BIN, AILIFE_DDB_ENDPOINT.
set -u
. "$(dirname "$0")/lib.sh"
ddb_setup roundtrips
out=$(BENCH_DELAY_MS=80 AILIFE_DDB_ENDPOINT=$EP bash "$ROOT/tests/bench/roundtrips.sh" "$(dirname "$A")" 2>"$W/rt.err")
n=0
while IFS= read -r line; do
	case $line in
	*" ok "*) n=$((n + 1)); ok "round trips: $(printf '%s' "$line" | awk '{ print }' | sed 's/  */ /g')" ;;
	*" FAIL "*) n=$((n + 1)); bad "round trips within the target" "$line" ;;
	esac
done <<<"$out"
[ "$n" -ge 15 ] || bad "the round-trip bench measured every command" "$out" "$(cat "$W/rt.err")"

# A zone changed elsewhere.
export XDG_STATE_HOME="$W/state" XDG_CACHE_HOME="$W/cache"
run "$A" user create --name Z --id zu --timezone UTC
run "$A" --user zu meal add late --calories 1 --at "2026-12-01T23:30:00Z"
run "$A" --user zu meal list --from 2026-12-01 --to 2026-12-01
contains "the meal at 23:30 UTC is on Dec 1 in UTC (the zone remembered)" "$out" "late"
python3 "$ROOT/tests/ddb/outbox_check.py" edit "$EP" "$AILIFE_TABLE" zu PROFILE timezone Asia/Tokyo
run "$A" --user zu meal list --from 2026-12-01 --to 2026-12-01
expect_rc "meal list after the zone changed elsewhere" 0
lacks "  Dec 1 in Tokyo does not hold it (asked again in the new zone)" "$out" "late"
run "$A" --user zu meal list --from 2026-12-02 --to 2026-12-02
contains "  Dec 2 in Tokyo does" "$out" "late"

# Without --user: the only user, remembered; forgotten when the users change.
export AILIFE_TABLE="$AILIFE_TABLE-one"
drop_later "$AILIFE_TABLE"
run "$A" table create
run "$A" user create --name One --id one --timezone UTC
run "$A" timeline
expect_rc "no --user, one user: timeline" 0
ls "$XDG_CACHE_HOME/ailife/only-user/"* >/dev/null 2>&1 && ok "  the only user is remembered" || bad "  the only user is remembered" "$(ls -R "$XDG_CACHE_HOME")"
run "$A" user create --name Two --id two --timezone UTC
run "$A" timeline
expect_rc "a second user created here: no --user is an error again (exit 2)" 2
contains "  naming both" "$err" "several users"
run "$A" user delete two --yes
run "$A" timeline
expect_rc "back to one user" 0
python3 "$ROOT/tests/ddb/outbox_check.py" delete "$EP" "$AILIFE_TABLE" one PROFILE
run "$A" timeline
expect_rc "the remembered user deleted by another client: the command fails once" 1
contains "  saying so" "$err" "no user 'one'"
run "$A" timeline
expect_rc "  then the users are asked again (none left)" 1
contains "  and it says there is none" "$err" "no user yet"
finish
