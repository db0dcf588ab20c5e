#!/bin/bash
# Command-line tests on the embedded store with a fixed clock: success paths,
# every exit code and the error messages of cli.md.
set -u
A=${AILIFE_BIN:-$PWD/build/ailife}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export AILIFE_DB="$T/db.sqlite" TZ=Europe/Berlin AILIFE_NOW=2026-11-26T12:00:00Z
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" HOME="$T/home"
unset AILIFE_USER AILIFE_STORE AILIFE_TABLE AILIFE_CONFIG
pass=0
fail=0
# The same tests on DynamoDB Local: AILIFE_TEST_STORE=dynamodb with AILIFE_DDB_ENDPOINT set.
if [ "${AILIFE_TEST_STORE:-local}" = dynamodb ]; then
	export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL="$AILIFE_DDB_ENDPOINT" AWS_REGION=us-east-1
	export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
	export AILIFE_TABLE="cli-test-$$-$RANDOM"
	unset AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE AWS_SESSION_TOKEN
	"$A" table create >/dev/null || { echo "not ok - table create on DynamoDB Local"; echo "0 passed, 1 failed"; exit 1; }
fi

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; shift; printf '    %s\n' "$@"; }
# run CMD...: sets $out, $err, $rc
run() { out=$("$@" 2>"$T/err"); rc=$?; err=$(cat "$T/err"); }
expect_rc() { [ "$rc" = "$2" ] && ok "$1" || bad "$1" "rc $rc, wanted $2" "out: $out" "err: $err"; }
expect_out() { [ "$out" = "$2" ] && ok "$1" || bad "$1" "got:    $out" "wanted: $2"; }
expect_err() { [ "$err" = "$2" ] && ok "$1" || bad "$1" "got:    $err" "wanted: $2"; }
contains() { case "$2" in *"$3"*) ok "$1";; *) bad "$1" "missing: $3" "in: $2";; esac; }
lacks() { case "$2" in *"$3"*) bad "$1" "unexpected: $3" "in: $2";; *) ok "$1";; esac; }

# --- first run, no user
run "$A"
expect_rc "first run exits 0" 0
contains "first run says how to create a user" "$out" "ailife user create --name"
contains "first run offers the demo" "$out" "ailife demo"
run "$A" goal list
expect_rc "no user: exit 1" 1
expect_err "no user: message" "ailife: goal list: user: no user yet: create one with 'ailife user create --name NAME', or try 'ailife demo'"

# --- usage errors
run "$A" bogus
expect_rc "unknown command: exit 2" 2
expect_err "unknown command: message" "ailife: bogus: unknown command (see ailife --help)"
run "$A" --bogus goal list
expect_rc "unknown global option: exit 2" 2
run "$A" --now garbage goal list
expect_rc "bad --now: exit 2" 2
contains "bad --now: names the value" "$err" "'garbage'"
run "$A" --store mongo goal list
expect_err "bad --store" "ailife: goal list: --store: 'mongo': use local or dynamodb"
run "$A" --help
expect_rc "--help exits 0" 0
contains "--help lists commands" "$out" "goal add TITLE"
run "$A" --version
expect_out "--version" "ailife 0.1.0"

# --- users
run "$A" user create --name "Ana Müller" --timezone Europe/Berlin --id ana
expect_rc "user create" 0
expect_out "user create prints the id" "ana"
run "$A" user create --name "Ana Again" --id ana
expect_rc "duplicate user: exit 1" 1
expect_err "duplicate user: message" "ailife: user create: user 'ana' already exists"
run "$A" user create --name "X" --id 'a#b'
expect_rc "id with #: exit 2" 2
contains "id with #: names the value" "$err" "'a#b'"
run "$A" user create --name "X" --timezone Mars/Base
expect_rc "unknown zone: exit 2" 2
contains "unknown zone: named" "$err" "Mars/Base"
run "$A" user create --name "$(printf 'Evil\033[31m')"
expect_rc "control character in name: exit 2" 2
lacks "error output is inert" "$err" "$(printf '\033')"
run "$A" --json user show
expect_rc "user show --json" 0
[ "$(printf '%s' "$out" | jq -r '.name + "|" + .timezone + "|" + .units + "|" + (.version|tostring)')" = "Ana Müller|Europe/Berlin|metric|1" ] \
	&& ok "user show --json fields" || bad "user show --json fields" "$out"
