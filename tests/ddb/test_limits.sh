#!/bin/bash
# Limits on DynamoDB Local:
#  1. Paging past the 1 MB page limit: 300 journal entries of 10 KB (3 MB) and 2500
#     activities in one day come back complete and in order across several Query pages
#     (counted by a pass-through tests/ddb/fault_proxy.py at rate 0); export pages too.
#  2. Sizes: a journal body over the model's 100 KiB is refused with a clear message and
#     nothing is sent; an import with such a line imports nothing; the largest item the
#     model allows (~115 KB) is stored and read back byte for byte by the AWS SDK; and
#     DynamoDB Local's own 400 KB limit, probed with the SDK, sits where ailife's pre-send
#     check puts it (409,600 bytes of names and values accepted, one more refused). The
#     model's limits keep every ailife item far below 400 KB, so the backend's pre-send
#     check cannot be reached from the command line (it belongs in tests/unit/test_ddb.c).
#  3. Secrets never printed: every command, --explain, doctor, and failing ones (refused
#     connection, unresolvable host, TLS to a plain port, missing table, refused access
#     key, faults) run with known credentials; no output holds the secret, the session
#     token, or an Authorization/Signature/Credential string.
# Prints "ok - ..." lines and "N passed, M failed". Environment: AILIFE_BIN,
# AILIFE_DDB_ENDPOINT (else DynamoDB Local is started here).
set -u
. "$(dirname "$0")/lib.sh"
ddb_setup limits
export AILIFE_NOW=2026-11-26T12:00:00Z
T=$AILIFE_TABLE
GEN="python3 $ROOT/tests/ddb/gen_items.py"
node_ok=1
node_setup || node_ok=0

# A pass-through proxy (no faults) that logs one line per request: pages are counted there.
if ! proxy_start --rate 0 --log "$W/pages.log"; then
	bad "the counting proxy starts" "$(cat "$W/bg.err")"
	finish
fi
echo "# ailife $("$A" --version), table $T on $EP, counting proxy $PROXY"
# queries_during CMD...: runs ailife through the proxy; $out, $err, $rc, and $queries (Query calls).
queries_during() {
	local before
	before=$(grep -c 'op=Query ' "$W/pages.log")
	run "$A" --endpoint "$PROXY" "$@"
	queries=$(($(grep -c 'op=Query ' "$W/pages.log") - before))
}
writes_logged() { grep -cE 'op=(PutItem|BatchWriteItem|UpdateItem|TransactWriteItems) ' "$W/pages.log"; }

# ---------------------------------------------------------------- 1. paging
{
	$GEN user pager
	$GEN journals pager 300 10240 2026-05-01T00:00:00.000Z 60000
	$GEN goal pager run 2500 2026-06-01T00:00:00.000Z 30000
} >"$W/pager.jsonl"
run "$A" import "$W/pager.jsonl"
expect_rc "import 300 journal entries of 10 KB and 2500 activities" 0

queries_during --user pager --json journal list --from 2026-05-01 --to 2026-05-01 --limit 300
expect_rc "journal list --limit 300 over 3 MB of entries" 0
check "  all 300 entries" "$(printf '%s' "$out" | jq length)" 300
check "  oldest first (the one sort rule), no gap, no repeat" \
	"$(printf '%s' "$out" | jq -r '.[].title' | sha256sum)" \
	"$(for i in $(seq 0 299); do echo "entry-$i"; done | sha256sum)"
check "  bodies intact (10240 bytes each)" \
	"$(printf '%s' "$out" | jq '[.[].body | utf8bytelength] | unique')" "$(printf '[\n  10240\n]')"
[ "$queries" -ge 3 ] && ok "  read across $queries DynamoDB Query pages (1 MB each)" \
	|| bad "  read across several DynamoDB pages" "$queries Query calls"
# The list holds exactly --limit entries: nothing was cut, so nothing may say so.
check "  no note on stderr" "$err" ""
queries_during --user pager --json journal list --from 2026-05-01 --to 2026-05-01 --limit 1000
check "journal list --limit 1000: the same 300, no warning" "$(printf '%s' "$out" | jq length)|$err" "300|"
queries_during --user pager --json journal list --from 2026-05-01 --to 2026-05-01 --limit 120
check "journal list --limit 120: the first 120 of the range, as asked, without a note" \
	"$(printf '%s' "$out" | jq -r 'length, .[0].title, .[119].title' | paste -sd,)|$err" \
	"120,entry-0,entry-119|"
