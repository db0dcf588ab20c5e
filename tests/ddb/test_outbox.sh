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
#     40, plus creates and edits, plus the syncs): nothing lost, nothing doubled.
#  E. The same offline run with DynamoDB Local itself stopped and started again (a DynamoDB
#     Local of its own that keeps its data, tests/ddb/dynamodb-local.sh --persist).
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
curl -s -X POST "$PROXY/__config" -d '{"rate":1,"ops":["TransactWriteItems"],"faults":["slow"],"slow_ms":8000}' >/dev/null
"$A" --endpoint "$PROXY" --user ou log g1 3 --note b-l1 --at "2026-11-20T12:00:00Z" >"$W/b.out" 2>"$W/b.err" &
LOGPID=$!
# The proxy holds the answer 8 s: cut the link once the write is seen applied (the other client).
for _ in $(seq 1 60); do
	[ "$(sum | jq -c '.notes["b-l1"]')" = 1 ] && break
	sleep 0.05
done
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
# The same with --no-queue: nothing kept, and the outcome is said to be unknown, not guessed.
curl -s -X POST "$PROXY/__config" -d '{"rate":1,"ops":["TransactWriteItems"],"faults":["slow"],"slow_ms":8000}' >/dev/null
"$A" --endpoint "$PROXY" --user ou --no-queue log g1 1 --note b-l2 --at "2026-11-20T13:00:00Z" >"$W/b.out" 2>"$W/b.err" &
LOGPID=$!
for _ in $(seq 1 60); do
	[ "$(sum | jq -c '.notes["b-l2"]')" = 1 ] && break
	sleep 0.05
done
down
wait "$LOGPID"
rc=$?
check "B: --no-queue, the answer cut off: exit 1" "$rc" 1
contains "  it says the write may have been applied" "$(cat "$W/b.err")" "may have been applied"
up
ax --json sync --status
check "  nothing kept in the outbox" "$out" "[]"
check "  applied once (by the proxy)" "$(sum | jq -c '[.notes["b-l2"], .all_equal]')" '[1,true]'

t_ab=$(date +%s)

# ------------------------------------------------------------ C. offline
echo "# C. offline: queued, conflicts, sync"
ax meal add c-m1 --calories 100 --at "2026-11-21T08:00:00Z"; C1=$out
ax meal add c-m2 --calories 100 --at "2026-11-21T08:05:00Z"; C2=$out
ax meal add c-m3 --calories 100 --at "2026-11-21T08:10:00Z"; C3=$out
ax journal add --title c-j0 --body "zero" --at "2026-11-21T08:15:00Z"; CJ=$out
# Another client, meanwhile: edits c-m1 (version 2), deletes c-m2, edits goal g1.
python3 "$CHK" edit "$EP" "$AILIFE_TABLE" ou "MEAL#$C1" name c-m1-theirs
python3 "$CHK" delete "$EP" "$AILIFE_TABLE" ou "MEAL#$C2"
python3 "$CHK" edit "$EP" "$AILIFE_TABLE" ou "GOAL#g1" title "Run (theirs)"
before=$(sum)
down
queued=0
for i in $(seq 1 8); do
	g=g1
	[ $((i % 2)) -eq 0 ] && g=g2
	ax log "$g" "$i" --note "c-l$i" --at "2026-11-21T09:0$i:00Z"
	[ "$rc" = 0 ] && case $err in *queued*) queued=$((queued + 1)) ;; esac
done
for i in $(seq 1 6); do
	ax meal add "c-meal$i" --calories $((200 + i)) --at "2026-11-21T10:0$i:00Z"
	[ "$rc" = 0 ] && case $err in *queued*) queued=$((queued + 1)) ;; esac
	ax journal add --title "c-j$i" --body "entry $i" --at "2026-11-21T11:0$i:00Z"
	[ "$rc" = 0 ] && case $err in *queued*) queued=$((queued + 1)) ;; esac
