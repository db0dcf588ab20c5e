# Sourced by the tmux tests of tests/tui/ (bash): a private tmux server, a fixed clock, a
# store of its own in $T, and checks of what the screen shows.
#   tui_setup NAME     makes $T, the environment and the cleanup; sets A, NOW, TM
#   start W H [ENV..]  ailife in a fresh W x H window
#   screen / keys / typ / wait_for / wait_gone / expect / lacks / cli
#   edges NAME         no line of the screen is longer than the window, none wrapped
set -u
A=${AILIFE_BIN:-$PWD/build/ailife}
NOW=${NOW:-2026-11-26T12:00:00Z}
pass=0
fail=0

tui_setup() {
	T=$(mktemp -d)
	SOCK=ailife-$1-$$
	TM="tmux -u -L $SOCK -f /dev/null"
	trap tui_cleanup EXIT INT TERM
	. "$(dirname "${BASH_SOURCE[0]}")/../need.sh"
	if ! need "$1" tmux pgrep jq 2>"$T/need.err"; then
		echo "not ok - $(cat "$T/need.err")"
		echo "0 passed, 1 failed"
		exit 1
	fi
	export TZ=Europe/Berlin XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" HOME="$T/home"
	export XDG_STATE_HOME="$T/state" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
	unset AILIFE_USER AILIFE_STORE AILIFE_TABLE AILIFE_CONFIG AILIFE_NOW NO_COLOR VISUAL EDITOR AILIFE_READ_ONLY
	export AILIFE_DB="$T/db.sqlite"
	mkdir -p "$HOME"
	# Under make asan: what the sanitizers find goes to files, and finish fails on any.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$T/asan"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$T/ubsan"
	# AILIFE_TEST_STORE=dynamodb with AILIFE_DDB_ENDPOINT: the same on DynamoDB Local (a table of its own).
	if [ "${AILIFE_TEST_STORE:-local}" = dynamodb ]; then
		export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL="$AILIFE_DDB_ENDPOINT" AWS_REGION=us-east-1
		export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
		export AILIFE_TABLE="tui-$1-$$-$RANDOM"
		unset AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE AWS_SESSION_TOKEN
		if ! cli table create >/dev/null; then
			echo "not ok - table create on DynamoDB Local"
			echo "0 passed, 1 failed"
			exit 1
		fi
	fi
	W=80
	H=24
}

tui_cleanup() {
	$TM kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	rm -rf "$T"
}

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() {
	fail=$((fail + 1))
	echo "not ok - $1"
	shift
	printf '#   %s\n' "$@"
}
cli() { "$A" --now "$NOW" "$@"; }

# start W H [ENV...]: ailife in a fresh W x H window (the session is kept, its pane respawned).
start() {
	W=$1 H=$2
	shift 2
	local cmd="env $* $A --now $NOW; sleep 60"
	if $TM has-session -t main 2>/dev/null; then
		$TM resize-window -t main -x "$W" -y "$H" >/dev/null 2>&1
		$TM respawn-pane -k -t main "$cmd"
	else
		$TM new-session -d -s main -x "$W" -y "$H" "$cmd"
	fi
}
resize() {
	W=$1 H=$2
	$TM resize-window -t main -x "$W" -y "$H" >/dev/null 2>&1
}
. "$(dirname "${BASH_SOURCE[0]}")/screen.sh"
# settle: until the screen stops changing (the loads are in), at most 3 s.
settle() {
	local a b i
	a=$(screen)
	for ((i = 0; i < 30; i++)); do
		sleep 0.1
		b=$(screen)
		[ "$a" = "$b" ] && return 0
		a=$b
	done
}
# edges NAME: every line fits the window: none longer (in columns) than W, none wrapped
# onto the next (capture-pane -J joins a wrapped line with what follows it).
edges() {
	local long i
	# A resize is seen by the program a moment later: tmux first reflows the old picture
	# (wrapped lines that the program then redraws), so wait up to 5 s for the redraw.
	for ((i = 0; i < 25; i++)); do
		long=$(edges_long)
		[ -z "$long" ] && break
		sleep 0.2
	done
	if [ -z "$long" ]; then
		ok "$1"
	else
		bad "$1" "lines past the right edge ($W columns):" "$long"
	fi
}
# edges_long: the lines of the window longer (in columns) than W, or wrapped.
edges_long() {
	$TM capture-pane -pJ -t main | python3 -c '
import sys, unicodedata
w = int(sys.argv[1])
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
for n, l in enumerate(sys.stdin.read().split("\n")):
    if cols(l.rstrip()) > w:
        print(n, cols(l.rstrip()), l)
' "$W"
}
finish() {
	$TM kill-server >/dev/null 2>&1
	sleep 0.2
	local r
	for r in "$T"/asan.* "$T"/ubsan.*; do
		[ -f "$r" ] && bad "a sanitizer report ($(basename "$r"))" "$(head -30 "$r")"
	done
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
