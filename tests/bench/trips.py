#!/usr/bin/env python3
"""Sequential round trips in a fault_proxy.py log (its lines' start= and end=, monotonic
seconds), from line FROM on: the longest chain of requests each starting after the one
before it ended; requests sent together count once.
  trips.py LOG FROM     prints "TRIPS REQUESTS OPS" (OPS: operations in order, comma-separated)
"""
import re
import sys

lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[2]):]
reqs = []
for line in lines:
    m = re.search(r"op=(\S+) .* start=([0-9.]+) end=([0-9.]+)", line)
    if m:
        reqs.append((float(m.group(2)), float(m.group(3)), m.group(1)))
reqs.sort()
# depth[i]: the longest chain ending with request i.
depth = []
for i, (s, e, _) in enumerate(reqs):
    d = 1
    for j in range(i):
        if reqs[j][1] <= s + 0.002:
            d = max(d, depth[j] + 1)
    depth.append(d)
print(max(depth) if depth else 0, len(reqs), ",".join(r[2] for r in reqs) or "-")