run "$A" --user pager --json journal list --from 2026-05-01 --to 2026-05-01 --limit 120 --reverse
check "journal list --limit 120 --reverse: the newest 120" \
	"$(printf '%s' "$out" | jq -r 'length, .[0].title, .[119].title' | paste -sd,)" "120,entry-299,entry-180"

queries_during --user pager --json activity list --from 2026-06-01 --to 2026-06-01 --limit 2500
expect_rc "activity list of 2500 activities in a day (GSI2 date range)" 0
check "  all 2500, oldest first, no repeat" \
	"$(printf '%s' "$out" | jq -r '.[].occurredAt' | sha256sum)" \
	"$(jq -r 'select(.type.S == "ACTIVITY") | .occurredAt.S' "$W/pager.jsonl" | sort | sha256sum)"
[ "$queries" -ge 3 ] && ok "  read across $queries Query pages (Limit 1000 + LastEvaluatedKey)" \
	|| bad "  read across several pages" "$queries Query calls"
check "  no note on stderr" "$err" ""
run "$A" --user pager --json activity list --from 2026-06-01 --to 2026-06-01
check "activity list without --limit: every one of the 2500, no silent cut" \
	"$(printf '%s' "$out" | jq length)|$err" "2500|"
run "$A" --user pager --json activity list --goal run --limit 2500
check "activity list --goal --limit 2500: the latest 2500 (all), oldest first" \
	"$(printf '%s' "$out" | jq -r '.[].occurredAt' | sha256sum)" \
	"$(jq -r 'select(.type.S == "ACTIVITY") | .occurredAt.S' "$W/pager.jsonl" | sort | sha256sum)"
run "$A" --user pager --json goal show run
check "goal show: progress equals the imported sum" "$(printf '%s' "$out" | jq -r .progress)" \
	"$(jq -r 'select(.SK.S == "GOAL#run") | .progress.N' "$W/pager.jsonl")"
queries_during --user pager export
check "export pages through all 2801 items (over 3 MB)" \
	"$(printf '%s\n' "$out" | jq -cS . | sort | sha256sum)" "$(jq -cS . "$W/pager.jsonl" | sort | sha256sum)"
[ "$queries" -ge 4 ] && ok "  in $queries Query pages" || bad "  in several pages" "$queries Query calls"

# ---------------------------------------------------------------- 2. sizes
w0=$(writes_logged)
big=$(head -c 102401 /dev/zero | tr '\0' a)
run "$A" --endpoint "$PROXY" --user pager journal add --title too-big --body "$big"
expect_rc "journal body of 102401 bytes: exit 2" 2
check "  message names the field, the limit and the size" "$err" \
	"ailife: journal add: --body: longer than 102400 bytes (102401)"
printf '%s' "$big" >"$W/big.txt"
run "$A" --endpoint "$PROXY" --user pager journal add --title too-big <"$W/big.txt"
expect_rc "the same body on stdin: exit 2" 2
contains "  message names the limit" "$err" "longer than 102400 bytes"
{
	$GEN journals pager 2 100 2026-07-01T00:00:00.000Z
	$GEN journals pager 1 102401 2026-07-02T00:00:00.000Z
	$GEN journals pager 2 100 2026-07-03T00:00:00.000Z
} >"$W/bad.jsonl"
run "$A" --endpoint "$PROXY" import "$W/bad.jsonl"
expect_rc "import with one oversized body: exit 2" 2
contains "  names the line and the limit" "$err" "line 3: body: longer than 102400 bytes (102401)"
contains "  says nothing was imported" "$err" "nothing imported"
check "  no write request was sent" "$(writes_logged)" "$w0"
run "$A" --user pager --json journal list --from 2026-07-01 --to 2026-07-03
check "  the valid lines of that file were not imported either" "$(printf '%s' "$out" | jq length)" 0

