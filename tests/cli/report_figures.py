#!/usr/bin/env python3
"""The figures of `ailife report --json`, computed independently from `ailife export`.

Usage: report_figures.py EXPORT.jsonl REPORT.json FROM TO TODAY [GOAL_ID]

Reads the raw items of an export (DynamoDB attribute-value JSON), takes the
user's zone from the profile, and computes every figure the report's rules
(ailife(1), REPORT) define with Python's zoneinfo and Decimal arithmetic, then
compares them with REPORT.json. Prints one line per difference; exit 1 when
there is any, 0 when all agree (and says how many figures were compared).
"""
import datetime as dt
import json
import sys
from collections import defaultdict
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

MILLI = Decimal("0.001")


def val(attr):
    (kind, v), = attr.items()
    if kind == "N":
        return Decimal(v)
    return v


def rnd(x):
    return x.quantize(MILLI, rounding=ROUND_HALF_UP)


def avg(total, n):
    return rnd(Decimal(total) / n) if n > 0 else Decimal(0)


def day_of(ts, zone):
    t = dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return t.astimezone(zone).date()


def main():
    export, report, first, last, today = sys.argv[1:6]
    only_goal = sys.argv[6] if len(sys.argv) > 6 else None
    first, last, today = (dt.date.fromisoformat(x) for x in (first, last, today))
    items = [{k: val(v) for k, v in json.loads(line).items()} for line in open(export) if line.strip()]
    got = json.load(open(report), parse_float=Decimal, parse_int=Decimal)
    profile = next(i for i in items if i["type"] == "USER")
    zone = ZoneInfo(profile.get("timezone", "UTC"))
    days = (last - first).days + 1
    passed = 0 if today < first else days if today > last else (today - first).days + 1
    idx = lambda d: (d - first).days if first <= d <= last else None
    want = {"from": str(first), "to": str(last), "today": str(today), "days": days, "daysPassed": passed}

    # Goals.
    acts = defaultdict(list)
    for i in items:
        if i["type"] == "ACTIVITY":
            acts[i["goalId"]].append((day_of(i["occurredAt"], zone), i["amount"]))
    goals = []
    for g in sorted((i for i in items if i["type"] == "GOAL"), key=lambda g: g["goalId"]):
        gid = g["goalId"]
        if only_goal is not None and gid != only_goal:
            continue
        daily = [Decimal(0)] * days
        count = 0
        for d, a in acts[gid]:
            if idx(d) is not None:
                daily[idx(d)] += a
                count += 1
        if only_goal is None and count == 0 and g["status"] != "active":
            continue
        total = sum(daily, Decimal(0))
        longest = run = 0
        for v in daily:
            run = run + 1 if v != 0 else 0
            longest = max(longest, run)
        active = {d for d, _ in acts[gid] if d <= today}
        start = today if today in active else today - dt.timedelta(days=1)
        streak = 0
        while start - dt.timedelta(days=streak) in active:
            streak += 1
        target, progress = g["target"], g["progress"]
        gavg = avg(total, passed)
        pace = {}
        remaining = max(target - progress, Decimal(0))
        if g["status"] == "completed" or remaining == 0:
            pace["state"], remaining = "completed", Decimal(0)
        elif "dueDate" not in g:
            pace["state"] = "no_due_date"
        else:
            due = dt.date.fromisoformat(g["dueDate"])
            if due < today:
                pace["state"] = "overdue"
            else:
                left = (due - today).days + 1
                pace["daysLeft"] = left
                pace["neededPerDay"] = avg(remaining, left)
                if gavg <= 0:
                    pace["state"] = "behind"
                else:
                    need = (remaining / gavg).to_integral_value(rounding=ROUND_CEILING)
                    finish = today + dt.timedelta(days=int(need) - 1)
                    off = (due - finish).days
                    pace["finish"] = str(finish)
                    pace["daysAhead"] = off
                    pace["state"] = "ahead" if off > 0 else "on_track" if off == 0 else "behind"
        pace["remaining"] = remaining
        goals.append({"id": gid, "title": g["title"], "status": g["status"], "target": target,
                      "progress": progress,
                      "percent": rnd(progress * 100 / target) if target > 0 else Decimal(0),
                      "total": total, "activities": count, "activeDays": sum(1 for v in daily if v != 0),
                      "dailyAverage": gavg, "currentStreak": streak, "longestStreak": longest,
                      "pace": pace, "daily": daily})
    want["goals"] = goals

    # Meals.
    kcal = [Decimal(0)] * days
    logged = [False] * days
    tot = defaultdict(Decimal)
    count = 0
    for m in (i for i in items if i["type"] == "MEAL"):
        k = idx(day_of(m["occurredAt"], zone))
        if k is None:
            continue
        count += 1
        kcal[k] += m["calories"]
        logged[k] = True
        for f in ("calories", "protein", "carbs", "fat"):
            tot[f] += m.get(f, Decimal(0))
    target = profile.get("dailyCalorieTarget")
    over = under = on = empty = 0
    for k in range(passed):
        if not logged[k]:
            empty += 1
        elif target is None:
            pass
        elif kcal[k] > target:
            over += 1
        elif kcal[k] < target:
            under += 1
        else:
            on += 1
    energy = {"protein": tot["protein"] * 4, "carbs": tot["carbs"] * 4, "fat": tot["fat"] * 9}
    esum = sum(energy.values())
    want["meals"] = {"count": count, "calories": tot["calories"], "protein": tot["protein"],
                     "carbs": tot["carbs"], "fat": tot["fat"],
                     "dailyAverage": {f: avg(tot[f], passed) for f in ("calories", "protein", "carbs", "fat")},
                     "target": target, "daysOver": over, "daysUnder": under, "daysOnTarget": on,
                     "daysWithoutMeals": empty,
                     "split": {f: rnd(e * 100 / esum) for f, e in energy.items()} if esum > 0 else None,
                     "daily": kcal}

    # Workouts.
    kinds = {}
    monday0 = first - dt.timedelta(days=first.weekday())
    weeks = [Decimal(0)] * (((last - monday0).days) // 7 + 1)
    wcount, wmin, wdist = 0, Decimal(0), Decimal(0)
    for w in (i for i in items if i["type"] == "WORKOUT"):
        d = day_of(w["occurredAt"], zone)
        if idx(d) is None:
            continue
        k = kinds.setdefault(w["kind"], {"kind": w["kind"], "count": 0, "minutes": Decimal(0)})
        k["count"] += 1
        k["minutes"] += w["minutes"]
        if "distanceKm" in w:
            k["distanceKm"] = k.get("distanceKm", Decimal(0)) + w["distanceKm"]
            wdist += w["distanceKm"]
        wcount += 1
        wmin += w["minutes"]
        weeks[(d - monday0).days // 7] += w["minutes"]
    want["workouts"] = {"count": wcount, "minutes": wmin, "distanceKm": wdist,
                        "minutesPerWeek": avg(wmin * 7, passed),
                        "kinds": sorted(kinds.values(), key=lambda k: (-k["minutes"], k["kind"])),
                        "weeks": [{"monday": str(monday0 + dt.timedelta(days=7 * n)), "minutes": m}
                                  for n, m in enumerate(weeks)]}

    # Journal.
    sums, ns = [0] * days, [0] * days
    entries = with_mood = 0
    tags = defaultdict(int)
    for j in (i for i in items if i["type"] == "JOURNAL"):
        k = idx(day_of(j["occurredAt"], zone))
        if k is None:
            continue
        entries += 1
        if "mood" in j:
            with_mood += 1
            sums[k] += j["mood"]
            ns[k] += 1
        for t in j.get("tags", []):
            tags[t] += 1
    h = passed // 2
    s1, n1, s2, n2 = sum(sums[:h]), sum(ns[:h]), sum(sums[h:passed]), sum(ns[h:passed])
    want["journal"] = {"entries": entries, "withMood": with_mood,
                       "moodAverage": avg(sum(sums), with_mood) if with_mood else None,
                       "trend": avg(s2, n2) - avg(s1, n1) if n1 and n2 else None,
                       "dailyMood": [avg(s, n) if n else None for s, n in zip(sums, ns)],
                       "tags": [{"tag": t, "count": c} for t, c in sorted(tags.items(), key=lambda x: (-x[1], x[0]))]}

    diffs = []
    compared = [0]

    def cmp(path, w, g):
        if isinstance(w, dict):
            if not isinstance(g, dict):
                diffs.append(f"{path}: expected an object, got {g!r}")
                return
            for k, v in w.items():
                cmp(f"{path}.{k}", v, g.get(k, "(absent)"))
        elif isinstance(w, list):
            if not isinstance(g, list) or len(g) != len(w):
                diffs.append(f"{path}: expected {len(w)} elements, got {g!r:.200}")
                return
            for n, (a, b) in enumerate(zip(w, g)):
                cmp(f"{path}[{n}]", a, b)
        else:
            compared[0] += 1
            same = (w is None and g is None) or (w is not None and g is not None and g != "(absent)" and
                                                  (Decimal(w) == Decimal(g) if isinstance(w, (int, Decimal)) else w == g))
            if not same:
                diffs.append(f"{path}: expected {w}, got {g}")

    cmp("report", want, got)
    for d in diffs[:40]:
        print(d)
    if diffs:
        print(f"{len(diffs)} differences of {compared[0]} figures")
        return 1
    print(f"all {compared[0]} figures agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
