#!/bin/sh
# Runs the unit tests, the command-line tests and a scripted session of the
# terminal interface (tmux) under valgrind memcheck: any invalid access or
# definite leak fails the run. (ncurses keeps memory by design: still
# reachable and possibly lost blocks do not count.)
# Usage: tests/valgrind.sh BUILD_DIR
set -u
BUILD=${1:-build}
. tests/need.sh
need valgrind.sh valgrind tmux pgrep || exit 1
VG="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
work=$(mktemp -d)
TM="tmux -u -L ailife-vg-$$ -f /dev/null"
# kill-server leaves the socket file behind: removed too.
trap '$TM kill-server >/dev/null 2>&1; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/ailife-vg-$$"; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
status=0
for t in "$BUILD"/tests/test_*; do
	case "$t" in *.o|*.d) continue;; esac
	if $VG "$t" >"$work/out" 2>&1; then
		echo "ok - valgrind $(basename "$t")"
	else
		echo "not ok - valgrind $(basename "$t")"
		tail -30 "$work/out"
		status=1
	fi
done
# The CLI tests through a wrapper that runs every ailife under valgrind.
cat >"$work/ailife" <<EOW
#!/bin/sh
exec $VG --log-file="$work/vg.%p" "$PWD/$BUILD/ailife" "\$@"
EOW
chmod +x "$work/ailife"
AILIFE_BIN="$work/ailife" bash tests/cli/test_cli.sh >"$work/cli" 2>&1 || { status=1; grep -v '^ok' "$work/cli"; }
tail -1 "$work/cli"
bad=$(cat "$work"/vg.* 2>/dev/null | grep -c 'ERROR SUMMARY: [1-9]\|definitely lost\|Invalid')
if [ "$bad" -eq 0 ]; then
	echo "ok - valgrind on every ailife run of the CLI tests ($(ls "$work"/vg.* | wc -l) runs)"
else
	echo "not ok - valgrind found problems in ailife runs:"
	cat "$work"/vg.* | head -60
	status=1
fi

# ---- the terminal interface: a scripted session in tmux, ailife under valgrind
# Embedded store, known data, a fixed clock. Several screens, the help and explain
# panes, a filter, forms saved (a refused value first), an activity logged, a delete,
# a discarded form, a resize through "too small", the user picker; then a session
# ended by SIGHUP with a form open (its draft) and one that reopens and saves the draft.
T="$work/tui"
A="$PWD/$BUILD/ailife"
NOW=2026-11-26T12:00:00Z
TENV="HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data XDG_STATE_HOME=$T/state AILIFE_DB=$T/db.sqlite"
TENV="$TENV TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color AILIFE_USER=vg"
# None of the caller's settings: the embedded store of $T, no editor, colours.
TUNSET="-u AILIFE_STORE -u AILIFE_TABLE -u AILIFE_NOW -u AILIFE_CONFIG -u NO_COLOR -u VISUAL -u EDITOR"
# Not --quiet: every log then ends with its ERROR SUMMARY, the proof valgrind saw the whole run.
VGT="valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
tui_fail=0
tui_checks=0
cur=

