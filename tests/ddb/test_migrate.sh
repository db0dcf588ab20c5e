#!/bin/bash
# ailife migrate on DynamoDB Local (issue 5): legacy tables with thousands of goals and
# activities, run, verify, a second run, a corrupted and a deleted item found by verify,
# an interrupted run resumed, rows that break a rule, dual writes kept in step, cutover
# and cleanup guarded; and the same migration from scan files into the embedded store.
# The legacy tables are made by tests/ddb/legacy_tables.py over DynamoDB's JSON protocol.
# Uses AILIFE_DDB_ENDPOINT when set, else starts its own DynamoDB Local.
. "$(dirname "$0")/lib.sh"
ddb_setup migrate
MAIN=$AILIFE_TABLE
unset AILIFE_MIGRATE_PAGE

L() { python3 "$ROOT/tests/ddb/legacy_tables.py" "$@"; }
# An item of a table as JSON (the GetItem answer), through the generator's raw call.
get() { L call "$EP" GetItem "{\"TableName\":\"$1\",\"Key\":$2}"; }

G=goals-$$-$RANDOM
T=acts-$$-$RANDOM
mkdir -p "$W/data1" "$W/bad"
# 60 users x 10 goals x 10 activities: 600 goals, 6000 activities.
L gen 60 10 10 "$W/data1"
L create "$EP" "$G" goals && L create "$EP" "$T" activities || { bad "legacy tables created"; finish; }
L load "$EP" "$G" "$W/data1/goals.json" && L load "$EP" "$T" "$W/data1/activities.json"
ok "legacy tables: 600 goals, 6000 activities"
mig() { local sub=$1; shift; "$A" migrate "$sub" --goals-table "$G" --activities-table "$T" "$@"; }

run "$A" migrate status
contains "status before anything" "$out" "phase: none"
run mig cutover
expect_rc "cutover before a run is refused" 1
contains "cutover says why" "$err" "no verify has passed"

run mig run --dry-run
expect_rc "dry run" 0
contains "dry run counts" "$out" "600 goals and 6000 activities would be copied"
run "$A" user list
lacks "dry run writes nothing" "$out" "user-0"

# ---- interrupted run, resumed ----
export AILIFE_MIGRATE_PAGE=40
bg_start "$W/run1.out" "$A" migrate run --goals-table "$G" --activities-table "$T" --segments 8
pid=$BG_PID
for _ in $(seq 1 200); do
	st=$("$A" migrate status 2>/dev/null)
	case $st in *"under way"*) case $st in *"copied: 0 goals, 0 activities"*) ;; *) break ;; esac ;; esac
	sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
BG_PIDS=()
run "$A" migrate status
contains "killed mid-run: phase copying" "$out" "phase: copying"
contains "killed mid-run: checkpoints under way" "$out" "under way"
part=$(printf '%s\n' "$out" | sed -n 's/^copied: \([0-9]*\) goals, \([0-9]*\) activities.*/\1 \2/p')
[ -n "$part" ] && [ "$part" != "600 6000" ] && ok "killed mid-run: part copied ($part)" || bad "killed mid-run: part copied" "$out"
# Ctrl-C: the round ends, is checkpointed, and the run says so.
bg_start "$W/run2.out" "$A" migrate run --goals-table "$G" --activities-table "$T" --segments 8
pid=$BG_PID
sleep 0.3
kill -INT "$pid"
wait "$pid"
rc=$?
BG_PIDS=()
check "interrupted run: exit 1" "$rc" 1
contains "interrupted run: says it stopped" "$(cat "$W/bg.err")" "stopped; checkpointed"
run mig run --segments 2
expect_rc "resumed run" 0
contains "resumed run ends with every row" "$out" "600 goals and 6000 activities copied"
unset AILIFE_MIGRATE_PAGE
run "$A" migrate status
contains "resumed with the segments it began with" "$out" "8 of 8 segments done"
contains "phase copied" "$out" "phase: copied"
contains "profiles for legacy users" "$out" "60 profiles created"

run mig verify
expect_rc "verify after the run" 0
contains "verify summary" "$out" "600 goals and 6000 activities compared"
contains "verify: no differences" "$out" ": 0 differences"
run "$A" migrate status
contains "verify recorded" "$out" "passed (0 differences)"
contains "phase verified" "$out" "phase: verified"

run "$A" --json export --all-users
before=$out
run mig run
expect_rc "second run" 0
run "$A" --json export --all-users
[ "$before" = "$out" ] && ok "second run changes nothing" || bad "second run changes nothing" "$(diff <(echo "$before") <(echo "$out") | head -5)"
run "$A" --user user-0003 goal show goal-0003-004
contains "a migrated goal reads back" "$out" "Goal 4 of user-0003"
run "$A" --user user-0007 user show
contains "minimal profile: name = user id" "$out" "user-0007"