done
check "C: 20 logs, meals and journal entries queued while DynamoDB is out of reach (exit 0, said on stderr)" "$queued" 20
contains "C: the message counts what waits" "$err" "20 writes waiting"
ax log run 0.5 --note c-title --at "2026-11-21T09:30:00Z"
expect_rc "C: an offline log by the title of a goal written from here is queued" 0
contains "  toward that goal" "$out" "toward goal g1"
ax meal edit "$C1" --calories 701
expect_rc "C: an offline edit of c-m1 (changed by the other client meanwhile) is queued" 0
ax meal edit "$C2" --calories 702
expect_rc "C: an offline edit of c-m2 (deleted by the other client meanwhile) is queued" 0
ax meal edit "$C3" --calories 703
expect_rc "C: an offline edit of c-m3 (unchanged elsewhere) is queued" 0
ax journal edit "$CJ" --title c-j0-edited
expect_rc "C: an offline journal edit is queued" 0
ax meal edit 01JZZZZZZZZZZZZZZZZZZZZZZZ --calories 1
expect_rc "C: an offline edit of a record never written here: exit 1" 1
contains "  it says why" "$err" "only the records this client wrote"
ax --no-queue meal add c-never --calories 1
expect_rc "C: --no-queue: the write fails instead (exit 1)" 1
AILIFE_NO_QUEUE=1 ax meal add c-never --calories 1
expect_rc "C: AILIFE_NO_QUEUE=1: the same" 1
ax --read-only meal add c-never --calories 1
expect_rc "C: --read-only: nothing queued, the command fails (exit 1)" 1
ax --json sync --status
check "C: sync --status --json: 25 writes waiting, in order" \
	"$(jget "$out" '[length, ([.[].state] | unique), (map(.id) == (map(.id) | sort))]')" '[25,["pending"],true]'
ax sync
expect_rc "C: sync while out of reach: exit 1" 1
contains "  it says how many wait" "$err" "25 writes still waiting"
check "C: nothing reached DynamoDB meanwhile" "$(sum | jq -c '[.notes["c-l1"], .meals["c-meal1"]]')" '[null,null]'
f=$(find "$XDG_STATE_HOME/ailife/outbox" -name '*.sqlite' | head -1)
check "C: the outbox file is 0600 in a 0700 folder" "$(stat -c %a "$f") $(stat -c %a "$(dirname "$f")") $(stat -c %a "$XDG_STATE_HOME/ailife")" "600 700 700"

up
ax sync
expect_rc "C: the link back: sync exits 0" 0
contains "C: sync reports each write (23 sent, 2 held)" "$out" "23 sent, 2 held, 0 waiting"
check "C: it names every write" "$(printf '%s\n' "$out" | grep -c '^sent     #')" 23
contains "C: it names the conflicts" "$out" "conflict #"
contains "  and says what to do on stderr" "$err" "ailife sync --drop ID"
s=$(sum)
check "C: every log stored exactly once" \
	"$(jget "$s" '[.notes | to_entries[] | select(.key | startswith("c-l")) | .value] | [length, (unique)]')" '[8,[1]]'
check "C: every meal stored exactly once" \
	"$(jget "$s" '[.meals | to_entries[] | select(.key | startswith("c-meal")) | .value] | [length, (unique)]')" '[6,[1]]'
check "C: every journal entry stored exactly once" \
	"$(jget "$s" '[.titles | to_entries[] | select(.key | test("^c-j[1-6]$")) | .value] | [length, (unique)]')" '[6,[1]]'
check "C: progress == sum of activities for every goal" "$(jget "$s" '.all_equal')" true
want1=$(python3 -c "from decimal import Decimal as D; print(format((D('$(jget "$before" '.goals.g1.progress' | tr -d '"')') + 1 + 3 + 5 + 7 + D('0.5')).normalize(), 'f'))")
check "C: g1 (changed by the other client meanwhile) got all five logs" "$(jget "$s" '.goals.g1.progress' | tr -d '"')" "$want1"
check "C: the other client's edit of g1 kept" "$(python3 "$CHK" get "$EP" "$AILIFE_TABLE" ou GOAL#g1 | jq -r '.title.S')" "Run (theirs)"
check "C: c-m3 edited (703), c-j0 edited" \
	"$(python3 "$CHK" get "$EP" "$AILIFE_TABLE" ou "MEAL#$C3" | jq -c '[.calories.N, .version.N]') $(jget "$s" '.titles["c-j0-edited"]')" '["703","2"] 1'
