#!/bin/bash
# The bash completion (scripts/ailife.bash-completion): sources it in this shell, fills
# COMP_WORDS / COMP_CWORD / COMP_LINE / COMP_POINT as bash would for a command line, calls
# the completion function and checks COMPREPLY. Needs no binary.
# Usage: bash tests/cli/test_completion.sh

. "$(dirname "$0")/lib.sh"

COMPLETION=$LIB_ROOT/scripts/ailife.bash-completion
T_DIR=$(lib_tmpdir)
trap 'rm -rf "$T_DIR"' EXIT

# Completion functions run in the user's shell, where compopt works only during a
# completion: outside one it fails, which the script must tolerate.
if ! . "$COMPLETION"; then
	not_ok "the completion script sources without an error"
	finish
fi
ok "the completion script sources without an error"
check_contains "complete -F _ailife is registered for ailife" "$(complete -p ailife 2>&1)" "-F _ailife"

# Splits LINE as bash does for completion: at blanks, and around runs of the word-break
# characters = and : (so "--store=lo" is "--store" "=" "lo"); a trailing blank adds an
# empty word. Sets COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT.
split_line() {
	local line=$1 word
	local -a out=()
	for word in $line; do
		while [[ -n $word ]]; do
			if [[ $word =~ ^([=:]+)(.*)$ || $word =~ ^([^=:]+)(.*)$ ]]; then
				out+=("${BASH_REMATCH[1]}")
				word=${BASH_REMATCH[2]}
			fi
		done
	done
	[[ $line == *' ' ]] && out+=('')
	COMP_WORDS=("${out[@]}")
	COMP_CWORD=$((${#out[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
}

# complete_line LINE: prints COMPREPLY, one space between words.
complete_line() {
	split_line "$1"
	COMPREPLY=()
	_ailife ailife "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>"$T_DIR/stderr"
	local rc=$?
	if [[ $rc -ne 0 || -s $T_DIR/stderr ]]; then
		echo "ERROR rc=$rc $(cat "$T_DIR/stderr")"
		return
	fi
	echo "${COMPREPLY[*]}"
}

# expect NAME LINE EXPECTED: COMPREPLY must be exactly EXPECTED (in order).
expect() {
	check_eq "$1" "$3" "$(complete_line "$2")"
}

# expect_has NAME LINE WORD...: COMPREPLY must hold each WORD.
expect_has() {
	local name=$1 got word missing=''
	got=" $(complete_line "$2") "
	shift 2
	for word in "$@"; do
		[[ $got == *" $word "* ]] || missing+=" $word"
	done
	if [[ -z $missing ]]; then
		ok "$name"
	else
		not_ok "$name" "missing:$missing" "    got:$got"
	fi
}

# expect_lacks NAME LINE WORD...: COMPREPLY must hold no WORD.
expect_lacks() {
	local name=$1 got word found=''
	got=" $(complete_line "$2") "
	shift 2
	for word in "$@"; do
		[[ $got == *" $word "* ]] && found+=" $word"
	done
	if [[ -z $found ]]; then
		ok "$name"
	else
		not_ok "$name" "unexpected:$found" "       got:$got"
	fi
}

# The splitter itself, so that the cases below test what they claim.
split_line 'ailife --store=lo'
check_eq "test splitter: --store=lo is three words" "ailife|--store|=|lo" "$(IFS='|'; echo "${COMP_WORDS[*]}")"

# Commands and global options.
expect_has "commands after ailife" 'ailife ' tui table user goal log activity journal meal workout \
    timeline export import demo doctor
expect_lacks "no options offered for a bare word" 'ailife ' --json --store
expect "commands by prefix" 'ailife ti' 'timeline'
expect "global option by prefix" 'ailife --st' '--store'
expect_has "every global option" 'ailife --' --store --db --endpoint --region --profile --table --user \
    --json --now --config --help --version
expect "--store values" 'ailife --store ' 'local dynamodb'
expect "--store=d (split at '=')" 'ailife --store=d' 'dynamodb'
expect "--store= offers every value" 'ailife --store=' 'local dynamodb'
expect "--now words" 'ailife --now ' 'now today yesterday'
expect_has "commands after a flag" 'ailife --json ' goal meal
expect "commands after global options with values" 'ailife --json --db /tmp/x.db --user U1 goal a' 'add'
expect "commands after --opt=value globals" 'ailife --db=/tmp/x.db --table=t me' 'meal'
expect "an endpoint URL's ':' does not lose the command" \
    'ailife --endpoint http://localhost:8000 --region us-east-1 meal ' 'add list show edit delete'
expect "nothing for a free-form value (--user)" 'ailife --user ' ''

# Subcommands.
expect "goal subcommands" 'ailife goal ' 'add list show status edit delete'
expect "user subcommands" 'ailife user ' 'create show list edit'
expect "table subcommands" 'ailife table ' 'create check'
expect "activity subcommands" 'ailife activity ' 'list show edit delete'
expect "journal subcommands" 'ailife journal ' 'add list show edit delete'
expect "workout subcommands by prefix" 'ailife workout e' 'edit'

# Options of each command.
expect "goal list options" 'ailife goal list --' '--status --limit --help'
expect "goal list --status values" 'ailife goal list --status ' 'active paused completed archived all'
expect "goal list --status=ar" 'ailife goal list --status=ar' 'archived'
expect "goal status: the status words" 'ailife goal status 01ABC ' 'active paused completed archived'
expect "goal status: nothing for the goal id without a store" 'ailife goal status ' ''
expect_has "goal add options" 'ailife goal add "Run" --' --target --unit --category --start --due --id
expect_lacks "goal add: an option given is not offered again" 'ailife goal add Run --target 5 --' --target
expect_has "goal add: the others still are" 'ailife goal add Run --target 5 --' --unit --due
expect_lacks "goal edit has no --id" 'ailife goal edit G1 --' --id
expect "goal edit --due words" 'ailife goal edit G1 --due ' 'today yesterday -7d'
expect "log options" 'ailife log G1 5 --' '--note --at --help'
expect "log --at words" 'ailife log G1 5 --at ' 'now today yesterday'
expect "activity list options" 'ailife activity list --' '--goal --from --to --limit --help'
expect "user create --units" 'ailife user create --name A --units ' 'metric imperial'
expect_has "user create options" 'ailife user create --' --name --email --timezone --units --calorie-target --id
expect "user edit --units=i" 'ailife user edit --units=i' 'imperial'
expect "journal add --mood" 'ailife journal add --mood ' '1 2 3 4 5'
expect "journal add: --tag repeats" 'ailife journal add --tag a --t' '--title --tag'
expect "meal add --type: meal types" 'ailife meal add Toast --calories 300 --type ' 'breakfast lunch dinner snack'
expect "meal edit --type=s" 'ailife meal edit M1 --type=s' 'snack'
expect_has "meal add options" 'ailife meal add Toast --' --type --calories --protein --carbs --fat --goal --at --id
expect_has "meal edit options" 'ailife meal edit M1 --' --name --type --calories
expect_has "workout add options" 'ailife workout add run --' --minutes --distance --calories --goal --at --id
expect "workout list --from" 'ailife workout list --from ' 'today yesterday -7d'
expect "timeline --type: kinds" 'ailife timeline --type ' 'activity journal meal workout'
expect "timeline: --type repeats" 'ailife timeline --type meal --t' '--to --type'
expect "timeline: --from once" 'ailife timeline --from today --f' ''
expect "export options" 'ailife export --' '--all-users --help'
expect "demo options" 'ailife demo --' '--days --seed --name --help'
expect "a value that looks like an option is skipped" 'ailife meal add Toast --calories 5 --protein ' ''
expect "nothing after --" 'ailife goal add -- ' ''
expect "nothing for --limit" 'ailife meal list --limit ' ''

# Files.
mkdir -p "$T_DIR/data"
: >"$T_DIR/data/one.db"
: >"$T_DIR/data/other.jsonl"
expect "--db completes files" "ailife --db $T_DIR/data/o" "$T_DIR/data/one.db $T_DIR/data/other.jsonl"
expect "--db= completes files" "ailife --db=$T_DIR/data/on" "$T_DIR/data/one.db"
expect "--config completes files" "ailife --config $T_DIR/data/ot" "$T_DIR/data/other.jsonl"
expect "import completes files" "ailife import $T_DIR/data/ot" "$T_DIR/data/other.jsonl"
expect "import takes one file" "ailife import $T_DIR/data/one.db $T_DIR/data/o" ''

# AWS profiles from the shared files, time zones.
printf '[default]\nregion = eu-west-1\n[profile work]\nregion = us-east-1\n' >"$T_DIR/aws-config"
printf '[ci]\naws_access_key_id = x\n' >"$T_DIR/aws-credentials"
export AWS_CONFIG_FILE=$T_DIR/aws-config AWS_SHARED_CREDENTIALS_FILE=$T_DIR/aws-credentials
expect "--profile: profiles of ~/.aws/config and credentials" 'ailife --profile ' 'default work ci'
unset AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
expect_has "--region: region names" 'ailife --region eu-' eu-west-1 eu-central-1
if [[ -r /usr/share/zoneinfo/zone1970.tab || -r /usr/share/zoneinfo/tzdata.zi ]]; then
	expect "--timezone: zone names" 'ailife user edit --timezone Europe/Berl' 'Europe/Berlin'
else
	ok "--timezone: zone names (skipped: no tzdata)"
fi

# Ids, titles and handles from the store, through the binary named by the line's first word.
BIN=${AILIFE_BIN:-$LIB_ROOT/build/ailife}
if [[ -x $BIN ]]; then
	DB=$T_DIR/store.db
	A=(env -u AILIFE_USER TZ=Europe/Berlin AILIFE_NOW=2026-11-26T12:00:00Z "$BIN" --db "$DB")
	"${A[@]}" user create --name Ana --id ana >/dev/null &&
	    "${A[@]}" goal add "Run 100 km" --target 100 --unit km --id 01AAAA1111 >/dev/null &&
	    "${A[@]}" goal add "Read" --target 12 --unit books --id 01BBBB2222 >/dev/null &&
	    "${A[@]}" meal add Toast --calories 300 --id 01MEAL0001 >/dev/null 2>&1 &&
	    "${A[@]}" log 01AAAA1111 5 --at "2026-11-26 08:30" >/dev/null &&
	    "${A[@]}" log 01AAAA1111 1 --at 2026-11-26T07:30:15Z >/dev/null ||
	    not_ok "a store for the completion tests"
	export TZ=Europe/Berlin AILIFE_NOW=2026-11-26T12:00:00Z
	L="$BIN --db $DB"
	expect "goal show: goal ids and titles" "$L goal show " '01AAAA1111 Run\ 100\ km 01BBBB2222 Read'
	expect "goal show R: titles by prefix, quoted for the shell" "$L goal show R" 'Run\ 100\ km Read'
	expect "goal show r: without regard to case" "$L goal show r" 'Run\ 100\ km Read'
	expect "goal show \"Ru: closed with the quote" "$L goal show \"Ru" '"Run 100 km"'
	expect "goal status: the goal, then the status" "$L goal status 01B" '01BBBB2222'
	expect "log: goals" "$L log 01a" '01AAAA1111'
	expect "log: nothing for the amount" "$L log 01AAAA1111 " ''
	expect "--goal: goals" "$L meal add Soup --calories 5 --goal Re" 'Read'
	expect "--goal=: goals" "$L journal add --goal=Re" 'Read'
	expect "meal show: meal ids" "$L meal show " '01MEAL0001'
	expect "journal show: none yet" "$L journal show " ''
	expect "activity delete: handles" "$L activity delete " \
	    '01AAAA@2026-11-26T08:30:15 01AAAA@2026-11-26T08:30:00'
	# The '@' and ':' of a handle are word breaks: the candidates are what follows the last one.
	expect "activity show 01AAAA@2026-11-26T08:30: the rest after ':'" "$L activity show 01AAAA@2026-11-26T08:30:" '15 00'
	expect "activity edit 01AAAA@: the rest after '@'" "$L activity edit 01AAAA@" '2026-11-26T08:30:15 2026-11-26T08:30:00'
	expect "a store with several users and no --user: nothing" "$L --user nobody goal show " ''
	start=$(date +%s)
	expect "a store that does not answer: nothing" \
	    "$BIN --store dynamodb --endpoint http://10.255.255.1:9 --region us-east-1 goal show " ''
	check_true "a store that does not answer: within 4 s" test $(($(date +%s) - start)) -le 4
	unset TZ AILIFE_NOW
else
	ok "completion from the store (skipped: no binary)"
fi

# zsh and fish: their files parse, and fish completes from the store. Both shells are make
# test's tools (scripts/install-deps.sh): a machine without them fails here, naming the package.
. "$LIB_ROOT/tests/need.sh"
if NEED_ROOT=$LIB_ROOT need test_completion zsh; then
	check_true "the zsh completion parses" zsh -n "$LIB_ROOT/scripts/_ailife"
else
	not_ok "the zsh completion parses: zsh is missing"
fi
if NEED_ROOT=$LIB_ROOT need test_completion fish; then
	check_true "the fish completion parses" fish --no-execute "$LIB_ROOT/scripts/ailife.fish"
	if [[ -x $BIN ]]; then
		got=$(TZ=Europe/Berlin AILIFE_NOW=2026-11-26T12:00:00Z fish -c "source '$LIB_ROOT/scripts/ailife.fish'
		    complete -C'$BIN --db $DB goal show R'" 2>&1 | tr '\n' '|')
		check_eq "fish: goal titles from the store" "Read|Run 100 km|" "$got"
	fi
else
	not_ok "the fish completion parses: fish is missing"
fi

# make install puts the three completions where the shells look, under DESTDIR and PREFIX; uninstall removes them.
if [[ -x $BIN ]]; then
	D=$T_DIR/destdir
	if make -s -C "$LIB_ROOT" install DESTDIR="$D" PREFIX=/opt/al >"$T_DIR/install.log" 2>&1; then
		for f in bin/ailife share/man/man1/ailife.1 share/bash-completion/completions/ailife \
		    share/zsh/site-functions/_ailife share/fish/vendor_completions.d/ailife.fish; do
			check_true "make install: $f" test -f "$D/opt/al/$f"
		done
		make -s -C "$LIB_ROOT" uninstall DESTDIR="$D" PREFIX=/opt/al >>"$T_DIR/install.log" 2>&1
		check_eq "make uninstall: no file left" "" "$(find "$D" -type f)"
	else
		not_ok "make install into a DESTDIR" "$(head -c 400 "$T_DIR/install.log")"
	fi
fi

# A Tab reads: a database that is not there is not made by completing.
"$BIN" --db "$T_DIR/no-such.db" __complete goals ru >/dev/null 2>&1
check_true "__complete on a missing database creates none" test ! -e "$T_DIR/no-such.db"
check_eq "... and completes nothing" "" "$("$BIN" --db "$T_DIR/no-such.db" __complete goals ru 2>&1)"

# Under set -u, as some users' shells run.
check_eq "works under set -u" "local dynamodb" "$(set -u; complete_line 'ailife --store ')"

finish
