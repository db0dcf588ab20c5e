#!/bin/bash
# Interop both ways with an independent client, the AWS SDK for JavaScript v3
# (@aws-sdk/client-dynamodb, driven by tests/ddb/interop.mjs), on DynamoDB Local:
#  1. items ailife writes are read back by that client with GetItem and Query on the
#     exact keys of data-model.md (PK/SK and GSI1-3 byte for byte, S/N/SS types,
#     canonical numbers);
#  2. items that client writes (a goal, its activities, a meal and a journal entry on
#     the GSI2 keys) show up in ailife's lists with the right values, and ailife can
#     update them;
#  3. every line of `ailife export` is accepted as a PutItem Item by that client (the
#     `aws dynamodb put-item --item "$(line)"` contract): a table filled that way
#     exports the same lines.
# Prints "ok - ..." lines and "N passed, M failed"; exit 1 on any failure.
# Environment: AILIFE_BIN, AILIFE_DDB_ENDPOINT (else DynamoDB Local is started here).
set -u
. "$(dirname "$0")/lib.sh"
ddb_setup interop
export AILIFE_NOW=2026-11-26T12:00:00Z
NOWMS=2026-11-26T12:00:00.000Z
T=$AILIFE_TABLE

if ! node_setup; then
	bad "the AWS SDK for JavaScript v3 is installed in $NODE_DIR"
	finish
fi

# norm: an item (or null) in a comparable form: keys sorted, string sets sorted.
norm() { jq -cS 'walk(if type == "object" and has("SS") then .SS |= sort else . end)'; }
# item_is NAME PK SK EXPECTED_JSON: GetItem through the SDK equals EXPECTED exactly.
item_is() {
	local got want
	got=$(njs get "$T" "$2" "$3" 2>&1 | norm 2>&1)
	want=$(printf '%s' "$4" | norm)
	check "$1" "$got" "$want"
}
# q JSON: every page of a Query through the SDK; prints the items, one per line.
q() { njs query "$T" "$1" | jq -c '.Items[]'; }

echo "# ailife $("$A" --version), table $T on $EP"

# ---------------------------------------------------------------- 1. ailife writes
run "$A" user create --name "Zoë Ångström" --email zoe@example.com --timezone Europe/Berlin --id zoe
expect_rc "ailife user create" 0
run "$A" goal add "Lauf 100 km" --target 100.50 --unit km --category fitness --due 2026-12-31 --id run
expect_rc "ailife goal add" 0
# Berlin is UTC+1 in November: 08:00 local is 07:00Z; the second log in the same
# millisecond moves 1 ms on; 0.1 + 0.2 must be stored as 0.3.
run "$A" log run 0.1 --note "erste Runde ☀" --at "2026-11-20 08:00"
expect_rc "ailife log 0.1" 0
run "$A" log run 0.2 --at "2026-11-20 08:00"
expect_rc "ailife log 0.2, same millisecond" 0
run "$A" log run 1.250 --at "2026-11-20 18:00"
expect_rc "ailife log 1.250" 0
BODY=$(printf 'Heute: 5 km 🏃 – "gut"\nZeile 2\tmit Tab; 日本語')
run "$A" journal add --title "Tagebuch #1" --mood 4 --tag laufen --tag früh --goal run --at "2026-11-20 09:30" --body "$BODY"
expect_rc "ailife journal add" 0
J=$out
run "$A" meal add "Müsli" --calories 420 --protein 12.50 --carbs 60 --fat 9.125 --type breakfast --at "2026-11-20 07:15"
expect_rc "ailife meal add" 0
M=$out
run "$A" workout add run --minutes 30 --distance 5.20 --calories 300 --goal run --at "2026-11-20 07:00"
expect_rc "ailife workout add" 0
WO=$out

item_is "user: GetItem PK=USER#zoe SK=PROFILE, every attribute" "USER#zoe" "PROFILE" '{
 "PK":{"S":"USER#zoe"},"SK":{"S":"PROFILE"},"GSI1PK":{"S":"USER"},"GSI1SK":{"S":"USER#zoe"},
 "type":{"S":"USER"},"userId":{"S":"zoe"},"name":{"S":"Zoë Ångström"},"email":{"S":"zoe@example.com"},
 "timezone":{"S":"Europe/Berlin"},"units":{"S":"metric"},
 "createdAt":{"S":"'$NOWMS'"},"updatedAt":{"S":"'$NOWMS'"},"version":{"N":"1"}}'
