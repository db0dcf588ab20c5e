#!/bin/bash
# The embedded store killed with SIGKILL in the middle of writes: it opens
# cleanly afterwards, and each write is either complete or absent.
#  - an import killed part-way: every item that is there is exactly as imported;
#    a second import completes it;
#  - `log` killed at random moments: every goal's progress still equals the sum
#    of its activities (the activity and the goal change in one transaction).
. "$(dirname "$0")/lib.sh"
set -u
A=$AILIFE_BIN
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export TZ=Europe/Berlin HOME="$T"
NOW=2026-11-26T12:00:00Z

# A source file of ~26,000 items with its profile first, so a partial import is readable.
"$A" --db "$T/src.db" --now $NOW demo --days 1000 --seed 3 >/dev/null 2>&1
"$A" --db "$T/src.db" export --all-users >"$T/all.jsonl"
{ grep '"SK":{"S":"PROFILE"}' "$T/all.jsonl"; grep -v '"SK":{"S":"PROFILE"}' "$T/all.jsonl"; } >"$T/src.jsonl"
total=$(wc -l <"$T/src.jsonl")
check_true "source file made ($total items)" test "$total" -gt 20000
sort "$T/src.jsonl" >"$T/src.sorted"
user=$(head -1 "$T/src.jsonl" | jq -r '.userId.S')

# How long a whole import takes here: the kills land at fractions of it, in the writing phase.
start=$(date +%s%N)
"$A" --db "$T/time.db" import "$T/src.jsonl" >/dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# a whole import of $total items: $full_ms ms"
partial_seen=0
for pct in 10 55 70 85 95; do
	delay=$(printf '%d.%03d' $((full_ms * pct / 100000)) $((full_ms * pct / 100 % 1000)))
	rm -f "$T"/dst.db*
	"$A" --db "$T/dst.db" import "$T/src.jsonl" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	out=$("$A" --db "$T/dst.db" --user "$user" export 2>"$T/err")
	rc=$?
	if [ "$rc" -ne 0 ] && ! grep -q "no user '$user'" "$T/err"; then
		not_ok "killed after ${delay}s: the store opens and reads" "rc $rc: $(cat "$T/err")"
		continue
	fi
	ok "killed after ${delay}s: the store opens and reads"
	printf '%s\n' "$out" | sed '/^$/d' | sort >"$T/dst.sorted"
	n=$(wc -l <"$T/dst.sorted")
	extra=$(comm -13 "$T/src.sorted" "$T/dst.sorted" | wc -l)
	check_eq "killed after ${delay}s: all $n items stored are complete and as imported" 0 "$extra"
	[ "$n" -gt 0 ] && [ "$n" -lt "$total" ] && partial_seen=$((partial_seen + 1))
	"$A" --db "$T/dst.db" import "$T/src.jsonl" >/dev/null 2>&1
	check_rc "killed after ${delay}s: a second import completes" 0 $?
	"$A" --db "$T/dst.db" --user "$user" export | sort >"$T/dst.sorted"
	check_eq "killed after ${delay}s: then the store equals the file" "" "$(diff "$T/src.sorted" "$T/dst.sorted" | head -3)"
done
echo "# imports cut part-way: $partial_seen of 5"
check_true "at least one kill landed in the middle of the writes" test "$partial_seen" -ge 1

# Writes killed at random moments.
"$A" --db "$T/w.db" --now $NOW user create --name W --id w >/dev/null
"$A" --db "$T/w.db" --now $NOW goal add Run --target 100000 --unit km --id run >/dev/null
ok_runs=0
for i in $(seq 1 40); do
	"$A" --db "$T/w.db" log run 1.5 --note "n$i" >/dev/null 2>&1 &
	pid=$!
	sleep "0.00$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null && ok_runs=$((ok_runs + 1))
done
progress=$("$A" --db "$T/w.db" --json goal show run | jq -r '.progress')
sum=$("$A" --db "$T/w.db" --json activity list --goal run --limit 100000 | jq '[.[].amount] | add // 0')
count=$("$A" --db "$T/w.db" --json activity list --goal run --limit 100000 | jq 'length')
echo "# log killed 40 times: $count activities stored, $ok_runs runs finished before the kill"
check_eq "log killed 40 times: progress equals the sum of the activities" "$sum" "$progress"
version=$("$A" --db "$T/w.db" --json goal show run | jq -r '.version')
check_eq "log killed 40 times: the goal's version counts exactly the stored activities" "$((count + 1))" "$version"
finish