run "$A" user edit --calorie-target 2100
expect_rc "user edit" 0
contains "user edit shows the target" "$out" "2100"
run "$A" --json user show
[ "$(printf '%s' "$out" | jq -r '.version')" = "2" ] && ok "user edit bumps version" || bad "user edit bumps version" "$out"

# --- goals and activities
run "$A" goal add "Run 100 km" --target 100 --unit km --due 2026-12-31 --id run
expect_out "goal add prints the id" "run"
run "$A" goal add "Read" --target 0 --unit books
expect_rc "target 0 refused" 2
run "$A" goal add "Read" --unit books
expect_rc "missing --target: exit 2" 2
contains "missing --target: named" "$err" "target"
run "$A" goal add "Read" --target 12 --unit books --due 2026-02-30
expect_rc "impossible due date: exit 2" 2
contains "impossible due date: named" "$err" "2026-02-30"
run "$A" log run 0.1 --at "2026-11-26 08:00"
expect_rc "log" 0
expect_out "log echoes the parsed time" "logged 0.1 km at 2026-11-26 08:00 CET; goal 'Run 100 km': 0.1/100 km (active)"
run "$A" log run 0.2 --at "2026-11-26 08:00"
contains "same millisecond: next one" "$out" "0.3/100 km"
run "$A" --json goal show run
[ "$(printf '%s' "$out" | jq -r '.progress')" = "0.3" ] && ok "0.1 + 0.2 = 0.3" || bad "0.1 + 0.2 = 0.3" "$out"
[ "$(printf '%s' "$out" | jq -r '.recentActivities | length')" = "2" ] && ok "goal show lists activities" || bad "goal show lists activities" "$out"
run "$A" --json activity list --goal run
[ "$(printf '%s' "$out" | jq -r '[.[].occurredAt] | join(",")')" = "2026-11-26T07:00:00.000Z,2026-11-26T07:00:00.001Z" ] \
	&& ok "activities oldest first, collision moved 1 ms" || bad "activities oldest first" "$out"
run "$A" log run 99.7 --note "the rest" --at -1h
expect_out "reaching the target completes the goal" "logged 99.7 km at 2026-11-26 12:00 CET; goal 'Run 100 km': 100/100 km (completed)"
run "$A" goal list
contains "completed goal not in the active list" "$out" "(none)"
run "$A" goal list --status completed
contains "completed list has the goal" "$out" "Run 100 km"
run "$A" activity delete run 2026-11-26T11:00:00.000Z
expect_rc "activity delete" 0
contains "deleting below target keeps the goal completed (nothing reopens a goal)" "$out" "0.3/100 km (completed)"
run "$A" activity delete run 2026-11-26T11:00:00.000Z
expect_rc "activity delete twice: exit 1" 1
run "$A" log run abc
expect_rc "amount not a number: exit 2" 2
expect_err "amount not a number: message" "ailife: log: amount: 'abc': not a number"
run "$A" log run -5
expect_rc "negative amount: exit 2" 2
run "$A" log nosuchgoal 5
expect_rc "unknown goal: exit 1" 1
expect_err "unknown goal: message" "ailife: log: no goal 'nosuchgoal'"
run "$A" log run 1 --at "2026-03-29 02:30"
expect_rc "DST gap: exit 2" 2
contains "DST gap: reason" "$err" "does not exist"
run "$A" log run 1 --at tomorrowish
expect_rc "unparseable WHEN: exit 2" 2
contains "unparseable WHEN: names it" "$err" "'tomorrowish'"
run "$A" goal status run paused
expect_out "goal status" "goal 'Run 100 km': completed -> paused"
run "$A" goal status run sleeping
expect_rc "bad status: exit 2" 2
run "$A" goal list --status paused
contains "paused list" "$out" "Run 100 km"
run "$A" goal edit run --title "Run 150 km" --target 150 --category=
expect_rc "goal edit" 0
contains "goal edit shows the title" "$out" "Run 150 km"
run "$A" goal edit run
expect_rc "goal edit with nothing: exit 2" 2

