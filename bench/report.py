#!/usr/bin/env python3
"""Side-by-side table of bench/run.sh's results (standard library only).

Reads Google Benchmark JSON files (map_bench, one per round), `go test
-bench` outputs (with and without AES, one per round) and the memory JSON
lines of both sides; takes the fastest round of every benchmark (the machine
is shared: the minimum is the run least disturbed by others); prints the
table and writes RESULTS.md.

The concurrent maps (syncmap_bench and go/'s BenchmarkConcurrent) make a
section of their own, between CONCURRENT_BEGIN and CONCURRENT_END: given
with the rest it is written with the rest; given alone (run.sh
--concurrent) it replaces that section of the existing RESULTS.md.

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
CONCURRENT_IMPLS = [("go_syncmap", "Go sync.Map"),
                    ("go_rwmutex", "Go RWMutex map"),
                    ("syncmap", "syncmap::SyncMap"),
                    ("rwmutex", "shared_mutex map"),
                    ("sharded", "8 shards"),
                    ("cow", "RCU copy-on-write")]
CONCURRENT_BEGIN = "<!-- concurrent: written by bench/report.py -->"
CONCURRENT_END = "<!-- /concurrent -->"
GO_CONCURRENT_LINE = re.compile(
    r"^BenchmarkConcurrent/(\w+)/(\d+)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op")
CPP_CONCURRENT_NAME = re.compile(
    r"^concurrent/(\w+)/(\d+)/real_time/threads:(\d+)$")
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


def most(table, key, value):
    if key not in table or value > table[key]:
        table[key] = value


def read_concurrent(cpp_paths, go_paths):
    """Ops per second by (impl, reads per write, threads): the best round."""
    ops = {}
    for path in cpp_paths:
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            m = CPP_CONCURRENT_NAME.match(b["name"])
            if (not m or b.get("run_type") == "aggregate" or
                    b.get("error_occurred")):
                continue
            impl, ratio, threads = m.groups()
            most(ops, (impl, int(ratio), int(threads)),
                 b["items_per_second"])
    for path in go_paths:
        with open(path) as f:
            for line in f:
                m = GO_CONCURRENT_LINE.match(line)
                if m:
                    impl, ratio, threads, ns = m.groups()
                    most(ops, ("go_" + impl, int(ratio), int(threads or 1)),
                         1e9 / float(ns))
    return ops


def threshold(ops, fast, slow, threads, ratios):
    """The least reads per write from which `fast` beats `slow` at every
    measured ratio (None: not even at the highest)."""
    best = None
    for r in sorted(ratios, reverse=True):
        a, b = ops.get((fast, r, threads)), ops.get((slow, r, threads))
        if a is None or b is None or a <= b:
            break
        best = r
    return best


def concurrent_section(ops, machine):
    ratios = sorted({k[1] for k in ops})
    threads = sorted({k[2] for k in ops})
    head = ("| reads:write | threads | " +
            " | ".join(name for _, name in CONCURRENT_IMPLS) + " |\n|" +
            "---|" * (2 + len(CONCURRENT_IMPLS)) + "\n")
    rows = []
    for r in ratios:
        for t in threads:
            base = ops.get(("go_syncmap", r, t))
            cells = []
            for impl, _ in CONCURRENT_IMPLS:
                v = ops.get((impl, r, t))
                if v is None:
                    cells.append("–")
                elif impl == "go_syncmap" or not base:
                    cells.append(f"{v / 1e6:.2f}")
                else:
                    cells.append(f"{v / 1e6:.2f} ({v / base:.2f}x)")
            rows.append(f"| {r}:1 | {t} | " + " | ".join(cells) + " |")
    verdicts = []
    for side, fast, slow in [("Go", "go_syncmap", "go_rwmutex"),
                             ("C++", "syncmap", "rwmutex")]:
        for t in threads:
            r = threshold(ops, fast, slow, t, ratios)
            verdicts.append(
                f"- {side}, {t} thread{'s' if t > 1 else ''}: " +
                (f"the sync.Map is faster than the RW-mutex map from "
                 f"{r}:1 on" if r is not None else
                 "the sync.Map is slower than the RW-mutex map at every "
                 "measured ratio up to " + f"{ratios[-1]}:1") + ".")
    rule = seed_rule(ops, threads, ratios)
    return (CONCURRENT_BEGIN + "\n## Concurrent maps: throughput in "
            "millions of ops per second (best round; ratio to Go's "
            "sync.Map)\n\n" + machine + "\n" + head + "\n".join(rows) +
            "\n\nWhere the sync.Map overtakes the RW-mutex map "
            "(computed from the table):\n\n" + "\n".join(verdicts) + "\n\n" +
            rule + "\n" + CONCURRENT_END + "\n")


def seed_rule(ops, threads, ratios):
    """The seed article's rule, "concurrent read:write > 10:1 -> sync.Map",
    judged on Go's side by the measured crossover at each thread count."""
    parts = []
    for t in threads:
        r = threshold(ops, "go_syncmap", "go_rwmutex", t, ratios)
        where = f"on {t} thread{'s' if t > 1 else ''}"
        at10 = [ops.get((i, 10, t)) for i in ("go_syncmap", "go_rwmutex")]
        gain = (f" (at 10:1 {at10[0] / 1e6:.1f} against {at10[1] / 1e6:.1f} "
                f"M ops/s)" if None not in at10 else "")
        if r is None:
            parts.append(f"{where} it does not hold: sync.Map loses to the "
                         f"RWMutex map at every ratio measured{gain}")
        elif r <= 10:
            parts.append(f"{where} it holds: sync.Map wins from {r}:1 on"
                         f"{gain}")
        else:
            parts.append(f"{where} sync.Map wins only from {r}:1 on, above "
                         f"the rule's 10:1{gain}")
    return ("The seed's rule \"concurrent read:write > 10:1 → sync.Map\", "
            "measured on Go 1.19 here: " + "; ".join(parts) + ".")


def splice_concurrent(path, section):
    """Replaces the concurrent section of an existing RESULTS.md (or
    appends it)."""
    with open(path) as f:
        text = f.read()
    begin, end = text.find(CONCURRENT_BEGIN), text.find(CONCURRENT_END)
    if begin >= 0 and end > begin:
        text = (text[:begin] + section +
                text[end + len(CONCURRENT_END) + 1:])
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cpp", nargs="+")
    p.add_argument("--go", nargs="+")
    p.add_argument("--go-aes", nargs="+")
    p.add_argument("--memory", nargs="+")
    p.add_argument("--machine")
    p.add_argument("--concurrent-cpp", nargs="+", action="extend")
    p.add_argument("--concurrent-go", nargs="+", action="extend")
    p.add_argument("--concurrent-machine")
    p.add_argument("--out", required=True)
    a = p.parse_args()

    concurrent = ""
    if a.concurrent_cpp or a.concurrent_go:
        with open(a.concurrent_machine) as f:
            concurrent = concurrent_section(
                read_concurrent(a.concurrent_cpp or [], a.concurrent_go or []),
                f.read())
        print(concurrent)
    plain = [a.cpp, a.go, a.go_aes, a.memory, a.machine]
    if not any(plain):
        if not concurrent:
            p.error("nothing to report")
        splice_concurrent(a.out, concurrent)
        return 0
    if not all(plain):
        p.error("--cpp, --go, --go-aes, --memory and --machine go together")

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
                "column measures).\n\n## Machine\n\n" + machine + "\n" + text +
                ("\n" + concurrent if concurrent else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
