#!/bin/sh
# Installs the Debian packages a make target needs, when any is missing: what it builds with
# and every program its scripts run. As root it runs apt-get; otherwise through sudo;
# otherwise it prints the one line to run.
#
#   sh scripts/install-deps.sh [TARGET...]   TARGET: run (the default), test, asan, valgrind,
#                                             bench, fuzz, lint
#   sh scripts/install-deps.sh --list TARGET  prints "program package" lines of TARGET's tools
#   sh scripts/install-deps.sh --check TARGET prints what is missing, installs nothing (exit 1
#                                             when anything is)
#
# Every program a script under tests/ or scripts/ (or the Makefile) runs that a minimal Debian
# lacks is listed below, with its package; tests/lint/test_tools.sh fails when one is not.
set -u

# Libraries and compilers, checked as packages.
RUN_PKGS="build-essential pkg-config libncurses-dev libcurl4-openssl-dev libjansson-dev libssl-dev libsqlite3-dev zlib1g-dev libexpat1-dev tzdata ca-certificates"
TEST_PKGS="libcmocka-dev"
FUZZ_PKGS="libclang-rt-14-dev"

# Programs, checked on PATH ("program:package"): one already installed another way (a Java
# or a Node.js of the machine's own) is used as it is.
# make test: DynamoDB Local (tests/ddb/dynamodb-local.sh: java, npm, curl, python3), the
# interop and fault tests (node, python3, curl, jq), the terminal tests (tmux, pgrep), the
# static analysis (cppcheck), the zsh and fish completions' checks (zsh, fish).
TEST_TOOLS="curl:curl jq:jq tmux:tmux python3:python3 pgrep:procps java:default-jre-headless npm:npm node:nodejs cppcheck:cppcheck zsh:zsh fish:fish"
VALGRIND_TOOLS="valgrind:valgrind"
# make bench: instruction counts (valgrind), repeated timings (hyperfine), arithmetic (bc), the
# AWS CLI as a peer client (aws), the sqlite3 shell as the floor of a list (sqlite3).
BENCH_TOOLS="valgrind:valgrind hyperfine:hyperfine bc:bc aws:awscli sqlite3:sqlite3"
FUZZ_TOOLS="clang:clang"
LINT_TOOLS="cppcheck:cppcheck"

# packages_of TARGET / tools_of TARGET: what a target needs (a target includes the ones it runs).
packages_of() {
	case $1 in
	run) echo "$RUN_PKGS" ;;
	test | asan | valgrind | bench) echo "$RUN_PKGS $TEST_PKGS" ;;
	fuzz) echo "$RUN_PKGS $FUZZ_PKGS" ;;
	lint) echo "" ;;
	*) return 1 ;;
	esac
}
tools_of() {
	case $1 in
	run) echo "" ;;
	test | asan) echo "$TEST_TOOLS" ;;
	valgrind) echo "$TEST_TOOLS $VALGRIND_TOOLS" ;;
	bench) echo "$TEST_TOOLS $BENCH_TOOLS" ;;
	fuzz) echo "$FUZZ_TOOLS" ;;
	lint) echo "$LINT_TOOLS" ;;
	*) return 1 ;;
	esac
}

mode=install
case "${1:-}" in
--list | --check)
	mode=${1#--}
	shift
	;;
esac
[ $# -gt 0 ] || set -- run

if [ "$mode" = list ]; then
	for target in "$@"; do
		tools=$(tools_of "$target") || { echo "install-deps: unknown target '$target' (run, test, asan, valgrind, bench, fuzz, lint)" >&2; exit 2; }
		for tp in $tools; do echo "${tp%%:*} ${tp#*:}"; done
	done
	exit 0
fi

missing=""
add() {
	case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac
}
for target in "$@"; do
	pkgs=$(packages_of "$target") && tools=$(tools_of "$target") \
		|| { echo "install-deps: unknown target '$target' (run, test, asan, valgrind, bench, fuzz, lint)" >&2; exit 2; }
	for p in $pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || add "$p"
	done
	for tp in $tools; do
		command -v "${tp%%:*}" >/dev/null 2>&1 || add "${tp#*:}"
	done
done
[ -z "$missing" ] && exit 0
if [ "$mode" = check ]; then
	echo "missing:$missing"
	exit 1
fi
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
# A machine whose package lists were never fetched (a fresh root) needs an update first.
# shellcheck disable=SC2086
$SUDO apt-get install -y $missing || { $SUDO apt-get update && $SUDO apt-get install -y $missing; } || {
	echo "ailife: could not install:$missing" >&2
	exit 1
}
