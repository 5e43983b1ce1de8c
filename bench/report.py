#!/usr/bin/env python3
"""Side-by-side table of bench/run.sh's results (standard library only).

Reads Google Benchmark JSON files (map_bench, one per round), `go test
-bench` outputs (with and without AES, one per round) and the memory JSON
lines of both sides; takes the fastest round of every benchmark (the machine
is shared: the minimum is the run least disturbed by others); prints the
table and writes RESULTS.md.

ns/op: CPU nanoseconds per map operation (one insert, lookup, delete, or
one entry of an iteration): Google Benchmark's CPU time on the C++ side, the
process's CPU time (garbage collector included) on the Go side, because on a
shared machine wall-clock time also counts other processes. Ratios are to the Go 1.19 map with the fallback hash
(GODEBUG=cpu.aes=off), the same hash function as mapcore_go; below 1.00 is
faster than Go.
"""

import argparse
import json
import re
import sys

OPS = ["insert", "insert_hint", "lookup_hit", "lookup_miss", "delete",
       "iterate"]
KEYS = ["uint64", "string"]
CPP_IMPLS = ["mapcore_go", "mapcore_xxh3", "mapcore_go_copy", "std_unordered",
             "absl_flat", "boost_unordered"]
GO_LINE = re.compile(r"^BenchmarkMap/(\w+)/(\w+)/(\d+)(?:-\d+)?\s+\d+\s+"
                     r"[\d.]+ ns/op\s+([\d.]+) cpu-ns/key")


def best(table, key, value):
    if key not in table or value < table[key]:
        table[key] = value


def read_cpp(paths):
    ns = {}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("run_type") == "aggregate" or b.get("error_occurred"):
                continue
            op, key, n, impl = b["name"].split("/")[:4]
            best(ns, (op, key, int(n), impl), 1e9 / b["items_per_second"])
    return ns


def read_go(paths, impl, ns):
    for path in paths:
        with open(path) as f:
            for line in f:
                m = GO_LINE.match(line)
                if m:
                    op, key, n, per_key = m.groups()
                    best(ns, (op, key, int(n), impl), float(per_key))


def read_memory(paths):
    mem = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{") and '"impl"' in line:
                    r = json.loads(line)
                    mem[(r["impl"], r["key"], r["n"])] = r
    return mem


def timing_table(ns, sizes):
    impls = ["go", "go_aes"] + CPP_IMPLS
    head = ("| op | key | n | " + " | ".join(impls) + " |\n|" +
            "---|" * (3 + len(impls)) + "\n")
    rows = []
    misses = []
    for key in KEYS:
        for n in sizes:
            for op in OPS:
                base = ns.get((op, key, n, "go"))
                cells = []
                for impl in impls:
                    v = ns.get((op, key, n, impl))
                    if v is None:
                        cells.append("–")
                    elif impl == "go" or base is None:
                        cells.append(f"{v:.1f}")
                    else:
                        cells.append(f"{v:.1f} ({v / base:.2f}x)")
                    if (impl == "mapcore_go" and v is not None and base
                            and n >= 100000 and v > base):
                        misses.append((op, key, n, v / base))
                rows.append(f"| {op} | {key} | {n:,} | " + " | ".join(cells) +
                            " |")
    return head + "\n".join(rows) + "\n", misses


def memory_table(mem, sizes):
    impls = ["go"] + CPP_IMPLS
    head = ("| key | n | " + " | ".join(impls) + " |\n|" +
            "---|" * (2 + len(impls)) + "\n")
    rows = []
    for key in KEYS:
        for n in sizes:
            cells = []
            for impl in impls:
                r = mem.get((impl, key, n))
                cells.append("–" if r is None else
                             f"{r['peak_bytes_per_entry']:.1f} / "
                             f"{r['final_bytes_per_entry']:.1f}")
            rows.append(f"| {key} | {n:,} | " + " | ".join(cells) + " |")
    return head + "\n".join(rows) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cpp", nargs="+", required=True)
    p.add_argument("--go", nargs="+", required=True)
    p.add_argument("--go-aes", nargs="+", required=True)
    p.add_argument("--memory", nargs="+", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()

    ns = read_cpp(a.cpp)
    read_go(a.go, "go", ns)
    read_go(a.go_aes, "go_aes", ns)
    mem = read_memory(a.memory)
    sizes = sorted({k[2] for k in ns})
    timing, misses = timing_table(ns, sizes)
    memory = memory_table(mem, sizes)
    with open(a.machine) as f:
        machine = f.read()

    verdict = ("mapcore_go is at most 1.0x Go's time on every row at 1e5 and "
               "1e6 entries.\n" if not misses else
               "Rows where mapcore_go is slower than Go at >= 1e5 entries: " +
               ", ".join(f"{op}/{key}/{n:,} ({r:.2f}x)"
                         for op, key, n, r in misses) + ".\n")
    text = ("## CPU time per operation (ns/op, fastest of the rounds; ratio "
            "to `go`, Go 1.19 with GODEBUG=cpu.aes=off)\n\n" + timing +
            "\n" + verdict +
            "\n## Heap bytes per entry of a map built without a hint "
            "(peak / final)\n\n" + memory)
    print(text)
    with open(a.out, "w") as f:
        f.write("# Benchmark results\n\n"
                "Written by `bench/run.sh` (see bench/README.md for what each "
                "column measures).\n\n## Machine\n\n" + machine + "\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
