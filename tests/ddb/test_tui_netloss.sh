#!/bin/bash
# The terminal interface with the network gone mid-session: DynamoDB Local (one of this
# test's own, its tables on disk) is stopped by pid while interfaces are open in tmux.
#  1. Every screen says it could not load, naming the endpoint, in its body (never rows
#     of another week under its header) and in the status bar, within a few seconds
#     (SHOW_MAX_MS); keys keep working; nothing crashes or hangs.
#  2. Forms saved meanwhile (an activity log, W3; a meal, W2, in another interface) fail
#     with the reason shown and keep everything typed; Esc still asks before throwing it
#     away; C-s again fails again, still keeping it.
#  3. An interface started while the store is down says why and waits for r.
#  4. DynamoDB Local is started again on the same port with the same data: C-s again
#     saves, each record is stored exactly once (read back with ailife --json), the
#     goal's progress counts the log once, r starts the interface started while down,
#     a screen that failed loads when come back to (no r needed), every screen loads
#     again, q quits each interface with status 0.
# Prints "ok - ..." lines, the figures (how long each error took to show) and
# "N passed, M failed". Environment: AILIFE_BIN.
set -u
. "$(dirname "$0")/lib.sh"
NOW=2026-11-26T12:00:00Z
SOCK=ailife-netloss-$$
TM="tmux -u -L $SOCK -f /dev/null"
DB=
S=main
SHOW_MAX_MS=5000     # the most an error may take to show while the endpoint refuses
FIGURES=()

W=$(mktemp -d "${TMPDIR:-/tmp}/ailife-netloss.XXXXXX")
netloss_cleanup() {
	$TM kill-server >/dev/null 2>&1
	# kill-server leaves the socket file behind.
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	ddb_cleanup
}
trap netloss_cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -x "$A" ]; then
	bad "$A is not built"
	finish
fi
if ! need test_tui_netloss tmux pgrep java 2>"$W/need.err"; then
	bad "$(cat "$W/need.err")"
	finish
fi
# DynamoDB Local of this test alone (make test's shared one must not be stopped): on disk,
# so that what was stored before the outage is there after it, and on a port kept for the
# restart. ddb_cleanup stops it (by pid) on exit.
DB="$W/ddb"
if ! EP=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$DB" --persist); then
	bad "DynamoDB Local starts (--persist)" "$(tail -5 "$DB/dynamodb-local.log" 2>/dev/null)"
	finish
fi
PORT=${EP##*:}
HOSTPORT=127.0.0.1:$PORT

unset AILIFE_DB AILIFE_USER AILIFE_NOW AILIFE_CONFIG AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE \
	AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE NO_COLOR VISUAL EDITOR
export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL=$EP AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AILIFE_TABLE="netloss-$$"
export XDG_CONFIG_HOME="$W/config" XDG_DATA_HOME="$W/data" XDG_STATE_HOME="$W/state" HOME="$W/home"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
mkdir -p "$HOME"
# What the interfaces run with (tmux starts them with its own environment).
STORE_ENV="AILIFE_STORE=dynamodb AWS_ENDPOINT_URL=$EP AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
STORE_ENV="$STORE_ENV AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY AILIFE_TABLE=$AILIFE_TABLE AILIFE_USER=nl"
STORE_ENV="$STORE_ENV XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME"
STORE_ENV="$STORE_ENV HOME=$HOME TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8"

cli() { "$A" --now "$NOW" --user nl "$@"; }

# ---- tmux: one server, a session per interface; S is the session keys go to
# start NAME: ailife in a new 100x30 session NAME; its exit status goes to $W/NAME.status.
start() {
	rm -f "$W/$1.status"
	$TM new-session -d -s "$1" -x 100 -y 30 "env $STORE_ENV $A --now $NOW; echo \$? > $W/$1.status; sleep 120"
	S=$1
}
screen() { $TM capture-pane -p -t "$S"; }
status_bar() { screen | tail -n 1; }
keys() { $TM send-keys -t "$S" "$@"; }
typ() { $TM send-keys -t "$S" -l "$1"; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT; sets $ms to the time it took.
wait_for() {
	local t0 n=$((${2:-5} * 20)) i
	t0=$(date +%s%N)
	for ((i = 0; i < n; i++)); do
		case "$(screen)" in *"$1"*)
			ms=$((($(date +%s%N) - t0) / 1000000))
			return 0 ;;
		esac
		sleep 0.05
	done
	ms=$((($(date +%s%N) - t0) / 1000000))
	return 1
}
# wait_gone TEXT: until the screen no longer shows TEXT (3 s at most).
wait_gone() {
	local i
	for ((i = 0; i < 60; i++)); do
		case "$(screen)" in *"$1"*) sleep 0.05 ;; *) return 0 ;; esac
	done
	return 1
}
dump() { screen | sed 's/^/|/'; }
# expect NAME TEXT [SECONDS]: the screen shows TEXT (waiting for it).
expect() { wait_for "$2" "${3:-5}" && ok "$1" || bad "$1" "screen lacks: $2" "$(dump)"; }
# expect_soon NAME TEXT: as expect, within SHOW_MAX_MS; the time is kept as a figure.
expect_soon() {
	if wait_for "$2" $((SHOW_MAX_MS / 1000 + 5)) && [ "$ms" -le "$SHOW_MAX_MS" ]; then
		ok "$1 (${ms} ms)"
		FIGURES+=("$1: $ms ms")
	else
		bad "$1" "wanted within $SHOW_MAX_MS ms: $2 (waited $ms ms)" "$(dump)"
	fi
}
lacks_now() { case "$(screen)" in *"$2"*) bad "$1" "screen shows: $2" "$(dump)" ;; *) ok "$1" ;; esac; }
# alive NAME: ailife of session S has not exited (its status file comes when it does) and runs.
alive() {
	local pane
	pane=$($TM list-panes -t "$S" -F '#{pane_pid}' | head -1)
	if [ ! -e "$W/$S.status" ] && [ -n "$(pgrep -P "$pane")" ]; then
		ok "$1"
	else
		bad "$1" "ailife of session $S exited: $(cat "$W/$S.status" 2>/dev/null)" "$(dump)"
	fi
}
exit_status() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -s "$W/$1.status" ] && break
		sleep 0.05
	done
	cat "$W/$1.status" 2>/dev/null
}
# jcheck NAME JQ WANTED: what the last run printed, through jq, is WANTED.
jcheck() {
	local got
	got=$(printf '%s' "$out" | jq -c "$2" 2>&1)
	[ "$rc" = 0 ] && [ "$got" = "$3" ] && ok "$1" || bad "$1" "got:    $got" "wanted: $3" "exit $rc: $err"
}
# A refused connection, as the interfaces see it.
refused() { ! curl -s -o /dev/null -m 2 "$EP/"; }

