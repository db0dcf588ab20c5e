# shellcheck shell=bash
# Shared helpers of the credential tests (bash): source it.
#
#	. "$(dirname "$0")/lib.sh"
#	creds_setup settings        # work dir $W, HOME=$W/home, no AWS variable of the caller's
#	run "$A" doctor; check_rc "doctor" 0 "$rc"
#	creds_finish                # the secret-grep over every output, then the summary
#
# Every secret a test or a fake hands out carries the marker S3CR3T (secret keys) or T0K3N
# (session tokens, SSO tokens): creds_finish fails when any output of ailife (stdout, stderr)
# or of the fakes holds one.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$ROOT/tests/cli/lib.sh"
NEED_ROOT=$ROOT
. "$ROOT/tests/need.sh"
A=${AILIFE_BIN:-$ROOT/build/ailife}
BG_PIDS=()
W=

creds_cleanup() {
	[ "${AILIFE_TEST_KEEP:-0}" = 1 ] && { echo "# kept $W"; W=; }
	local p
	for p in "${BG_PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	[ -n "$W" ] && rm -rf "$W"
}

creds_setup() {
	W=$(mktemp -d "${TMPDIR:-/tmp}/ailife-creds-$1.XXXXXX")
	trap creds_cleanup EXIT
	trap 'exit 130' INT TERM
	if ! need "$1" python3 curl 2>"$W/need.err"; then
		not_ok "$(cat "$W/need.err")"
		finish
	fi
	local v
	for v in $(env | sed -n 's/^\(AWS_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
	unset AILIFE_STORE AILIFE_TABLE AILIFE_DB AILIFE_USER AILIFE_CONFIG
	export HOME="$W/home" XDG_CONFIG_HOME="$W/config" XDG_DATA_HOME="$W/data" XDG_CACHE_HOME="$W/cache" TZ=UTC
	# Never the link-local metadata address of a real machine, never AWS's STS or SSO: a test
	# names its own fake (a closed loopback port until it does).
	export AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL_STS=http://127.0.0.1:9
	export AWS_ENDPOINT_URL_SSO=http://127.0.0.1:9 AWS_ENDPOINT_URL_SSO_OIDC=http://127.0.0.1:9
	mkdir -p "$HOME/.aws" "$XDG_CONFIG_HOME/ailife"
	: >"$W/all.out"
}

# run CMD...: sets $out, $err, $rc; keeps both outputs for the secret-grep.
run() {
	out=$("$@" 2>"$W/run.err")
	rc=$?
	err=$(cat "$W/run.err")
	printf '%s\n%s\n' "$out" "$err" >>"$W/all.out"
}

# fake_start NAME ARGS...: starts tests/creds/fake_aws.py; sets $FAKE (its URL) and $FAKE_PID.
fake_start() {
	local name=$1 line i
	shift
	python3 "$ROOT/tests/creds/fake_aws.py" --port 0 --log "$W/$name.log" "$@" >"$W/$name.out" 2>"$W/$name.err" &
	FAKE_PID=$!
	BG_PIDS+=("$FAKE_PID")
	FAKE=
	for i in $(seq 1 100); do
		line=$(head -n 1 "$W/$name.out" 2>/dev/null)
		case $line in "listening on http://127.0.0.1:"*) FAKE=${line#listening on }; return 0 ;; esac
		sleep 0.05
	done
	not_ok "fake $name did not start: $(cat "$W/$name.err")"
	return 1
}

# fake_get PATH: a control endpoint of the fake (its counters), as JSON.
fake_get() { curl -s -m 5 "$FAKE$1"; }

creds_finish() {
	local f leaks
	leaks=$(cat "$W/all.out" "$W"/*.log "$W"/*.err 2>/dev/null | grep -c 'S3CR3T\|T0K3N')
	check_eq "secret-grep: no secret in any output of ailife or of the fakes" 0 "$leaks"
	finish
}
