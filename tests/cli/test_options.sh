#!/usr/bin/env bash
# The command line's conventions (issue 12): global options anywhere before --, the last one
# winning; help of every command from the command table; did-you-mean; the error format;
# --read-only on both stores; the config's db paths; doctor creating nothing; --now in the
# profile's zone; --explain's local times; several users without a default.
# stores: both
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-12-04T10:00:00Z AILIFE_DB="$T/main.db" HOME="$T/home"
mkdir -p "$HOME"
export XDG_CACHE_HOME="$HOME/.cache"
lib_store_setup
A=$AILIFE_BIN
LOCAL=1
[ "${AILIFE_TEST_STORE:-local}" = dynamodb ] && LOCAL=0

run() {
	out=$("$@" 2>"$T/err")
	rc=$?
	err=$(cat "$T/err")
}
# How many items the store holds, every user's.
items() { "$A" export --all-users | wc -l | tr -d ' '; }

uid=$("$A" user create --name Ada --timezone Europe/Berlin)
check_rc "user create" 0 $?
gid=$("$A" goal add Run --target 100 --unit km)

# --- 1. global options anywhere before --, the last one winning
run "$A" goal list --json
check_rc "goal list --json: exit 0" 0 "$rc"
check_eq "goal list --json: JSON after the command" "[" "$(printf '%s' "$out" | head -c 1)"
run "$A" goal --json list
check_eq "goal --json list: JSON between command and subcommand" "[" "$(printf '%s' "$out" | head -c 1)"
run "$A" goal list --jsonl
check_eq "goal list --jsonl after the command: as before it" "$("$A" --jsonl goal list)" "$out"
run "$A" --now 2026-01-01T00:00:00Z meal add soup --calories 1 --now 2026-12-04T09:30:00Z --json
check_rc "--now twice: exit 0" 0 "$rc"
check_contains "--now twice: the last one wins" "$out" '"occurredAt": "2026-12-04T09:30:00.000Z"'
run "$A" journal add --body --json
check_rc "journal add --body --json: exit 0" 0 "$rc"
check_not_contains "a command option's value that looks like a global option is a value" "$out" "{"
check_contains "... and it is the body" "$("$A" --json journal list)" '"body": "--json"'
run "$A" meal add --calories 5 -- --json
check_rc "after --, --json is a positional argument" 0 "$rc"
check_contains "... the meal's name" "$("$A" --json meal list)" '"name": "--json"'
run "$A" goal list --explain --user "$uid"
check_contains "--explain after the command" "$out" "Query table="
run "$A" --store local --db "$T/a.db" --db "$T/b.db" user create --name B
check_rc "--db twice: exit 0" 0 "$rc"
check_true "--db twice: the last one is used" test -f "$T/b.db"
check_true "--db twice: the first one is not created" test ! -e "$T/a.db"
run env AWS_ACCESS_KEY_ID=AKIDX AWS_SECRET_ACCESS_KEY=x "$A" --store dynamodb --region us-east-1 \
    --endpoint http://127.0.0.1:9 doctor --endpoint http://127.0.0.1:7
check_contains "--endpoint after the command wins" "$out" "http://127.0.0.1:7"
check_not_contains "... the first one is not used" "$out" "http://127.0.0.1:9"
run "$A" goal list --db
check_rc "a global option without its value: exit 2" 2 "$rc"
check_eq "... in the error format" "ailife: goal list: --db: needs a value" "$err"

# --- 2. help from the command table
run "$A" meal --help
check_rc "meal --help: exit 0" 0 "$rc"
check_contains "meal --help: its usage lines" "$out" "usage: ailife meal add NAME"
run "$A" goal --help
check_rc "goal --help: exit 0" 0 "$rc"
run "$A" help goal
check_contains "help goal: the topic's help" "$out" "ailife goal list"
check_eq "help goal equals goal --help" "$("$A" goal --help)" "$out"
words=$("$A" --help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' |
    awk '{w=$1; if ($2 ~ /^[a-z]+$/) w=w" "$2; print w; print $1}' | sort -u)
