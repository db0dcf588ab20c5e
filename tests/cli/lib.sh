# Shared helpers of the CLI tests (bash): source it, run checks, end with finish.
#
#	. "$(dirname "$0")/lib.sh"
#	check_eq "two plus two" 4 "$((2 + 2))"
#	finish
#
# Each check prints "ok - NAME" or "not ok - NAME" (with what differed);
# finish prints "N passed, M failed" and exits non-zero if any failed.

LIB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The binary under test: run-all.sh exports AILIFE_BIN; else the default build.
AILIFE_BIN=${AILIFE_BIN:-$LIB_ROOT/build/ailife}
T_PASS=0
T_FAIL=0

# Keep tests independent of the caller's settings.
unset AILIFE_STORE AILIFE_DB AILIFE_TABLE AILIFE_USER AILIFE_NOW AILIFE_CONFIG
export XDG_CONFIG_HOME=/nonexistent-ailife-test-config
# The cache (profiles' zones) of a test that does not make its own: none, never the caller's.
export XDG_CACHE_HOME=/nonexistent-ailife-test-cache
# Without credentials, never EC2's link-local metadata address (tests/creds/ names its own fake).
export AWS_EC2_METADATA_DISABLED=true

ok() {
	T_PASS=$((T_PASS + 1))
	printf 'ok - %s\n' "$1"
}

not_ok() {
	T_FAIL=$((T_FAIL + 1))
	printf 'not ok - %s\n' "$1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $(printf '%s' "$2" | head -c 400)" "     got: $(printf '%s' "$3" | head -c 400)"
	fi
}

# check_rc NAME EXPECTED_STATUS ACTUAL_STATUS
check_rc() {
	if [ "$2" -eq "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected exit status $2, got $3"
	fi
}

# check_contains NAME HAYSTACK NEEDLE
check_contains() {
	case "$2" in
	*"$3"*) ok "$1" ;;
	*) not_ok "$1" "expected to contain: $3" "                got: $(printf '%s' "$2" | head -c 400)" ;;
	esac
}

# check_not_contains NAME HAYSTACK NEEDLE
check_not_contains() {
	case "$2" in
	*"$3"*) not_ok "$1" "expected not to contain: $3" "                    got: $(printf '%s' "$2" | head -c 400)" ;;
	*) ok "$1" ;;
	esac
}

# check_true NAME COMMAND...: passes when the command succeeds.
check_true() {
	name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		not_ok "$name" "command failed: $*"
	fi
}

# A temporary directory removed on exit: T_DIR=$(lib_tmpdir)
lib_tmpdir() {
	mktemp -d "${TMPDIR:-/tmp}/ailife-test.XXXXXX"
}

# lib_store_setup: with AILIFE_TEST_STORE=dynamodb (run-all.sh sets it, with AILIFE_DDB_ENDPOINT,
# for every test file that has a line "# stores: both"), points ailife at DynamoDB Local with a
# table of this run's own, created here; else the embedded store (AILIFE_DB, set by the test).
lib_store_setup() {
	if [ "${AILIFE_TEST_STORE:-local}" = dynamodb ]; then
		export AILIFE_STORE=dynamodb AWS_ENDPOINT_URL="$AILIFE_DDB_ENDPOINT" AWS_REGION=us-east-1
		export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
		export AILIFE_TABLE="cli-test-$$-$RANDOM"
		unset AWS_ENDPOINT_URL_DYNAMODB AWS_PROFILE AWS_SESSION_TOKEN
		"$AILIFE_BIN" table create >/dev/null || { not_ok "table create on DynamoDB Local"; finish; }
	fi
}

# A fresh table (DynamoDB) or database file (embedded) for the next part of a test.
lib_store_fresh() {
	if [ "${AILIFE_TEST_STORE:-local}" = dynamodb ]; then
		export AILIFE_TABLE="cli-test-$$-$RANDOM"
		"$AILIFE_BIN" table create >/dev/null || not_ok "table create on DynamoDB Local"
	else
		export AILIFE_DB="$1"
	fi
}

finish() {
	printf '%d passed, %d failed\n' "$T_PASS" "$T_FAIL"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}