# --- meals, journal, workouts, timeline
run "$A" meal add "Müsli" --calories 420.5 --protein 12 --type breakfast --at "2026-11-26 07:00"
expect_rc "meal add" 0
run "$A" meal add "Pasta" --calories 650 --type lunch --at "2026-11-26 12:30"
run "$A" meal add "Late snack" --calories 200 --type snack --at "2026-11-25 23:30"
run "$A" meal add "Soup" --calories -5
expect_err "negative calories" "ailife: meal add: --calories: must be 0 to 100000, not -5"
run "$A" meal add "Soup" --calories 5 --type brunch
expect_err "bad meal type" "ailife: meal add: --type: must be breakfast, lunch, dinner or snack, not 'brunch'"
run "$A" meal list
contains "meal list: today's total" "$out" "2026-11-26 total"
contains "meal list: total value" "$out" "1070.5"
lacks "meal list: yesterday not in today" "$out" "Late snack"
run "$A" meal list --from yesterday
contains "meal list from yesterday: both days" "$out" "2026-11-25 total"
run "$A" --json meal list --from 2026-11-25 --to 2026-11-25
[ "$(printf '%s' "$out" | jq -r 'length')" = "1" ] && ok "local day boundaries (23:30 CET is the 25th)" || bad "local day boundaries" "$out"
# The profile's zone decides the days whatever the machine's (the profile comes with the first page).
for tz in Pacific/Kiritimati America/Honolulu UTC; do
	run env TZ=$tz "$A" --user ana --json meal list --from 2026-11-25 --to 2026-11-25
	[ "$(printf '%s' "$out" | jq -r 'length')" = "1" ] && ok "days in the profile's zone on a machine in $tz" \
		|| bad "days in the profile's zone on a machine in $tz" "$out" "$err"
	run env TZ=$tz "$A" --user ana meal list
	contains "today in the profile's zone on a machine in $tz" "$out" "1070.5"
done
run "$A" --user nobody meal list
expect_err "an unknown --user on a list" "ailife: user: no user 'nobody'"
run "$A" meal list --from yesterday --limit 3
expect_err "a list of exactly --limit items is not called cut" ""
run "$A" --json meal list --from yesterday --limit 2
[ "$(printf '%s' "$out" | jq length)" = 2 ] && [ -z "$err" ] && ok "--limit caps, as asked, without a note" \
	|| bad "--limit caps" "$out$err"
run "$A" meal list --from 2026-11-27 --to 2026-11-26
expect_rc "from after to: exit 2" 2
run "$A" journal add --title "Good day" --mood 4 --tag run --tag mood --goal run --body "$(printf 'Line one\nLine two')" --id j1
expect_rc "journal add" 0
run "$A" journal add --mood 7 --body x
expect_err "mood out of range" "ailife: journal add: --mood: must be 1 to 5, not 7"
out=$(printf 'from stdin\n' | "$A" journal add --id j2 2>&1); rc=$?
expect_rc "journal body from stdin" 0
run "$A" --json journal show j2
[ "$(printf '%s' "$out" | jq -r '.body')" = "from stdin" ] && ok "stdin body stored" || bad "stdin body stored" "$out"
run "$A" journal add --goal nosuch --body x
expect_rc "journal link to a missing goal: exit 1" 1
run "$A" journal list
contains "journal list: latest" "$out" "Good day"
run "$A" journal show j1
contains "journal show: body" "$out" "Line two"
run "$A" workout add run --minutes 30 --distance 5 --goal run --at "2026-11-26 06:00" --id w1
expect_rc "workout add" 0
run "$A" workout add run --minutes 0
expect_rc "zero minutes refused" 2
run "$A" workout list
contains "workout list" "$out" "w1"
run "$A" --json goal show run
[ "$(printf '%s' "$out" | jq -r '[.linked[].type] | sort | join(",")')" = "JOURNAL,WORKOUT" ] && ok "goal show: linked items" || bad "goal show: linked" "$out"
# The workout toward the km goal brings its activity, at the same moment.
run "$A" --json timeline
[ "$(printf '%s' "$out" | jq -r '[.[].type] | join(",")')" = "ACTIVITY,WORKOUT,MEAL,ACTIVITY,ACTIVITY,MEAL,JOURNAL,JOURNAL" ] \
	&& ok "timeline merged by time" || bad "timeline merged by time" "$out"