# An existing profile is never overwritten.
"$A" --user user-0009 user edit --name "Nine" >/dev/null 2>&1
run mig run
run "$A" --user user-0009 user show
contains "existing profile kept" "$out" "Nine"

# ---- a corrupted item and a deleted one ----
act='{"PK":{"S":"USER#user-0002"},"SK":{"S":"ACTIVITY#goal-0002-003#2025-01-03T07:38:20.000Z"}}'
run get "$MAIN" "$act"
contains "the activity to corrupt is there" "$out" "goal-0002-003"
L call "$EP" UpdateItem "{\"TableName\":\"$MAIN\",\"Key\":$act,\"UpdateExpression\":\"SET amount = :a\",\"ExpressionAttributeValues\":{\":a\":{\"N\":\"99\"}}}" >/dev/null
L call "$EP" DeleteItem "{\"TableName\":\"$MAIN\",\"Key\":{\"PK\":{\"S\":\"USER#user-0005\"},\"SK\":{\"S\":\"GOAL#goal-0005-001\"}}}" >/dev/null
L call "$EP" UpdateItem "{\"TableName\":\"$MAIN\",\"Key\":{\"PK\":{\"S\":\"USER#user-0006\"},\"SK\":{\"S\":\"GOAL#goal-0006-002\"}},\"UpdateExpression\":\"REMOVE GSI1PK\"}" >/dev/null
run mig verify
expect_rc "verify finds the damage" 1
contains "corrupted amount found" "$out" "goalId=goal-0002-003 timestamp=1735889900000: amount"
contains "sums differ" "$out" "userId=user-0002 goalId=goal-0002-003: the activities sum to"
contains "progress against the sum" "$out" "progress is"
contains "deleted goal found" "$out" "userId=user-0005 goalId=goal-0005-001: the goal is missing"
contains "GSI attribute checked" "$out" "userId=user-0006 goalId=goal-0006-002"
run mig cutover
expect_rc "cutover after a failed verify is refused" 1
run mig run
expect_rc "a run repairs" 0
run mig verify
expect_rc "verify after the repair" 0

# ---- dual writes ----
mkdir -p "$XDG_CONFIG_HOME/ailife"
printf '[legacy]\ngoals_table = %s\nactivities_table = %s\ndual_write = true\n' "$G" "$T" >"$XDG_CONFIG_HOME/ailife/config"
export AILIFE_USER=user-0001
run "$A" goal add "Swim" --target 10 --unit km --id swim1
expect_rc "dual write: goal add" 0
run get "$G" '{"userId":{"S":"user-0001"},"goalId":{"S":"swim1"}}'
contains "dual write: legacy goal made" "$out" '"title": {"S": "Swim"}'
run "$A" log swim1 2.5 --note "lane 3" --at 2026-01-02T10:00:00Z
expect_rc "dual write: log" 0
run get "$T" '{"goalId":{"S":"swim1"},"timestamp":{"N":"1767348000000"}}'
contains "dual write: legacy activity" "$out" '"value": {"N": "2.5"}'
run get "$G" '{"userId":{"S":"user-0001"},"goalId":{"S":"swim1"}}'
contains "dual write: legacy progress" "$out" '"currentValue": {"N": "2.5"}'
run "$A" log swim1 1 --at 2026-01-03T10:00:00Z
run "$A" activity delete swim1 2026-01-02T10:00:00.000Z
expect_rc "dual write: activity delete" 0
run get "$T" '{"goalId":{"S":"swim1"},"timestamp":{"N":"1767348000000"}}'
lacks "dual write: legacy activity deleted" "$out" '"Item"'
run "$A" goal edit goal-0001-002 --title "Renamed"
run get "$G" '{"userId":{"S":"user-0001"},"goalId":{"S":"goal-0001-002"}}'
contains "dual write: goal edit" "$out" '"title": {"S": "Renamed"}'
run "$A" goal status goal-0001-003 archived
run get "$G" '{"userId":{"S":"user-0001"},"goalId":{"S":"goal-0001-003"}}'
contains "dual write: status" "$out" '"status": {"S": "ARCHIVED"}'
run "$A" goal delete goal-0001-004
expect_rc "dual write: goal delete" 0
run get "$G" '{"userId":{"S":"user-0001"},"goalId":{"S":"goal-0001-004"}}'
lacks "dual write: legacy goal deleted" "$out" '"Item"'
# A goal with more activities than one transaction holds with their twins: deleted in parts.
for i in $(seq 0 59); do "$A" log swim1 0.5 --at "$(printf '2026-02-01T00:%02d:00Z' "$i")" >/dev/null 2>&1; done
run L call "$EP" Query "{\"TableName\":\"$T\",\"KeyConditionExpression\":\"goalId = :g\",\"ExpressionAttributeValues\":{\":g\":{\"S\":\"swim1\"}},\"Select\":\"COUNT\"}"
contains "dual write: 61 legacy activities of swim1" "$out" '"Count": 61'
run "$A" goal delete swim1
expect_rc "dual write: goal with 61 activities deleted" 0
run L call "$EP" Query "{\"TableName\":\"$T\",\"KeyConditionExpression\":\"goalId = :g\",\"ExpressionAttributeValues\":{\":g\":{\"S\":\"swim1\"}},\"Select\":\"COUNT\"}"
contains "dual write: their legacy twins deleted too" "$out" '"Count": 0'
run get "$G" '{"userId":{"S":"user-0001"},"goalId":{"S":"swim1"}}'
lacks "dual write: legacy goal deleted with them" "$out" '"Item"'
run "$A" goal add "Swim" --target 10 --unit km --id swim1
run "$A" log swim1 2.5 --note "lane 3" --at 2026-01-02T10:00:00Z
run "$A" log swim1 1 --at 2026-01-03T10:00:00Z
run "$A" activity delete swim1 2026-01-02T10:00:00.000Z
run mig verify
expect_rc "verify after dual writes: in step" 0
contains "verify counts the new goal" "$out" "600 goals and 5991 activities"
run "$A" log swim1 1 --at 2026-01-04T10:00:00Z
run mig cutover
expect_rc "cutover refused after a legacy write newer than the verify" 1
contains "cutover says why" "$err" "after the verify"
run mig cleanup --yes
expect_rc "cleanup before cutover refused" 1
run mig verify
expect_rc "verify again" 0
run mig cutover
expect_rc "cutover" 0
run "$A" log swim1 1 --at 2026-01-05T10:00:00Z
contains "after cutover: a warning" "$err" "no more writes to the legacy tables"
run get "$T" '{"goalId":{"S":"swim1"},"timestamp":{"N":"1767607200000"}}'
lacks "after cutover: no dual write" "$out" '"Item"'
run mig run
expect_rc "run after cutover refused" 1
rm -f "$XDG_CONFIG_HOME/ailife/config"
unset AILIFE_USER

