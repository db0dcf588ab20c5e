#!/bin/sh
# Runs the unit tests and the command-line tests under valgrind memcheck:
# any invalid access or definite leak fails the run.
# Usage: tests/valgrind.sh BUILD_DIR
set -u
BUILD=${1:-build}
VG="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for t in "$BUILD"/tests/test_*; do
	case "$t" in *.o|*.d) continue;; esac
	if $VG "$t" >"$work/out" 2>&1; then
		echo "ok - valgrind $(basename "$t")"
	else
		echo "not ok - valgrind $(basename "$t")"
		tail -30 "$work/out"
		status=1
	fi
done
# The CLI tests through a wrapper that runs every ailife under valgrind.
cat >"$work/ailife" <<EOW
#!/bin/sh
exec $VG --log-file="$work/vg.%p" "$PWD/$BUILD/ailife" "\$@"
EOW
chmod +x "$work/ailife"
AILIFE_BIN="$work/ailife" bash tests/cli/test_cli.sh >"$work/cli" 2>&1 || { status=1; grep -v '^ok' "$work/cli"; }
tail -1 "$work/cli"
bad=$(cat "$work"/vg.* 2>/dev/null | grep -c 'ERROR SUMMARY: [1-9]\|definitely lost\|Invalid')
if [ "$bad" -eq 0 ]; then
	echo "ok - valgrind on every ailife run of the CLI tests ($(ls "$work"/vg.* | wc -l) runs)"
else
	echo "not ok - valgrind found problems in ailife runs:"
	cat "$work"/vg.* | head -60
	status=1
fi
exit $status
