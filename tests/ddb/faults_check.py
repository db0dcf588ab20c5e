#!/usr/bin/env python3
"""Checks the table after the fault workload of test_faults.sh.

  faults_check.py LEDGER EXPORT

LEDGER: one line per command that reported success, tab-separated:
  user U | goal U G TARGET | log U G AMOUNT NOTE | adel U G AT NOTE |
  journal U ID TITLE | jedit U ID TITLE | meal U ID CALORIES | medit U ID CALORIES |
  workout U ID MINUTES | wedit U ID MINUTES | status U G STATUS | gdelete U G |
  import FILE
EXPORT: `ailife export --all-users` read directly from DynamoDB Local.

Prints "ok - ..." / "not ok - ..." lines (with details after "#") and one line
"figures: lost=N doubled=M stale=K" (stale: an edit or delete that did not take).
Amounts are added as exact decimals.
"""
import collections
import json
import sys
from decimal import Decimal

results = []


def check(name, good, *details):
    results.append((name, good, details))


def val(av):
    """An AttributeValue as Python: S -> str, N -> Decimal, SS -> sorted list."""
    if "S" in av:
        return av["S"]
    if "N" in av:
        return Decimal(av["N"])
    if "SS" in av:
        return sorted(av["SS"])
    return av


def main(ledger_path, export_path):
    items = {}
    dup_keys = 0
    with open(export_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            it = json.loads(line)
            k = (it["PK"]["S"], it["SK"]["S"])
            if k in items:
                dup_keys += 1
            items[k] = it
    check("export lists every key once", dup_keys == 0, "%d keys listed twice" % dup_keys)

    by_user_type = collections.defaultdict(list)
    for (pk, sk), it in items.items():
        by_user_type[(pk, it["type"]["S"])].append(it)

    lost = doubled = stale = 0
    logs = collections.OrderedDict()     # note -> (user, goal, amount)
    deleted = {}                         # note -> (user, goal, at)
    goals = {}                           # (user, goal) -> target
    statuses = {}                        # (user, goal) -> status
    gdeleted = set()
    users = set()
    adds = {"JOURNAL": {}, "MEAL": {}, "WORKOUT": {}}   # id -> (user, expected field value)
    edited = {"JOURNAL": set(), "MEAL": set(), "WORKOUT": set()}
    imports = []
    with open(ledger_path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            k = p[0]
            if k == "user":
                users.add(p[1])
            elif k == "goal":
                goals[(p[1], p[2])] = Decimal(p[3])
            elif k == "log":
                logs[p[4]] = (p[1], p[2], Decimal(p[3]))
            elif k == "adel":
                deleted[p[4]] = (p[1], p[2], p[3])
            elif k in ("journal", "meal", "workout"):
                adds[k.upper()][p[2]] = (p[1], p[3])
            elif k in ("jedit", "medit", "wedit"):
                t = {"jedit": "JOURNAL", "medit": "MEAL", "wedit": "WORKOUT"}[k]
                adds[t][p[2]] = (p[1], p[3])
                edited[t].add(p[2])
            elif k == "status":
                statuses[(p[1], p[2])] = p[3]
            elif k == "gdelete":
                gdeleted.add((p[1], p[2]))
            elif k == "import":
                imports.append(p[1])

    for u in sorted(users):
        ok = ("USER#" + u, "PROFILE") in items
        lost += not ok
        check("user create: %s stored" % u, ok)

    # Activities: each successful log exactly once (by its unique note), unless deleted.
    acts = collections.defaultdict(list)
    for (pk, sk), it in items.items():
        if it["type"]["S"] == "ACTIVITY" and "note" in it:
            acts[it["note"]["S"]].append(it)
    n_lost = n_doubled = n_stale = 0
    bad_notes = []
    for note, (u, g, amount) in logs.items():
        found = acts.get(note, [])
        if note in deleted:
            if found:
                n_stale += 1
                bad_notes.append("%s: deleted but still there" % note)
            continue
        if not found:
            n_lost += 1
            bad_notes.append("%s: lost" % note)
        elif len(found) > 1:
            n_doubled += len(found) - 1
            bad_notes.append("%s: stored %d times" % (note, len(found)))
        else:
            a = found[0]
            if a["goalId"]["S"] != g or val(a["amount"]) != amount or a["PK"]["S"] != "USER#" + u:
                bad_notes.append("%s: stored with other values: %s" % (note, json.dumps(a)))
                n_lost += 1
    logged_notes = set(logs)
    strays = [n for n in acts if n not in logged_notes and n.startswith("n-")]
    check("log: %d successful logs stored exactly once, %d deletes applied" % (len(logs), len(deleted)),
          not bad_notes and not strays, *(bad_notes[:10] + ["stray activity %s (never reported)" % s for s in strays[:5]]))
    lost += n_lost
    doubled += n_doubled + len(strays)
    stale += n_stale

    # Progress equals the sum of the goal's activities, for every goal in the table.
    mismatch = []
    ngoals = 0
    for (pk, sk), it in items.items():
        if it["type"]["S"] != "GOAL":
            continue
        ngoals += 1
        g = it["goalId"]["S"]
        total = sum((val(a["amount"]) for (p2, s2), a in items.items()
                     if p2 == pk and s2.startswith("ACTIVITY#%s#" % g)), Decimal(0))
        if val(it["progress"]) != total:
            mismatch.append("%s %s: progress %s, activities sum to %s" % (pk, g, it["progress"]["N"], total))
        if it["GSI1PK"]["S"] != "GOAL#" + it["status"]["S"]:
            mismatch.append("%s %s: GSI1PK %s with status %s" % (pk, g, it["GSI1PK"]["S"], it["status"]["S"]))
        if total >= val(it["target"]) and it["status"]["S"] == "active":
            mismatch.append("%s %s: progress %s reached target %s but status is active" % (
                pk, g, total, it["target"]["N"]))
    check("progress equals the sum of the activities for all %d goals" % ngoals, not mismatch, *mismatch[:10])

    for (u, g), target in sorted(goals.items()):
        if (u, g) in gdeleted:
            continue
        ok = ("USER#" + u, "GOAL#" + g) in items
        lost += not ok
        check("goal add: %s stored" % g, ok)
    for (u, g), st in sorted(statuses.items()):
        it = items.get(("USER#" + u, "GOAL#" + g))
        got = it["status"]["S"] if it else None
        stale += got != st
        check("goal status: %s is %s" % (g, st), got == st, "got %s" % got)

    # Journal entries, meals, workouts: one item per add, the edit applied once.
    field = {"JOURNAL": "title", "MEAL": "calories", "WORKOUT": "minutes"}
    for t, m in adds.items():
        problems = []
        for i, (u, want) in m.items():
            it = items.get(("USER#" + u, "%s#%s" % (t, i)))
            if it is None:
                lost += 1
                problems.append("%s lost" % i)
                continue
            if str(val(it[field[t]])) != want:
                stale += 1
                problems.append("%s: %s is %s, wanted %s" % (i, field[t], it[field[t]], want))
            v = 2 if i in edited[t] else 1
            if val(it["version"]) != v:
                problems.append("%s: version %s, wanted %d (an edit applied twice or not at all)" % (
                    i, it["version"]["N"], v))
                doubled += val(it["version"]) > v
                stale += val(it["version"]) < v
        users_t = {u for (u, _) in m.values()}
        extra = []
        for u in users_t:
            for it in by_user_type.get(("USER#" + u, t), []):
                i = it["SK"]["S"].split("#", 1)[1]
                if i not in m:
                    extra.append(i)
        doubled += len(extra)
        problems += ["%s %s stored but never reported (a doubled add?)" % (t.lower(), i) for i in extra[:5]]
        check("%s add/edit: %d items stored exactly once, %d edits applied once" % (
            t.lower(), len(m), len(edited[t])), not problems, *problems[:10])

    for (u, g) in sorted(gdeleted):
        left = [sk for (pk, sk), it in items.items()
                if pk == "USER#" + u and (sk == "GOAL#" + g or sk.startswith("ACTIVITY#%s#" % g)
                                         or it.get("goalId", {}).get("S") == g)]
        stale += len(left)
        check("goal delete: %s and all its activities are gone" % g, not left,
              "%d items left, e.g. %s" % (len(left), left[:3]))

    for path in imports:
        missing = differ = 0
        n = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                it = json.loads(line)
                k = (it["PK"]["S"], it["SK"]["S"])
                if k[1].startswith("GOAL#") and (k[0][5:], k[1][5:]) in gdeleted:
                    continue
                if k[1].startswith("ACTIVITY#") and (k[0][5:], k[1].split("#")[1]) in gdeleted:
                    continue
                n += 1
                got = items.get(k)
                if got is None:
                    missing += 1
                elif got != it:
                    differ += 1
        lost += missing
        check("import: %d items stored as imported" % n, missing == 0 and differ == 0,
              "%d missing, %d differ" % (missing, differ))

    for name, good, details in results:
        print("%s - %s" % ("ok" if good else "not ok", name))
        if not good:
            for d in details:
                print("#   %s" % d)
    print("figures: lost=%d doubled=%d stale=%d" % (lost, doubled, stale))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
