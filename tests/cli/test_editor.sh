#!/usr/bin/env bash
# journal add / journal edit on a terminal without --body: the body written in $VISUAL / $EDITOR
# on a temporary file (0600, removed afterwards, also on failure), as git commit does.
# The terminal is a pseudo-terminal (python3's pty module); the editor is a small script.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-12-04T10:00:00Z AILIFE_DB="$T/main.db" HOME="$T/home"
mkdir -p "$HOME" "$T/tmp"
export TMPDIR="$T/tmp"
lib_store_setup
A=$AILIFE_BIN
command -v python3 >/dev/null || { ok "# skip: no python3 for a pseudo-terminal"; finish; }

# on_tty ARGS...: ailife with a pseudo-terminal as its standard input, output and error.
ON_TTY="$(dirname "$0")/on_tty.py"
on_tty() { python3 "$ON_TTY" "$A" "$@"; }
run() {
	out=$("$@" 2>&1)
	rc=$?
}

uid=$("$A" user create --name Ada)
export AILIFE_USER=$uid

# The editor: notes the file it got, its mode and what it held, then writes the body (CRLF).
cat >"$T/ed.sh" <<ED
#!/bin/sh
printf '%s\n' "\$1" >"$T/path"
stat -c %a "\$1" >"$T/mode"
cat "\$1" >"$T/before"
[ "\$2" = "" ] || { echo "unexpected argument \$2" >&2; exit 3; }
printf 'written in the editor\r\nline two, "quoted"\r\n' >"\$1"
ED
chmod +x "$T/ed.sh"
export EDITOR="$T/ed.sh"
unset VISUAL

# --- journal add on a terminal, no --body
run on_tty --json journal add --title Day
check_rc "journal add on a terminal: exit 0" 0 "$rc"
id=$("$A" --json journal list --from 2026-12-01 | jq -r '.[0].entryId')
check_eq "the body from the editor, CRLF made LF" "$(printf 'written in the editor\nline two, "quoted"')" \
    "$("$A" --json journal show "$id" | jq -r .body)"
check_eq "the temporary file was 0600" 600 "$(cat "$T/mode")"
check_contains "in \$TMPDIR" "$(cat "$T/path")" "$T/tmp/"
check_eq "it started empty" "" "$(cat "$T/before")"
check_true "the temporary file is removed" test ! -e "$(cat "$T/path")"
check_eq "nothing left in \$TMPDIR" 0 "$(ls "$T/tmp" | wc -l | tr -d ' ')"

# --- $VISUAL wins over $EDITOR; an editor command with arguments goes through the shell
cat >"$T/vis.sh" <<ED
#!/bin/sh
printf 'by %s\n' "\$1" >"\$2"
ED
chmod +x "$T/vis.sh"
run env VISUAL="$T/vis.sh visual" python3 "$ON_TTY" "$A" --json journal add
check_rc "VISUAL with an argument: exit 0" 0 "$rc"
# The two entries share the fixed clock's occurredAt: the new one is the one that is not $id.
check_eq "VISUAL used before EDITOR" "by visual" \
    "$("$A" --json journal list --from 2026-12-01 | jq -r --arg id "$id" '.[] | select(.entryId != $id) | .body')"

# --- an empty body aborts, nothing written
n0=$("$A" export | wc -l)
run env EDITOR="$T/empty.sh" python3 "$ON_TTY" "$A" journal add
check_rc "an editor that fails (not found): exit 1" 1 "$rc"
printf '#!/bin/sh\n: >"$1"\n' >"$T/empty.sh"
chmod +x "$T/empty.sh"
run env EDITOR="$T/empty.sh" python3 "$ON_TTY" "$A" journal add
check_rc "an empty body: exit 2" 2 "$rc"
check_contains "it says so" "$out" "journal add: empty body: nothing written"
run env EDITOR=false python3 "$ON_TTY" "$A" journal add
check_rc "an editor exiting non-zero: exit 1" 1 "$rc"
check_contains "it names the editor and its status" "$out" "the editor 'false' exited with status 1"
check_eq "nothing written by the failed adds" "$n0" "$("$A" export | wc -l)"
check_eq "no temporary file left after the failures" 0 "$(ls "$T/tmp" | wc -l | tr -d ' ')"

# --- journal edit ID alone on a terminal: the current body in the editor
cat >"$T/add.sh" <<ED
#!/bin/sh
cat "\$1" >"$T/before"
printf 'and a third line\n' >>"\$1"
ED
chmod +x "$T/add.sh"
run env EDITOR="$T/add.sh" python3 "$ON_TTY" "$A" journal edit $id
check_rc "journal edit ID on a terminal: exit 0" 0 "$rc"
check_eq "the file started with the current body" "$(printf 'written in the editor\nline two, "quoted"')" "$(cat "$T/before")"
check_eq "the edited body stored" "$(printf 'written in the editor\nline two, "quoted"\nand a third line')" \
    "$("$A" --json journal show "$id" | jq -r .body)"
check_eq "its title kept" "Day" "$("$A" --json journal show "$id" | jq -r .title)"
v=$("$A" --json journal show "$id" | jq -r .version)
run env EDITOR=true python3 "$ON_TTY" "$A" journal edit $id
check_rc "an unchanged body: exit 2" 2 "$rc"
check_contains "it says so" "$out" "body unchanged: nothing written"
check_eq "nothing written when unchanged" "$v" "$("$A" --json journal show "$id" | jq -r .version)"

# --- off a terminal, as before: stdin for add, nothing to change for edit
run "$A" journal add </dev/null
check_rc "journal add off a terminal with empty stdin: exit 2" 2 "$rc"
run "$A" journal edit "$id"
check_rc "journal edit ID off a terminal: nothing to change, exit 2" 2 "$rc"
check_eq "no editor ran off a terminal" 0 "$(ls "$T/tmp" | wc -l | tr -d ' ')"

finish
