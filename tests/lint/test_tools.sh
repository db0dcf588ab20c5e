#!/bin/bash
# Every program the project's scripts run is installed by the project's own files, and a
# missing one is named when it is missing.
#
# 1. The scripts under tests/ and scripts/, and the Makefiles, are read for the programs they
#    run (words in a command's place). Each one this machine has, from a Debian package that
#    a minimal Debian does not hold (priority other than required), must be one of
#    scripts/install-deps.sh's tools, or come from a package it installs.
# 2. DynamoDB Local's start-up helper, with curl (then java) hidden from PATH, says which
#    program is missing and the package that has it, and fails at once.
# Usage: bash tests/lint/test_tools.sh (from the project's root)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	shift
	local l
	for l in "$@"; do printf '#   %s\n' "$l"; done
}

if ! command -v python3 >/dev/null 2>&1; then
	not_ok "python3 is installed (this check reads the scripts with it)"
	echo "$pass passed, $fail failed"
	exit 1
fi

# ---- 1. what the scripts run, against what install-deps.sh installs
# Each target's own list: a script make test runs must be covered by the test target's tools,
# not by a tool another target happens to install.
for target in test valgrind bench fuzz lint; do
	sh scripts/install-deps.sh --list "$target" >"$work/tools-$target" || not_ok "install-deps.sh --list $target works"
done
cat "$work"/tools-* >"$work/tools"
# The packages it installs besides those tools (build-essential brings cc and make ...).
sed -n 's/^\(RUN\|TEST\|FUZZ\)_PKGS="\(.*\)"$/\2/p' scripts/install-deps.sh | tr ' ' '\n' >"$work/pkgs"
python3 - "$work" "$work/pkgs" >"$work/found" <<'EOF'
import os, re, shutil, subprocess, sys

def tools_of(target):
    return {l.split()[0] for l in open(os.path.join(sys.argv[1], "tools-" + target)) if l.strip()}
every = set()
for t in ("test", "valgrind", "bench", "fuzz", "lint"):
    every |= tools_of(t)
# Which target runs a file (and so whose tools it may use): the Makefile serves them all.
def target_of(f):
    if f.startswith("tests/bench/"):
        return "bench"
    if f == "tests/valgrind.sh":
        return "valgrind"
    if f.startswith("tests/fuzz/") and not f.endswith("replay.sh"):
        return "fuzz"
    if f in ("Makefile", "scripts/install-deps.sh"):
        return None
    return "test"
pkgs = {l.strip() for l in open(sys.argv[2]) if l.strip()}
# What the packages the project installs depend on comes with them.
def closure(names):
    seen, todo = set(), list(names)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        out = subprocess.run(["dpkg-query", "-W", "-f=${Depends},${Pre-Depends}", p],
                             capture_output=True, text=True).stdout
        for dep in re.split(r"[,|]", out):
            name = dep.strip().split(" ")[0].split(":")[0]
            if name:
                todo.append(name)
    return seen
installed_with = closure(pkgs)

files = []
for top in ("tests", "scripts"):
    for d, _, names in os.walk(top):
        for n in names:
            if n.endswith(".sh") or n.endswith(".bash-completion"):
                files.append(os.path.join(d, n))
files += ["Makefile", "tests/fuzz/Makefile", ".ci/run"]

# A word in a command's place: line start, after a pipe, ;, &&, ||, (, $(, `, or a keyword.
# Not an assignment (word=, word[i]=) nor a case pattern (word)).
cmd = re.compile(r"(?:^|[|;&(`]|\$\(|\b(?:then|do|else|elif|if|while|until|exec|time|command -v|xargs|env(?: [A-Z_]+=\S+)*(?=\s)))\s*!?\s*([a-z][a-z0-9_.+-]*)(?![=)\[a-z0-9_.+-])")
# The shell's own words (keywords, builtins) are not programs.
builtins = set(subprocess.run(["bash", "-c", "compgen -k; compgen -b"], capture_output=True, text=True).stdout.split())
def unquote(s):
    """Text with the words no shell runs taken out: single-quoted text is another program's
    (python3 -c '...', awk '...', jq '...') unless a shell runs it (sh -c, bash -c, eval);
    double-quoted text is words, but a $(...) in it is commands again. Returns the rest
    and whether a single quote is left open (its text goes on over the next lines)."""
    out, stack, i = [], ["top"], 0
    while i < len(s):
        c, ctx = s[i], stack[-1]
        two = s[i:i + 2]
        if ctx == "dq":
            if c == "\\":
                i += 2
                continue
            if c == '"':
                stack.pop()
                out.append('"')
            elif two == "$(":
                stack.append("cs")
                out.append("$(")
                i += 1
            i += 1
            continue
        if c == "\\":
            out.append(two)
            i += 2
            continue
        if c == "'":
            j = s.find("'", i + 1)
            if j < 0:
                return "".join(out), True
            head = "".join(out)
            if head.endswith(("sh -c ", "bash -c ", "eval ")):
                out.append(s[i + 1:j])
            else:
                out.append("''")
            i = j + 1
            continue
        if c == '"':
            stack.append("dq")
            out.append('"')
        elif two == "$(":
            stack.append("cs")
            out.append("$(")
            i += 1
        elif c == ")" and ctx == "cs":
            stack.pop()
            out.append(")")
        else:
            out.append(c)
        i += 1
    return "".join(out), False