# The largest item the model allows: body of 102400 bytes (3-byte characters), a title of
# 200 four-byte characters, 50 tags of 50 two-byte characters.
body=$(python3 -c 'import sys; sys.stdout.write("€" * 34133 + "a")')
title=$(python3 -c 'import sys; sys.stdout.write("😀" * 200)')
tags=()
for i in $(seq 10 59); do tags+=(--tag "$(python3 -c "import sys; sys.stdout.write('$i' + 'ü' * 48)")"); done
run "$A" --user pager journal add --title "$title" "${tags[@]}" --at 2026-08-01T00:00:00.000Z --body "$body"
expect_rc "the largest journal entry the model allows is stored" 0
bigid=$out
if [ "$node_ok" = 1 ] && [ -n "$bigid" ]; then
	njs get "$T" USER#pager "JOURNAL#$bigid" >"$W/bigitem.json"
	check "  the SDK reads the body byte for byte" "$(jq -j .body.S "$W/bigitem.json" | sha256sum)" \
		"$(printf '%s' "$body" | sha256sum)"
	check "  and the 50 tags" "$(jq '.tags.SS | length' "$W/bigitem.json")" 50
	size=$(jq -j '[to_entries[] | (.key | utf8bytelength) + ([.value[]] | flatten | map(tostring | utf8bytelength) | add)] | add' "$W/bigitem.json")
	[ "$size" -lt 204800 ] && ok "  its size, $size bytes, is far below DynamoDB's 400 KB" \
		|| bad "  its size is far below 400 KB" "$size bytes"
fi

# DynamoDB Local's own limit, through the SDK: names + values, 409600 bytes.
if [ "$node_ok" = 1 ]; then
	for n in 409600 409601; do
		python3 -c "import json,sys; fixed = 2+8 + 2+4 + 4+4 + 4; sys.stdout.write(json.dumps({'PK':{'S':'USER#big'},'SK':{'S':'BIG1'},'type':{'S':'BLOB'},'blob':{'S':'a' * ($n - fixed)}}))" >"$W/item$n.json"
	done
	run njs put "$T" "@$W/item409600.json"
	expect_rc "DynamoDB Local accepts an item of 409600 bytes (names + values)" 0
	run njs put "$T" "@$W/item409601.json"
	expect_rc "DynamoDB Local refuses 409601 bytes" 1
	contains "  with 'Item size has exceeded the maximum allowed size' (TABLE_ITEM_MAX = 409600 agrees)" \
		"$err" "Item size has exceeded the maximum allowed size"
	njs get "$T" USER#big BIG1 >/dev/null 2>&1
else
	bad "the AWS SDK for JavaScript is installed (for the 400 KB probe)"
fi

# ---------------------------------------------------------------- 3. secrets
SECRET='sEcReT-42-abcdefghijklmnopqrstuvwxyz0123456789'
TOKEN='tOkEn-77-ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210-session'
AKID=AKIDSECRETTEST42
S="$W/secrets"
mkdir -p "$S"
export AWS_ACCESS_KEY_ID=$AKID AWS_SECRET_ACCESS_KEY=$SECRET AWS_SESSION_TOKEN=$TOKEN
drop_later "$T" "$AKID"
mkdir -p "$HOME/.aws"
printf '[prof]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n' \
	"$AKID" "$SECRET" "$TOKEN" >"$HOME/.aws/credentials"