check "user: Query GSI1 GSI1PK=USER AND GSI1SK=USER#zoe" \
	"$(q '{"IndexName":"GSI1","KeyConditionExpression":"GSI1PK = :p AND GSI1SK = :s","ExpressionAttributeValues":{":p":{"S":"USER"},":s":{"S":"USER#zoe"}}}' | jq -r '.PK.S + "|" + .SK.S')" \
	"USER#zoe|PROFILE"

item_is "goal: GetItem SK=GOAL#run, canonical numbers, progress 0.1+0.2+1.25 + the workout's 5.2 = 6.75" "USER#zoe" "GOAL#run" '{
 "PK":{"S":"USER#zoe"},"SK":{"S":"GOAL#run"},"GSI1PK":{"S":"GOAL#active"},"GSI1SK":{"S":"USER#zoe#GOAL#run"},
 "type":{"S":"GOAL"},"userId":{"S":"zoe"},"goalId":{"S":"run"},"title":{"S":"Lauf 100 km"},"category":{"S":"fitness"},
 "target":{"N":"100.5"},"unit":{"S":"km"},"progress":{"N":"6.75"},"status":{"S":"active"},"dueDate":{"S":"2026-12-31"},
 "createdAt":{"S":"'$NOWMS'"},"updatedAt":{"S":"'$NOWMS'"},"version":{"N":"5"}}'
check "goal: Query GSI1 GSI1PK=GOAL#active AND begins_with(GSI1SK, USER#zoe#)" \
	"$(q '{"IndexName":"GSI1","KeyConditionExpression":"GSI1PK = :p AND begins_with(GSI1SK, :s)","ExpressionAttributeValues":{":p":{"S":"GOAL#active"},":s":{"S":"USER#zoe#"}}}' | jq -r '.goalId.S')" \
	"run"
check "goal: Query PK=USER#zoe AND begins_with(SK, GOAL#)" \
	"$(q '{"KeyConditionExpression":"PK = :p AND begins_with(SK, :s)","ExpressionAttributeValues":{":p":{"S":"USER#zoe"},":s":{"S":"GOAL#"}}}' | jq -r '.title.S')" \
	"Lauf 100 km"

item_is "activity: GetItem SK=ACTIVITY#run#2026-11-20T07:00:00.000Z, every attribute" "USER#zoe" "ACTIVITY#run#2026-11-20T07:00:00.000Z" '{
 "PK":{"S":"USER#zoe"},"SK":{"S":"ACTIVITY#run#2026-11-20T07:00:00.000Z"},
 "GSI2PK":{"S":"USER#zoe#ACTIVITY"},"GSI2SK":{"S":"2026-11-20T07:00:00.000Z#run"},
 "GSI3PK":{"S":"GOAL#run"},"GSI3SK":{"S":"ACTIVITY#2026-11-20T07:00:00.000Z"},
 "type":{"S":"ACTIVITY"},"userId":{"S":"zoe"},"goalId":{"S":"run"},"amount":{"N":"0.1"},"note":{"S":"erste Runde ☀"},
 "occurredAt":{"S":"2026-11-20T07:00:00.000Z"},"createdAt":{"S":"'$NOWMS'"},"updatedAt":{"S":"'$NOWMS'"},"version":{"N":"1"}}'
check "activity: the same-millisecond log is at .001Z with amount N 0.2" \
	"$(njs get "$T" USER#zoe "ACTIVITY#run#2026-11-20T07:00:00.001Z" | jq -c '[.GSI2SK, .GSI3SK, .amount, .note]')" \
	'[{"S":"2026-11-20T07:00:00.001Z#run"},{"S":"ACTIVITY#2026-11-20T07:00:00.001Z"},{"N":"0.2"},null]'
check "activity: 1.250 stored as N 1.25" \
	"$(njs get "$T" USER#zoe "ACTIVITY#run#2026-11-20T17:00:00.000Z" | jq -c '.amount')" '{"N":"1.25"}'
