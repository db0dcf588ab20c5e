#!/bin/sh
# Installs the Debian packages ailife needs to build and test, when any is missing.
# As root it runs apt-get; otherwise through sudo; otherwise it prints the one line to run.
set -u
PKGS="build-essential pkg-config libncurses-dev libcurl4-openssl-dev libjansson-dev libssl-dev libsqlite3-dev zlib1g-dev libcmocka-dev tzdata tmux jq"
# make test also needs Java and npm (DynamoDB Local) when the machine has none.
if [ "${1:-}" = test ]; then
	command -v java >/dev/null 2>&1 || PKGS="$PKGS default-jre-headless"
	command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
	command -v python3 >/dev/null 2>&1 || PKGS="$PKGS python3"
	# Static analysis (tests/lint/run.sh).
	command -v cppcheck >/dev/null 2>&1 || PKGS="$PKGS cppcheck"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "ailife: installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "ailife: run this as root, then run make again:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y $missing || { $SUDO apt-get update && $SUDO apt-get install -y $missing; }