# ---- the data: a user, two goals, a log
if ! "$A" table create >/dev/null 2>"$W/run.err"; then
	bad "table create $AILIFE_TABLE on $EP" "$(cat "$W/run.err")"
	finish
fi
run cli user create --name "Net Loss" --id nl --timezone UTC
expect_rc "a user" 0
cli goal add "Read 12 books" --target 12 --unit books --id read >/dev/null
cli goal add "Run 100 km" --target 100 --unit km --id run >/dev/null
cli log run 5 --note "before the outage" --at "2026-11-26 08:00" >/dev/null
run cli --json goal list
jcheck "two goals with a log" '[.[] | [.goalId, .progress]]' '[["read",0],["run",5]]'
echo "# ailife $("$A" --version), table $AILIFE_TABLE on $EP (on disk: $DB/data)"

# ---- three interfaces while the store is up
start meal
expect "meal: the interface opens" "Active goals (2)"
keys 5
expect "meal: the meals screen loads" "No meals in this period"
start browse
expect "browse: the interface opens" "Active goals (2)"
start main
expect "main: the interface opens on today" "before the outage"
expect "main: today shows the goals" "5/100 km"
keys 3
expect "main: the timeline of the week loads" "1 activity, 0 journal entries, 0 meals, 0 workouts on 1 day"
keys 1

# ---- 1. the store goes away
dpid=$(cat "$DB/dynamodb-local.pid")
bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$DB" >/dev/null 2>&1
if ! kill -0 "$dpid" 2>/dev/null && refused; then
	ok "DynamoDB Local stopped (pid $dpid): $EP refuses"
else
	bad "DynamoDB Local stopped (pid $dpid): $EP refuses"
fi

S=main
keys 2
expect_soon "goals: the body says it could not load, naming the endpoint" "could not load: could not connect to $HOSTPORT"
expect "goals: and how to try again" "r tries again"
case "$(status_bar)" in
*"goals: could not connect to $HOSTPORT"*) ok "goals: the status bar names the endpoint" ;;
*) bad "goals: the status bar names the endpoint" "$(status_bar)" ;;
esac
keys 3
expect "timeline: what it loaded before the outage stays" "1 activity, 0 journal entries, 0 meals, 0 workouts on 1 day"
keys '['
expect_soon "timeline: [ asks for the week before and says it could not" "timeline: could not connect to $HOSTPORT"
expect "timeline: the header says which week" "Timeline: week 2026-11-16 .. 2026-11-22"
expect "timeline: the body says it could not load" "could not load: could not connect to $HOSTPORT"
lacks_now "timeline: no rows of the other week under that header" "workouts on"
keys ']'
expect "timeline: ] back to this week: it asks again" "Timeline: week 2026-11-23 .. 2026-11-29"
expect "timeline: and says again it could not load" "could not load: could not connect to $HOSTPORT"
keys 4
expect_soon "journal: the error, named" "journal: could not connect to $HOSTPORT"
keys 6
expect_soon "workouts: the error, named" "workouts: could not connect to $HOSTPORT"
keys ']'
expect "workouts: ] still moves the range" "Workouts: 4 weeks 2026-11-30 .. 2026-12-27"
expect "workouts: and says again it could not load" "could not load: could not connect to $HOSTPORT"
keys 1
expect "today: the screen loaded before the outage stays" "before the outage"
keys r
expect_soon "today: r asks again and says it could not" "today: could not connect to $HOSTPORT"
keys '?'
expect "keys still work: ? opens the help" "filter the list"
keys z
wait_for "Calories" 1 || wait_for "could not load" 1
lacks_now "keys still work: any key closes the help" "filter the list"
alive "main: still running after the errors"