check "C: c-m1 not forced: the other client's version stays" \
	"$(python3 "$CHK" get "$EP" "$AILIFE_TABLE" ou "MEAL#$C1" | jq -c '[.name.S, .calories.N, .version.N]')" '["c-m1-theirs","100","2"]'
check "C: c-m2 not brought back" "$(python3 "$CHK" get "$EP" "$AILIFE_TABLE" ou "MEAL#$C2")" null
ax --json sync --status
check "C: sync --status: the two conflicts, ours and theirs" \
	"$(jget "$out" '[.[] | [.state, .ours.calories, (.theirs | if . == null then null else [.name, .version] end)]]')" \
	'[["conflict",701,["c-m1-theirs",2]],["conflict",702,null]]'
ax sync --status
contains "C: sync --status in text: both versions" "$out" "theirs: {"
contains "  and the deleted one" "$out" "theirs: (deleted)"
id2=$(jget "$(ax --json sync --status; printf '%s' "$out")" '.[1].id')
ax sync --drop "$id2" </dev/null
expect_rc "C: sync --drop without a terminal and without --yes: refused (exit 2)" 2
TTY="$ROOT/tests/cli/on_tty.py"
out=$(python3 "$TTY" --answer n "$A" --endpoint "$PROXY" --user ou sync --drop "$id2" 2>&1)
rc=$?
check "C: sync --drop on a terminal asks; 'n' keeps it (exit 1)" "$rc" 1
contains "  the question names the write" "$out" "drop #$id2, edit meal"
out=$(python3 "$TTY" --answer y "$A" --endpoint "$PROXY" --user ou sync --drop "$id2" 2>&1)
rc=$?
check "C: sync --drop on a terminal, 'y': dropped" "$rc" 0
contains "  says what was dropped" "$out" "dropped #$id2: edit meal"
ax sync --drop "$id2" --yes
expect_rc "C: sync --drop of a write no longer there: exit 1" 1
contains "  says so" "$err" "no write #$id2"
ax meal edit "$C1" --calories 801
expect_rc "C: c-m1 edited again (online, from the version stored now)" 0
ax --json sync --status
check "C: the conflict of c-m1 went with the new edit: nothing waits" "$out" "[]"
ax --json sync
check "C: a second sync sends nothing (--json)" "$(jget "$out" '[.sent, .held, .waiting, (.writes | length)]')" '[0,0,0,0]'
s2=$(sum)
check "C: still exactly once after a second sync" "$(jget "$s2" '[.notes["c-l1"], .meals["c-meal1"], .all_equal]')" '[1,1,true]'
"$A" --endpoint "$PROXY" --user ou doctor >"$W/doc.out" 2>&1
contains "C: doctor shows the outbox" "$(cat "$W/doc.out")" "outbox       $XDG_STATE_HOME/ailife/outbox/"
ax --table other-table sync --status
check "C: another table has an outbox of its own (none)" "$out" "nothing waits in the outbox"
cp "$f" "$W/outbox.keep"
printf 'not a database' >"$f"
rm -f "$f-wal" "$f-shm"
ax meal add c-corrupt --calories 1
expect_rc "C: an outbox file that is not SQLite: the write is sent without it" 0
contains "  with a warning naming the file" "$err" "warning: outbox $f"
check "  and it is stored" "$(sum | jq -c '.meals["c-corrupt"]')" 1
cp "$W/outbox.keep" "$f"
t_c=$(date +%s)