nwords=0
while read -r w; do
	nwords=$((nwords + 1))
	# shellcheck disable=SC2086
	h=$("$A" $w --help 2>&1)
	c=$?
	# shellcheck disable=SC2086
	h2=$("$A" help $w 2>&1)
	[ "$c" -eq 0 ] || not_ok "$w --help: exit 0" "got $c"
	[ "$h" = "$h2" ] || not_ok "help $w equals $w --help"
	case "$h" in *"Options:"*"Examples:"*) ;; *) not_ok "$w --help: options and examples" "$h" ;; esac
	n=$(printf '%s\n' "$h" | sed -n '/^Examples:/,$p' | grep -c "^  ailife ")
	[ "$n" -eq 2 ] || not_ok "$w --help: two examples" "got $n"
	# An option without its description would end in the padding's spaces.
	bad=$(printf '%s\n' "$h" | grep -E '^  --.* $')
	[ -z "$bad" ] || not_ok "$w --help: every option described" "$bad"
	first=${w%% *}
	grep -qE "^\.B[IR]* \"?$(printf '%s' "$w" | sed 's/-/\\\\-/g')( |\"|$)" "$LIB_ROOT/doc/ailife.1" ||
	    not_ok "the man page has $w"
	printf '%s\n' "$h" | grep -q "^  ailife .*$first" || not_ok "$w --help: its examples call it"
done <<EOF
$words
EOF
check_true "help of every command and subcommand of the table ($nwords), checked above" test "$nwords" -gt 30
run "$A" help gaol
check_rc "help of an unknown topic: exit 2" 2 "$rc"
check_contains "... suggests the nearest" "$err" "did you mean 'goal'?"
run "$A" help goal lst
check_rc "help of an unknown subcommand: exit 2" 2 "$rc"
check_contains "... suggests the nearest" "$err" "did you mean 'list'?"

# --- 3. did-you-mean, 4. the error format
run "$A" goals
check_rc "unknown command: exit 2" 2 "$rc"
check_eq "unknown command: the nearest" "ailife: goals: unknown command; did you mean 'goal'? (see ailife --help)" "$err"
run "$A" goal lsit
check_rc "unknown subcommand: exit 2" 2 "$rc"
check_eq "unknown subcommand: the nearest" \
    "ailife: goal: lsit: unknown subcommand; did you mean 'list'? (see ailife goal --help)" "$err"
run "$A" meal add x --calroies 5
check_rc "unknown option: exit 2" 2 "$rc"
check_contains "unknown option: the nearest, as typed" "$err" \
    "ailife: meal add: --calroies: unknown option; did you mean '--calories'?"
run "$A" goal lis
check_contains "a unique prefix is suggested" "$err" "did you mean 'list'?"
run "$A" --jsn goal list
check_contains "an unknown global option: the nearest" "$err" "did you mean '--json'?"
run "$A" timeline --xyzzy
check_contains "nothing near: no suggestion" "$err" "ailife: timeline: --xyzzy: unknown option (see ailife timeline --help)"
run "$A" activity bogus
check_contains "activity: unknown subcommand" "$err" "ailife: activity: bogus: unknown subcommand"

# --- 5. --read-only: every write refused before anything is sent, on both stores
before=$(items)
ro_refused() {
	name=$1
	shift
	run "$@"
	[ "$rc" -eq 2 ] || not_ok "read-only $name: exit 2" "got $rc: $err"
	case "$err" in *"read-only"*) ok "read-only $name: refused, saying read-only" ;;
	*) not_ok "read-only $name: says read-only" "$err" ;; esac
}
"$A" export >"$T/one.jsonl"
ro_refused "meal add" "$A" --read-only meal add x --calories 5
ro_refused "meal add, --read-only after the command" "$A" meal add x --calories 5 --read-only
ro_refused "goal add" "$A" goal add G --target 5 --unit km --read-only
ro_refused "log" "$A" --read-only log "$gid" 5
ro_refused "goal status" "$A" --read-only goal status "$gid" paused
ro_refused "goal edit" "$A" --read-only goal edit "$gid" --target 50
ro_refused "goal delete" "$A" --read-only goal delete "$gid"
ro_refused "journal add" "$A" --read-only journal add --body hi
ro_refused "workout add" "$A" --read-only workout add run --minutes 5
ro_refused "user create" "$A" --read-only user create --name C
ro_refused "user edit" "$A" --read-only --user "$uid" user edit --name D
ro_refused "import" "$A" --read-only import "$T/one.jsonl"
# --force: past the refusal of a store with a real user, to the write itself.
ro_refused "demo" "$A" --read-only demo --days 2 --force
ro_refused "AILIFE_READ_ONLY=1" env AILIFE_READ_ONLY=1 "$A" meal add x --calories 5
mkdir -p "$T/rocfg"
printf 'read_only = true\n' >"$T/rocfg/config"
ro_refused "read_only = true in the config" "$A" --config "$T/rocfg/config" meal add x --calories 5
if [ "$LOCAL" = 0 ]; then
	ro_refused "table create" "$A" --read-only table create
