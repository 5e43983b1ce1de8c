// Command gomaporacle runs a gomapfuzz op trace on the real Go 1.19 map and
// prints the map's layout after every op, in the layout dump format of
// mapcore's dump() (corpus/README.md), so that the C++ driver (oracle/,
// `gomapfuzz oracle`) can compare mapcore with Go op by op.
//
// Making the real runtime deterministic:
//   - GODEBUG=cpu.aes=off makes Go hash with hash64.go's portable fallback,
//     which is seeded only by hashkey[0] and the map's hash0. The variable is
//     read before main runs, so when it is missing this program re-executes
//     itself with it (goruntime.EnsureFallbackHash).
//   - runtime.hashkey[0] is set from the trace's `hasher gofallback HASHKEY`
//     line through //go:linkname, before any map of ours exists.
//   - hash0 is written through unsafe right after make and whenever Go draws
//     a new one (a delete that empties the map, mapclear of a non-empty map),
//     with the values mapcore's RandomSource draws (goruntime/random.go).
//   - Iteration starts are Go's own fastrand; they are printed, and the C++
//     driver replays them on mapcore. An explicit start in the trace
//     (`iter S O`, `it-open I S O`) is imposed on Go by re-pointing the
//     iterator after mapiterinit (goruntime.Hiter.Restart).
//   - NaN keys hash with fastrand in Go and cannot be pinned: the driver
//     compares only what does not depend on where NaNs landed.
//
// The map is read by mirroring hmap, mapextra, hiter and the bucket layout of
// Go 1.19's runtime/map.go (goruntime/layout.go); main checks the mirror
// against the runtime's own maptype before running anything.
//
// Output (one record per op, then a trailer; see oracle/README.md):
//
//	gomaporacle 1 <go version>
//	op <index> full|head
//	hmap ...                  the dump's header line
//	pool ...                  the dump's pool line
//	bucket ... / old ...      only in a "full" record
//	start <bucket> <offset>   when the op began an iteration
//	yield <key>=<value>       each entry an iteration op yielded
//	result <text>             put new|old, get <value>|missing, del 1|0
//	end
//	done <ops>
//
// With -starts only the start lines are printed (as "start <index> <bucket>
// <offset>"); with -mem no op records, but one "mem" line with the bytes Go
// allocated for the final map (memory.go).
package main

import (
	"bufio"
	"flag"
	"os"
	"runtime"
	"strconv"

	"gomapfuzz/goruntime"
)

func fail(msg string) {
	os.Stderr.WriteString("gomaporacle: " + msg + "\n")
	os.Exit(2)
}

type options struct {
	startsOnly bool
	memory     bool
	policy     dumpPolicy
}

func parseFlags() (options, string) {
	var o options
	flag.BoolVar(&o.startsOnly, "starts", false,
		"print only the iteration starts Go chose (no dumps)")
	flag.BoolVar(&o.memory, "mem", false,
		"print only the bytes Go allocated for the final map")
	flag.BoolVar(&o.policy.everyOp, "full", false,
		"print the full layout after every op (default: see dumpPolicy)")
	flag.Int64Var(&o.policy.from, "full-from", -1,
		"print the full layout for ops from this index...")
	flag.Int64Var(&o.policy.to, "full-to", -1, "...to this index (inclusive)")
	flag.Usage = func() {
		os.Stderr.WriteString("usage: gomaporacle [flags] TRACE\n" +
			"Runs a gomapfuzz trace (hasher gofallback only) on the real Go map.\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	return o, flag.Arg(0)
}

func main() {
	goruntime.EnsureFallbackHash("GOMAPORACLE_REEXEC", fail) // may re-exec: first
	o, path := parseFlags()
	text, err := os.ReadFile(path)
	if err != nil {
		fail(err.Error())
	}
	tr, err := parseTrace(string(text), path)
	if err != nil {
		fail(err.Error())
	}
	ops, ok := goruntime.OpsFor(tr.keyType, tr.valueBytes)
	if !ok {
		fail("unsupported types " + keyTypeName(tr.keyType) + " " +
			valueTypeName(tr.valueBytes))
	}
	// From here on no map made before this line may be used (the runtime's
	// and the standard library's own maps were hashed with the old key):
	// only bufio, strconv and the runtime below.
	goruntime.SetHashKey(uintptr(tr.hashKey))

	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	r := newRunner(tr, ops, out, o)
	r.checkLayout()
	if !o.memory {
		out.WriteString("gomaporacle 1 " + runtime.Version() + "\n")
	}
	if o.memory {
		r.runMeasured()
	} else {
		r.run()
		out.WriteString("done " + strconv.Itoa(len(tr.ops)) + "\n")
	}
	if err := out.Flush(); err != nil {
		fail("writing output: " + err.Error())
	}
}