# tstart NAME: ailife under valgrind in a new 100x30 session; exit status to $T/NAME.status.
tstart() {
	cur=$1
	$TM new-session -d -s "$1" -x 100 -y 30 \
	    "env $TUNSET $TENV $VGT --log-file=$T/vg.$1.%p $A --now $NOW; echo \$? > $T/$1.status; sleep 120"
}
tscreen() { $TM capture-pane -p -t "$cur"; }
tkeys() { $TM send-keys -t "$cur" "$@"; }
ttype() { $TM send-keys -t "$cur" -l "$1"; }
# twait TEXT: until the screen shows it (valgrind is slow: 30 s at most).
twait() {
	i=0
	while [ $i -lt 300 ]; do
		case "$(tscreen)" in *"$1"*) return 0 ;; esac
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# texpect WHAT TEXT: a step of the session; a missing screen fails the run (the session
# must have gone where the script says, or valgrind saw less than it should).
texpect() {
	tui_checks=$((tui_checks + 1))
	twait "$2" && return 0
	echo "not ok - valgrind TUI session: $1: the screen lacks \"$2\""
	tscreen | sed 's/^/#   |/'
	tui_fail=1
}
tstatus() {
	i=0
	while [ $i -lt 300 ] && [ ! -s "$T/$1.status" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat "$T/$1.status" 2>/dev/null
}
texit() {
	tui_checks=$((tui_checks + 1))
	st=$(tstatus "$1")
	[ "$st" = "$2" ] && return 0
	echo "not ok - valgrind TUI session: $1 exits with $st, wanted $2 (99: valgrind found errors)"
	tui_fail=1
}

mkdir -p "$T/home"
cli() { env $TUNSET $TENV "$A" --now "$NOW" "$@" >/dev/null 2>>"$T/cli.err" || tui_fail=1; }
cli user create --name "Val Grind" --id vg --timezone UTC
cli user create --name "Bob" --id bob --timezone UTC
cli goal add "Run 100 km" --target 100 --unit km --id run
cli goal add "Read 12 books" --target 12 --unit books --id read --due 2027-01-31
cli log run 5 --note "Morning run" --at "2026-11-26 08:00"
cli meal add "Müsli 🥣" --calories 450 --type breakfast --at "2026-11-26 07:30"
cli journal add --title "Erster Tag — 日本" --body "First line
Second line" --mood 4 --at "2026-11-25 21:00"
cli workout add run --minutes 30 --distance 5 --goal run --at "2026-11-24 18:00"
[ "$tui_fail" -eq 0 ] || echo "not ok - valgrind TUI session: the data did not go in: $(cat "$T/cli.err")"

tstart s1
texpect "start" "Calories 450"
tkeys 2
texpect "goals" "Goals: active"
tkeys x
texpect "explain pane" "AP4 Query on GSI1"
tkeys x /
ttype "run"
tkeys Enter Enter
texpect "goal detail" "Goal: Run 100 km"
texpect "goal detail: activities" "Morning run"
tkeys Escape Escape
texpect "back to the goals" "Read 12 books"
tkeys 3
texpect "timeline" "Timeline: week 2026-11-23 .. 2026-11-29"
tkeys '['
texpect "timeline: the week before" "week 2026-11-16 .. 2026-11-22"
tkeys m
texpect "timeline: the month" "Timeline: November 2026"
tkeys 4
texpect "journal" "Erster Tag"
tkeys Enter
texpect "journal: reading" "Second line"
tkeys Escape a
texpect "journal form" "Add journal"
ttype "Mein Tag"
tkeys Tab
ttype "Zeile eins"
tkeys Enter
ttype "Zeile zwei 日本語"
tkeys C-s
texpect "journal: saved" "journal added"
tkeys 5
texpect "meals" "Müsli"
tkeys a
texpect "meal form" "Add meal"
ttype "Apfel"
tkeys Tab
ttype "95"
tkeys C-s
texpect "meal: saved" "meal added"
tkeys w
texpect "meals: the week's chart" "average"
tkeys 6
texpect "workouts" "Workouts: 4 weeks"
tkeys '?'
texpect "help" "filter the list"
tkeys z 2 a
texpect "goal form" "Add goal"
ttype "Swim 20 km"
tkeys Tab
ttype "abc"
tkeys Tab
ttype "km"
tkeys C-s
texpect "goal: a refused value" "not saved: target:"
tkeys C-u
ttype "20"
tkeys C-s
texpect "goal: saved" "goal added"
tkeys l
texpect "log form" "Log an activity"
ttype "2.5"
tkeys C-s
texpect "log: saved" "logged:"
tkeys /
ttype "swim"
tkeys Enter d
texpect "delete asks" "Delete the goal"
tkeys y
texpect "delete: done" "deleted Swim 20 km"
tkeys Escape a
ttype "Thrown away"
tkeys Escape
texpect "discard asks" "Discard what you typed?"
tkeys y
texpect "discarded" "Goals: active"
tkeys a
ttype "Kept while resizing"
# Keys still queued when the window gets too small would be dropped: wait for them.
texpect "typed" "Kept while resizing"
$TM resize-window -t s1 -x 30 -y 8
texpect "tiny window" "terminal too small"
$TM resize-window -t s1 -x 60 -y 20
texpect "smaller window" "Kept while resizing"
$TM resize-window -t s1 -x 100 -y 30
texpect "full size" "Kept while resizing"
tkeys Escape y
texpect "form dropped" "Goals: active"
tkeys U
texpect "user picker" "Who are you? 2 users"
tkeys Escape 1
texpect "today again" "Calories"
tkeys q
texit s1 0

# SIGHUP with a form open: the draft is written, the exit is 129, and nothing leaks.
tstart s2
texpect "second start" "Calories"
tkeys 2 a
texpect "goal form" "Add goal"
ttype "Draft title"
texpect "typed" "Draft title"
pane=$($TM list-panes -t s2 -F '#{pane_pid}' | head -1)
kill -HUP "$(pgrep -P "$pane" | head -1)"
texit s2 129
tstart s3
texpect "the draft is offered" "Unsaved text from last time"
tkeys y
texpect "the draft reopens" "Draft title"
tkeys Tab
ttype "5"
tkeys Tab
ttype "km"
tkeys C-s
texpect "the draft saved" "goal added"
tkeys q
texit s3 0

runs=$(ls "$T"/vg.* 2>/dev/null | wc -l)
clean=$(cat "$T"/vg.* 2>/dev/null | grep -c 'ERROR SUMMARY: 0 errors')
bad=$(cat "$T"/vg.* 2>/dev/null | grep -c 'ERROR SUMMARY: [1-9]\|definitely lost: [1-9]')
if [ "$runs" -eq 3 ] && [ "$clean" -eq 3 ] && [ "$bad" -eq 0 ] && [ "$tui_fail" -eq 0 ]; then
	echo "ok - valgrind on a scripted TUI session ($runs runs, $tui_checks steps): no invalid access, no definite leak"
else
	echo "not ok - valgrind on a scripted TUI session ($runs runs of 3, $clean clean, $tui_checks steps)"
	grep -h -B2 -A30 'Invalid\|uninitialised\|definitely lost in\|ERROR SUMMARY: [1-9]' "$T"/vg.* 2>/dev/null | head -120
	status=1
fi
exit $status