# ---- cleanup ----
run mig cleanup
expect_rc "cleanup without --yes" 0
contains "cleanup says what it would delete" "$out" "would delete the DynamoDB tables $G and $T"
run L call "$EP" DescribeTable "{\"TableName\":\"$G\"}"
contains "nothing deleted without --yes" "$out" "ACTIVE"
run mig cleanup --yes </dev/null
expect_rc "cleanup --yes" 0
run L call "$EP" DescribeTable "{\"TableName\":\"$T\"}"
contains "legacy tables deleted" "$out$err" "ResourceNotFound"
run "$A" migrate status
contains "phase cleaned" "$out" "phase: cleaned"

# ---- rows that break a rule, from files into the embedded store ----
L gen 5 4 6 "$W/bad" bad
export AILIFE_STORE=local AILIFE_DB="$W/local.db"
run "$A" migrate run --from-file "$W/bad/activities.json" --from-file "$W/bad/goals.json"
expect_rc "rows that break a rule: exit 1" 1
contains "id with #" "$out" "skipped: userId=user-0000 goalId=bad#1: goalId: 'bad#1' breaks the id rule"
contains "missing attribute" "$out" "skipped: userId=user-0000 goalId=untitled: title: missing"
contains "non-numeric value" "$out" "skipped: goalId=goal-0000-000 timestamp=1: value: not a number"
contains "the rest copied" "$out" "20 goals and 120 activities copied"
rm -f "$W/local.db"
run "$A" migrate run --from-file "$W/data1/goals.json" --from-file "$W/data1/activities.json"
expect_rc "from files into the embedded store" 0
contains "from files: all copied" "$out" "600 goals and 6000 activities copied"
run "$A" migrate verify --from-file "$W/data1/goals.json" --from-file "$W/data1/activities.json"
expect_rc "from files: verify" 0
run "$A" --json migrate status
contains "from files: state in the embedded store" "$out" '"phase": "verified"'
run "$A" migrate run
expect_rc "embedded store without files is refused" 2
run "$A" migrate cleanup --yes --from-file "$W/data1/goals.json" --from-file "$W/data1/activities.json"
expect_rc "cleanup before cutover refused (files)" 1
printf '[legacy]\ndual_write = true\n' >"$XDG_CONFIG_HOME/ailife/config"
run "$A" user list
contains "dual_write on the embedded store: a warning" "$err" "dual writes are a DynamoDB feature"
finish