# ------------------------------------------------------------ D. kill -9
echo "# D. kill -9 while queueing and while replaying ($KILL_RUNS runs)"
ax goal add Kill --target 100000 --unit u --id gk
expect_rc "D: goal gk" 0
# rnd_sleep MAX_MS: a random pause below MAX_MS.
rnd_sleep() { sleep "$(awk -v r="$RANDOM" -v m="$1" 'BEGIN { printf "%.3f", (r % m) / 1000 }')"; }
: >"$W/reported"
half=$((KILL_RUNS / 2))
# D1: queueing (the link down), then online writes, each killed at a random moment.
down
for i in $(seq 1 "$half"); do
	"$A" --endpoint "$PROXY" --user ou log gk 1 --note "k-$i" --at "2026-11-22T10:00:00Z" >"$W/k.out" 2>&1 &
	pid=$!
	rnd_sleep 160
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null && echo "k-$i" >>"$W/reported"
done
up
for i in $(seq "$((half + 1))" "$KILL_RUNS"); do
	"$A" --endpoint "$PROXY" --user ou log gk 1 --note "k-$i" --at "2026-11-22T10:00:00Z" >"$W/k.out" 2>&1 &
	pid=$!
	rnd_sleep 60
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null && echo "k-$i" >>"$W/reported"
done
# D1b: creates and edits online, killed at random moments (each next command sends first
# what the one before left written ahead).
ax meal add k-edited --calories 1 --at "2026-11-22T12:00:00Z"
KM=$out
: >"$W/meals"
for i in $(seq 1 10); do
	"$A" --endpoint "$PROXY" --user ou meal add "km-$i" --calories "$i" --at "2026-11-22T12:0$((i % 10)):00Z" >"$W/k.out" 2>&1 &
	pid=$!
	rnd_sleep 60
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null && echo "km-$i" >>"$W/meals"
	"$A" --endpoint "$PROXY" --user ou meal edit "$KM" --calories "$((100 + i))" >"$W/k.out" 2>&1 &
	pid=$!
	rnd_sleep 60
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
ax sync
expect_rc "D1b: a sync after the killed creates and edits" 0
s=$(sum)
check "D1b: no meal doubled" "$(jget "$s" '[.meals | to_entries[] | select(.key | startswith("km-")) | .value] | map(select(. > 1)) | length')" 0
missing=0
while read -r n; do
	[ "$(jget "$s" ".meals[\"$n\"]")" = 1 ] || missing=$((missing + 1))
done <"$W/meals"
check "D1b: every create that reported success is stored" "$missing" 0
ax --json sync --status
check "D1b: the edits killed half-way left no conflict behind" "$out" "[]"
v=$(python3 "$CHK" get "$EP" "$AILIFE_TABLE" ou "MEAL#$KM" | jq -r '.version.N')
[ "$v" -ge 1 ] && [ "$v" -le 11 ] && ok "D1b: the meal edited at most once per edit (version $v)" || bad "D1b: edits once each" "version $v"
# D2: replaying: 20 more queued, then sync killed at random moments until nothing waits.
down
for i in $(seq 1 20); do
	ax log gk 1 --note "r-$i" --at "2026-11-22T11:00:00Z"
done
ax --json sync --status
check "D2: 20 more queued" "$(jget "$out" '[.[] | select(.write | startswith("log 1 to goal gk"))] | length')" "$(( $(jget "$out" 'length') ))"
up
kills=0
for _ in $(seq 1 "$half"); do
	"$A" --endpoint "$PROXY" --user ou sync >/dev/null 2>&1 &
	pid=$!
	rnd_sleep 80
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
done
ax sync
expect_rc "D: a last sync, not killed" 0
s=$(sum)
reported=$(wc -l <"$W/reported")
check "D: nothing doubled (every k-* and r-* note at most once)" \
	"$(jget "$s" '[.notes | to_entries[] | select(.key | test("^[kr]-")) | .value] | map(select(. > 1)) | length')" 0
missing=0
while read -r n; do
	[ "$(jget "$s" ".notes[\"$n\"]")" = 1 ] || missing=$((missing + 1))
done <"$W/reported"
check "D: nothing lost: the $reported writes that reported success are stored" "$missing" 0
check "D: the 20 queued before the replay kills: all stored once" \
	"$(jget "$s" '[.notes | to_entries[] | select(.key | test("^r-")) | .value] | [length, unique]')" '[20,[1]]'
check "D: progress == sum after the kills" "$(jget "$s" '[.goals.gk.equal, .all_equal]')" '[true,true]'
ax --json sync --status
check "D: nothing waits in the outbox" "$out" "[]"
stored=$(jget "$s" '[.notes | to_entries[] | select(.key | test("^k-")) | .value] | length')
t_d=$(date +%s)

# ------------------------------------------------------------ E. DynamoDB Local itself stopped
# A DynamoDB Local of its own that keeps its data on disk (--persist), stopped and started
# again on the same port: the same offline run as C against the real thing.
echo "# E. DynamoDB Local stopped and started again"
trap 'bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$W/ddbp" >/dev/null 2>&1; ddb_cleanup' EXIT
if EP2=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$W/ddbp" --persist); then
	ae() { run "$A" --endpoint "$EP2" --user eu "$@"; }
	sumE() { python3 "$CHK" summary "$EP2" "$AILIFE_TABLE" eu; }
	run "$A" --endpoint "$EP2" table create
	ae user create --name E --id eu --timezone UTC
	ae goal add Walk --target 1000 --unit km --id gw
	ae meal add e-m1 --calories 100 --at "2026-11-23T08:00:00Z"; E1=$out
	ae meal add e-m2 --calories 100 --at "2026-11-23T08:05:00Z"; E2=$out
	python3 "$CHK" edit "$EP2" "$AILIFE_TABLE" eu "MEAL#$E1" name e-m1-theirs
	python3 "$CHK" delete "$EP2" "$AILIFE_TABLE" eu "MEAL#$E2"
	bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$W/ddbp"
	q=0
	for i in $(seq 1 7); do
		ae log gw "$i" --note "e-l$i" --at "2026-11-23T09:0$i:00Z"
		[ "$rc" = 0 ] && case $err in *queued*) q=$((q + 1)) ;; esac
		ae meal add "e-meal$i" --calories "$i" --at "2026-11-23T10:0$i:00Z"
		[ "$rc" = 0 ] && case $err in *queued*) q=$((q + 1)) ;; esac
		[ "$i" -le 6 ] && { ae journal add --title "e-j$i" --body "e $i" --at "2026-11-23T11:0$i:00Z"
			[ "$rc" = 0 ] && case $err in *queued*) q=$((q + 1)) ;; esac; }
	done
	check "E: DynamoDB Local stopped: 20 logs, meals and journal entries queued" "$q" 20
	ae meal edit "$E1" --calories 701
	ae meal edit "$E2" --calories 702
	if EP3=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$W/ddbp" --persist) && [ "$EP3" = "$EP2" ]; then
		ae sync
		expect_rc "E: DynamoDB Local started again: sync exits 0" 0
		contains "E: 20 sent, 2 held as conflicts" "$out" "20 sent, 2 held, 0 waiting"
		s=$(sumE)
		check "E: every log, meal and entry stored exactly once" \
			"$(jget "$s" '[([.notes[]] | unique), ([.meals | to_entries[] | select(.key | startswith("e-meal")) | .value] | length), ([.titles[]] | unique)]')" \
			'[[1],7,[1]]'
		check "E: progress == sum (1+..+7 = 28)" "$(jget "$s" '[.goals.gw.progress, .all_equal]')" '["28",true]'
		ae --json sync --status
		check "E: the conflicts held: ours and theirs" \
			"$(jget "$out" '[.[] | [.state, .ours.calories, (.theirs | if . == null then null else .name end)]]')" \
			'[["conflict",701,"e-m1-theirs"],["conflict",702,null]]'
	else
		bad "E: DynamoDB Local starts again on its port" "$EP3 vs $EP2"
	fi
	bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$W/ddbp"
else
	bad "E: a DynamoDB Local of its own starts (--persist)" "$(tail -3 "$W/ddbp/dynamodb-local.log" 2>/dev/null)"
fi
echo "# figures: D: $KILL_RUNS kills of log, 20 of meal add and edit, $kills of sync; $reported logs reported success, $stored of $KILL_RUNS killed logs stored (each once)"
t_end=$(date +%s)
echo "# time: A+B $((t_ab - t_start)) s, C $((t_c - t_ab)) s, D $((t_d - t_c)) s, E $((t_end - t_d)) s"
finish
