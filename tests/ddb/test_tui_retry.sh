#!/bin/bash
# The terminal interface's retried C-s (issue 15, exactly once): every kind of save made
# through the fault proxy with every answer lost after DynamoDB Local applied the write
# (drop_after on each attempt, and on the read back that would have found out): the
# failure is shown and the form stays open; the link calm again, C-s again saves, and
# each record is stored exactly once, counted by an independent client
# (tests/ddb/outbox_check.py), with every goal's progress == the sum of its activities.
# Kinds: an activity log (time "now"; its note changed after the lost save: the log
# applied is edited, not doubled), a goal, a meal, a journal entry, a workout, and the
# edits of a meal, a goal and the profile (the version expected kept: version 2, not a
# conflict); a meal whose calories are changed after its lost save is stored once, with
# the new calories. Prints "ok - ..." lines and "N passed, M failed". Environment: AILIFE_BIN.
set -u
. "$(dirname "$0")/lib.sh"
ddb_setup tuiretry
SOCK=ailife-tuiretry-$$
TM="tmux -u -L $SOCK -f /dev/null"
retry_cleanup() {
	$TM kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	ddb_cleanup
}
trap retry_cleanup EXIT
if ! need test_tui_retry tmux pgrep 2>"$W/need.err"; then
	bad "$(cat "$W/need.err")"
	finish
fi
export XDG_STATE_HOME="$W/state" XDG_CACHE_HOME="$W/cache" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
# Three attempts a call (the AWS SDKs' variable): every attempt failing stays quick.
export AWS_MAX_ATTEMPTS=3
CHK="$ROOT/tests/ddb/outbox_check.py"

proxy_start --rate 0 --seed 15 || { bad "the proxy starts" "$(cat "$W/bg.err" 2>/dev/null)"; finish; }
# lose: every answer of a write, and of the read that would find out, lost after it was applied.
lose() {
	curl -s -X POST "$PROXY/__config" \
		-d '{"rate":1,"ops":["PutItem","UpdateItem","TransactWriteItems","GetItem"],"faults":["drop_after"]}' >/dev/null
}
calm() { curl -s -X POST "$PROXY/__config" -d '{"rate":0,"ops":[]}' >/dev/null; }
sum() { python3 "$CHK" summary "$EP" "$AILIFE_TABLE" tr; }
# The data, straight to DynamoDB Local (not through the proxy).
cli() { "$A" --user tr "$@"; }
run cli user create --name "Retry User" --id tr --timezone UTC
expect_rc "a user" 0
cli goal add Run --target 1000 --unit min --id g1 >/dev/null
cli meal add Porridge --calories 350 --type breakfast >/dev/null 2>&1
run cli --json goal list
[ "$rc" = 0 ] && ok "a goal and a meal" || bad "a goal and a meal" "$err"

ENV="AILIFE_STORE=dynamodb AWS_ENDPOINT_URL=$PROXY AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
ENV="$ENV AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AILIFE_TABLE=$AILIFE_TABLE AILIFE_USER=tr AWS_MAX_ATTEMPTS=3"
ENV="$ENV XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME"
ENV="$ENV XDG_CACHE_HOME=$XDG_CACHE_HOME HOME=$HOME TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8"
$TM new-session -d -s main -x 100 -y 30 "env $ENV $A; echo \$? > $W/tui.status; sleep 60"
. "$(dirname "$0")/../tui/screen.sh"
# retried NAME FORM SAVED [MORE]: the form is filled; C-s with every answer lost: the
# failure shown, the form kept; MORE typed (the fields changed after the lost save); calm,
# C-s again: SAVED, the form closed.
retried() {
	lose
	keys C-s
	expect "$1: the lost save fails, shown" "not saved:" 30
	expect "$1: the form stays open" "$2"
	[ -n "${4:-}" ] && typ "$4"
	calm
	keys C-l C-l
	wait_gone "not saved:"
	keys C-s
	expect "$1: C-s again saves" "$3" 15
	wait_gone "$2"
}
# stored NAME JQ WANTED: the independent count.
stored() {
	local got
	got=$(sum | jq -c "$2" 2>&1)
	check "$1" "$got" "$3"
}

