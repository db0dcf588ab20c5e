# The import ceiling, shared by tests/bench/ddb.sh and tests/bench/migrate.sh (sourced):
# the most items per second DynamoDB Local accepts from P parallel curl processes, each
# posting its share of BatchWriteItem calls of 25 (signed by curl --aws-sigv4) over one
# kept-alive connection, into a fresh table each run.
#
# curl_ceiling FILE "P1 P2 ..." RUNS: FILE holds JSON Lines of items. Prints one line a run;
# sets CEIL_RATE (the best median over the process counts, items/s) and CEIL_P. Needs, set by
# the caller: BIN (ailife, to create tables), EP (the endpoint), KEY and SECRET (the
# credentials), TMP (a scratch folder). Returns 1 when a run did not store every item.

# ceil_call OP BODY: one signed call; the answer on stdout.
ceil_call() {
	curl -s -X POST "$EP/" --aws-sigv4 "aws:amz:us-east-1:dynamodb" --user "$KEY:$SECRET" \
		-H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: DynamoDB_20120810.$1" --data-binary "$2"
}

# ceil_count TABLE: the items in a table (Scan with Select COUNT, paged: a benchmark's check).
ceil_count() {
	local total=0 start="" ans lek
	while :; do
		ans=$(ceil_call Scan "{\"TableName\":\"$1\",\"Select\":\"COUNT\"$start}")
		total=$((total + $(printf '%s' "$ans" | jq '.Count // 0')))
		lek=$(printf '%s' "$ans" | jq -c '.LastEvaluatedKey // empty')
		[ -n "$lek" ] || break
		start=",\"ExclusiveStartKey\":$lek"
	done
	echo "$total"
}

curl_ceiling() {
	local file=$1 procs=$2 runs=$3 lines nb p r i w f t0 t1 ok200 got rate med it
	lines=$(grep -c . "$file")
	rm -rf "$TMP/ceil-batches"
	python3 - "$file" "$TMP/ceil-batches" <<'PYEOF' || return 1
import os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
lines = [l for l in open(src, encoding="utf-8").read().split("\n") if l]
for n, i in enumerate(range(0, len(lines), 25)):
    reqs = ",".join('{"PutRequest":{"Item":%s}}' % l for l in lines[i:i + 25])
    with open(os.path.join(out, "b%06d.json" % n), "w", encoding="utf-8") as f:
        f.write('{"RequestItems":{"@TABLE@":[%s]}}' % reqs)
PYEOF
	nb=$(ls "$TMP/ceil-batches" | wc -l)
	: >"$TMP/ceil.rates"
	CEIL_RATE=0
	CEIL_P=0
	for p in $procs; do
		for ((r = 1; r <= runs; r++)); do
			it="bench-ceil-$p-$r-$$"
			"$BIN" --table "$it" table create >/dev/null || return 1
			rm -rf "$TMP/ceil-w"
			mkdir -p "$TMP/ceil-w"
			i=0
			for f in "$TMP"/ceil-batches/b*.json; do
				w=$((i % p))
				sed "s/@TABLE@/$it/" "$f" >"$TMP/ceil-w/$(basename "$f")"
				printf 'url = "%s/"\naws-sigv4 = "aws:amz:us-east-1:dynamodb"\nuser = "%s:%s"\nheader = "Content-Type: application/x-amz-json-1.0"\nheader = "X-Amz-Target: DynamoDB_20120810.BatchWriteItem"\ndata-binary = "@%s"\nsilent\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
					"$EP" "$KEY" "$SECRET" "$TMP/ceil-w/$(basename "$f")" >>"$TMP/ceil-w/worker$w.cfg.tmp"
				i=$((i + 1))
			done
			for ((w = 0; w < p; w++)); do
				# Requests joined by "next"; none after the last one.
				awk 'NR > 1 && /^url = / { print "next" } { print }' "$TMP/ceil-w/worker$w.cfg.tmp" >"$TMP/ceil-w/worker$w.cfg"
			done
			t0=$(date +%s%N)
			for ((w = 0; w < p; w++)); do
				curl -K "$TMP/ceil-w/worker$w.cfg" >"$TMP/ceil-w/worker$w.out" 2>&1 &
			done
			wait
			t1=$(date +%s%N)
			ok200=$(cat "$TMP"/ceil-w/worker*.out | grep -c '^200$')
			got=$(ceil_count "$it")
			ceil_call DeleteTable "{\"TableName\":\"$it\"}" >/dev/null
			if [ "$ok200" != "$nb" ] || [ "$got" != "$lines" ]; then
				echo "bench: curl x$p: $ok200 of $nb batches answered 200, $got of $lines items stored" >&2
				return 1
			fi
			rate=$(awk -v n="$lines" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
			printf '  curl x%-2d BatchWrite run %d: %6.1f s  %7d items/s\n' "$p" "$r" \
				"$(awk -v ns=$((t1 - t0)) 'BEGIN { print ns / 1e9 }')" "$rate"
			echo "$p $rate" >>"$TMP/ceil.rates"
		done
		med=$(awk -v p="$p" '$1 == p { print $2 }' "$TMP/ceil.rates" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
		if [ "$med" -gt "$CEIL_RATE" ]; then
			CEIL_RATE=$med
			CEIL_P=$p
		fi
	done
	return 0
}
