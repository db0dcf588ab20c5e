#!/bin/bash
# DynamoDB Local for the tests: fetch (npm package amplify-dynamodb-simulator, its emulator/
# folder), start on a free loopback port, stop by process id.
#   tests/ddb/dynamodb-local.sh start DIR   prints the endpoint URL; DIR keeps pid and log
#   tests/ddb/dynamodb-local.sh start DIR --persist
#       the tables on disk (DIR/data, one database for every key and region) instead of in
#       memory, and the port kept in DIR/dynamodb-local.port: a start after a stop of the
#       same DIR comes back on the same endpoint with the same data (a restart)
#   tests/ddb/dynamodb-local.sh stop DIR
set -eu
VERSION=2.9.30
here=$(cd "$(dirname "$0")/../.." && pwd)
# The npm package, fetched once (DDBLOCAL_CACHE: another folder for it).
cache=${DDBLOCAL_CACHE:-$here/build/ddblocal}
NEED_ROOT=$here
. "$here/tests/need.sh"
jar="$cache/package/emulator/DynamoDBLocal.jar"

fetch() {
	[ -f "$jar" ] && return 0
	need dynamodb-local npm tar || return 1
	mkdir -p "$cache"
	if ! (cd "$cache" && npm pack --loglevel=error "amplify-dynamodb-simulator@$VERSION" >"$cache/npm.log" 2>&1 \
		&& tar xzf "amplify-dynamodb-simulator-$VERSION.tgz"); then
		echo "dynamodb-local: could not fetch the npm package amplify-dynamodb-simulator@$VERSION:" >&2
		tail -5 "$cache/npm.log" >&2
		return 1
	fi
	[ -f "$jar" ] || { echo "dynamodb-local: the npm package has no $jar" >&2; return 1; }
}

free_port() {
	# Asks the kernel for a free port by binding port 0.
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
		|| echo $((20000 + RANDOM % 20000))
}

start() {
	dir=$1
	persist=${2:-}
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	# java runs the emulator, curl asks it whether it is up (python3 finds a free port, when there).
	need dynamodb-local java curl || return 1
	fetch || return 1
	store=(-inMemory)
	if [ "$persist" = --persist ]; then
		mkdir -p "$dir/data"
		store=(-dbPath "$dir/data" -sharedDb)
		# The log of a restart follows the one before.
		touch "$dir/dynamodb-local.log"
	elif [ -n "$persist" ]; then
		echo "dynamodb-local: unknown option $persist (--persist)" >&2
		return 2
	fi
	for attempt in 1 2 3; do
		[ "$persist" = --persist ] || : >"$dir/dynamodb-local.log"
		if [ "$persist" = --persist ] && [ -s "$dir/dynamodb-local.port" ]; then
			# A restart: on the port its clients know.
			port=$(cat "$dir/dynamodb-local.port")
		else
			port=$(free_port)
		fi
		(cd "$(dirname "$jar")" && exec java -Xmx512m -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar \
			"${store[@]}" -port "$port" >>"$dir/dynamodb-local.log" 2>&1) &
		echo $! >"$dir/dynamodb-local.pid"
		for _ in $(seq 1 120); do
			if curl -s -o /dev/null -m 2 -X POST "http://127.0.0.1:$port/" \
				-H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
				-H 'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
				-d '{}'; then
				[ "$persist" = --persist ] && echo "$port" >"$dir/dynamodb-local.port"
				echo "http://127.0.0.1:$port"
				return 0
			fi
			kill -0 "$(cat "$dir/dynamodb-local.pid")" 2>/dev/null || break
			sleep 0.25
		done
		stop "$dir"
	done
	echo "dynamodb-local: did not start after 3 tries; the end of $dir/dynamodb-local.log:" >&2
	tail -5 "$dir/dynamodb-local.log" | sed 's/^/  /' >&2
	return 1
}

stop() {
	dir=$1
	[ -f "$dir/dynamodb-local.pid" ] || return 0
	pid=$(cat "$dir/dynamodb-local.pid")
	# The subshell exec'd java, so this pid is java itself.
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$dir/dynamodb-local.pid"
}

case "${1:-}" in
fetch) fetch ;;
start) start "${2:?dir}" "${3:-}" ;;
stop) stop "${2:?dir}" ;;
*) echo "usage: $0 fetch | start DIR [--persist] | stop DIR" >&2; exit 2 ;;
esac
