#!/bin/bash
# Exactly once and the outbox (issue 15), ailife against DynamoDB Local:
#  A. Faults after the write was applied, on every kind of write (create, log, edit,
#     delete, status change, activity delete, workout): every answer lost (drop after
#     forwarding, truncated, bad CRC) on every attempt; ailife reads the record back by
#     its key and reports done: lost 0, doubled 0, progress == sum.
#  B. The link lost after sending (the proxy killed while it holds the answer): the
#     outcome cannot be read back, the write waits in the outbox as unknown, exit 0;
#     the link back, `ailife sync` settles it: applied exactly once.
#  C. Offline: DynamoDB out of reach (the proxy in front of it stopped), 20 logs, meals
#     and journal entries queued, edits of records another client changed or deleted
#     meanwhile; the link back, `ailife sync` sends everything exactly once and holds the
#     conflicts (sync --status shows both versions; --drop; edit again); counts, progress
#     and conflicts checked through an independent client (tests/ddb/outbox_check.py).
#  D. kill -9 at random points of queueing and of replaying (OUTBOX_KILL_RUNS, at least
#     40): nothing lost, nothing doubled.
# Environment: AILIFE_BIN, AILIFE_DDB_ENDPOINT (else a DynamoDB Local of its own).
set -u
. "$(dirname "$0")/lib.sh"
ddb_setup outbox
export XDG_STATE_HOME="$W/state" XDG_CACHE_HOME="$W/cache"
# Three attempts a call (the AWS SDKs' variable): every attempt failing stays quick.
export AWS_MAX_ATTEMPTS=3
CHK="$ROOT/tests/ddb/outbox_check.py"
KILL_RUNS=${OUTBOX_KILL_RUNS:-40}
t_start=$(date +%s)

# The proxy on a port of its own, so that stopping and starting it again is the link
# going down and coming back for the same endpoint (the same outbox).
PORT=$(free_port)
up() {
	proxy_start --port "$PORT" --rate 0 --seed 15 "$@" || { bad "the proxy starts" "$(cat "$W/bg.err")"; finish; }
}
down() { bg_stop "$PROXY_PID"; }
faults() { # faults OP: every answer of OP lost after it was applied
	curl -s -X POST "$PROXY/__config" \
		-d "{\"rate\":1,\"ops\":[\"$1\"],\"faults\":[\"drop_after\",\"truncate\",\"crc\"]}" >/dev/null
}
calm() { curl -s -X POST "$PROXY/__config" -d '{"rate":0,"ops":[]}' >/dev/null; }
# ax ARGS...: ailife through the proxy as user ou; $out $err $rc.
ax() { run "$A" --endpoint "$PROXY" --user ou "$@"; }
sum() { python3 "$CHK" summary "$EP" "$AILIFE_TABLE" ou; }
jget() { printf '%s' "$1" | jq -c "$2"; }

up
E=$PROXY
ax user create --name "Outbox User" --id ou --timezone UTC
expect_rc "user create" 0
ax goal add Run --target 1000 --unit km --id g1
ax goal add Sit --target 1000 --unit min --id g2
ax goal add Read --target 1000 --unit books --id g3

# ------------------------------------------------------------ A. every answer lost
echo "# A. faults after the write was applied, every attempt"
faults PutItem
ax journal add --title a-j1 --body "body" --at "2026-11-20T08:00:00Z"
expect_rc "journal add, every PutItem answer lost: read back, done" 0
J1=$out
ax meal add a-m1 --calories 300 --at "2026-11-20T08:00:00Z"
expect_rc "meal add, the same" 0
M1=$out
ax goal add Write --target 10 --unit pages --id g4
expect_rc "goal add, the same" 0
faults TransactWriteItems
ax log g1 1.5 --note a-l1 --at "2026-11-20T09:00:00Z"
expect_rc "log, every TransactWriteItems answer lost: read back, done" 0
contains "  and it says the goal's progress" "$out" "1.5/1000"
ax log g1 2 --note a-l2 --at "2026-11-20T10:00:00Z"
expect_rc "a second log, the same" 0
ax activity delete g1 2026-11-20T10:00:00.000Z
expect_rc "activity delete (W5), the same" 0
ax workout add run --minutes 30 --goal g2 --at "2026-11-20T11:00:00Z"
expect_rc "workout add with its activity, the same" 0
faults UpdateItem
ax meal edit "$M1" --calories 500
expect_rc "meal edit, every UpdateItem answer lost: read back, done" 0
ax journal edit "$J1" --title a-j1-edited
expect_rc "journal edit, the same" 0
ax goal status g3 paused
expect_rc "goal status, the same" 0
ax goal edit g4 --title Writing
expect_rc "goal edit, the same" 0
calm
m=$(python3 "$CHK" get "$EP" "$AILIFE_TABLE" ou "MEAL#$M1")
check "  the meal: calories 500, version 2 (one edit)" "$(jget "$m" '[.calories.N, .version.N]')" '["500","2"]'
faults DeleteItem
ax meal delete "$M1"
expect_rc "meal delete, every DeleteItem answer lost: read back, done" 0
calm
s=$(sum)
check "A: journal entries stored once" "$(jget "$s" '.titles')" '{"a-j1-edited":1}'
check "A: the meal deleted" "$(jget "$s" '.meals')" '{}'
check "A: activities: a-l1 once, a-l2 deleted, the workout's" "$(jget "$s" '.notes')" '{"":1,"a-l1":1}'
check "A: every goal's progress == the sum of its activities" "$(jget "$s" '.all_equal')" true
check "A: g1 progress 1.5, g2 30" "$(jget "$s" '[.goals.g1.progress, .goals.g2.progress]')" '["1.5","30"]'
check "A: g3 paused once (version 2), g4 edited once (version 2)" \
	"$(jget "$s" '[.goals.g3.status, .goals.g3.version, .goals.g4.version]')" '["paused",2,2]'
ax sync --status
check "A: nothing waits in the outbox" "$out" "nothing waits in the outbox"

# ------------------------------------------------------------ B. the link lost after sending
echo "# B. the link lost after sending"
curl -s -X POST "$PROXY/__config" -d '{"rate":1,"ops":["TransactWriteItems"],"faults":["slow"],"slow_ms":4000}' >/dev/null
"$A" --endpoint "$PROXY" --user ou log g1 3 --note b-l1 --at "2026-11-20T12:00:00Z" >"$W/b.out" 2>"$W/b.err" &
LOGPID=$!
for _ in $(seq 1 100); do
	n=$(curl -s "$PROXY/__stats" | jq -r '.by_op.TransactWriteItems.forwarded // 0')
	[ "$n" -gt 0 ] && break
	sleep 0.05
done
sleep 1        # forwarded and applied; the answer held 4 s
down
wait "$LOGPID"
rc=$?
check "B: the log whose answer was cut off exits 0" "$rc" 0
contains "B: it says the write is queued to be settled" "$(cat "$W/b.err")" "queued to be settled"
ax sync --status
contains "B: sync --status shows it as unknown" "$out" "unknown  log 3 to goal g1"
check "B: applied once already (the proxy forwarded it)" "$(sum | jq -c '.notes["b-l1"]')" 1
up
ax sync
expect_rc "B: the link back, sync" 0
contains "B: sync says it was sent" "$out" "sent     #"
s=$(sum)
check "B: b-l1 stored exactly once" "$(jget "$s" '.notes["b-l1"]')" 1
check "B: g1 progress 4.5 == sum" "$(jget "$s" '[.goals.g1.progress, .goals.g1.equal]')" '["4.5",true]'

echo "# figures: A and B $(( $(date +%s) - t_start )) s"
finish
