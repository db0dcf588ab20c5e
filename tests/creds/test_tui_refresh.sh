#!/bin/bash
# Short-lived credentials in a long session: the fake STS hands out role credentials that live
# 8 seconds; the terminal interface runs for about 30 seconds against DynamoDB Local behind the
# fake (which checks every signature and answers ExpiredTokenException to an expired key), the
# screens loading again and again. The keys are refreshed before they expire: no request is
# refused, nothing fails on screen, several keys sign the requests in turn. (The issue's
# 60-second credentials in 3 minutes, scaled down tenfold-ish to keep make test short.)
# Usage: bash tests/creds/test_tui_refresh.sh
. "$(dirname "$0")/lib.sh"
creds_setup tui_refresh
need test_tui_refresh jq tmux java || finish
SOCK=ailife-creds-$$
TM="tmux -u -L $SOCK -f /dev/null"
tui_cleanup() {
	$TM kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	[ -n "${OWN_DDB:-}" ] && bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$W/ddb" >/dev/null 2>&1
	creds_cleanup
}
trap tui_cleanup EXIT
if [ -n "${AILIFE_DDB_ENDPOINT:-}" ]; then
	EP=$AILIFE_DDB_ENDPOINT
elif EP=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$W/ddb"); then
	OWN_DDB=1
else
	not_ok "DynamoDB Local did not start"
	finish
fi

BASE_KEY=AKIDTUIBASE0000001
BASE_SECRET=tui-S3CR3T-abcdefghijklmnopqrstuvwxyz01
fake_start fake --key "$BASE_KEY:$BASE_SECRET" --lifetime 8 --upstream "$EP" || finish
cat >"$HOME/.aws/credentials" <<INI
[base]
aws_access_key_id = $BASE_KEY
aws_secret_access_key = $BASE_SECRET
INI
cat >"$HOME/.aws/config" <<'INI'
[profile admin]
role_arn = arn:aws:iam::111111111111:role/Admin
source_profile = base
region = us-east-1
INI
chmod 600 "$HOME/.aws/config" "$HOME/.aws/credentials"
export AWS_ENDPOINT_URL_DYNAMODB=$FAKE AWS_ENDPOINT_URL_STS=$FAKE AWS_PROFILE=admin AILIFE_STORE=dynamodb \
	AILIFE_TABLE="creds-tui-$$-$RANDOM" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
NOW=2026-11-26T12:00:00Z
cli() { "$A" --now "$NOW" "$@"; }
stats() { fake_get /__stats; }

run cli table create
check_rc "table create through the fake, as the role" 0 "$rc"
run cli --json user create --name Ana --timezone UTC
U=$(printf '%s' "$out" | jq -r '.id // empty')
check_true "a user" test -n "$U"
run cli --user "$U" goal add "Run 100 km" --target 100 --unit km --id run
run cli --user "$U" log run 5 --note "Morning run"
before=$(stats | jq -r '.sts.AssumeRole // 0')

STORE_ENV="AWS_ENDPOINT_URL_DYNAMODB=$FAKE AWS_ENDPOINT_URL_STS=$FAKE AWS_ENDPOINT_URL_SSO=$FAKE"
STORE_ENV="$STORE_ENV AWS_ENDPOINT_URL_SSO_OIDC=$FAKE AWS_PROFILE=admin AILIFE_STORE=dynamodb"
STORE_ENV="$STORE_ENV AILIFE_TABLE=$AILIFE_TABLE AILIFE_USER=$U HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME"
STORE_ENV="$STORE_ENV XDG_DATA_HOME=$XDG_DATA_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME AWS_EC2_METADATA_DISABLED=true TZ=UTC"
$TM new-session -d -s main -x 100 -y 30 "env $STORE_ENV $A --now $NOW 2>$W/tui.err; echo \$? > $W/tui.status; sleep 60"
screen() { $TM capture-pane -p -t main; }
wait_for() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		case "$(screen)" in *"$1"*) return 0 ;; esac
		sleep 0.05
	done
	return 1
}
# wait_flat TEXT [TRIES]: as wait_for, the screen's lines joined (a message may wrap anywhere).
wait_flat() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		case "$(screen | tr -s ' \n' '  ')" in *"$1"*) return 0 ;; esac
		sleep 0.05
	done
	return 1
}
check_true "the interface starts, signed by a role key" wait_for "Morning run" 200
failures=0
start=$(date +%s)
loads=0
while [ $(($(date +%s) - start)) -lt 30 ]; do
	for k in 2 3 '[' ']' 1; do
		$TM send-keys -t main "$k"
		sleep 0.4
		loads=$((loads + 1))
		case "$(screen)" in *"could not"* | *"xpired"* | *"refused"* | *"rror"*) failures=$((failures + 1)) ;; esac
	done
