#!/usr/bin/env bash
# The Insights screen of the terminal interface (key 7), driven in a private tmux server:
# the report's goals, meals, workouts and journal for a week or a month ([ ] w m), and the
# chosen goal's calendar heatmap, at 80x24 and 40x12, with colours, with NO_COLOR (the
# heatmap's levels differ by glyph) and in ASCII without a UTF-8 locale.
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
SOCK=ailife-insights-$$
TM="tmux -u -L $SOCK -f /dev/null"
cleanup() {
	$TM kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
exec </dev/null
export TZ=Europe/Berlin HOME="$T/home" XDG_STATE_HOME="$T/state" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME"
A=$AILIFE_BIN
NOW=2026-11-03T12:00:00Z
DB="$T/demo.db"
"$A" --db "$DB" --now "$NOW" demo --days 40 --seed 3 >/dev/null 2>&1
U=$("$A" --db "$DB" --json user list | jq -r '.[0].id')
first_goal=$("$A" --db "$DB" --now "$NOW" --user "$U" --json report | jq -r '.goals[0].title')

# start W H ENV...: the interface in a fresh window of W x H.
start() {
	local w=$1 h=$2
	shift 2
	$TM kill-server >/dev/null 2>&1
	sleep 0.3
	$TM new-session -d -x "$w" -y "$h" "env TERM=xterm-256color $* $A --db $DB --now $NOW --user $U; sleep 30"
	wait_for "Today" || true
}
screen() { $TM capture-pane -p; }
# wait_for TEXT: until the screen shows it (at most 5 s).
wait_for() {
	for _ in $(seq 50); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
keys() { $TM send-keys "$@"; }
# loaded LABEL: the screen shows LABEL and its data (no longer "loading...").
loaded() {
	wait_for "$1" || return 1
	for _ in $(seq 50); do
		screen | grep -qF "loading..." || return 0
		sleep 0.1
	done
	return 1
}

start 80 24 LC_ALL=C.UTF-8
keys 7
check_true "80x24: 7 opens Insights on this week" loaded "Insights: week 2026-11-02"
s=$(screen)
check_contains "80x24: the first goal of the report" "$s" "$first_goal"
check_contains "80x24: its pace and streak" "$s" "streak "
check_contains "80x24: meals against the target" "$s" "kcal a day"
check_contains "80x24: the heatmap's weekdays" "$s" "M T W T F S S"
check_not_contains "80x24: the days to come are no cell (today is Tuesday: two cells)" "$(printf '%s\n' "$s" | sed -n '/M T W T F S S/{n;p}')" "$(printf '\u00b7 \u00b7 \u00b7')"
keys m
check_true "m: the month" loaded "Insights: November 2026"
keys '['
check_true "[: the month before" loaded "Insights: October 2026"
s=$(screen)
check_contains "October: a full block for the busiest days" "$s" "█"
keys j
sleep 0.3
second=$("$A" --db "$DB" --now "$NOW" --user "$U" --json report --month 2026-10 | jq -r '.goals[1].title')
check_true "j: the next goal's heatmap" wait_for "${second:0:20}"
keys 1
check_true "1: back to the Today tab" wait_for "Today"
check_not_contains "1 leaves Insights" "$(screen)" "Insights:"

start 40 12 LC_ALL=C.UTF-8
keys 7
check_true "40x12: Insights opens" loaded "Insights"
s=$(screen)
wide=$(printf '%s\n' "$s" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
check_true "40x12: nothing wider than the window" test "$wide" -le 40

start 80 24 LC_ALL=C.UTF-8 NO_COLOR=1
keys 7 m
check_true "NO_COLOR: Insights opens" loaded "Insights: November 2026"
s=$(screen | sed -n '/by day/,$p')
levels=0
for g in "·" "░" "▒" "▓" "█"; do
	case "$s" in *"$g"*) levels=$((levels + 1)) ;; esac
done
check_true "NO_COLOR: days with and without activity told apart by glyph (2 or more levels seen)" test "$levels" -ge 2
check_eq "NO_COLOR: no colour escapes in the pane" "" "$($TM capture-pane -p -e | grep -o $'\e\\[[0-9;]*3[1-7]m' | head -1)"

start 80 24 LC_ALL=C
keys 7 m '['
check_true "ASCII: Insights opens" loaded "Insights: October 2026"
s=$(screen)
check_contains "ASCII: the heatmap in ASCII glyphs" "$s" "#"
check_eq "ASCII: nothing but ASCII on the screen" "" "$(printf '%s' "$s" | LC_ALL=C grep -n '[^ -~]' | head -2)"

finish
