#!/usr/bin/env python3
"""Generates items of data-model.md as JSON Lines in the wire format of
`ailife export` (keys included), for `ailife import` in the DynamoDB tests and
the benchmark.  Deterministic: the same arguments give the same bytes.

  gen_items.py user U                          the profile of user U
  gen_items.py goal U G N [START] [STEP_MS]    goal G with N activities (progress = their
                                               sum, exact), one every STEP_MS from START;
                                               notes "U-G-<i>"
  gen_items.py journals U N BYTES [START] [STEP_MS]
                                               N journal entries of U, bodies of BYTES
                                               bytes (UTF-8, some multi-byte), titles
                                               "entry-<i>"
  gen_items.py mixed U N                       about N items of U: the profile, goals with
                                               activities, journal entries, meals, workouts

Times: START is RFC 3339 with milliseconds (default 2026-01-01T00:00:00.000Z).
"""
import datetime
import json
import sys
from decimal import Decimal

STAMP = "2026-11-26T12:00:00.000Z"
AMOUNTS = ["0.1", "0.2", "0.25", "1", "1.5", "2.125", "0.005", "3", "0.333", "7"]
# Crockford base32 without I, L, O, U: ids that look like ULIDs, from a counter.
B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid_like(prefix_ms, n):
    v = (prefix_ms << 80) | n
    out = []
    for _ in range(26):
        out.append(B32[v & 31])
        v >>= 5
    return "".join(reversed(out))


def parse_ts(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)


def fmt_ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def common(kind):
    return {"type": S(kind), "createdAt": S(STAMP), "updatedAt": S(STAMP), "version": N(1)}


def emit(item):
    sys.stdout.write(json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def canon(d):
    """Canonical decimal text: no exponent, no trailing zeros."""
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def user(u):
    it = {"PK": S("USER#" + u), "SK": S("PROFILE"), "GSI1PK": S("USER"), "GSI1SK": S("USER#" + u),
          "userId": S(u), "name": S("Generated " + u), "timezone": S("UTC"), "units": S("metric")}
    it.update(common("USER"))
    emit(it)


def goal(u, g, n, start="2026-01-01T00:00:00.000Z", step_ms=60000, target=None):
    t0 = parse_ts(start)
    total = Decimal(0)
    acts = []
    for i in range(n):
        at = fmt_ts(t0 + datetime.timedelta(milliseconds=i * step_ms))
        amount = AMOUNTS[i % len(AMOUNTS)]
        total += Decimal(amount)
        it = {"PK": S("USER#" + u), "SK": S("ACTIVITY#%s#%s" % (g, at)),
              "GSI2PK": S("USER#%s#ACTIVITY" % u), "GSI2SK": S("%s#%s" % (at, g)),
              "GSI3PK": S("GOAL#" + g), "GSI3SK": S("ACTIVITY#" + at),
              "userId": S(u), "goalId": S(g), "amount": N(amount), "note": S("%s-%s-%d" % (u, g, i)),
              "occurredAt": S(at)}
        it.update(common("ACTIVITY"))
        acts.append(it)
    target = target or "1000000"
    it = {"PK": S("USER#" + u), "SK": S("GOAL#" + g), "GSI1PK": S("GOAL#active"),
          "GSI1SK": S("USER#%s#GOAL#%s" % (u, g)), "userId": S(u), "goalId": S(g),
          "title": S("Goal %s" % g), "target": N(target), "unit": S("u"), "progress": N(canon(total)),
          "status": S("active")}
    it.update(common("GOAL"))
    it["version"] = N(n + 1)
    emit(it)
    for a in acts:
        emit(a)


def journals(u, n, nbytes, start="2026-01-01T00:00:00.000Z", step_ms=60000):
    t0 = parse_ts(start)
    for i in range(n):
        at = fmt_ts(t0 + datetime.timedelta(milliseconds=i * step_ms))
        j = ulid_like(1700000000000, i)
        head = "entry %d ü€ " % i
        fill = "abcdefghijklmnopqrstuvwxyz0123456789 " * (nbytes // 37 + 1)
        body = (head + fill).encode("utf-8")[:nbytes].decode("utf-8", "ignore")
        it = {"PK": S("USER#" + u), "SK": S("JOURNAL#" + j),
              "GSI2PK": S("USER#%s#JOURNAL" % u), "GSI2SK": S("%s#%s" % (at, j)),
              "userId": S(u), "entryId": S(j), "title": S("entry-%d" % i), "body": S(body),
              "mood": N(i % 5 + 1), "tags": {"SS": ["gen", "t%d" % (i % 7)]}, "occurredAt": S(at)}
        it.update(common("JOURNAL"))
        emit(it)


def mixed(u, n):
    user(u)
    ngoals = 10
    per_goal = max(1, int(n * 0.7) // ngoals)
    for k in range(ngoals):
        goal(u, "g%02d" % k, per_goal, "2026-0%d-01T00:00:00.000Z" % (k % 9 + 1), 3600000 + k)
    rest = max(0, n - 1 - ngoals * (per_goal + 1))
    t0 = parse_ts("2026-03-01T06:00:00.000Z")
    for i in range(rest):
        at = fmt_ts(t0 + datetime.timedelta(minutes=37 * i))
        oid = ulid_like(1710000000000, i)
        kind = i % 3
        if kind == 0:
            it = {"SK": S("JOURNAL#" + oid), "GSI2PK": S("USER#%s#JOURNAL" % u), "entryId": S(oid),
                  "body": S("Tag %d: gut geschlafen 😴" % i), "title": S("j%d" % i)}
            t = "JOURNAL"
        elif kind == 1:
            it = {"SK": S("MEAL#" + oid), "GSI2PK": S("USER#%s#MEAL" % u), "mealId": S(oid),
                  "name": S("Mahlzeit %d" % i), "mealType": S(["breakfast", "lunch", "dinner", "snack"][i % 4]),
                  "calories": N(200 + i % 700), "protein": N(canon(Decimal(i % 40) / 4))}
            t = "MEAL"
        else:
            it = {"SK": S("WORKOUT#" + oid), "GSI2PK": S("USER#%s#WORKOUT" % u), "workoutId": S(oid),
                  "kind": S("run"), "minutes": N(10 + i % 80), "distanceKm": N(canon(Decimal(i % 200) / 10))}
            t = "WORKOUT"
        it.update({"PK": S("USER#" + u), "GSI2SK": S("%s#%s" % (at, oid)), "userId": S(u), "occurredAt": S(at)})
        it.update(common(t))
        emit(it)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "user":
        user(args[0])
    elif cmd == "goal":
        goal(args[0], args[1], int(args[2]), *(args[3:4]), *[int(a) for a in args[4:5]])
    elif cmd == "journals":
        journals(args[0], int(args[1]), int(args[2]), *(args[3:4]), *[int(a) for a in args[4:5]])
    elif cmd == "mixed":
        mixed(args[0], int(args[1]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