printf '[profile prof]\nregion = us-east-1\nendpoint_url = %s\n' "$EP" >"$HOME/.aws/config"
chmod 600 "$HOME/.aws/credentials" "$HOME/.aws/config"
n=0
# s CMD...: runs ailife with the known credentials, all output kept.
s() {
	n=$((n + 1))
	printf '$ ailife %s\n' "$*" >"$S/$n.out"
	"$A" "$@" >>"$S/$n.out" 2>&1 </dev/null
	echo "exit $?" >>"$S/$n.out"
}
# DynamoDB Local (without -sharedDb) keeps one database per access key and region: the
# new key needs its own table.
s table create
s user create --name "Secret Tester" --id sec
# The slow failures (every attempt refused or unresolved, retried with backoff) run in the
# background, numbered apart.
port=$(free_port)
(
	n=1000
	s --endpoint "http://127.0.0.1:$port" --user sec goal list
) &
p1=$!
(
	n=2000
	s --endpoint "http://nosuchhost.invalid:8000" doctor
) &
p2=$!
s table check
s doctor
s --profile prof doctor
s --profile prof --user sec goal list
s --user sec user show
s user list
s --user sec user edit --name "Secret Tester 2"
s --user sec goal add "Sekret" --target 10 --unit km --id sg
s --user sec goal list --status all
s --user sec goal show sg
s --user sec goal edit sg --title "Sekret 2"
s --user sec goal status sg paused
s --user sec log sg 1.5 --note "n" --at 2026-11-20T08:00:00.000Z
s --user sec activity list --goal sg
s --user sec activity list --from 2026-11-20 --to 2026-11-20
s --user sec activity delete sg 2026-11-20T08:00:00.000Z
s --user sec journal add --title j --tag t --body "b"
jid=$(tail -n 2 "$S/$n.out" | head -n 1)
s --user sec journal list
s --user sec journal show "$jid"
s --user sec journal edit "$jid" --title j2
s --user sec journal delete "$jid"
s --user sec meal add m --calories 100
mid=$(tail -n 2 "$S/$n.out" | head -n 1)
s --user sec meal list
s --user sec meal edit "$mid" --calories 200
s --user sec meal delete "$mid"
s --user sec workout add run --minutes 10
s --user sec workout list
s --user sec timeline --from -7d
s --user sec --json timeline
s --user sec export
"$A" --user sec export >"$W/sec.jsonl" 2>/dev/null
s import "$W/sec.jsonl"
s demo --days 2
s --user sec goal delete sg
s --user sec --explain log sg 1
s --user sec --explain goal list
s --user sec --explain journal add --body x
s --user sec --explain timeline
s --explain table create
s --explain import "$W/sec.jsonl"
s --user sec goal show nosuch
s --user sec log sg abc
s --table "no-such-table-$$" --user sec goal list
s --table "no-such-table-$$" doctor
s --endpoint "https://${EP#http://}" --user sec goal list
AWS_ACCESS_KEY_ID=AKID-with-dash s --user sec goal list
AWS_ACCESS_KEY_ID=AKID-with-dash s doctor
s --endpoint "$PROXY" --user sec goal list
curl -s -X POST "$PROXY/__config" -d '{"rate":0.5,"faults":["crc","truncate","500","throttle","drop_after"]}' >/dev/null
s --endpoint "$PROXY" --user sec goal add "Faulty" --target 5 --unit u
s --endpoint "$PROXY" --user sec --json goal list --status all
s --endpoint "$PROXY" --user sec timeline --from -30d
curl -s -X POST "$PROXY/__config" -d '{"rate":1,"faults":["throttle"],"ops":["GetItem"]}' >/dev/null
s --endpoint "$PROXY" --user sec goal show sg
wait "$p1" "$p2"
all=$(cat "$S"/*.out)
cmds=$(ls "$S"/*.out | wc -l)
contains "the failing commands ran (refused connection)" "$all" "127.0.0.1:$port"
contains "the failing commands ran (unresolvable host)" "$all" "nosuchhost.invalid"
contains "the failing commands ran (missing table)" "$all" "ailife table create"
contains "the failing commands ran (refused access key)" "$all" "check the access key"
contains "the failing commands ran (TLS to a plain port)" "$all" "TLS"
contains "doctor says where the credentials came from, not what they are" "$all" "values not shown"
for needle in "$SECRET" "${SECRET:0:16}" "${SECRET: -16}" "$TOKEN" "${TOKEN:0:16}" "${TOKEN: -16}" \
	Authorization Signature= Credential= SignedHeaders X-Amz-Security-Token AWS4-HMAC-SHA256; do
	hits=$(grep -lF -- "$needle" "$S"/*.out | head -3 | xargs -r -n1 head -n 1 | paste -sd';')
	[ -z "$hits" ] && ok "no output of $cmds commands holds '${needle:0:24}'" \
		|| bad "no output of $cmds commands holds '${needle:0:24}'" "found in: $hits"
done
hits=$(grep -lF -- "$AKID" "$S"/*.out | head -3 | xargs -r -n1 head -n 1 | paste -sd';')
[ -z "$hits" ] && ok "nor the access key id" || bad "nor the access key id" "found in: $hits"

finish
