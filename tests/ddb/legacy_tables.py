#!/usr/bin/env python3
"""Legacy goals tables for the migration tests, over DynamoDB's JSON protocol (no SDK).
  legacy_tables.py gen USERS GOALS ACTS DIR [bad]   DIR/goals.json, DIR/activities.json (aws dynamodb scan
                                              shape); bad: three rows that break a rule too
  legacy_tables.py create EP TABLE goals|activities
  legacy_tables.py load EP TABLE FILE            BatchWriteItem, 25 a call, 8 at once
  legacy_tables.py call EP OP JSON               one call; prints the answer
"""
import json, sys, urllib.request, concurrent.futures
from decimal import Decimal

AMOUNTS = ["0.1", "0.2", "0.25", "1", "1.5", "2.125", "0.005", "3", "0.333", "7"]

def call(ep, op, body):
    req = urllib.request.Request(ep, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + op,
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0"})
    try:
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        raise SystemExit("%s: %s" % (op, e.read().decode()))

def gen(users, goals, acts, d, bad=False):
    G, A = [], []
    t0 = 1735689600000
    for u in range(users):
        uid = "user-%04d" % u
        for g in range(goals):
            gid = "goal-%04d-%03d" % (u, g)
            total = Decimal(0)
            for a in range(acts):
                v = AMOUNTS[(u + g + a) % len(AMOUNTS)]
                total += Decimal(v)
                item = {"goalId": {"S": gid}, "timestamp": {"N": str(t0 + (u * 1000 + g) * 100000 + a * 60000)},
                        "userId": {"S": uid}, "value": {"N": v}}
                if a % 3 == 0:
                    item["note"] = {"S": "note %d of %s" % (a, gid)}
                A.append(item)
            item = {"userId": {"S": uid}, "goalId": {"S": gid}, "title": {"S": "Goal %d of %s" % (g, uid)},
                    "targetValue": {"N": str(acts * 2)}, "unit": {"S": "km"}, "currentValue": {"N": str(total.normalize()) if total != 0 else "0"},
                    "status": {"S": ["ACTIVE", "PAUSED", "COMPLETED", "ARCHIVED"][g % 4]},
                    "createdAt": {"N": str(t0 + g)}, "updatedAt": {"N": str(t0 + g + 5)}}
            if g % 2 == 0:
                item["category"] = {"S": "fitness"}
                item["targetDate"] = {"S": "2026-12-31"}
            if g % 5 == 0:
                item["startDate"] = {"S": "2025-01-01"}
            G.append(item)
    if bad:
        # Rows that break a rule: an id with '#', a missing attribute, a non-numeric value.
        G.append({"userId": {"S": "user-0000"}, "goalId": {"S": "bad#1"}, "title": {"S": "x"}, "targetValue": {"N": "1"},
                  "unit": {"S": "km"}, "currentValue": {"N": "0"}, "status": {"S": "ACTIVE"}, "createdAt": {"N": "1"}, "updatedAt": {"N": "1"}})
        G.append({"userId": {"S": "user-0000"}, "goalId": {"S": "untitled"}, "targetValue": {"N": "1"},
                  "unit": {"S": "km"}, "currentValue": {"N": "0"}, "status": {"S": "ACTIVE"}, "createdAt": {"N": "1"}, "updatedAt": {"N": "1"}})
        A.append({"goalId": {"S": "goal-0000-000"}, "timestamp": {"N": "1"}, "userId": {"S": "user-0000"}, "value": {"S": "ten"}})
    for name, items in (("goals.json", G), ("activities.json", A)):
        with open(d + "/" + name, "w") as f:
            json.dump({"Items": items, "Count": len(items), "ScannedCount": len(items), "ConsumedCapacity": None}, f)

def create(ep, table, kind):
    keys = [("userId", "S", "HASH"), ("goalId", "S", "RANGE")] if kind == "goals" else [("goalId", "S", "HASH"), ("timestamp", "N", "RANGE")]
    call(ep, "CreateTable", {"TableName": table, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t, _ in keys],
        "KeySchema": [{"AttributeName": n, "KeyType": k} for n, _, k in keys]})

def load(ep, table, path):
    items = json.load(open(path))["Items"]
    def put(chunk):
        req = {table: [{"PutRequest": {"Item": it}} for it in chunk]}
        while req:
            req = call(ep, "BatchWriteItem", {"RequestItems": req}).get("UnprocessedItems") or None
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        list(ex.map(put, [items[i:i + 25] for i in range(0, len(items), 25)]))

if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "gen": gen(int(a[1]), int(a[2]), int(a[3]), a[4], len(a) > 5 and a[5] == "bad")
    elif a[0] == "create": create(a[1], a[2], a[3])
    elif a[0] == "load": load(a[1], a[2], a[3])
    elif a[0] == "call": print(json.dumps(call(a[1], a[2], json.loads(a[3]))))
