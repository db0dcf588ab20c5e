#!/usr/bin/env bash
# user delete (every item of the user, in transactions; --yes without a terminal) and
# user use ID (the config's default user, the file's other lines kept), on both stores.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-12-04T10:00:00Z AILIFE_DB="$T/main.db" HOME="$T/home"
mkdir -p "$HOME"
lib_store_setup
A=$AILIFE_BIN

run() {
	out=$("$@" 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}
# How many items a user (or, without an argument, every user) holds.
items() {
	if [ $# -eq 0 ]; then "$A" export --all-users | wc -l | tr -d ' '
	else "$A" --user "$1" export 2>/dev/null | wc -l | tr -d ' '; fi
}

ada=$("$A" user create --name Ada)
bob=$("$A" user create --name Bob)
# Ada: enough items for more than one transaction of 100 and more than one page.
g=$("$A" --user "$ada" goal add Run --target 1000 --unit km)
for i in $(seq 1 105); do "$A" --user "$ada" log "$g" 1 --at "2026-11-01T00:00:00Z" >/dev/null || break; done
"$A" --user "$ada" meal add soup --calories 300 >/dev/null 2>&1
"$A" --user "$ada" journal add --body "a day" >/dev/null 2>&1
"$A" --user "$ada" workout add run --minutes 30 --distance 5 >/dev/null 2>&1
"$A" --user "$bob" meal add bread --calories 200 >/dev/null 2>&1
"$A" --user "$bob" goal add Read --target 10 --unit books >/dev/null
check_eq "Ada holds her profile, a goal, 105 activities, a meal, an entry, a workout" 110 "$(items "$ada")"
bob_before=$("$A" --user "$bob" export)

# --- not on a terminal: --yes needed
run "$A" --user "$ada" user delete
check_rc "user delete without --yes off a terminal: exit 2" 2 "$rc"
check_contains "it says --yes" "$err" "--yes"
check_contains "in the error format" "$err" "ailife: user delete: "
check_eq "nothing deleted" 110 "$(items "$ada")"

# --- read-only refuses it
run "$A" --read-only user delete "$ada" --yes
check_rc "user delete under --read-only: exit 2" 2 "$rc"
check_eq "nothing deleted under --read-only" 110 "$(items "$ada")"

# --- a user that is not there
run "$A" user delete 01JD8XNOSUCHUSER00000000000 --yes
check_rc "user delete of no such user: exit 1" 1 "$rc"

# --- delete by id, everything of Ada's gone, Bob untouched
run "$A" user delete "$ada" --yes
check_rc "user delete ID --yes: exit 0" 0 "$rc"
check_eq "it says how many items it deleted" "deleted user $ada: 110 items" "$out"
check_eq "no item of Ada's left" 0 "$(items "$ada")"
check_eq "Bob's items untouched" "$bob_before" "$("$A" --user "$bob" export)"
check_eq "the store holds Bob's three items alone" 3 "$(items)"
run "$A" user delete "$ada" --yes
check_rc "deleting her again: no such user, exit 1" 1 "$rc"

# --- the current user, JSON
cy=$("$A" user create --name Cy)
"$A" --user "$cy" meal add tea --calories 1 >/dev/null 2>&1
run "$A" --user "$cy" --json user delete --yes
check_rc "user delete --yes of the current user: exit 0" 0 "$rc"
check_eq "--json: the user and the count" "$cy 2" "$(printf '%s' "$out" | jq -r '"\(.userId) \(.deleted)"')"

# --- on a terminal it asks for the name
if command -v python3 >/dev/null; then
	dee=$("$A" user create --name Dee)
	# pty_run ANSWER ARGS...: ailife on a pseudo-terminal, ANSWER typed in.
	pty_run() { local answer=$1; shift; python3 "$(dirname "$0")/on_tty.py" --answer "$answer" "$A" "$@"; }
	run pty_run "nope" user delete "$dee"
	check_rc "a wrong name typed on the terminal: exit 1" 1 "$rc"
	check_contains "it asked for the name" "$out" "Type the user's name"
	check_eq "Dee still there after a wrong name" 1 "$(items "$dee")"
	run pty_run "Dee" user delete "$dee"
	check_rc "the name typed on the terminal: exit 0" 0 "$rc"
	check_eq "Dee gone after her name was typed" 0 "$(items "$dee")"
fi

# --- user use: writes the config, later commands use the user
# The default config file ($XDG_CONFIG_HOME/ailife/config), absent at first: created with its folder.
export XDG_CONFIG_HOME="$T/conf/sub"
cfg="$T/conf/sub/ailife/config"
eve=$("$A" user create --name Eve)
run "$A" goal list
check_rc "two users, no default: exit 2" 2 "$rc"
run "$A" user use "$eve"
check_rc "user use ID: exit 0" 0 "$rc"
check_eq "the config file created with the user" "user = $eve" "$(cat "$cfg")"
check_eq "the config file is 0600" 600 "$(stat -c %a "$cfg")"
check_eq "its folders are 0700" 700 "$(stat -c %a "$T/conf/sub/ailife")"
check_eq "later commands use the user" "Eve" "$("$A" --json user show | jq -r .name)"

# the other lines kept byte for byte, an existing user line replaced
printf '# my settings\r\n  user = %s\ntable = %s\n\n[legacy]\n# tail without newline' "$bob" "${AILIFE_TABLE:-ai-lifestyle-app-main}" >"$cfg"
run "$A" user use "$eve"
check_rc "user use over an existing user line: exit 0" 0 "$rc"
check_eq "only the user line changed" \
    "$(printf '# my settings\r\nuser = %s\ntable = %s\n\n[legacy]\n# tail without newline' "$eve" "${AILIFE_TABLE:-ai-lifestyle-app-main}" | od -c)" \
    "$(od -c <"$cfg")"
check_eq "no temp file left beside it" 1 "$(ls "$T/conf/sub/ailife" | wc -l | tr -d ' ')"
# no user line: one put before the first section
printf 'table = %s\n[legacy]\ndual_write = false\n' "${AILIFE_TABLE:-ai-lifestyle-app-main}" >"$cfg"
"$A" user use "$bob" >/dev/null
check_eq "a new user line goes before the first section" \
    "$(printf 'table = %s\nuser = %s\n[legacy]\ndual_write = false\n' "${AILIFE_TABLE:-ai-lifestyle-app-main}" "$bob")" "$(cat "$cfg")"
check_eq "and is used" "Bob" "$("$A" --json user show | jq -r .name)"

run "$A" user use 01JD8XNOSUCHUSER00000000000
check_rc "user use of no such user: exit 1" 1 "$rc"
check_eq "the config unchanged after a refused user use" "$bob" "$(sed -n 's/^user = //p' "$cfg")"
run "$A" --read-only user use "$eve"
check_rc "user use under --read-only (writes the config, not the store): exit 0" 0 "$rc"
run "$A" user use
check_rc "user use without ID: exit 2" 2 "$rc"

finish
