#!/usr/bin/env python3
"""An independent client of the outbox tests, over DynamoDB's JSON protocol (no SDK, as
legacy_tables.py): it reads what ailife wrote and plays the other client that changes
records meanwhile.
  outbox_check.py summary EP TABLE USER       one JSON document: the user's items counted
        by type, activity notes, meal names, journal titles (each with how many times it is
        stored), and per goal its progress, version, status and the sum of its activities
  outbox_check.py edit EP TABLE USER SK ATTR VALUE    another client's edit: SET ATTR (an S)
        and version + 1, conditional on the version read
  outbox_check.py delete EP TABLE USER SK     another client's delete
  outbox_check.py get EP TABLE USER SK        the item (attribute values), or null
Numbers are compared as decimals.
"""
import json
import sys
import urllib.request
from decimal import Decimal

AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=0")


def call(ep, op, body):
    req = urllib.request.Request(ep, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + op,
        "Authorization": AUTH})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        raise SystemExit("%s: %s" % (op, e.read().decode()))


def items_of(ep, table, user):
    out, start = [], None
    while True:
        body = {"TableName": table, "KeyConditionExpression": "PK = :p",
                "ExpressionAttributeValues": {":p": {"S": "USER#" + user}}, "ConsistentRead": True}
        if start:
            body["ExclusiveStartKey"] = start
        a = call(ep, "Query", body)
        out += a.get("Items", [])
        start = a.get("LastEvaluatedKey")
        if not start:
            return out


def s(item, name):
    v = item.get(name)
    return None if v is None else v.get("S", v.get("N"))


def summary(ep, table, user):
    items = items_of(ep, table, user)
    types, notes, meals, titles, goals, sums = {}, {}, {}, {}, {}, {}
    for it in items:
        t = s(it, "type") or s(it, "SK").split("#")[0]
        types[t] = types.get(t, 0) + 1
        if t == "ACTIVITY":
            n = s(it, "note") or ""
            notes[n] = notes.get(n, 0) + 1
            g = s(it, "goalId")
            sums[g] = sums.get(g, Decimal(0)) + Decimal(s(it, "amount"))
        elif t == "MEAL":
            meals[s(it, "name")] = meals.get(s(it, "name"), 0) + 1
        elif t == "JOURNAL":
            titles[s(it, "title")] = titles.get(s(it, "title"), 0) + 1
        elif t == "GOAL":
            goals[s(it, "goalId")] = it
    g_out = {}
    for gid, it in goals.items():
        prog = Decimal(s(it, "progress"))
        total = sums.get(gid, Decimal(0))
        g_out[gid] = {"progress": num(prog), "sum": num(total),
                      "equal": prog == total, "version": int(s(it, "version")), "status": s(it, "status")}
    return {"types": types, "notes": notes, "meals": meals, "titles": titles, "goals": g_out,
            "all_equal": all(g["equal"] for g in g_out.values())}


def num(d):
    """A decimal as DynamoDB writes it: no exponent, no trailing zeros."""
    t = format(d.normalize(), "f")
    return t


def key(user, sk):
    return {"PK": {"S": "USER#" + user}, "SK": {"S": sk}}


def get(ep, table, user, sk):
    return call(ep, "GetItem", {"TableName": table, "Key": key(user, sk), "ConsistentRead": True}).get("Item")


def edit(ep, table, user, sk, attr, value):
    it = get(ep, table, user, sk)
    if it is None:
        raise SystemExit("edit: no item %s" % sk)
    v = int(s(it, "version"))
    call(ep, "UpdateItem", {"TableName": table, "Key": key(user, sk),
                            "UpdateExpression": "SET #a = :v, #ver = :n",
                            "ConditionExpression": "#ver = :o",
                            "ExpressionAttributeNames": {"#a": attr, "#ver": "version"},
                            "ExpressionAttributeValues": {":v": {"S": value}, ":n": {"N": str(v + 1)},
                                                          ":o": {"N": str(v)}}})


def main(argv):
    if len(argv) < 5:
        raise SystemExit(__doc__)
    op, ep, table, user = argv[1:5]
    if op == "summary":
        print(json.dumps(summary(ep, table, user), sort_keys=True))
    elif op == "edit" and len(argv) == 8:
        edit(ep, table, user, argv[5], argv[6], argv[7])
    elif op == "delete" and len(argv) == 6:
        call(ep, "DeleteItem", {"TableName": table, "Key": key(user, argv[5])})
    elif op == "get" and len(argv) == 6:
        print(json.dumps(get(ep, table, user, argv[5])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
