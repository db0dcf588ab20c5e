#!/usr/bin/env bash
# Hostile input on the embedded store, with real assertions on exit code,
# message and store contents:
#  1. control characters and escape sequences in every text argument: refused
#     (exit 2, the field named, the message inert, the store unchanged);
#  2. the same text stored by another client (written into the SQLite file):
#     every human output shows it inert (no raw C0/C1/DEL byte on stdout or
#     stderr), --json output is exact JSON holding the original characters;
#  3. oversized values, numbers out of range, invalid UTF-8 in arguments;
#  4. hostile import files: control characters, invalid UTF-8, numbers out of
#     range, 100000 nested arrays, a 10 MB line, an item over 400 KB: the line
#     named with the reason, exit 2, nothing written (export before == after);
#  5. an import of a million lines: done with bounded memory (peak RSS under
#     IMPORT_RSS_MAX_MIB), the time reported; and the same million lines with a
#     bad last line: refused, nothing written, memory bounded too.
. "$(dirname "$0")/lib.sh"

T=$(lib_tmpdir)
trap 'rm -rf "$T"' EXIT
# Nothing here reads the terminal: a command that would read a body gets an empty one.
exec </dev/null
export TZ=Europe/Berlin AILIFE_NOW=2026-11-26T12:00:00Z AILIFE_DB="$T/db.sqlite"
export XDG_DATA_HOME="$T/data" HOME="$T/home"
IMPORT_RSS_MAX_MIB=64
# AILIFE_HOSTILE_LINES: fewer lines while working on this file (the suite uses a million).
MILLION=${AILIFE_HOSTILE_LINES:-1000000}
# Under AddressSanitizer (make asan) memory is not ailife's own (shadow, quarantine) and a
# million lines take minutes: 100000 lines, and peak RSS is reported, not held to the bound.
SANITIZED=0
if LC_ALL=C grep -qa __asan_init "$AILIFE_BIN"; then
	SANITIZED=1
	MILLION=${AILIFE_HOSTILE_LINES:-100000}
fi
H="python3 $T/h.py"

if ! command -v python3 >/dev/null 2>&1; then
	not_ok "python3 is installed (the checks of raw bytes and JSON need it)"
	finish
fi

# ---- the Python side: byte checks, JSON checks, the store written by another client, generators ----
cat >"$T/h.py" <<'EOF'
import json, os, resource, sqlite3, subprocess, sys, time

# The hostile text: CSI colour, OSC title and clipboard ended by BEL, C1 CSI, BS, DEL, CR.
EVIL = ("\u00ab\x1b[31mred\x1b[0m\x1b]0;title\x07\x1b]52;c;ZXZpbA==\x07"
        "\u009b2J\x08\x7f\rend\u00bb")
STATUS = "active\x1b[31m\x07"
TEXT_FIELDS = {"USER": ["name", "email"], "GOAL": ["title", "category", "unit"],
               "ACTIVITY": ["note"], "JOURNAL": ["title", "body"], "MEAL": ["name"],
               "WORKOUT": ["kind"]}


def expected(field):
    # A body is long text: a newline in it is kept, so it has one.
    if field == "body":
        return "body:" + EVIL + "\n" + EVIL
    return field + ":" + EVIL