# ---- 2. a form saved while the store is down: the log (W3)
keys 2 l
expect "log form opens while the store is down" "Log an activity"
expect "log form: the goal choice from the goals loaded before" "< Read 12 books >"
typ "2.5"
keys Tab
typ "offline note"
keys C-s
expect_soon "log: the save fails with the reason, naming the endpoint" "not saved: could not connect to $HOSTPORT"
expect "log: the form stays open" "Log an activity"
expect "log: the amount typed is kept" "Amount       2.5"
expect "log: the note typed is kept" "Note         offline note"
expect "log: marked modified" "[modified]"
keys Escape
expect "log: Esc asks before throwing the text away" "Discard what you typed?"
keys n
wait_gone "Discard what you typed?"
expect "log: n keeps it" "Note         offline note"
# C-l twice: the error read, then gone; so the next one is the second try's.
keys C-l C-l
if wait_gone "not saved:"; then ok "log: the status line is clear before the second try"; else bad "log: the status line is clear before the second try" "$(status_bar)"; fi
keys C-s
expect_soon "log: a second try fails the same way" "not saved: could not connect to $HOSTPORT"
expect "log: still kept after the second try" "Amount       2.5"

# ---- the meal form (W2) in the other interface
S=meal
keys a
expect "meal form opens while the store is down" "Add meal"
typ "Offline soup"
keys Tab
typ "321"
keys C-s
expect_soon "meal: the save fails with the reason, naming the endpoint" "not saved: could not connect to $HOSTPORT"
expect "meal: the name typed is kept" "Name         Offline soup"
expect "meal: the calories typed are kept" "Calories     321"
alive "meal: still running"

# ---- 3. an interface started while the store is down
start boot
expect_soon "start while down: says why, naming the endpoint" "user nl: could not connect to $HOSTPORT"
expect "start while down: and that r tries again" "r tries again, q quits"
keys r
expect "start while down: r while still down keeps saying why" "user nl: could not connect to $HOSTPORT"
alive "start while down: still running"

# ---- a screen that could not load, left and come back to once the store is back
S=browse
keys 4
expect_soon "browse: journal says it could not load" "journal: could not connect to $HOSTPORT"
keys 1
expect "browse: back on today" "Active goals (2)"

# ---- 4. the store comes back on the same port, with its data
if EP2=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$DB" --persist); then
	check "DynamoDB Local back on the same endpoint" "$EP2" "$EP"
else
	bad "DynamoDB Local starts again" "$(tail -5 "$DB/dynamodb-local.log")"
fi
run cli --json goal list
jcheck "the data from before the outage is there" '[.[] | [.goalId, .progress]]' '[["read",0],["run",5]]'

S=main
keys C-s
expect "log: C-s again saves" "logged: Read 12 books is at 2.5/12 books"
lacks_now "log: the form closed" "Log an activity"
S=meal
keys C-s
expect "meal: C-s again saves" "meal added"
expect "meal: listed in the day" "12:00 Offline soup"
S=boot
keys r
expect "start while down: r starts once the store is back" "Active goals (2)"
S=browse
keys 4
expect "browse: coming back to the journal loads it (no r needed)" "No entries yet"
lacks_now "browse: the journal's error is gone" "could not load"

run cli --json activity list --goal read
jcheck "log: stored exactly once" '[.[] | select(.note == "offline note") | .amount]' '[2.5]'
run cli --json goal list
jcheck "log: the goal's progress counts it once" '[.[] | [.goalId, .progress]]' '[["read",2.5],["run",5]]'
run cli --json meal list --from 2026-11-26 --to 2026-11-26
jcheck "meal: stored exactly once" '[.[] | select(.name == "Offline soup") | .calories]' '[321]'

# ---- the screens load again
S=main
keys 3
expect "timeline loads again" "2 activities, 0 journal entries, 1 meal, 0 workouts on 1 day"
lacks_now "timeline: the error is gone" "could not load"
keys 4
expect "journal loads again" "No entries yet"
keys 6
expect "workouts load again" "0 workouts, 0 minutes"
keys 2
expect "goals load again" "2.5/12 books"
keys 1
expect "today loads again" "offline note"
lacks_now "today: the error is gone" "could not"

for s in main meal boot browse; do
	S=$s
	keys q
	check "$s: q quits with status 0" "$(exit_status "$s")" 0
done

for f in "${FIGURES[@]}"; do echo "# $f"; done
finish
