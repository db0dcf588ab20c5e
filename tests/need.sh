# Sourced by the test and benchmark scripts (sh or bash):
#   need WHO PROGRAM...
# true when every PROGRAM is on PATH; otherwise says, for each one missing, which it is and how
# to install it (its Debian package, from scripts/install-deps.sh), on stderr as "WHO: ...", and
# returns 1. A script calls it before it starts anything, so that a missing tool is named
# instead of showing up as "did not start". NEED_ROOT: the project's root (default: the
# working directory, where make runs the scripts).
need() {
	_need_who=$1
	shift
	_need_rc=0
	for _need_p in "$@"; do
		command -v "$_need_p" >/dev/null 2>&1 && continue
		_need_pkg=$(sh "${NEED_ROOT:-.}/scripts/install-deps.sh" --list test valgrind bench fuzz lint 2>/dev/null \
			| awk -v p="$_need_p" '$1 == p { print $2; exit }')
		echo "$_need_who: $_need_p is missing: install it with 'apt-get install -y ${_need_pkg:-$_need_p}' (make test, make bench and the other targets install what they need)" >&2
		_need_rc=1
	done
	return $_need_rc
}