def compact(item):
    return json.dumps(item, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def raw_controls(data):
    """Offsets of raw C0 (but newline and tab), DEL, C1 (as UTF-8) and invalid UTF-8 bytes."""
    bad = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["invalid UTF-8 at byte %d" % e.start]
    for i, ch in enumerate(text):
        o = ord(ch)
        if (o < 0x20 and ch not in "\n\t") or o == 0x7f or 0x80 <= o <= 0x9f:
            bad.append("U+%04X at character %d" % (o, i))
    return bad


def cmd_inert(path):
    bad = raw_controls(open(path, "rb").read())
    if bad:
        print("raw control or invalid bytes: " + ", ".join(bad[:5]))
        sys.exit(1)


def walk(v, ctx, found, wrong):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(x, ctx if k in ("S", "SS") else k, found, wrong)
    elif isinstance(v, list):
        for x in v:
            walk(x, ctx, found, wrong)
    elif isinstance(v, str) and ("\u00ab" in v or "\x1b" in v or "\x07" in v):
        found.append(ctx)
        want = expected(ctx) if ctx != "tags" else "tags:" + EVIL
        if ctx in ("mealId", "id") and v.startswith("m\x1b"):
            want = "m\x1b[31mX"
        if ctx == "status":
            want = STATUS
        if ctx == "GSI1PK" and v == "GOAL#" + STATUS:
            return
        if ctx in ("SK", "GSI2SK", "GSI3SK") and "m\x1b[31mX" in v:
            return
        if v != want:
            wrong.append("%s: %r" % (ctx, v[:80]))


def no_constants(name):
    raise ValueError("not JSON: " + name)


def cmd_json(path, lines, want_fields):
    """Exact JSON (no NaN/Infinity, nothing after), every hostile string as stored."""
    data = open(path, "rb").read().decode("utf-8")
    docs = []
    try:
        if lines == "lines":
            docs = [json.loads(l, parse_constant=no_constants) for l in data.splitlines() if l]
        else:
            docs = [json.loads(data, parse_constant=no_constants)]
    except ValueError as e:
        print("not exact JSON: %s" % e)
        sys.exit(1)
    found, wrong = [], []
    for d in docs:
        walk(d, None, found, wrong)
    if wrong:
        print("changed: " + "; ".join(wrong[:4]))
        sys.exit(1)
    missing = [f for f in want_fields.split(",") if f and f not in found]
    if missing:
        print("hostile text not found in: %s (found in %s)" % (",".join(missing), ",".join(sorted(set(found)))))
        sys.exit(1)


def cmd_inject(db):
    """Another client's writes: hostile text in every text attribute, and a meal with a hostile id."""
    c = sqlite3.connect(db)
    rows = c.execute("SELECT tname, pk, sk, item FROM items").fetchall()
    meal = None
    for tname, pk, sk, item in rows:
        it = json.loads(item)
        t = it["type"]["S"]
        for f in TEXT_FIELDS[t]:
            it[f] = {"S": expected(f)}
        if t == "JOURNAL":
            it["tags"] = {"SS": ["tags:" + EVIL]}
        if t == "MEAL":
            meal = dict(it)
        if t == "GOAL":
            goal = dict(it)
        c.execute("UPDATE items SET item = ? WHERE tname = ? AND pk = ? AND sk = ?",
                  (compact(it), tname, pk, sk))
    # A meal whose id (so its keys) holds an escape: DynamoDB takes any string there.
    mid = "m\x1b[31mX"
    old = meal["mealId"]["S"]
    meal["mealId"] = {"S": mid}
    meal["SK"] = {"S": "MEAL#" + mid}
    meal["GSI2SK"] = {"S": meal["GSI2SK"]["S"].replace(old, mid)}
    for k in ("GSI3PK", "GSI3SK"):
        if k in meal:
            meal[k] = {"S": meal[k]["S"].replace(old, mid)}
    insert(c, rows[0][0], meal)
    # A goal whose status (an enum to ailife) is hostile text: printed by log and goal status.
    goal["goalId"] = {"S": "g2"}
    goal["status"] = {"S": STATUS}
    goal["SK"] = {"S": "GOAL#g2"}
    goal["GSI1PK"] = {"S": "GOAL#" + STATUS}
    goal["GSI1SK"] = {"S": goal["GSI1SK"]["S"].replace("GOAL#run", "GOAL#g2")}
    insert(c, rows[0][0], goal)
    c.commit()


def insert(c, tname, item):
    cols = [item[k]["S"] if k in item else None
            for k in ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK")]
    c.execute("INSERT INTO items(tname, pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk, item)"
              " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [tname] + cols + [compact(item)])


def line_of(src, typ):
    for l in open(src, encoding="utf-8"):
        if '"type":{"S":"%s"}' % typ in l:
            return json.loads(l)
    raise SystemExit("no %s in %s" % (typ, src))


def new_meal(src, mid):
    """A meal of the source file's user that is not in the store yet (a good line)."""
    m = line_of(src, "MEAL")
    old = m["mealId"]["S"]
    for k in list(m):
        if "S" in m[k] and old in m[k]["S"]:
            m[k] = {"S": m[k]["S"].replace(old, mid)}
    return compact(m)


def cmd_imports(src, out):
    """Hostile import files: good line, bad line, good line. An index of file, line, reason."""
    index = []

    def case(name, bad, reason, line=2):
        path = os.path.join(out, "imp-%02d.jsonl" % len(index))
        with open(path, "wb") as f:
            f.write(new_meal(src, "good%03da" % len(index)).encode() + b"\n")
            f.write(bad if isinstance(bad, bytes) else bad.encode())
            f.write(b"\n" + new_meal(src, "good%03db" % len(index)).encode() + b"\n")
        index.append("%s\t%d\t%s\t%s" % (path, line, reason, name))

    # Control characters and escapes in every text attribute (as JSON escapes: valid JSON).
    for typ, fields in TEXT_FIELDS.items():
        for f in fields:
            it = line_of(src, typ)
            it[f] = {"S": "x\x1b[31my"}
            case("ESC in %s %s" % (typ.lower(), f), json.dumps(it), "%s: control character U+001B not allowed" % f)
    it = line_of(src, "JOURNAL")
    it["tags"] = {"SS": ["ok", "b\x07ll"]}
    case("BEL in a journal tag", json.dumps(it), "control character U+0007 not allowed")
    it = line_of(src, "MEAL")
    it["name"] = {"S": "x\u009b2Jy"}
    case("C1 CSI in a meal name", json.dumps(it), "name: control character U+009B not allowed")
    it = line_of(src, "GOAL")
    it["title"] = {"S": "x\x7fy"}
    case("DEL in a goal title", json.dumps(it), "title: control character U+007F not allowed")
    it = line_of(src, "MEAL")
    it["mealId"] = {"S": "m\x1b[31mX"}
    case("ESC in an id", json.dumps(it), "mealId: 'm\\x1b[31mX' is not a valid id")
    meal = compact(line_of(src, "MEAL")).encode()
    case("a raw ESC byte inside a JSON string", meal.replace(b'"name":{"S":"', b'"name":{"S":"\x1b[2J'),
         "not valid JSON: control character 0x1b")
    # Invalid UTF-8.
    for what, b in (("0xff", b"\xff"), ("an overlong /", b"\xc0\xaf"), ("a surrogate", b"\xed\xa0\x80"),
                    ("a cut sequence", b"\xe2\x82"), ("past U+10FFFF", b"\xf4\x90\x80\x80")):
        case("invalid UTF-8 (%s) in a value" % what, meal.replace(b'"name":{"S":"', b'"name":{"S":"' + b), "not valid JSON")
    case("invalid UTF-8 in an attribute name", meal.replace(b'"name":', b'"n\xffme":{"S":"x"},"name":'), "not valid JSON")
    case("an escaped lone surrogate", meal.replace(b'"name":{"S":"', b'"name":{"S":"\\ud800'), "not valid JSON")
    # Numbers out of range and not numbers.
    for n, reason in (("1e400", "number out of range"), ("-1e400", "number out of range"),
                      ("99999999999999999999999999999999999999999", "number out of range"),
                      ("NaN", "not a number"), ("Infinity", "not a number"), ("-Infinity", "not a number"),
                      ("1e-400", "more than 3 decimal places"), ("1" * 100001, "too many digits"),
                      ("", "empty number"), (" 5", "not a number"), ("0x10", "not a number")):
        it = line_of(src, "MEAL")
        it["calories"] = {"N": n}
        # A value is shown cut after 40 characters.
        shown = n if len(n) <= 40 else n[:40] + "..."
        case("calories '%s'" % shown, json.dumps(it), "calories: '%s': %s" % (shown, reason))
    it = line_of(src, "MEAL")
    it["calories"] = {"N": "-5"}
    case("calories -5", json.dumps(it), "calories: must be 0 to 100000, not -5")
    case("calories as a JSON number 1e400", meal.replace(b'"calories":{"N":"', b'"calories":{"N":1e400,"x":"'),
         "not valid JSON")
    it = line_of(src, "MEAL")
    it["version"] = {"N": "99999999999999999999"}
    case("version 10^20", json.dumps(it), "version: '99999999999999999999': number out of range")
    it = line_of(src, "JOURNAL")
    it["mood"] = {"N": "1e400"}
    case("mood 1e400", json.dumps(it), "mood: '1e400': number out of range")
    # Depth: 100000 nested arrays (balanced, unbalanced) and objects.
    case("100000 nested arrays", b"[" * 100000 + b"]" * 100000, "nested more than 3 levels deep")
    case("100000 unclosed arrays", b"[" * 100000, "nested more than 3 levels deep")
    case("50000 nested objects", b'{"a":' * 50000 + b"1" + b"}" * 50000, "nested more than 3 levels deep")
    case("nesting inside an attribute value", meal.replace(b'"name":{"S":', b'"name":{"S":' + b"[" * 1000 + b"]" * 1000 + b',"x":'),
         "nested more than 3 levels deep")
    # Size: a 10 MB line, items over 400 KB in lines under the 500 KB line limit, many members.
    case("a 10 MB line", b'{"PK":{"S":"' + b"a" * (10 * 1024 * 1024) + b'"}}', "longer than 500 KB")
    it = line_of(src, "JOURNAL")
    it["body"] = {"S": "b" * (450 * 1024)}
    case("a journal item of 450 KB", json.dumps(it), "body: longer than 102400 bytes")
    it = line_of(src, "MEAL")
    it["name"] = {"S": "\u20ac" * 140000}
    case("a meal item of 420 KB", json.dumps(it, ensure_ascii=False), "name: longer than 200 characters (140000)")
    it = line_of(src, "MEAL")
    for i in range(20000):
        it["a%05d" % i] = {"S": "x"}
    case("20000 attributes", json.dumps(it), "unknown attribute")
    open(os.path.join(out, "index"), "w", encoding="utf-8").write("\n".join(index) + "\n")


def cmd_gen(n, path):
    """A user and n-1 meals, sorted compact JSON as export writes them."""
    u, ts = "big", "2026-11-26T12:00:00.000Z"
    with open(path, "w") as out:
        out.write('{"GSI1PK":{"S":"USER"},"GSI1SK":{"S":"USER#%s"},"PK":{"S":"USER#%s"},"SK":{"S":"PROFILE"},'
                  '"createdAt":{"S":"%s"},"name":{"S":"Big"},"timezone":{"S":"Europe/Berlin"},"type":{"S":"USER"},'
                  '"units":{"S":"metric"},"updatedAt":{"S":"%s"},"userId":{"S":"%s"},"version":{"N":"1"}}\n'
                  % (u, u, ts, ts, u))
        tmpl = ('{"GSI2PK":{"S":"USER#%s#MEAL"},"GSI2SK":{"S":"%%s#%%s"},"PK":{"S":"USER#%s"},"SK":{"S":"MEAL#%%s"},'
                '"calories":{"N":"%%d"},"createdAt":{"S":"%s"},"mealId":{"S":"%%s"},"mealType":{"S":"lunch"},'
                '"name":{"S":"Meal %%d"},"occurredAt":{"S":"%%s"},"type":{"S":"MEAL"},"updatedAt":{"S":"%s"},'
                '"userId":{"S":"%s"},"version":{"N":"1"}}\n') % (u, u, ts, ts, u)
        buf = []
        for i in range(1, n):
            mid = "m%07d" % i
            at = "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (1 + i % 12, 1 + i % 28, i % 24, i % 60, (i // 60) % 60, i % 1000)
            buf.append(tmpl % (at, mid, mid, i % 5000, mid, i, at))
            if len(buf) == 10000:
                out.write("".join(buf))
                buf = []
        out.write("".join(buf))


def cmd_measure(result, stdin_path, out_path, err_path, argv):
    """Runs argv; writes "rc seconds peak_rss_kib cpu_seconds" (the child's, from getrusage).
    stdin_path "pipe:FILE" sends FILE through a pipe (not a file ailife could reread)."""
    t0 = time.monotonic()
    with open(out_path, "wb") as o, open(err_path, "wb") as e:
        if stdin_path.startswith("pipe:"):
            p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=o, stderr=e)
            try:
                with open(stdin_path[5:], "rb") as i:
                    while True:
                        chunk = i.read(1 << 16)
                        if not chunk:
                            break
                        p.stdin.write(chunk)
            except BrokenPipeError:
                pass
            try:
                p.stdin.close()
            except BrokenPipeError:
                pass
            rc = p.wait()
        else:
            with open(stdin_path, "rb") as i:
                rc = subprocess.call(argv, stdin=i, stdout=o, stderr=e)
    secs = time.monotonic() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    open(result, "w").write("%d %.1f %d %.1f\n" % (rc, secs, ru.ru_maxrss, ru.ru_utime + ru.ru_stime))


def cmd_count(db):
    print(sqlite3.connect(db).execute("SELECT count(*) FROM items").fetchone()[0])


cmd = sys.argv[1]
if cmd == "inert":
    cmd_inert(sys.argv[2])
elif cmd == "json":
    cmd_json(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "")
elif cmd == "inject":
    cmd_inject(sys.argv[2])
elif cmd == "imports":
    cmd_imports(sys.argv[2], sys.argv[3])
elif cmd == "gen":
    cmd_gen(int(sys.argv[2]), sys.argv[3])
elif cmd == "measure":
    cmd_measure(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
elif cmd == "count":
    cmd_count(sys.argv[2])
EOF

# run CMD...: stdout and stderr into $T/out and $T/err (bytes kept), $out, $err, $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
ai() { "$AILIFE_BIN" "$@"; }
snap() { ai export --all-users >"$T/snap.$1" 2>&1; }
# check_inert NAME FILE: no raw control byte (but newline and tab), DEL, C1 or invalid UTF-8 in the file.
check_inert() {
	if ! LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$2" &&
	    ! LC_ALL=C.UTF-8 grep -qaxv '.*' "$2"; then
		ok "$1"
	else
		not_ok "$1" "$($H inert "$2")"
	fi
}
# check_rss NAME KIB: peak RSS under IMPORT_RSS_MAX_MIB (reported only under a sanitizer).
check_rss() {
	if [ "$SANITIZED" = 1 ]; then
		echo "# $1: peak RSS $(($2 / 1024)) MiB under AddressSanitizer, not held to $IMPORT_RSS_MAX_MIB MiB"
		return
	fi
	check_true "$1: peak RSS $(($2 / 1024)) MiB < $IMPORT_RSS_MAX_MIB MiB" test "$2" -lt $((IMPORT_RSS_MAX_MIB * 1024))
}
# unchanged NAME: the store's export is what it was at the last snap before.
unchanged() {
	snap now
	if cmp -s "$T/snap.before" "$T/snap.now"; then
		ok "$1"
	else
		not_ok "$1" "the store changed: $(diff "$T/snap.before" "$T/snap.now" | head -3 | cut -c1-200)"
	fi
}
# refused NAME FIELD REASON CMD...: exit 2, "FIELD: ...REASON", message inert, nothing on stdout, store unchanged.
refused() {
	local name=$1 field=$2 reason=$3
	shift 3
	run ai "$@"
	check_rc "$name: exit 2" 2 "$rc"
	check_contains "$name: names the field" "$err" "$field: "
	check_contains "$name: says why" "$err" "$reason"
	check_inert "$name: the message is inert" "$T/err"
	check_eq "$name: nothing on stdout" "" "$out"
	unchanged "$name: store unchanged"
}

# ---- a store with one of everything ----
ai user create --name Ana --email ana@example.org --id ana >/dev/null 2>&1
check_rc "user create" 0 $?
ai goal add Run --target 100 --unit km --category sport --id run >/dev/null 2>&1
ai log run 5 --note fine --at "2026-11-26 08:00" >/dev/null 2>&1
ai journal add --title Day --body "Good day" --tag run --goal run --id j1 --at "2026-11-26 09:00" >/dev/null 2>&1
ai meal add Soup --calories 300 --goal run --id m1 --at "2026-11-26 12:30" >/dev/null 2>&1
ai workout add run --minutes 30 --goal run --id w1 --at "2026-11-26 07:00" >/dev/null 2>&1
snap before
check_eq "the store has its 6 items" 6 "$(wc -l <"$T/snap.before" | tr -d ' ')"

# ---- 1. control characters and escapes in every text argument ----
# name | the code point the message names | the text
ESC=$'\e'
declare -a HOSTILE=(
	"CSI colour|U+001B|a${ESC}[31mb"
	"OSC title ended by BEL|U+001B|a${ESC}]0;pwned"$'\a'"b"
	"BEL|U+0007|a"$'\a'"b"
	"C1 CSI|U+009B|a"$'\xc2\x9b'"2Jb"
	"DEL|U+007F|a"$'\x7f'"b"
	"CR|U+000D|a"$'\r'"b"
	"BS|U+0008|a"$'\b'"b"
)
# The text arguments: name | field in the message | the command, X where the text goes.
declare -a TEXTS=(
	"user create --name|name|user create --name X --id evil"
	"user edit --name|name|user edit --name X"
	"user edit --email|email|user edit --email X"
	"user edit --timezone|timezone|user edit --timezone X"
	"goal add TITLE|title|goal add X --target 1 --unit km"
	"goal add --unit|unit|goal add T --target 1 --unit X"
	"goal add --category|category|goal add T --target 1 --unit km --category X"
	"goal edit --title|title|goal edit run --title X"
	"log --note|note|log run 1 --note X"
	"journal add --title|title|journal add --title X --body b"
	"journal add --body|body|journal add --body X"
	"journal add --tag|--tag|journal add --body b --tag X"
	"journal edit --body|body|journal edit j1 --body X"
	"meal add NAME|name|meal add X --calories 1"
	"meal edit --name|name|meal edit m1 --name X"
	"workout add KIND|kind|workout add X --minutes 1"
	"workout edit --kind|kind|workout edit w1 --kind X"
)
for spec in "${TEXTS[@]}"; do
	IFS='|' read -r tname field cmd <<<"$spec"
	for h in "${HOSTILE[@]}"; do
		IFS='|' read -r hname code text <<<"$h"
		read -r -a words <<<"$cmd"
		for i in "${!words[@]}"; do [ "${words[$i]}" = X ] && words[$i]=$text; done
		refused "$tname with $hname" "$field" "control character $code not allowed" "${words[@]}"
	done
done
# A newline is refused in one-line text, kept in a body.
refused "goal add TITLE with a newline" title "control character U+000A not allowed" goal add $'a\nb' --target 1 --unit km
refused "meal add NAME with a tab" name "control character U+0009 not allowed" meal add $'a\tb' --calories 1
# A body from standard input.
printf 'line one\n\033]0;pwned\007\n' >"$T/body"
run ai journal add <"$T/body"
check_rc "a journal body on stdin with OSC: exit 2" 2 "$rc"
check_contains "names the body" "$err" "body: control character U+001B not allowed"
check_inert "and the message is inert" "$T/err"
unchanged "and the store is unchanged"
# Ids, times, days, enums, names of commands and options: refused with an inert message.
declare -a OTHERS=(
	"goal show ID|goal show a${ESC}[2Jb"
	"log GOAL|log a${ESC}[2Jb 1"
	"--id|meal add x --calories 1 --id a${ESC}[2Jb"
	"--user|--user a${ESC}[2Jb goal list"
	"--at|log run 1 --at 2026${ESC}[2J"
	"--from|meal list --from 2026${ESC}[2J"
	"--type of a meal|meal add x --calories 1 --type a${ESC}[2J"
	"timeline --type|timeline --type a${ESC}[2J"
	"goal status|goal status run a${ESC}[2J"
	"--limit|meal list --limit 1${ESC}[2J"
	"a command|a${ESC}[2J"
	"an option|goal list --a${ESC}[2J"
	"activity delete AT|activity delete run 2026${ESC}[2J"
)
for spec in "${OTHERS[@]}"; do
	IFS='|' read -r tname cmd <<<"$spec"
	read -r -a words <<<"$cmd"
	run ai "${words[@]}"
	check_rc "$tname with an escape: exit 2" 2 "$rc"
	check_contains "$tname with an escape: the value shown escaped" "$err" '\x1b[2J'
	check_inert "$tname with an escape: the message is inert" "$T/err"
done
unchanged "none of them changed the store"

# ---- 2. the same text stored by another client ----
cp "$T/db.sqlite" "$T/evil.sqlite"
if $H inject "$T/evil.sqlite"; then ok "hostile text written into the SQLite file"; else not_ok "hostile text written into the SQLite file"; fi
EV="--db $T/evil.sqlite"
jid=j1
# name | command | the fields whose hostile text --json must carry
declare -a SHOWN=(
	"user show|user show|name,email"
	"user list|user list|name,email"
	"goal list|goal list|title,category,unit"
	"goal show|goal show run|title,category,unit,note"
	"activity list|activity list|note"
	"activity list --goal|activity list --goal run|note"
	"journal list|journal list|title,body,tags"
	"journal show|journal show $jid|title,body,tags"
	"meal list|meal list|name,mealId"
	"meal show|meal show m1|name"
	"workout list|workout list|kind"
	"workout show|workout show w1|kind"
	"timeline|timeline|note,title,body,tags,name,kind"
	"timeline --type meal|timeline --type meal|name"
)
for spec in "${SHOWN[@]}"; do
	IFS='|' read -r tname cmd fields <<<"$spec"
	read -r -a words <<<"$cmd"
	run ai $EV "${words[@]}"
	check_rc "stored hostile text, $tname: exit 0" 0 "$rc"
	check_inert "stored hostile text, $tname: stdout inert" "$T/out"
	check_inert "stored hostile text, $tname: stderr inert" "$T/err"
	check_contains "stored hostile text, $tname: shown escaped" "$out" '\x1b[31mred'
	run ai $EV --json "${words[@]}"
	check_rc "stored hostile text, --json $tname: exit 0" 0 "$rc"
	if why=$($H json "$T/out" doc "$fields"); then
		ok "stored hostile text, --json $tname: exact JSON with the original characters"
	else
		not_ok "stored hostile text, --json $tname: exact JSON with the original characters" "$why"
	fi
done
# The goal with a hostile status.
run ai $EV goal list --status all
check_inert "a stored hostile status: goal list --status all inert" "$T/out"
check_contains "a stored hostile status: the goal listed" "$out" "g2"
run ai $EV goal show g2
check_rc "a stored hostile status: goal show exit 0" 0 "$rc"
check_inert "a stored hostile status: goal show inert" "$T/out"
run ai $EV --json goal show g2
if why=$($H json "$T/out" doc "title,status"); then
	ok "a stored hostile status: --json goal show holds it exactly"
else
	not_ok "a stored hostile status: --json goal show holds it exactly" "$why"
fi
run ai $EV meal show $'m\e[31mX'
check_rc "a stored id with an escape is no valid id to type: exit 2" 2 "$rc"
check_inert "and the message is inert" "$T/err"
run ai $EV export --all-users
check_rc "export of hostile text" 0 "$rc"
if why=$($H json "$T/out" lines "name,email,title,category,unit,note,body,tags,kind,mealId,status"); then
	ok "export holds the original characters, one exact JSON object a line"
else
	not_ok "export holds the original characters, one exact JSON object a line" "$why"
fi
# Commands that write and then print what is stored.
run ai $EV log run 1 --at "2026-11-26 10:00"
check_rc "log on a goal with a hostile unit: exit 0" 0 "$rc"
check_inert "log on a goal with a hostile unit: stdout inert" "$T/out"
run ai $EV activity delete run 2026-11-26T07:00:00.000Z
check_rc "activity delete on a goal with a hostile unit: exit 0" 0 "$rc"
check_inert "activity delete on a goal with a hostile unit: stdout inert" "$T/out"
run ai $EV goal status run paused
check_rc "goal status on a hostile goal: exit 0" 0 "$rc"
check_inert "goal status on a hostile goal: stdout inert" "$T/out"
run ai $EV log g2 1 --at "2026-11-26 10:00"
check_rc "log on a goal with a hostile status: exit 0" 0 "$rc"
check_inert "log on a goal with a hostile status: stdout inert" "$T/out"
run ai $EV goal status g2 paused
check_rc "goal status from a hostile status: exit 0" 0 "$rc"
check_inert "goal status from a hostile status: stdout inert" "$T/out"
run ai $EV goal edit run --target 50
check_inert "goal edit of a goal with a hostile title: output inert" "$T/out"
check_inert "goal edit of a goal with a hostile title: message inert" "$T/err"

# ---- 3. oversized values, numbers out of range, invalid UTF-8 in arguments ----
# The largest one argument Linux passes to a program is 128 KiB - 1 bytes (MAX_ARG_STRLEN);
# a 1 MB argument never reaches ailife (the shell gets E2BIG), so 131071 bytes stand in.
BIG=$(head -c 131071 /dev/zero | tr '\0' a)
refused "a 128 KiB goal title" title "longer than 200 characters (131071)" goal add "$BIG" --target 1 --unit km
refused "a 128 KiB meal name" name "longer than 200 characters (131071)" meal add "$BIG" --calories 1
refused "a 128 KiB user name" name "longer than 200 characters (131071)" user edit --name "$BIG"
refused "a 128 KiB journal body" body "longer than 102400 bytes" journal add --body "$BIG"
refused "a 128 KiB tag" --tag "longer than 50 characters (131071)" journal add --body b --tag "$BIG"
refused "a 128 KiB --id" mealId "is not a valid id" meal add x --calories 1 --id "$BIG"
refused "a note of 1001 characters" note "longer than 1000 characters (1001)" log run 1 --note "$(head -c 1001 /dev/zero | tr '\0' n)"
refused "a note of 1001 two-byte characters" note "longer than 1000 characters (1001)" log run 1 --note "$(python3 -c 'print("é" * 1001)')"
run ai goal show "$BIG"
check_rc "a 128 KiB goal id: exit 2" 2 "$rc"
check_contains "a 128 KiB goal id: says why" "$err" "is not a valid goal id"
check_true "a 128 KiB goal id: the message is short" test "${#err}" -lt 400
run ai --user "$BIG" goal list
check_rc "a 128 KiB --user: exit 2" 2 "$rc"
check_contains "a 128 KiB --user: says why" "$err" "is not a valid user id"
check_true "a 128 KiB --user: the message is short" test "${#err}" -lt 400
head -c 1048576 /dev/zero | tr '\0' a >"$T/mb"
run ai journal add <"$T/mb"
check_rc "a 1 MiB body on stdin: exit 2" 2 "$rc"
check_contains "a 1 MiB body on stdin: says why" "$err" "body: longer than 102400 bytes"
unchanged "a 1 MiB body on stdin: store unchanged"
# The limits themselves are accepted (on a copy: this section is about refusals).
cp "$T/db.sqlite" "$T/edge.sqlite"
ai --db "$T/edge.sqlite" log run 1 --note "$(python3 -c 'print("é" * 1000)')" >/dev/null 2>&1
check_rc "a note of exactly 1000 two-byte characters is accepted" 0 $?
head -c 102400 /dev/zero | tr '\0' b | ai --db "$T/edge.sqlite" journal add >/dev/null 2>&1
check_rc "a body of exactly 102400 bytes is accepted" 0 $?

# Numbers: flag | field | command with X for the number | the smallest value refused below 0.
declare -a NUMS=(
	"log AMOUNT|amount|log run -- X"
	"goal add --target|target|goal add T --unit u --target X"
	"goal edit --target|target|goal edit run --target X"
	"meal add --calories|calories|meal add x --calories X"
	"meal add --protein|protein|meal add x --calories 1 --protein X"
	"meal add --carbs|carbs|meal add x --calories 1 --carbs X"
	"meal add --fat|fat|meal add x --calories 1 --fat X"
	"workout add --minutes|minutes|workout add run --minutes X"
	"workout add --distance|--distance|workout add run --minutes 1 --distance X"
	"workout add --calories|calories|workout add run --minutes 1 --calories X"
	"user edit --calorie-target|--calorie-target|user edit --calorie-target X"
	"journal add --mood|mood|journal add --body b --mood X"
)
declare -a BADNUMS=(
	"1e400|number out of range"
	"-1e400|number out of range"
	"99999999999999999999999999999999999999999|number out of range"
	"NaN|not"
	"nan|not"
	"Infinity|not"
	"-Infinity|not"
	"inf|not"
	"0x10|not"
	"1e-400|"
	"1_000|not"
	" 5|not"
)
for spec in "${NUMS[@]}"; do
	IFS='|' read -r tname field cmd <<<"$spec"
	for b in "${BADNUMS[@]}"; do
		IFS='|' read -r v reason <<<"$b"
		read -r -a words <<<"$cmd"
		for i in "${!words[@]}"; do [ "${words[$i]}" = X ] && words[$i]=$v; done
		# A value is shown, cut after 40 characters.
		refused "$tname '$v'" "$field" "'${v:0:40}" "${words[@]}"
		[ -n "$reason" ] && check_contains "$tname '$v': the reason" "$err" "$reason"
	done
	read -r -a words <<<"$cmd"
	for i in "${!words[@]}"; do [ "${words[$i]}" = X ] && words[$i]=-1; done
	refused "$tname -1 (negative)" "$field" "must be" "${words[@]}"
done
refused "an empty amount" amount "'': empty number" log run ""
refused "empty calories" calories "'': empty number" meal add x --calories ""
refused "mood 10^20 says out of range, not 'not whole'" mood "'99999999999999999999': number out of range" journal add --body b --mood 99999999999999999999
for o in "meal list --limit" "demo --days"; do
	for v in 99999999999999999999 -1 1e400 NaN; do
		read -r -a words <<<"$o $v"
		run ai "${words[@]}"
		check_rc "$o $v: exit 2" 2 "$rc"
		check_contains "$o $v: names the value" "$err" "'$v'"
	done
done
unchanged "none of the out-of-range numbers changed the store"

# Invalid UTF-8: a lone 0xff, an overlong '/', a surrogate, a cut sequence, past U+10FFFF, a 5-byte form.
declare -a BADUTF=($'\xff' $'a\xc0\xafb' $'a\xed\xa0\x80b' $'a\xe2\x82' $'a\xf4\x90\x80\x80b' $'a\xf8\x88\x80\x80\x80b')
for spec in "${TEXTS[@]}"; do
	IFS='|' read -r tname field cmd <<<"$spec"
	n=0
	for text in "${BADUTF[@]}"; do
		n=$((n + 1))
		read -r -a words <<<"$cmd"
		for i in "${!words[@]}"; do [ "${words[$i]}" = X ] && words[$i]=$text; done
		refused "$tname with invalid UTF-8 #$n" "$field" "invalid UTF-8" "${words[@]}"
	done
done
for spec in "${OTHERS[@]}"; do
	IFS='|' read -r tname cmd <<<"$spec"
	read -r -a words <<<"${cmd//${ESC}\[2J/$'\xff\xc0'}"
	run ai "${words[@]}"
	check_rc "$tname with invalid UTF-8: exit 2" 2 "$rc"
	check_inert "$tname with invalid UTF-8: the message is valid UTF-8 and inert" "$T/err"
done
unchanged "no invalid UTF-8 changed the store"

# ---- 4. hostile import files ----
ai export --all-users >"$T/src.jsonl"
mkdir "$T/imp"
$H imports "$T/src.jsonl" "$T/imp"
check_true "hostile import files made" test -s "$T/imp/index"
while IFS=$'\t' read -r file line reason name; do
	run ai import "$file"
	check_rc "import, $name: exit 2" 2 "$rc"
	check_contains "import, $name: line $line named" "$err" "ailife: import: line $line: "
	check_contains "import, $name: says why" "$err" "$reason"
	check_contains "import, $name: nothing imported" "$err" "1 bad line: nothing imported"
	check_inert "import, $name: the message is inert" "$T/err"
	unchanged "import, $name: store unchanged"
done <"$T/imp/index"
# The 10 MB line and the 100000 nested arrays again through a pipe, memory measured.
for name in "a 10 MB line" "100000 nested arrays"; do
	f=$(awk -F'\t' -v n="$name" '$4 == n { print $1 }' "$T/imp/index")
	$H measure "$T/m" "pipe:$f" "$T/out" "$T/err" "$AILIFE_BIN" import
	read -r mrc msecs mrss mcpu <"$T/m"
	check_rc "import from a pipe, $name: exit 2" 2 "$mrc"
	check_contains "import from a pipe, $name: line 2 named" "$(cat "$T/err")" "ailife: import: line 2: "
	check_rss "import from a pipe, $name" "$mrss"
	unchanged "import from a pipe, $name: store unchanged"
done
# A NUL byte after an item.
{ head -1 "$T/src.jsonl" | tr -d '\n'; printf '\0\n'; } >"$T/nul.jsonl"
run ai import "$T/nul.jsonl"
check_rc "import, a NUL byte after an item: exit 2" 2 "$rc"
check_contains "import, a NUL byte after an item: line 1 named" "$err" "ailife: import: line 1: "
unchanged "import, a NUL byte after an item: store unchanged"

# ---- 5. a million lines (one user, the rest meals), as export writes them ----
BIGDB="$T/million.sqlite"
t0=$(date +%s.%N)
$H gen "$MILLION" "$T/million.jsonl"
gen_s=$(python3 -c "import time; print('%.1f' % (time.time() - $t0))")
check_eq "$MILLION lines generated" "$MILLION" "$(wc -l <"$T/million.jsonl" | tr -d ' ')"
echo "# generating $MILLION lines ($(($(stat -c %s "$T/million.jsonl") / 1048576)) MiB) took ${gen_s} s"
# First with a bad last line: every line checked, nothing written.
printf '{"PK":{"S":"USER#big"},"SK":{"S":"PROFILE"}}\n' >>"$T/million.jsonl"
$H measure "$T/m" /dev/null "$T/out" "$T/err" "$AILIFE_BIN" --db "$BIGDB" import "$T/million.jsonl"
read -r mrc msecs mrss mcpu <"$T/m"
echo "# $MILLION good lines and a bad last one: refused in $msecs s ($mcpu s CPU), peak RSS $((mrss / 1024)) MiB"
check_rc "$MILLION lines and a bad last one: exit 2" 2 "$mrc"
check_contains "$MILLION lines and a bad last one: the last line is named" "$(cat "$T/err")" \
    "ailife: import: line $((MILLION + 1)): "
check_eq "$MILLION lines and a bad last one: nothing imported" 0 "$($H count "$BIGDB" 2>/dev/null || echo 0)"
check_rss "checking $MILLION lines" "$mrss"
truncate -s -"$(tail -1 "$T/million.jsonl" | wc -c)" "$T/million.jsonl"
# Then the million good lines.
$H measure "$T/m" /dev/null "$T/out" "$T/err" "$AILIFE_BIN" --db "$BIGDB" import "$T/million.jsonl"
read -r mrc msecs mrss mcpu <"$T/m"
echo "# $MILLION lines imported in $msecs s ($mcpu s CPU), peak RSS $((mrss / 1024)) MiB"
check_rc "$MILLION lines: exit 0" 0 "$mrc"
check_eq "$MILLION lines: all imported" "imported $MILLION items" "$(cat "$T/out")"
check_eq "$MILLION lines: no message" "" "$(cat "$T/err")"
check_rss "importing $MILLION lines" "$mrss"
check_eq "$MILLION lines: as many items stored" "$MILLION" "$($H count "$BIGDB")"
last=$(printf 'm%07d' $((MILLION - 1)))
run ai --db "$BIGDB" --json meal show "$last"
check_eq "$MILLION lines: the last meal reads back" "Meal $((MILLION - 1))" \
    "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])' 2>&1)"
rm -f "$T/million.jsonl" "$BIGDB"*

finish
