#!/usr/bin/env python3
"""The folders' dependencies run one way (doc/architecture.md); this keeps them so.

Reads every #include "..." of the product folders, resolves it to a folder, and checks it
against the rules below. Also refuses a comparison of a table's backend with a vtable's
address outside that backend's own files (ask ddb_is(t) or the table's operations instead).

    python3 tests/lint/layout.py            checks; "ok - ..." / "not ok - ..." lines, exit 1 on a break
    python3 tests/lint/layout.py --graph    prints the include graph between folders (edges and counts)
    python3 tests/lint/layout.py --root DIR checks another copy of the tree (the check's own test)

tests/lint/layout-exceptions.txt lists includes that still break a rule while a refactor is
under way, one "FILE -> HEADER" a line with the reason; an exception that no longer occurs
is an error too, so the list only shrinks.
"""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PRODUCT = ["util", "config", "datastore", "tui", "views", "cli"]
BACKENDS = ["datastore/ddb", "datastore/local"]

# Which folders each folder may include (besides itself).
CORE = "datastore"
ALLOWED = {
    "util": set(),
    "config": {"util"},
    CORE: {"util"},
    "datastore/migrate": {CORE, "util"},
    "datastore/ddb": {CORE, "util"},
    "datastore/local": {CORE, "util"},
    "tui": {CORE, "util"},
    "views": {"tui", CORE, "util"},
    "cli": {"tui", "views", CORE, "datastore/migrate", "config", "util"},
}
# The file that opens the store: it alone names a backend (through its functions: ddb_is(t))
# and wraps the table for dual writes (datastore/migrate/).
NAMES_BACKENDS = {"datastore/open.c", "datastore/open.h"}
WHY = {
    "util": "util/ is a leaf",
    "config": "config/ is a leaf (util/ only)",
    CORE: "the datastore core uses util/ only, never a backend",
    "datastore/migrate": "migration asks the table interface, not a backend's headers",
    "datastore/ddb": "a backend uses the core and util/, never its sibling",
    "datastore/local": "a backend uses the core and util/, never its sibling",
    "tui": "the loop and widgets know neither cli/ nor views/ (views hand it a const table)",
    "views": "views/ use tui/, the datastore core and util/, never cli/ or a backend",
    "cli": "cli/ opens the store through datastore/open.h and never names a backend",
}


def folder_of(path):
    """The folder a product file belongs to (backends and migrate/ are folders of their own)."""
    d = os.path.dirname(path)
    for sub in BACKENDS + ["datastore/migrate"]:
        if d == sub or d.startswith(sub + "/"):
            return sub
    return d.split("/")[0] if d else d


def product_files():
    for top in PRODUCT:
        for d, _, names in os.walk(os.path.join(ROOT, top)):
            for n in sorted(names):
                if n.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, n), ROOT)


def includes(path):
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        for no, line in enumerate(f, 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not m:
                continue
            h = m.group(1)
            # A header beside the file ("ddb.h") or from the root ("datastore/ddb/ddb.h").
            beside = os.path.normpath(os.path.join(os.path.dirname(path), h))
            target = beside if os.path.exists(os.path.join(ROOT, beside)) else os.path.normpath(h)
            yield no, target


def main():
    global ROOT
    args = sys.argv[1:]
    if "--root" in args:
        ROOT = os.path.abspath(args[args.index("--root") + 1])
    graph = "--graph" in args
    edges = {}
    breaks = []
    broken = set()
    for path in product_files():
        src = folder_of(path)
        for no, target in includes(path):
            dst = folder_of(target)
            if dst == src or dst not in ALLOWED:
                continue
            edges[(src, dst)] = edges.get((src, dst), 0) + 1
            allowed = ALLOWED.get(src, set())
            if dst in allowed:
                continue
            if (dst in BACKENDS or dst == "datastore/migrate") and path in NAMES_BACKENDS:
                continue
            broken.add((src, dst))
            breaks.append((f"{path} -> {target}", f"{path}:{no}: includes {target}: {WHY.get(src, src)}"))
    # Backends compared by address: "backend == &ddb_backend", "backend != &local_backend".
    cmp = re.compile(r"backend\s*[!=]=\s*&\s*(\w+_backend)|&\s*(\w+_backend)\s*[!=]=\s*\S*backend")
    for path in product_files():
        if not path.endswith(".c"):
            continue
        with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
            for no, line in enumerate(f, 1):
                for m in cmp.finditer(line):
                    name = m.group(1) or m.group(2)
                    # Its own file may: the wrapper checks what it wraps is itself.
                    owner = name[: -len("_backend")]
                    if os.path.basename(path).startswith(owner) or owner in path.split("/"):
                        continue
                    breaks.append((f"{path} compares {name}",
                                   f"{path}:{no}: compares a backend with &{name}: ask the table (ddb_is(t), its operations)"))

    if graph:
        for (s, d), n in sorted(edges.items()):
            mark = "   <- breaks the direction" if (s, d) in broken else ""
            if not mark and d not in ALLOWED.get(s, set()):
                mark = "   (datastore/open.c: the one file that opens a backend)"
            print(f"{s:18} -> {d:18} {n:3}{mark}")
        return 0

    exc_file = os.path.join(ROOT, "tests", "lint", "layout-exceptions.txt")
    exceptions = {}
    if os.path.exists(exc_file):
        for line in open(exc_file, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if line:
                key, _, why = line.partition(":")
                exceptions[key.strip()] = why.strip()
    fails = 0
    seen = set()
    for key, msg in breaks:
        if key in exceptions:
            seen.add(key)
            continue
        print(f"not ok - {msg}")
        fails += 1
    for key in sorted(set(exceptions) - seen):
        print(f"not ok - tests/lint/layout-exceptions.txt: '{key}' no longer occurs: remove it")
        fails += 1
    if fails == 0:
        n = len(list(product_files()))
        print(f"ok - every include of the {n} product files runs the way doc/architecture.md says"
              + (f" ({len(seen)} listed exceptions left)" if seen else ""))
    print(f"{1 if fails == 0 else 0} passed, {fails} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