words = {}
for f in files:
    if not os.path.exists(f):
        continue
    here_doc = None
    in_quote = False   # inside single-quoted text that began on an earlier line
    for no, line in enumerate(open(f, encoding="utf-8", errors="replace"), 1):
        if in_quote:
            if "'" not in line:
                continue
            line = line[line.index("'") + 1:]
            in_quote = False
        if here_doc is not None:
            if line.strip() == here_doc:
                here_doc = None
            continue
        m = re.search(r"<<-?\s*'?\"?([A-Z_]+)'?\"?", line)
        if m:
            here_doc = m.group(1)
        s = re.sub(r"(^|\s)#.*", "", line)   # a comment (not ${#x})
        if f.endswith("Makefile") and line.startswith("\t"):
            s = s.lstrip("\t@-")
        s = re.sub(r"\(\(.*?\)\)", "", s)   # arithmetic
        # Single-quoted text is another program's (python3 -c '...', awk '...', jq '...'), unless a
        # shell runs it (sh -c, bash -c, eval).
        s, in_quote = unquote(s)
        for w in cmd.findall(s):
            words.setdefault((w, target_of(f)), f"{f}:{no}")

def package_of(path):
    # With a merged /usr, dpkg knows /bin/x where PATH finds /usr/bin/x (or the other way).
    alts = {path, os.path.realpath(path)}
    for p in list(alts):
        for a, b in (("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/")):
            if p.startswith(a):
                alts.add(b + p[len(a):])
            elif p.startswith(b):
                alts.add(a + p[len(b):])
    for p in sorted(alts):
        out = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True).stdout
        if out:
            return out.split(":")[0].split(",")[0].strip()
    return None

# Run only when the machine has them, and never needed: say why here.
optional = {
    "sudo": "install-deps.sh asks through it when it is there and prints the apt-get line when not",
}
for (w, target), where in sorted(words.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
    path = shutil.which(w)
    tools = every if target is None else tools_of(target)
    if path is None or w in tools or w in builtins or w in optional:
        continue
    if w in every:
        print(f"{w} {where} (listed for another target, not for make {target})")
        continue
    pkg = package_of(path)
    if pkg is None:
        # Not from a Debian package (a machine's own install): not something a fresh one has.
        print(f"{w} {where} (not from a Debian package here)")
        continue
    prio = subprocess.run(["dpkg-query", "-W", "-f=${Priority} ${Essential}", pkg],
                          capture_output=True, text=True).stdout.split()
    if prio and (prio[0] == "required" or "yes" in prio[1:]):
        continue
    if pkg in installed_with:
        continue
    print(f"{w} {where} (package {pkg})")
EOF
if [ -s "$work/found" ]; then
	not_ok "every program the scripts run is installed by scripts/install-deps.sh" \
		"not installed by the project (add it to a target's tools there):" "$(cat "$work/found")"
else
	ok "every program the scripts run is installed by scripts/install-deps.sh ($(sort -u "$work/tools" | wc -l) programs listed)"
fi

# ---- 2. a missing program is named, with its package
# hide_path PROGRAM...: a PATH of links to every program of this PATH but those.
hide_path() {
	local dir=$work/path-$1 d f
	rm -rf "$dir"
	mkdir -p "$dir"
	local IFS=:
	for d in $PATH; do
		[ -d "$d" ] || continue
		for f in "$d"/*; do
			[ -x "$f" ] && [ ! -e "$dir/${f##*/}" ] && ln -s "$f" "$dir/${f##*/}"
		done
	done
	unset IFS
	for f in "$@"; do rm -f "$dir/$f"; done
	echo "$dir"
}
for hidden in curl java; do
	p=$(hide_path "$hidden")
	start=$(date +%s)
	PATH=$p bash tests/ddb/dynamodb-local.sh start "$work/ddb-$hidden" >"$work/out" 2>"$work/err"
	rc=$?
	secs=$(($(date +%s) - start))
	pkg=$(sh scripts/install-deps.sh --list test | awk -v p="$hidden" '$1 == p { print $2 }')
	if [ "$rc" != 0 ] && grep -q "dynamodb-local: $hidden is missing: install it with 'apt-get install -y $pkg'" "$work/err" \
		&& [ ! -s "$work/out" ] && [ "$secs" -lt 10 ] && [ ! -e "$work/ddb-$hidden/dynamodb-local.pid" ]; then
		ok "DynamoDB Local's helper without $hidden names it and its package ($pkg), and starts nothing"
	else
		not_ok "DynamoDB Local's helper without $hidden names it and its package ($pkg), and starts nothing" \
			"exit $rc after $secs s" "stdout: $(cat "$work/out")" "stderr: $(cat "$work/err")"
	fi
done
# An npm that cannot fetch the package: its own error is shown, not "did not start".
p=$(hide_path npm)
printf '#!/bin/sh\necho "npm ERR! code E404 (a test npm)" >&2\nexit 1\n' >"$p/npm"
chmod +x "$p/npm"
PATH=$p DDBLOCAL_CACHE=$work/cache bash tests/ddb/dynamodb-local.sh start "$work/ddb-npm" >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" != 0 ] && grep -q "could not fetch the npm package amplify-dynamodb-simulator" "$work/err" && grep -q "E404 (a test npm)" "$work/err"; then
	ok "DynamoDB Local's helper shows npm's own error when the package cannot be fetched"
else
	not_ok "DynamoDB Local's helper shows npm's own error when the package cannot be fetched" "exit $rc" "stderr: $(cat "$work/err")"
fi
# The DynamoDB tests' shared setup names a missing tool the same way.
p=$(hide_path jq)
out=$(PATH=$p AILIFE_BIN=/bin/true AILIFE_DDB_ENDPOINT=http://127.0.0.1:9 bash -c '. tests/ddb/lib.sh; ddb_setup toolcheck' 2>&1)
case "$out" in
*"not ok - toolcheck: jq is missing: install it with 'apt-get install -y jq'"*) ok "the DynamoDB tests' setup without jq names it and its package" ;;
*) not_ok "the DynamoDB tests' setup without jq names it and its package" "$out" ;;
esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
