#!/bin/bash
# Checks tests/ddb/fault_proxy.py against DynamoDB Local: every fault kind is
# forced (--rate 1 --faults KIND) and its observable effect checked with curl,
# plus pass-through, keep-alive, --ops, --seed, --max-consecutive, /__config
# and the stats file.  Prints "ok - ..." lines and "N passed, M failed".
# Usage: bash tests/ddb/test_fault_proxy.sh
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here" || exit 2
work=$(mktemp -d)
. "$here/tests/need.sh"
if ! need test_fault_proxy curl jq python3 java 2>"$work/need.err"; then
	echo "not ok - $(cat "$work/need.err")"
	echo "0 passed, 1 failed"
	rm -rf "$work"
	exit 1
fi
proxy_pid=
pass=0
fail=0
AUTH='Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0'
CT='Content-Type: application/x-amz-json-1.0'
T=fproxy

stop_proxy() {
	# Stops the proxy started last (by its pid); its exit status goes to $work/proxy.rc.
	[ -n "$proxy_pid" ] || return 0
	kill "$proxy_pid" 2>/dev/null
	wait "$proxy_pid" 2>/dev/null
	echo $? >"$work/proxy.rc"
	proxy_pid=
}

cleanup() {
	stop_proxy
	bash tests/ddb/dynamodb-local.sh stop "$work/ddb" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { pass=$((pass + 1)); echo "ok - $1"; }
notok() { fail=$((fail + 1)); echo "not ok - $1"; }
check() {
	# check DESC EXPR: passes when the shell expression EXPR (eval'd here) succeeds.
	if eval "$2"; then ok "$1"; else notok "$1"; fi
}

start_proxy() {
	# start_proxy ARGS...: starts a proxy in front of $UP, sets $P to its URL.
	stop_proxy
	rm -f "$work/stats.json"
	: >"$work/proxy.out"
	python3 tests/ddb/fault_proxy.py --upstream "$UP" --port 0 --stats "$work/stats.json" \
		--log "$work/proxy.log" "$@" >"$work/proxy.out" 2>"$work/proxy.err" &
	proxy_pid=$!
	P=
	for _ in $(seq 1 100); do
		line=$(head -n 1 "$work/proxy.out")
		case $line in "listening on http://127.0.0.1:"*) P=${line#listening on }; return 0 ;; esac
		kill -0 "$proxy_pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "# proxy did not start: $(cat "$work/proxy.err")"
	return 1
}

ddb() {
	# ddb URL OP BODY [CURL ARGS...]: one DynamoDB call; sets $rc (curl exit
	# status), $status (HTTP status) and $secs; headers in $work/h, body in $work/b.
	url=$1 op=$2 body=$3
	shift 3
	rm -f "$work/h" "$work/b"
	out=$(curl -s -o "$work/b" -D "$work/h" -w '%{http_code} %{time_total}' -X POST "$url/" \
		-H "$CT" -H "X-Amz-Target: DynamoDB_20120810.$op" -H "$AUTH" --data-binary "$body" "$@")
	rc=$?
	status=${out%% *}
	secs=${out#* }
	touch "$work/h" "$work/b"
}

put() { ddb "$1" PutItem "{\"TableName\":\"$T\",\"Item\":{\"pk\":{\"S\":\"$2\"},\"v\":{\"N\":\"1\"}}}" "${@:3}"; }
get() { ddb "$1" GetItem "{\"TableName\":\"$T\",\"Key\":{\"pk\":{\"S\":\"$2\"}}}" "${@:3}"; }

present() {
	# present KEY: the item is in DynamoDB Local (read directly, not through the proxy).
	get "$UP" "$1"
	[ "$status" = 200 ] && jq -e '.Item.pk.S' "$work/b" >/dev/null
}
absent() {
	get "$UP" "$1"
	[ "$status" = 200 ] && jq -e 'has("Item") | not' "$work/b" >/dev/null
}
stats() {
	# stats JQ-EXPR: the expression holds on the stats file.
	jq -e "$1" "$work/stats.json" >/dev/null 2>&1
}
header() { grep -i "^$1:" "$work/h" | tail -n 1 | tr -d '\r' | sed 's/^[^:]*: *//'; }
body_crc() { python3 -c 'import sys, zlib; print(zlib.crc32(open(sys.argv[1], "rb").read()))' "$work/b"; }
errtype() { jq -r '.__type // empty' "$work/b" 2>/dev/null; }

UP=$(bash tests/ddb/dynamodb-local.sh start "$work/ddb") || { echo "DynamoDB Local did not start"; echo "0 passed, 1 failed"; exit 1; }
ddb "$UP" CreateTable "{\"TableName\":\"$T\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}"
check "table created directly on DynamoDB Local" '[ "$status" = 200 ]'

# --- pass-through ---------------------------------------------------------
start_proxy --rate 0
check "first stdout line names the listening URL" '[ -n "$P" ]'
put "$P" pass1
check "rate 0: PutItem passes (200)" '[ "$rc" = 0 ] && [ "$status" = 200 ]'
check "rate 0: the item is written upstream" 'present pass1'
get "$P" pass1
check "rate 0: GetItem through the proxy returns the item" 'jq -e ".Item.pk.S == \"pass1\"" "$work/b" >/dev/null'
check "rate 0: x-amz-crc32 is upstream's (matches the body)" '[ "$(header x-amz-crc32)" = "$(body_crc)" ]'
check "rate 0: x-amzn-RequestId copied" '[ -n "$(header x-amzn-RequestId)" ]'
ddb "$P" GetItem '{"TableName":"nosuch","Key":{"pk":{"S":"x"}}}'
check "rate 0: upstream errors pass through (400 ResourceNotFoundException)" '[ "$status" = 400 ] && errtype | grep -q "#ResourceNotFoundException$"'
n=$(curl -s -o /dev/null -w '%{num_connects}\n' -X POST "$P/" -H "$CT" -H 'X-Amz-Target: DynamoDB_20120810.ListTables' -H "$AUTH" -d '{}' \
	--next -s -o /dev/null -w '%{num_connects} %{http_code}\n' -X POST "$P/" -H "$CT" -H 'X-Amz-Target: DynamoDB_20120810.ListTables' -H "$AUTH" -d '{}' | tail -n 1)
check "keep-alive: second request reuses the connection" '[ "$n" = "0 200" ]'
python3 -c 'import json, sys; json.dump({"TableName": sys.argv[1], "Item": {"pk": {"S": "big1"}, "d": {"S": "x" * 300000}}}, sys.stdout)' "$T" >"$work/big.json"
ddb "$P" PutItem "@$work/big.json" -H 'Expect: 100-continue'
check "Expect: 100-continue with a 300 KB body passes" '[ "$status" = 200 ] && present big1'
sleep 1.2
check "stats file rewritten while running" 'stats ".requests == 6 and .forwarded == 6 and .by_op.PutItem.requests == 2"'
stop_proxy
check "SIGTERM: exit status 0" '[ "$(cat "$work/proxy.rc")" = 0 ]'
check "SIGTERM: final stats written" 'stats ".requests == 6 and (.faults | add) == 0"'
check "log has no headers and no bodies" '! grep -q -e AKIDEXAMPLE -e Authorization -e pass1 "$work/proxy.log"'

# --- throttle / 500 / 503: answered without forwarding -------------------
start_proxy --rate 1 --faults throttle --seed 3
types=
: >"$work/throttling.json"
for i in 1 2 3 4 5 6 7 8; do
	put "$P" thr$i
	grep -q ThrottlingException "$work/b" && cp "$work/b" "$work/throttling.json"
	[ "$status" = 400 ] || types="$types bad-status-$status"
	types="$types $(errtype | sed 's/.*#//')"
done
check "throttle: always 400 with ProvisionedThroughputExceededException or ThrottlingException ($types)" '! printf "%s\n" $types | grep -q -v -x -e ProvisionedThroughputExceededException -e ThrottlingException'
check "throttle: both variants occur (seed 3, 8 requests)" 'printf "%s\n" $types | grep -q -x ProvisionedThroughputExceededException && printf "%s\n" $types | grep -q -x ThrottlingException'
check "throttle: ThrottlingException has the coral namespace" 'grep -q "com.amazon.coral.availability#ThrottlingException" "$work/throttling.json"'
check "throttle: nothing written upstream" 'absent thr1'
stop_proxy
check "throttle: stats count 8 faults, 0 forwarded" 'stats ".faults.throttle == 8 and .forwarded == 0 and .by_op.PutItem.faults.throttle == 8"'

start_proxy --rate 1 --faults 500
put "$P" e500
check "500: status 500, InternalServerError" '[ "$status" = 500 ] && [ "$(errtype)" = "com.amazonaws.dynamodb.v20120810#InternalServerError" ]'
check "500: answer carries a valid x-amz-crc32" '[ "$(header x-amz-crc32)" = "$(body_crc)" ]'
check "500: nothing written upstream" 'absent e500'
stop_proxy
check "500: stats" 'stats ".faults[\"500\"] == 1 and .forwarded == 0 and .requests == 1"'

start_proxy --rate 1 --faults 503
put "$P" e503
check "503: status 503, ServiceUnavailable" '[ "$status" = 503 ] && [ "$(errtype)" = "com.amazonaws.dynamodb.v20120810#ServiceUnavailable" ]'
check "503: nothing written upstream" 'absent e503'
stop_proxy
check "503: stats" 'stats ".faults[\"503\"] == 1 and .forwarded == 0"'

# --- dropped connections -------------------------------------------------
start_proxy --rate 1 --faults drop_before
put "$P" db1
check "drop_before: curl 52 (empty reply)" '[ "$rc" = 52 ]'
check "drop_before: nothing written upstream" 'absent db1'
stop_proxy
check "drop_before: stats" 'stats ".faults.drop_before == 1 and .forwarded == 0"'

start_proxy --rate 1 --faults drop_after
put "$P" da1
check "drop_after: curl 52 (empty reply)" '[ "$rc" = 52 ]'
check "drop_after: the write was applied upstream" 'present da1'
stop_proxy
check "drop_after: stats" 'stats ".faults.drop_after == 1 and .forwarded == 1"'

start_proxy --rate 1 --faults reset
put "$P" rs1
check "reset: curl 56 (connection reset)" '[ "$rc" = 56 ]'
check "reset: the write was applied upstream" 'present rs1'
stop_proxy

# --- truncated response --------------------------------------------------
start_proxy --rate 1 --faults truncate
get "$P" pass1
check "truncate: GetItem gives curl 18 (partial file)" '[ "$rc" = 18 ]'
check "truncate: the status line and headers arrived" '[ "$status" = 200 ] && [ -n "$(header Content-Length)" ]'
check "truncate: fewer body bytes than Content-Length" '[ "$(wc -c <"$work/b")" -lt "$(header Content-Length)" ]'
put "$P" tr1
check "truncate: PutItem gives curl 18 and the write was applied" '[ "$rc" = 18 ] && present tr1'
stop_proxy
check "truncate: stats" 'stats ".faults.truncate == 2 and .forwarded == 2"'

# --- partial BatchWriteItem ----------------------------------------------
start_proxy --rate 1 --faults unprocessed --seed 5
reqs=$(for i in 1 2 3 4 5 6; do printf '{"PutRequest":{"Item":{"pk":{"S":"bw%d"}}}},' "$i"; done)
ddb "$P" BatchWriteItem "{\"RequestItems\":{\"$T\":[${reqs%,}]}}"
check "unprocessed: 200" '[ "$status" = 200 ]'
nun=$(jq --arg t "$T" '.UnprocessedItems[$t] | length' "$work/b" 2>/dev/null)
check "unprocessed: 1 to 5 of 6 items in UnprocessedItems" '[ "${nun:-0}" -ge 1 ] && [ "${nun:-0}" -le 5 ]'
check "unprocessed: answer carries a valid x-amz-crc32" '[ "$(header x-amz-crc32)" = "$(body_crc)" ]'
held=$(jq -r --arg t "$T" '.UnprocessedItems[$t][].PutRequest.Item.pk.S' "$work/b" 2>/dev/null)
written=
for i in 1 2 3 4 5 6; do present "bw$i" && written="$written bw$i"; done
expect=
for i in 1 2 3 4 5 6; do echo "$held" | grep -qx "bw$i" || expect="$expect bw$i"; done
check "unprocessed: exactly the forwarded subset is written ($written)" '[ "$written" = "$expect" ]'
ddb "$P" BatchWriteItem "{\"RequestItems\":{\"$T\":[{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"bw7\"}}}}]}}"
check "unprocessed: one-item batch gets 400 ProvisionedThroughputExceededException" '[ "$status" = 400 ] && [ "$(errtype)" = "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException" ]'
check "unprocessed: one-item batch not written" 'absent bw7'
put "$P" bw8
check "unprocessed: never applied to other operations (PutItem passes)" '[ "$status" = 200 ] && present bw8'
stop_proxy
check "unprocessed: stats" 'stats ".faults.unprocessed == 2 and .unprocessed_items == $((nun + 1)) and .forwarded == 2"'

# --- slow ----------------------------------------------------------------
start_proxy --rate 1 --faults slow --slow-ms 800
put "$P" sl1
check "slow: 200 after at least 0.8 s ($secs s)" '[ "$status" = 200 ] && python3 -c "import sys; sys.exit(not $secs >= 0.8)"'
put "$P" sl2 -m 0.3
check "slow: client timeout 0.3 s gives curl 28" '[ "$rc" = 28 ]'
check "slow: the timed-out write was applied upstream" 'present sl2'
stop_proxy
check "slow: stats" 'stats ".faults.slow == 2 and .forwarded == 2"'

# --- crc -----------------------------------------------------------------
start_proxy --rate 1 --faults crc
get "$P" pass1
crc=$(header x-amz-crc32)
check "crc: 200 with the item" '[ "$status" = 200 ] && jq -e ".Item.pk.S == \"pass1\"" "$work/b" >/dev/null'
check "crc: x-amz-crc32 ($crc) does not match the body ($(body_crc))" '[ -n "$crc" ] && [ "$crc" != "$(body_crc)" ]'
stop_proxy
check "crc: stats" 'stats ".faults.crc == 1 and .forwarded == 1"'

# --- --ops, --max-consecutive, --seed, /__config -------------------------
start_proxy --rate 1 --faults 500 --ops PutItem,TransactWriteItems
get "$P" pass1
s1=$status
put "$P" op1
check "--ops: GetItem passes, PutItem faulted" '[ "$s1" = 200 ] && [ "$status" = 500 ]'
stop_proxy
check "--ops: stats by operation" 'stats ".by_op.GetItem.faults == {} and .by_op.GetItem.forwarded == 1 and .by_op.PutItem.faults[\"500\"] == 1"'

start_proxy --rate 1 --faults 503 --max-consecutive 2
seq=
for i in 1 2 3 4 5 6; do ddb "$P" ListTables '{}'; seq="$seq$status "; done
check "--max-consecutive 2: at most 2 faults in a row ($seq)" '[ "$seq" = "503 503 200 503 503 200 " ]'
curl -s -o /dev/null -X POST "$P/__config" -d '{"rate":0}'
ddb "$P" ListTables '{}'
check "/__config: rate 0 takes effect at once" '[ "$status" = 200 ]'
check "/__stats: served while running" 'curl -s "$P/__stats" | jq -e ".requests == 7" >/dev/null'
stop_proxy

runseq() {
	start_proxy --rate 0.5 --faults throttle,500,503 --seed "$1"
	s=
	for i in $(seq 1 16); do ddb "$P" ListTables '{}'; s="$s$status "; done
	stop_proxy
	echo "$s"
}
a=$(runseq 42)
b=$(runseq 42)
c=$(runseq 43)
check "--seed: same seed, same faults ($a)" '[ "$a" = "$b" ]'
check "--seed: another seed, other faults ($c)" '[ "$a" != "$c" ]'
nf=$(echo "$a" | tr ' ' '\n' | grep -c -v -e '^200$' -e '^$')
check "--rate 0.5: some but not all of 16 requests faulted ($nf)" '[ "$nf" -ge 2 ] && [ "$nf" -le 14 ]'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