expect "the interface opens" "Active goals (1)" 15

# ---- an activity log at "now" (W3: one transaction, its token and time kept)
keys 2
expect "goals listed" "0/1000 min"
keys l
expect "log form" "Log an activity"
typ "7"
keys Tab
typ "retried log"
retried "log" "Log an activity" "logged: Run is at 7/1000 min" " again"
stored "log: stored once, with the note typed after the lost save (an edit of it)" '.notes' '{"retried log again":1}'
stored "log: progress == sum" '[.goals.g1.progress, .goals.g1.sum, .goals.g1.equal]' '["7","7",true]'

# ---- a goal (W2)
keys a
expect "goal form" "Add goal"
typ "Swim far"
keys Tab
typ "20"
keys Tab
typ "km"
retried "goal add" "Add goal" "goal added"
stored "goal add: stored once" '[.types.GOAL]' '[2]'

# ---- a goal's edit (W4: version 1 expected on both tries)
keys /
typ "Run"
keys Enter e
expect "goal edit form" "Edit goal"
keys C-e
typ " fast"
retried "goal edit" "Edit goal" "goal saved"
stored "goal edit: stored once, one version on (the log and its edit made it 3)" '[.types.GOAL, .goals.g1.version]' '[2,4]'
keys Escape

# ---- a meal (W2), then a meal's edit (W4)
keys 5
expect "meals of today" "Porridge"
keys a
expect "meal form" "Add meal"
typ "Retry soup"
keys Tab
typ "321"
retried "meal add" "Add meal" "meal added" "0"
stored "meal add: stored once" '.meals' '{"Porridge":1,"Retry soup":1}'
got=$(cli --json meal list | jq -c '[.[] | select(.name == "Retry soup") | .calories]')
check "meal add: the calories typed after the lost save are stored (an edit of it)" "$got" '[3210]'
keys /
typ "Porridge"
keys Enter e
expect "meal edit form" "Edit meal"
keys Tab C-u
typ "360"
retried "meal edit" "Edit meal" "meal saved"
stored "meal edit: stored once" '.meals' '{"Porridge":1,"Retry soup":1}'
got=$(cli --json meal list | jq -c '[.[] | select(.name == "Porridge") | [.calories, .version]]')
check "meal edit: the new calories, version 2" "$got" '[[360,2]]'
keys Escape

# ---- a journal entry (W2)
keys 4 a
expect "journal form" "Add journal"
typ "Retry day"
keys Tab
typ "the link was bad"
retried "journal add" "Add journal" "journal added"
stored "journal add: stored once" '.titles' '{"Retry day":1}'

# ---- a workout (W2)
keys 6 a
expect "workout form" "Add workout"
typ "swim"
keys Tab
typ "40"
retried "workout add" "Add workout" "workout added"
stored "workout add: stored once" '[.types.WORKOUT]' '[1]'

# ---- the profile's edit (W4)
keys 1 e
expect "profile form" "Edit the profile"
keys Tab Tab Tab Tab C-u
typ "2100"
retried "profile edit" "Edit the profile" "profile saved"
got=$(cli --json user show | jq -c '[.dailyCalorieTarget, .version]')
check "profile edit: saved once, version 2" "$got" '[2100,2]'

# ---- all of it: once each, progress == sum
stored "every record once" '[.types.ACTIVITY, .types.GOAL, .types.MEAL, .types.JOURNAL, .types.WORKOUT]' '[1,2,2,1,1]'
stored "every goal's progress == the sum of its activities" '[.goals[] | .equal] | all' 'true'
keys q
for _ in $(seq 1 100); do [ -s "$W/tui.status" ] && break; sleep 0.05; done
check "q quits with status 0" "$(cat "$W/tui.status" 2>/dev/null)" 0
finish
