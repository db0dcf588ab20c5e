#!/bin/bash
# Issue 13's mouse, in tmux (SGR mouse reports written to the pane as a terminal would send
# them): a click selects a row and a tab, the wheel scrolls, at 80x24 and 40x12; with
# AILIFE_MOUSE=0 the interface does not ask the terminal for mouse reports at all.
. "$(dirname "$0")/lib.sh"
tui_setup mouse

cli user create --name "Mouse Tester" --id mouse --timezone Europe/Berlin >/dev/null
export AILIFE_USER=mouse
for g in alpha bravo charlie delta; do
	cli goal add "Goal $g" --target 100 --unit km --id "g$g" >/dev/null
	sleep 0.01
done
for i in $(seq 1 17); do
	cli log galpha 1 --note "step $i" --at "2026-11-26 $(printf %02d $((i / 2 + 2))):$(printf %02d $((i % 2 * 30)))" >/dev/null 2>&1
done

sel() { $TM capture-pane -e -p -t main | sed '1d;$d' | grep $'\e\[[0-9;]*7m' | sed 's/\x1b\[[0-9;]*m//g'; }
expect_sel() {
	local i
	for ((i = 0; i < 40; i++)); do
		case "$(sel)" in *"$2"*) ok "$1"; return ;; esac
		sleep 0.05
	done
	bad "$1" "selected: $(sel)" "$(screen | sed 's/^/|/')"
}
# click X Y / wheel up|down X Y: 1-based cells, a press and its release (SGR, mode 1006).
click() { $TM send-keys -t main -H $(printf '\e[<0;%d;%dM\e[<0;%d;%dm' "$1" "$2" "$1" "$2" | od -An -tx1); }
wheel() {
	local b=64
	[ "$1" = down ] && b=65
	$TM send-keys -t main -H $(printf '\e[<%d;%d;%dM' "$b" "$2" "$3" | od -An -tx1)
}
# The line (1-based, as the terminal counts) the screen shows TEXT on.
line_of() { screen | grep -n -- "$1" | head -1 | cut -d: -f1; }

for size in "80 24" "40 12"; do
	set -- $size
	start "$1" "$2" TERM=xterm-256color NO_COLOR=1 AILIFE_USER=mouse
	expect "$1x$2: starts" "Calories"
	m=$($TM display -p -t main '#{mouse_any_flag}')
	[ "$m" = 1 ] && ok "$1x$2: the terminal is asked for mouse reports" || bad "$1x$2: mouse reports asked" "$m"
	# the wheel scrolls Today (17 activities do not fit)
	wheel down 5 5
	wheel down 5 5
	wheel down 5 5
	wheel down 5 5
	wheel down 5 5
	wheel down 5 5
	wheel down 5 5
	wheel down 5 5
	expect "$1x$2: the wheel scrolls Today to its end" "step 17"
	wheel up 5 5
	wheel up 5 5
	wheel up 5 5
	wheel up 5 5
	wheel up 5 5
	wheel up 5 5
	wheel up 5 5
	wheel up 5 5
	expect "$1x$2: the wheel scrolls back up" "Mouse Tester"
	# a click on a tab: the Goals tab (" 2 " after " 1 Today ")
	x=$(screen | head -1 | grep -bo " 2" | head -1 | cut -d: -f1)
	click $((x + 2)) 1
	expect "$1x$2: a click on tab 2 opens the goals" "Goals: active"
	expect "$1x$2: goals listed" "Goal alpha"
	settle
	# a click on a row selects it
	y=$(line_of "Goal bravo")
	click 5 "$y"
	expect_sel "$1x$2: a click selects Goal bravo" "Goal bravo"
	y=$(line_of "Goal delta")
	click 5 "$y"
	expect_sel "$1x$2: a click selects Goal delta" "Goal delta"
	keys e
	expect "$1x$2: e edits the clicked goal" "Edit goal"
	expect "$1x$2: it is delta" "Goal delta"
	keys Escape
	expect "$1x$2: back to the list" "Goals: active"
	wait_gone "Edit goal"
	settle
	y=$(line_of "Goal alpha")
	click 5 "$y"
	expect_sel "$1x$2: a click selects alpha" "Goal alpha"
	# a click on a form's field focuses it
	keys a
	expect "$1x$2: add form" "Add goal"
	settle
	y=$(line_of "Unit ")
	click 3 "$y"
	sleep 0.2
	typ "zz"
	expect "$1x$2: a click on Unit: what is typed goes there" "Unit    "
	s=$(screen | grep "Unit ")
	case "$s" in *zz*) ok "$1x$2: the clicked field took the text" ;; *) bad "$1x$2: the clicked field took the text" "$(screen)" ;; esac
	keys Escape y
	expect "$1x$2: back" "Goals: active"
	edges "$1x$2: nothing past the right edge"
	keys q
done

# ---- AILIFE_MOUSE=0: no mouse reports asked for
start 80 24 TERM=xterm-256color AILIFE_MOUSE=0 AILIFE_USER=mouse
expect "mouse off: starts" "Calories"
m=$($TM display -p -t main '#{mouse_any_flag}')
[ "$m" = 0 ] && ok "AILIFE_MOUSE=0: the terminal is not asked for mouse reports" || bad "AILIFE_MOUSE=0: no mouse reports" "$m"
keys q

# ---- mouse = false in the config file: the same; AILIFE_MOUSE=1 beats the file
printf 'mouse = false\n' >"$T/mouse.conf"
start 80 24 TERM=xterm-256color AILIFE_CONFIG="$T/mouse.conf" AILIFE_USER=mouse
expect "mouse = false: starts" "Calories"
m=$($TM display -p -t main '#{mouse_any_flag}')
[ "$m" = 0 ] && ok "mouse = false: the terminal is not asked for mouse reports" || bad "mouse = false: no mouse reports" "$m"
keys q
start 80 24 TERM=xterm-256color AILIFE_CONFIG="$T/mouse.conf" AILIFE_MOUSE=1 AILIFE_USER=mouse
expect "mouse = false, AILIFE_MOUSE=1: starts" "Calories"
m=$($TM display -p -t main '#{mouse_any_flag}')
[ "$m" = 1 ] && ok "AILIFE_MOUSE=1 beats mouse = false" || bad "AILIFE_MOUSE=1 beats mouse = false" "$m"
keys q

finish