check "workout toward a km goal: its activity, marked workoutId, as the SDK reads it" \
	"$(njs get "$T" USER#zoe "ACTIVITY#run#2026-11-20T06:00:00.000Z" | jq -c '[.amount, .workoutId.S == "'"$WO"'", .GSI2SK, .GSI3SK]')" \
	'[{"N":"5.2"},true,{"S":"2026-11-20T06:00:00.000Z#run"},{"S":"ACTIVITY#2026-11-20T06:00:00.000Z"}]'
check "activity: Query GSI2 GSI2PK=USER#zoe#ACTIVITY, GSI2SK BETWEEN the day's UTC bounds, in order" \
	"$(q '{"IndexName":"GSI2","KeyConditionExpression":"GSI2PK = :p AND GSI2SK BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"USER#zoe#ACTIVITY"},":a":{"S":"2026-11-19T23:00:00.000Z"},":b":{"S":"2026-11-20T23:00:00.000Z"}}}' | jq -r '.GSI2SK.S' | paste -sd,)" \
	"2026-11-20T06:00:00.000Z#run,2026-11-20T07:00:00.000Z#run,2026-11-20T07:00:00.001Z#run,2026-11-20T17:00:00.000Z#run"
check "activity: Query PK AND SK BETWEEN ACTIVITY#run#<from> AND ACTIVITY#run#<to - 1 ms> (AP7)" \
	"$(q '{"KeyConditionExpression":"PK = :p AND SK BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"USER#zoe"},":a":{"S":"ACTIVITY#run#2026-11-20T07:00:00.000Z"},":b":{"S":"ACTIVITY#run#2026-11-20T16:59:59.999Z"}}}' | jq -r '.amount.N' | paste -sd,)" \
	"0.1,0.2"
check "GSI3: Query GSI3PK=GOAL#run finds the activities, the journal entry and the workout" \
	"$(q '{"IndexName":"GSI3","KeyConditionExpression":"GSI3PK = :p","ExpressionAttributeValues":{":p":{"S":"GOAL#run"}}}' | jq -r '.GSI3SK.S' | paste -sd,)" \
	"ACTIVITY#2026-11-20T06:00:00.000Z,ACTIVITY#2026-11-20T07:00:00.000Z,ACTIVITY#2026-11-20T07:00:00.001Z,ACTIVITY#2026-11-20T17:00:00.000Z,JOURNAL#2026-11-20T08:30:00.000Z#$J,WORKOUT#2026-11-20T06:00:00.000Z#$WO"

item_is "journal: GetItem SK=JOURNAL#<id>: UTF-8 body byte for byte, tags SS, mood N, GSI2/GSI3 keys" "USER#zoe" "JOURNAL#$J" '{
 "PK":{"S":"USER#zoe"},"SK":{"S":"JOURNAL#'"$J"'"},
 "GSI2PK":{"S":"USER#zoe#JOURNAL"},"GSI2SK":{"S":"2026-11-20T08:30:00.000Z#'"$J"'"},
 "GSI3PK":{"S":"GOAL#run"},"GSI3SK":{"S":"JOURNAL#2026-11-20T08:30:00.000Z#'"$J"'"},
 "type":{"S":"JOURNAL"},"userId":{"S":"zoe"},"entryId":{"S":"'"$J"'"},"title":{"S":"Tagebuch #1"},
 "body":{"S":'"$(printf '%s' "$BODY" | jq -Rs .)"'},"mood":{"N":"4"},"tags":{"SS":["früh","laufen"]},"goalId":{"S":"run"},
 "occurredAt":{"S":"2026-11-20T08:30:00.000Z"},"createdAt":{"S":"'$NOWMS'"},"updatedAt":{"S":"'$NOWMS'"},"version":{"N":"1"}}'
check "journal: body bytes identical (sha256)" \
	"$(njs get "$T" USER#zoe "JOURNAL#$J" | jq -j '.body.S' | sha256sum)" "$(printf '%s' "$BODY" | sha256sum)"
check "journal: Query GSI2 GSI2PK=USER#zoe#JOURNAL" \
	"$(q '{"IndexName":"GSI2","KeyConditionExpression":"GSI2PK = :p AND GSI2SK BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"USER#zoe#JOURNAL"},":a":{"S":"2026-11-20T00:00:00.000Z"},":b":{"S":"2026-11-21T00:00:00.000Z"}}}' | jq -r '.entryId.S')" \
	"$J"