done
screen >>"$W/all.out"
check_eq "no screen failed to load in $loads loads over 30 s" 0 "$failures"
after=$(stats | jq -r '.sts.AssumeRole // 0')
check_true "the role's keys were refreshed while it ran ($((after - before)) AssumeRole calls)" test $((after - before)) -ge 3
check_eq "no request was refused as expired" 0 "$(stats | jq -r .ddb_expired)"
check_eq "no bad signature" 0 "$(stats | jq -r '.ddb_bad_signature + .sts_bad_signature')"
keys_used=$(stats | jq -r '[.ddb | keys[] | select(startswith("ASIAFAKE"))] | length')
check_true "several handed-out keys signed DynamoDB requests in turn ($keys_used)" test "$keys_used" -ge 3
$TM send-keys -t main q
for _ in $(seq 1 100); do [ -s "$W/tui.status" ] && break; sleep 0.05; done
check_eq "q quits with status 0" 0 "$(cat "$W/tui.status" 2>/dev/null)"
cat "$W/tui.err" >>"$W/all.out"

# --- An SSO session that ends while the interface runs: it says how to sign in again, keeps
# running, and r loads again once the user has signed in (from another terminal).
cat >>"$HOME/.aws/config" <<'INI'
[profile sso]
sso_start_url = https://corp.example/start
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = Reader
region = us-east-1
INI
mkdir -p "$HOME/.aws/sso/cache"
tokfile="$HOME/.aws/sso/cache/$(printf 'https://corp.example/start' | sha1sum | cut -c1-40).json"
sso_login() {
	# What aws sso login leaves: a new token, good for an hour (the fake takes it from now on).
	fake_get "/__sso?token=$1" >/dev/null
	printf '{"startUrl": "https://corp.example/start", "region": "us-east-1", "accessToken": "%s", "expiresAt": "%s"}' \
		"$1" "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)" >"$tokfile"
}
sso_login sso-T0K3N-first
$TM respawn-pane -k -t main "env $STORE_ENV AWS_PROFILE=sso $A --now $NOW 2>$W/tui2.err; echo \$? > $W/tui2.status; sleep 60"
check_true "SSO: the interface starts" wait_for "Morning run" 200
# The session ends: the token is refused and the cache says it expired.
fake_get "/__sso?token=none" >/dev/null
printf '{"startUrl": "https://corp.example/start", "region": "us-east-1", "accessToken": "sso-T0K3N-first", "expiresAt": "2020-01-01T00:00:00Z"}' >"$tokfile"
said=no
for _ in $(seq 1 20); do
	$TM send-keys -t main 2
	sleep 0.5
	$TM send-keys -t main r
	if wait_flat 'run `aws sso login --profile sso`' 20; then said=yes; break; fi
done
screen >>"$W/all.out"
check_eq "the session over: the screen says to run aws sso login --profile sso" yes "$said"
check_true "... and the interface keeps running" test ! -s "$W/tui2.status"
sso_login sso-T0K3N-second
$TM send-keys -t main r
sleep 1
$TM send-keys -t main 1
check_true "signed in again: r loads again" wait_for "Morning run" 100
$TM send-keys -t main q
for _ in $(seq 1 100); do [ -s "$W/tui2.status" ] && break; sleep 0.05; done
check_eq "q quits with status 0" 0 "$(cat "$W/tui2.status" 2>/dev/null)"
cat "$W/tui2.err" >>"$W/all.out"

# --- Started with the SSO session already over: the interface starts all the same, says how to
# sign in, and r loads once signed in (the keys come with the first request, not at start).
rm -f "$HOME/.aws/cli/cache/"*.json
fake_get "/__sso?token=none" >/dev/null
printf '{"startUrl": "https://corp.example/start", "region": "us-east-1", "accessToken": "sso-T0K3N-gone", "expiresAt": "2020-01-01T00:00:00Z"}' >"$tokfile"
$TM respawn-pane -k -t main "env $STORE_ENV AWS_PROFILE=sso $A --now $NOW 2>$W/tui3.err; echo \$? > $W/tui3.status; sleep 60"
check_true "SSO over at start: the interface starts and says to run aws sso login" wait_flat 'run `aws sso login --profile sso`' 200
check_true "... and keeps running" test ! -s "$W/tui3.status"
sso_login sso-T0K3N-third
$TM send-keys -t main r
check_true "... signed in: r loads" wait_for "Morning run" 200
$TM send-keys -t main q
for _ in $(seq 1 100); do [ -s "$W/tui3.status" ] && break; sleep 0.05; done
check_eq "q quits with status 0" 0 "$(cat "$W/tui3.status" 2>/dev/null)"
screen >>"$W/all.out"
cat "$W/tui3.err" >>"$W/all.out"
creds_finish