fi
check_eq "read-only: nothing was written" "$before" "$(items)"
run "$A" --read-only goal list --json
check_rc "read-only: reads work" 0 "$rc"
check_contains "... and see the data" "$out" "$gid"
run "$A" --read-only meal add x --calories 5
check_contains "read-only: the message says where it comes from" "$err" "ailife: meal add: read-only: "
if [ "$LOCAL" = 1 ]; then
	run "$A" --read-only --db "$T/none.db" goal list
	check_true "read-only on a missing database creates none" test ! -e "$T/none.db"
	check_rc "... exit 1" 1 "$rc"
fi

# --- 6a. the config's db: ~ is the home, a relative path is the config file's folder's
mkdir -p "$T/cfg" "$T/work"
printf 'store = local\ndb = ~/tilde.db\n' >"$T/cfg/tilde"
(cd "$T/work" && env -u AILIFE_DB -u AILIFE_STORE "$A" --config "$T/cfg/tilde" user create --name T >/dev/null)
check_true "db = ~/x is under HOME" test -f "$HOME/tilde.db"
check_true "... not ./~/x" test ! -e "$T/work/~"
printf 'store = local\ndb = rel/x.db\n' >"$T/cfg/rel"
mkdir -p "$T/cfg/rel.d"
printf 'store = local\ndb = rel.db\n' >"$T/cfg/rel.d/config"
(cd "$T/work" && env -u AILIFE_DB -u AILIFE_STORE "$A" --config "$T/cfg/rel.d/config" user create --name R >/dev/null)
check_true "a relative db is the config file's folder's" test -f "$T/cfg/rel.d/rel.db"
check_true "... not the working directory's" test ! -e "$T/work/rel.db"

# --- 6b. doctor creates nothing and fails on a configured user that does not exist
if [ "$LOCAL" = 1 ]; then
	run "$A" --db "$T/nodb.db" doctor
	check_rc "doctor without a database: exit 0" 0 "$rc"
	check_true "doctor creates no database" test ! -e "$T/nodb.db"
	check_contains "... and says it is not there yet" "$out" "not created yet"
fi
run "$A" --user 01NOSUCHUSER0000000000000 doctor
check_rc "doctor with a configured user that does not exist: exit 1" 1 "$rc"
check_contains "... says so" "$out" "FAIL user"
run "$A" --user "$uid" doctor
check_rc "doctor with a user that exists: exit 0" 0 "$rc"

# --- 6c. --now is read in the profile's zone, as --at is
a1=$(TZ=UTC "$A" --user "$uid" --now "2026-12-04 10:00" --json meal add a --calories 1 | grep occurredAt)
a2=$(TZ=UTC "$A" --user "$uid" --json meal add b --calories 1 --at "2026-12-04 10:00" | grep occurredAt)
check_eq "--now and --at read the same text as the same instant (Europe/Berlin profile, TZ=UTC)" "$a2" "$a1"
check_contains "... 10:00 in Berlin" "$a1" "2026-12-04T09:00:00.000Z"

# --- 6d. --explain: the keys in UTC, the times for people in local time
run "$A" --explain --user "$uid" meal list
check_contains "--explain: the key in UTC" "$out" '"2026-12-03T23:00:00.000Z"'
check_contains "--explain: the day in local time" "$out" \
    "(local time, Europe/Berlin: 2026-12-04 00:00 CET .. 2026-12-05 00:00 CET)"
# The process in another zone: the days are still the profile's, remembered from the last read.
run env TZ=UTC "$A" --explain --user "$uid" meal list
check_contains "--explain, TZ=UTC: the key of the Berlin day (the zone remembered)" "$out" '"2026-12-03T23:00:00.000Z"'
check_true "... remembered in the cache folder, 0600" test "$(stat -c %a "$HOME/.cache/ailife/zones/$uid")" = 600
run env TZ=UTC HOME="$T/home-new" XDG_CACHE_HOME= "$A" --explain --user "$uid" meal list
check_contains "--explain, zone never read: the day of the process zone" "$out" '"2026-12-04T00:00:00.000Z"'
check_contains "... and a note says so" "$err" "time zone is not known here yet"

# --- 6e. several users and no default: named, with 'ailife user use ID'
lib_store_fresh "$T/several.db"
u1=$("$A" user create --name One)
u2=$("$A" user create --name Two)
run "$A" goal list
check_rc "several users, no default: exit 2" 2 "$rc"
check_contains "... names the first" "$err" "$u1 (One)"
check_contains "... names the second" "$err" "$u2 (Two)"
check_contains "... says ailife user use" "$err" "'ailife user use ID'"

finish