check "journal: Query GSI3 GSI3PK=GOAL#run AND begins_with(GSI3SK, JOURNAL#) (AP12)" \
	"$(q '{"IndexName":"GSI3","KeyConditionExpression":"GSI3PK = :p AND begins_with(GSI3SK, :s)","ExpressionAttributeValues":{":p":{"S":"GOAL#run"},":s":{"S":"JOURNAL#"}}}' | jq -r '.entryId.S')" \
	"$J"

item_is "meal: GetItem SK=MEAL#<id>: grams as canonical N (12.50 -> 12.5), no GSI3 when unlinked" "USER#zoe" "MEAL#$M" '{
 "PK":{"S":"USER#zoe"},"SK":{"S":"MEAL#'"$M"'"},
 "GSI2PK":{"S":"USER#zoe#MEAL"},"GSI2SK":{"S":"2026-11-20T06:15:00.000Z#'"$M"'"},
 "type":{"S":"MEAL"},"userId":{"S":"zoe"},"mealId":{"S":"'"$M"'"},"name":{"S":"Müsli"},"mealType":{"S":"breakfast"},
 "calories":{"N":"420"},"protein":{"N":"12.5"},"carbs":{"N":"60"},"fat":{"N":"9.125"},
 "occurredAt":{"S":"2026-11-20T06:15:00.000Z"},"createdAt":{"S":"'$NOWMS'"},"updatedAt":{"S":"'$NOWMS'"},"version":{"N":"1"}}'
check "meal: Query GSI2 GSI2PK=USER#zoe#MEAL" \
	"$(q '{"IndexName":"GSI2","KeyConditionExpression":"GSI2PK = :p AND GSI2SK BETWEEN :a AND :b","ExpressionAttributeValues":{":p":{"S":"USER#zoe#MEAL"},":a":{"S":"2026-11-20T00:00:00.000Z"},":b":{"S":"2026-11-21T00:00:00.000Z"}}}' | jq -r '.mealId.S')" \
	"$M"

item_is "workout: GetItem SK=WORKOUT#<id>: linked to the goal (GSI3), distance 5.20 -> N 5.2" "USER#zoe" "WORKOUT#$WO" '{
 "PK":{"S":"USER#zoe"},"SK":{"S":"WORKOUT#'"$WO"'"},
 "GSI2PK":{"S":"USER#zoe#WORKOUT"},"GSI2SK":{"S":"2026-11-20T06:00:00.000Z#'"$WO"'"},
 "GSI3PK":{"S":"GOAL#run"},"GSI3SK":{"S":"WORKOUT#2026-11-20T06:00:00.000Z#'"$WO"'"},
 "type":{"S":"WORKOUT"},"userId":{"S":"zoe"},"workoutId":{"S":"'"$WO"'"},"kind":{"S":"run"},
 "minutes":{"N":"30"},"distanceKm":{"N":"5.2"},"calories":{"N":"300"},"goalId":{"S":"run"},
 "occurredAt":{"S":"2026-11-20T06:00:00.000Z"},"createdAt":{"S":"'$NOWMS'"},"updatedAt":{"S":"'$NOWMS'"},"version":{"N":"1"}}'

# A status change rewrites GSI1PK in the same update (W6).
run "$A" goal status run paused
expect_rc "ailife goal status paused" 0
check "goal status: GSI1PK=GOAL#paused, status paused, version 5" \
	"$(njs get "$T" USER#zoe GOAL#run | jq -c '[.GSI1PK.S, .status.S, .version.N]')" '["GOAL#paused","paused","6"]'
check "goal status: Query GSI1 GSI1PK=GOAL#paused finds it (AP5)" \
	"$(q '{"IndexName":"GSI1","KeyConditionExpression":"GSI1PK = :p","ExpressionAttributeValues":{":p":{"S":"GOAL#paused"}}}' | jq -r '.GSI1SK.S')" \
	"USER#zoe#GOAL#run"
run "$A" goal status run active
expect_rc "ailife goal status active" 0

# ---------------------------------------------------------------- 2. the SDK writes
TS=2026-11-21T10:00:00.000Z
njs put "$T" '{"PK":{"S":"USER#zoe"},"SK":{"S":"GOAL#swim"},"GSI1PK":{"S":"GOAL#active"},"GSI1SK":{"S":"USER#zoe#GOAL#swim"},
 "type":{"S":"GOAL"},"userId":{"S":"zoe"},"goalId":{"S":"swim"},"title":{"S":"Schwimmen ~ 10 km 🏊"},"category":{"S":"wasser"},
 "target":{"N":"10"},"unit":{"S":"km"},"progress":{"N":"2.25"},"status":{"S":"active"},
 "createdAt":{"S":"'$TS'"},"updatedAt":{"S":"'$TS'"},"version":{"N":"3"}}' >/dev/null \
	&& ok "SDK PutItem: a goal" || bad "SDK PutItem: a goal"