run "$A" --json timeline --type meal
[ "$(printf '%s' "$out" | jq -r '[.[].type] | unique | join(",")')" = "MEAL" ] && ok "timeline --type" || bad "timeline --type" "$out"
run "$A" timeline --type sleep
expect_rc "timeline bad type: exit 2" 2
run "$A" meal delete nosuch
expect_rc "delete missing: exit 1" 1
# --- W7: deleting a goal removes its activities and unlinks entries
run "$A" goal delete run
expect_out "goal delete" "deleted goal 'Run 150 km' (2 activities; 2 entries unlinked)"
run "$A" --json journal show j1
[ "$(printf '%s' "$out" | jq -r '.goalId // "none"')" = "none" ] && ok "goal delete unlinks the journal" || bad "unlink" "$out"
run "$A" --json workout show w1
[ "$(printf '%s' "$out" | jq -r '.goalId // "none"')" = "none" ] && ok "goal delete unlinks the workout" || bad "unlink workout" "$out"
run "$A" goal show run
expect_rc "deleted goal is gone" 1

# --- several users need --user
run "$A" user create --name "Bo" --id bo
run "$A" goal list
expect_rc "several users without --user: exit 2" 2
contains "several users: says --user" "$err" "--user"
run "$A" --user bo goal list
expect_rc "--user picks one" 0
AILIFE_USER=bo run "$A" user show
contains "AILIFE_USER picks one" "$out" "Bo"
run "$A" --user nobody goal list
expect_rc "unknown --user: exit 1" 1

# --- config file
mkdir -p "$T/config/ailife"
printf 'user = bo\n' >"$T/config/ailife/config"
run "$A" user show
contains "config user" "$out" "Bo"
printf 'user = bo\ncolour = blue\n' >"$T/config/ailife/config"
run "$A" user show
expect_rc "bad config: exit 2" 2
contains "bad config: file and line" "$err" "config:2"
rm "$T/config/ailife/config"
run "$A" --config "$T/none" user list
expect_rc "missing --config: exit 2" 2

# --- table
run "$A" table check
expect_rc "table check on the embedded store" 0
run "$A" table create
expect_out "table create when it exists" "table ${AILIFE_TABLE:-ai-lifestyle-app-main} exists"
run "$A" --table other --user ana goal list
expect_rc "another table is empty: no such user" 1

# --- --explain: the DynamoDB requests, nothing sent, no credentials
run env AWS_ACCESS_KEY_ID=AKIDEXPLAIN AWS_SECRET_ACCESS_KEY=sEcReTeXpLaIn "$A" --explain --user ana log run 5
expect_rc "--explain log" 0
contains "--explain log: the read of the goal" "$out" 'GetItem table='
contains "--explain log: the transaction of W3" "$out" 'TransactWriteItems 2 writes'
contains "--explain: placeholders in the expressions" "$out" '"#n0"'
lacks "--explain: no secret" "$out$err" "sEcReTeXpLaIn"
lacks "--explain: no signature" "$out$err" "Signature="
run "$A" --explain --user ana goal list
contains "--explain goal list: AP4 on GSI1" "$out" 'index=GSI1 key: GSI1PK = "GOAL#active" AND begins_with(GSI1SK, "USER#ana#")'

# --- JSON output is exact JSON even with hostile stored text
run "$A" --user ana meal add "Tab	name" --calories 1
run "$A" --user ana --json meal list
printf '%s' "$out" | jq . >/dev/null 2>&1 && ok "--json is valid JSON" || bad "--json is valid JSON" "$out"

# --- an import that cannot write says so, with what to do
if [ "${AILIFE_TEST_STORE:-local}" = dynamodb ]; then
	"$A" --user ana export >"$T/ana.jsonl"
	run env AWS_ENDPOINT_URL=http://127.0.0.1:9 "$A" import "$T/ana.jsonl"
	expect_rc "import to a closed endpoint: exit 1" 1
	contains "import to a closed endpoint: names it" "$err" "127.0.0.1:9"
	contains "import to a closed endpoint: what to do" "$err" "importing the same file again is safe"
fi

echo
echo "cli (${AILIFE_TEST_STORE:-local}): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
