# shellcheck shell=bash
# Shared helpers of the DynamoDB end-to-end tests (bash): source it.
#
#	. "$(dirname "$0")/lib.sh"
#	ddb_setup limits            # work dir $W, endpoint $EP, table $AILIFE_TABLE, env for ailife
#	run "$A" goal list; expect_rc "goal list" 0
#	finish
#
# The endpoint is AILIFE_DDB_ENDPOINT when set (make test starts one DynamoDB Local
# and exports it), else a DynamoDB Local started here and stopped on exit, by pid.
# Every process a script starts goes through bg_start, so that the EXIT trap stops
# exactly those, by pid.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NEED_ROOT=$ROOT
. "$ROOT/tests/need.sh"
A=${AILIFE_BIN:-$ROOT/build/ailife}
NODE_DIR=${INTEROP_NODE_DIR:-$ROOT/build/node-interop}
export INTEROP_NODE_DIR=$NODE_DIR
pass=0
fail=0
BG_PIDS=()
DROP=()
W=

ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() {
	fail=$((fail + 1))
	echo "not ok - $1"
	shift
	local l
	for l in "$@"; do printf '#   %s\n' "$(printf '%s' "$l" | head -c 600)"; done
}
# run CMD...: sets $out, $err, $rc (stdout, stderr, exit status).
run() { out=$("$@" 2>"$W/run.err"); rc=$?; err=$(cat "$W/run.err"); }
expect_rc() { [ "$rc" = "$2" ] && ok "$1" || bad "$1" "exit $rc, wanted $2" "out: $out" "err: $err"; }
# check NAME GOT WANTED
check() { [ "$2" = "$3" ] && ok "$1" || bad "$1" "got:    $2" "wanted: $3"; }
contains() { case "$2" in *"$3"*) ok "$1" ;; *) bad "$1" "missing: $3" "in: $2" ;; esac; }
lacks() { case "$2" in *"$3"*) bad "$1" "unexpected: $3" "in: $2" ;; *) ok "$1" ;; esac; }

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

# drop_later TABLE [ACCESS_KEY_ID]: the table is deleted on exit (DynamoDB Local keeps one
# database per access key and region, so the key is part of the name).
drop_later() { DROP+=("$1 ${2:-$AWS_ACCESS_KEY_ID}"); }

ddb_cleanup() {
	local p t
	# The shared DynamoDB Local of make test keeps running: free the memory of our tables.
	for t in "${DROP[@]}"; do
		set -- $t
		curl -s -o /dev/null -m 10 -X POST "$EP/" -H 'Content-Type: application/x-amz-json-1.0' \
			-H 'X-Amz-Target: DynamoDB_20120810.DeleteTable' \
			-H "Authorization: AWS4-HMAC-SHA256 Credential=$2/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0" \
			-d "{\"TableName\":\"$1\"}"
	done
	for p in "${BG_PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	[ -n "$W" ] && bash "$ROOT/tests/ddb/dynamodb-local.sh" stop "$W/ddb" >/dev/null 2>&1
	# AILIFE_TEST_KEEP=1 keeps the work directory (outputs, proxy logs) for a look afterwards.
	if [ -n "$W" ] && [ "${AILIFE_TEST_KEEP:-0}" = 1 ]; then
		echo "# kept $W"
	elif [ -n "$W" ]; then
		rm -rf "$W"
	fi
}

# bg_start OUTFILE CMD...: starts CMD in the background, stdout to OUTFILE; sets $BG_PID.
bg_start() {
	local outf=$1
	shift
	"$@" >"$outf" 2>>"$W/bg.err" &
	BG_PID=$!
	BG_PIDS+=("$BG_PID")
}

# bg_stop PID: stops one process started by bg_start.
bg_stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	local p keep=()
	for p in "${BG_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	BG_PIDS=("${keep[@]}")
}

# ddb_setup NAME: work directory, DynamoDB Local, a table of its own, the environment.
ddb_setup() {
	W=$(mktemp -d "${TMPDIR:-/tmp}/ailife-$1.XXXXXX")
	trap ddb_cleanup EXIT
	trap 'exit 130' INT TERM
	if [ ! -x "$A" ]; then
		echo "not ok - $A is not built"
		echo "0 passed, 1 failed"
		exit 1
	fi
	# What the DynamoDB tests run besides ailife (node only where the AWS SDK is used).
	if ! need "$1" curl jq python3 2>"$W/need.err"; then
		echo "not ok - $(cat "$W/need.err")"
		echo "0 passed, 1 failed"
		exit 1
	fi
	if [ -n "${AILIFE_DDB_ENDPOINT:-}" ]; then
		EP=$AILIFE_DDB_ENDPOINT
	elif ! EP=$(bash "$ROOT/tests/ddb/dynamodb-local.sh" start "$W/ddb"); then
		echo "not ok - DynamoDB Local did not start"
		echo "0 passed, 1 failed"
		exit 1
	fi
	unset AILIFE_DB AILIFE_USER AILIFE_NOW AILIFE_CONFIG AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE \
		AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
	export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL=$EP AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
	export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
	export AILIFE_TABLE="$1-$$-$RANDOM"
	drop_later "$AILIFE_TABLE"
	export XDG_CONFIG_HOME="$W/config" XDG_DATA_HOME="$W/data" HOME="$W/home" TZ=UTC
	mkdir -p "$HOME"
	if ! "$A" table create >/dev/null 2>"$W/run.err"; then
		echo "not ok - table create $AILIFE_TABLE on $EP: $(cat "$W/run.err")"
		echo "0 passed, 1 failed"
		exit 1
	fi
}

# node_setup: the AWS SDK for JavaScript v3 in build/node-interop (installed once, then cached).
node_setup() {
	[ -f "$NODE_DIR/node_modules/@aws-sdk/client-dynamodb/package.json" ] && return 0
	if ! need node_setup npm node 2>"$W/need.err"; then
		sed 's/^/# /' "$W/need.err"
		return 1
	fi
	mkdir -p "$NODE_DIR"
	npm install --loglevel=error --no-audit --no-fund --prefix "$NODE_DIR" "@aws-sdk/client-dynamodb@3" >"$W/npm.log" 2>&1 \
		|| { echo "# npm install @aws-sdk/client-dynamodb failed:"; sed 's/^/#   /' "$W/npm.log" | tail -5; return 1; }
}

# njs ARGS...: the independent client (tests/ddb/interop.mjs), against $AWS_ENDPOINT_URL.
njs() { node --no-warnings "$ROOT/tests/ddb/interop.mjs" "$@"; }

# free_port: a free loopback port.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# proxy_start ARGS...: the fault proxy in front of $EP; sets $PROXY (URL) and $PROXY_PID.
proxy_start() {
	# A fresh file: the line of a proxy stopped before must not be read as this one's.
	rm -f "$W/proxy.out"
	bg_start "$W/proxy.out" python3 "$ROOT/tests/ddb/fault_proxy.py" --upstream "$EP" --port 0 "$@"
	PROXY_PID=$BG_PID
	PROXY=
	local line
	for _ in $(seq 1 100); do
		line=$(head -n 1 "$W/proxy.out" 2>/dev/null)
		case $line in "listening on http://127.0.0.1:"*) PROXY=${line#listening on }; return 0 ;; esac
		kill -0 "$PROXY_PID" 2>/dev/null || break
		sleep 0.05
	done
	return 1
}