for a in "2026-11-21T06:30:00.000Z 1 Bahn-A" "2026-11-21T18:45:00.500Z 1.25 Bahn-B"; do
	set -- $a
	njs put "$T" '{"PK":{"S":"USER#zoe"},"SK":{"S":"ACTIVITY#swim#'$1'"},
	 "GSI2PK":{"S":"USER#zoe#ACTIVITY"},"GSI2SK":{"S":"'$1'#swim"},"GSI3PK":{"S":"GOAL#swim"},"GSI3SK":{"S":"ACTIVITY#'$1'"},
	 "type":{"S":"ACTIVITY"},"userId":{"S":"zoe"},"goalId":{"S":"swim"},"amount":{"N":"'$2'"},"note":{"S":"'$3'"},
	 "occurredAt":{"S":"'$1'"},"createdAt":{"S":"'$TS'"},"updatedAt":{"S":"'$TS'"},"version":{"N":"1"}}' >/dev/null \
		&& ok "SDK PutItem: activity $3" || bad "SDK PutItem: activity $3"
done
njs put "$T" '{"PK":{"S":"USER#zoe"},"SK":{"S":"MEAL#nodemeal1"},"GSI2PK":{"S":"USER#zoe#MEAL"},"GSI2SK":{"S":"2026-11-21T11:30:00.000Z#nodemeal1"},
 "type":{"S":"MEAL"},"userId":{"S":"zoe"},"mealId":{"S":"nodemeal1"},"name":{"S":"Käsespätzle"},"mealType":{"S":"lunch"},
 "calories":{"N":"812.5"},"protein":{"N":"31"},"fat":{"N":"40.125"},
 "occurredAt":{"S":"2026-11-21T11:30:00.000Z"},"createdAt":{"S":"'$TS'"},"updatedAt":{"S":"'$TS'"},"version":{"N":"1"}}' >/dev/null \
	&& ok "SDK PutItem: a meal with GSI2 keys" || bad "SDK PutItem: a meal"
njs put "$T" '{"PK":{"S":"USER#zoe"},"SK":{"S":"JOURNAL#nodejournal1"},"GSI2PK":{"S":"USER#zoe#JOURNAL"},"GSI2SK":{"S":"2026-11-21T20:00:00.000Z#nodejournal1"},
 "GSI3PK":{"S":"GOAL#swim"},"GSI3SK":{"S":"JOURNAL#2026-11-21T20:00:00.000Z#nodejournal1"},
 "type":{"S":"JOURNAL"},"userId":{"S":"zoe"},"entryId":{"S":"nodejournal1"},"title":{"S":"Abend"},"body":{"S":"Wasser war kalt ❄\nmorgen wieder"},
 "mood":{"N":"3"},"tags":{"SS":["schwimmen","kalt"]},"goalId":{"S":"swim"},
 "occurredAt":{"S":"2026-11-21T20:00:00.000Z"},"createdAt":{"S":"'$TS'"},"updatedAt":{"S":"'$TS'"},"version":{"N":"1"}}' >/dev/null \
	&& ok "SDK PutItem: a journal entry with tags" || bad "SDK PutItem: a journal entry"

run "$A" --json goal list
expect_rc "ailife goal list" 0
check "goal list shows the SDK's goal with its values" \
	"$(printf '%s' "$out" | jq -c '.[] | select(.id == "swim") | [.title, .category, .target, .progress, .unit, .status, .version]')" \
	'["Schwimmen ~ 10 km 🏊","wasser",10,2.25,"km","active",3]'
check "goal list shows both goals" "$(printf '%s' "$out" | jq -r '[.[].id] | sort | join(",")')" "run,swim"
run "$A" --json activity list --goal swim
expect_rc "ailife activity list --goal swim" 0
check "activity list --goal: the SDK's activities, oldest first, with amounts and notes" \
	"$(printf '%s' "$out" | jq -c '[.[] | [.id, .amount, .note]]')" \
	'[["swim/2026-11-21T06:30:00.000Z",1,"Bahn-A"],["swim/2026-11-21T18:45:00.500Z",1.25,"Bahn-B"]]'
run "$A" --json meal list --from 2026-11-21 --to 2026-11-21
expect_rc "ailife meal list" 0
check "meal list: the SDK's meal, numbers and UTF-8 intact" \
	"$(printf '%s' "$out" | jq -c '[.[] | [.id, .name, .mealType, .calories, .protein, .fat, .carbs]]')" \
	'[["nodemeal1","Käsespätzle","lunch",812.5,31,40.125,null]]'
run "$A" --json journal show nodejournal1
expect_rc "ailife journal show of the SDK's entry" 0
check "journal show: body, tags, goal" \
	"$(printf '%s' "$out" | jq -c '[.body, (.tags | sort), .goalId, .mood]')" \
	'["Wasser war kalt ❄\nmorgen wieder",["kalt","schwimmen"],"swim",3]'
run "$A" --json timeline --from 2026-11-21 --to 2026-11-21
expect_rc "ailife timeline" 0
# Europe/Berlin's 2026-11-21 is [2026-11-20T23:00Z, 2026-11-21T23:00Z).
check "timeline: the SDK's items merged by time" \
	"$(printf '%s' "$out" | jq -r '[.[] | .type + "@" + .occurredAt] | join(",")')" \
	"ACTIVITY@2026-11-21T06:30:00.000Z,MEAL@2026-11-21T11:30:00.000Z,ACTIVITY@2026-11-21T18:45:00.500Z,JOURNAL@2026-11-21T20:00:00.000Z"
run "$A" --json goal show swim
check "goal show: the SDK's journal entry is linked (GSI3)" \
	"$(printf '%s' "$out" | jq -c '[.. | objects | select(.type? == "JOURNAL") | .id] | unique')" '["nodejournal1"]'

# ailife updates what the SDK wrote: optimistic locking on the SDK's version.
run "$A" log swim 0.75 --note Bahn-C --at "2026-11-21 21:00"
expect_rc "ailife log on the SDK's goal" 0
check "the SDK reads ailife's update: progress 2.25 + 0.75 = N 3, version 4" \
	"$(njs get "$T" USER#zoe GOAL#swim | jq -c '[.progress, .version]')" '[{"N":"3"},{"N":"4"}]'
run "$A" meal edit nodemeal1 --calories 800
expect_rc "ailife meal edit of the SDK's meal" 0
check "the SDK reads the edit: calories N 800, version 2, other attributes kept" \
	"$(njs get "$T" USER#zoe MEAL#nodemeal1 | jq -c '[.calories, .version, .fat, .name]')" \
	'[{"N":"800"},{"N":"2"},{"N":"40.125"},{"S":"Käsespätzle"}]'
run "$A" activity delete swim 2026-11-21T06:30:00.000Z
expect_rc "ailife activity delete of the SDK's activity" 0
check "the SDK sees the delete: the item is gone, progress 3 - 1 = N 2" \
	"$(njs get "$T" USER#zoe "ACTIVITY#swim#2026-11-21T06:30:00.000Z")|$(njs get "$T" USER#zoe GOAL#swim | jq -c '.progress')" \
	'null|{"N":"2"}'

# ---------------------------------------------------------------- 3. export -> PutItem
run "$A" export
expect_rc "ailife export" 0
printf '%s\n' "$out" >"$W/export.jsonl"
lines=$(wc -l <"$W/export.jsonl")
T2="$T-copy"
drop_later "$T2"
run "$A" --table "$T2" table create
expect_rc "a second table" 0
run njs putlines "$T2" "$W/export.jsonl"
expect_rc "the SDK accepts every export line as a PutItem Item" 0
check "the SDK wrote every line" "$out" "$lines"
run "$A" --table "$T2" export
check "the copy exports the same $lines lines" \
	"$(printf '%s\n' "$out" | jq -cS . | sort | sha256sum)" "$(jq -cS . "$W/export.jsonl" | sort | sha256sum)"
run "$A" --table "$T2" --json goal show run
check "ailife reads the SDK's copy: progress of run" "$(printf '%s' "$out" | jq -c '[.progress, .target]')" '[6.75,100.5]'

finish
