package main

// The runner: executes a trace's ops on a real Go map and prints one record
// per op (format in main.go). Map operations go through goruntime.MapOps,
// plain non-generic Go for each type pair, so the compiler picks the same
// runtime entry points as for any program; iteration drives the runtime's
// mapiterinit/mapiternext directly on a mirrored hiter (goruntime.Hiter), as
// reflect.MapIter does, which exposes the start Go chose.

import (
	"bufio"
	"strconv"
	"unsafe"

	"gomapfuzz/goruntime"
)

// dumpPolicy decides which ops get a full layout record (all buckets); the
// others get the header and pool lines only. A full record after every op of
// a big map would cost O(buckets) per op on both sides, so by default:
// every op while the map has at most smallMapBuckets buckets, then every
// 2^B/bigMapLinesPerOp ops, and always at growth edges, make, clear and the
// last op. The C++ driver re-runs a window with full records to find the
// exact first op of a divergence.
type dumpPolicy struct {
	everyOp  bool
	from, to int64
}

// Every op of a map of up to 128 buckets is compared in full (at most 128
// bucket lines, plus overflow, a record); bigger maps cost about 32 lines an
// op on average, which keeps a 15k-op growth to B = 12 at a few seconds.
const (
	smallMapBuckets  = 128
	bigMapLinesPerOp = 32
)

// An open iterator of the trace (it-open), or the one of an `iter` op.
type iterState struct {
	it       *goruntime.Hiter
	hasStart bool
	startB   uint64
	startOff uint8
	started  bool
	done     bool
}

type runner struct {
	tr      *trace
	ops     goruntime.MapOps
	g       goruntime.Geometry
	out     *bufio.Writer
	o       options
	m       any
	h       *goruntime.Hmap
	mt      unsafe.Pointer         // *maptype of m
	maps    uint64                 // maps made so far, the implicit first one included
	rng     goruntime.RandomSource // the current map's, for hash0
	iters   [maxIterators]*iterState
	extra   []byte // the op's start/yield/result lines
	scratch uint64
	prev    struct {
		B                 uint8
		growing, sameSize bool
	}
}

func newRunner(tr *trace, ops goruntime.MapOps, out *bufio.Writer, o options) *runner {
	return &runner{tr: tr, ops: ops, g: goruntime.NewGeometry(tr.keyType, tr.valueBytes),
		out: out, o: o}
}

// checkLayout compares the mirrored structures with the runtime's own
// maptype and sizes, so a wrong mirror fails loudly instead of dumping
// garbage.
func (r *runner) checkLayout() {
	if msg := r.g.CheckMirror(r.ops.Make(0)); msg != "" {
		fail(msg)
	}
	if goruntime.UsesAESHash() {
		fail("the runtime hashes with AES; run under GODEBUG=cpu.aes=off")
	}
}

func (r *runner) run() {
	r.makeMap(0)
	r.notePrev()
	for i := range r.tr.ops {
		r.extra = r.extra[:0]
		r.exec(i, &r.tr.ops[i])
		if !r.o.startsOnly {
			r.printRecord(i)
		}
		r.notePrev()
	}
}

func (r *runner) notePrev() {
	r.prev.B, r.prev.growing, r.prev.sameSize = r.h.B, r.h.Growing(), r.h.SameSize()
}

func (r *runner) full(i int) bool {
	p := r.o.policy
	if p.everyOp || (p.from >= 0 && int64(i) >= p.from && int64(i) <= p.to) {
		return true
	}
	h := r.h
	if h.B != r.prev.B || h.Growing() != r.prev.growing || h.SameSize() != r.prev.sameSize {
		return true
	}
	if k := r.tr.ops[i].kind; k == opMake || k == opClear || i == len(r.tr.ops)-1 {
		return true
	}
	n := uint64(1) << h.B
	return n <= smallMapBuckets || uint64(i)%(n/bigMapLinesPerOp) == 0
}

func (r *runner) printRecord(i int) {
	full := r.full(i)
	buf := strconv.AppendInt([]byte("op "), int64(i), 10)
	if full {
		buf = append(buf, " full\n"...)
	} else {
		buf = append(buf, " head\n"...)
	}
	buf = r.g.AppendHeader(buf, r.h)
	if full {
		buf = r.g.AppendBuckets(buf, r.h)
	}
	buf = append(buf, r.extra...)
	buf = append(buf, "end\n"...)
	r.out.Write(buf)
}

// makeMap is make(map[K]V, hint) with hash0 pinned to mapcore's first draw
// for this map.
func (r *runner) makeMap(hint int64) {
	for i := range r.iters {
		r.iters[i] = nil // the replayer drops open iterators at make
	}
	r.m = r.ops.Make(hint)
	r.h = goruntime.HmapOf(r.m)
	r.mt, _ = goruntime.MaptypeOf(r.m)
	r.rng = goruntime.NewRandomSource(r.tr.seed + r.maps)
	r.maps++
	r.h.Hash0 = r.rng.NextHash0()
}

// redrawHash0: Go just replaced hash0 with fastrand(); pin it to mapcore's
// next draw.
func (r *runner) redrawHash0() { r.h.Hash0 = r.rng.NextHash0() }

func (r *runner) exec(i int, o *op) {
	switch o.kind {
	case opMake:
		r.makeMap(o.hint)
	case opPut:
		before := r.h.Count
		r.ops.Put(r.m, o.k, o.value)
		if r.h.Count > before {
			r.result("put new")
		} else {
			r.result("put old")
		}
	case opGet:
		v, ok := r.ops.Get(r.m, o.k)
		if !ok {
			r.result("get missing")
			break
		}
		r.scratch = v // a field, so that taking its address allocates nothing
		r.extra = append(r.extra, "result get "...)
		r.extra = r.g.AppendValue(r.extra, unsafe.Pointer(&r.scratch))
		r.extra = append(r.extra, '\n')
	case opDel:
		before := r.h.Count
		r.ops.Del(r.m, o.k)
		if before > 0 && r.h.Count == 0 {
			r.redrawHash0() // mapdelete reseeds an emptied map (Go #25237)
		}
		if r.h.Count < before {
			r.result("del 1")
		} else {
			r.result("del 0")
		}
	case opClear:
		before := r.h.Count
		r.ops.Clear(r.m)
		if before > 0 {
			r.redrawHash0() // mapclear reseeds unless the map was empty
		}
	case opIter:
		st := &iterState{it: new(goruntime.Hiter), hasStart: o.hasStart, startB: o.startB, startOff: o.startOff}
		r.step(i, st, ^uint64(0))
	case opItOpen:
		r.iters[o.iter] = &iterState{it: new(goruntime.Hiter), hasStart: o.hasStart, startB: o.startB,
			startOff: o.startOff}
	case opItNext:
		if st := r.iters[o.iter]; st != nil {
			r.step(i, st, o.steps)
		}
	case opItClose:
		r.iters[o.iter] = nil
	}
}

func (r *runner) result(s string) {
	r.extra = append(r.extra, "result "...)
	r.extra = append(r.extra, s...)
	r.extra = append(r.extra, '\n')
}

// step advances an iterator by up to n entries, as reflect.MapIter.Next:
// the first call is mapiterinit (which picks the start and finds the first
// entry), later ones mapiternext; past the end nothing happens.
func (r *runner) step(i int, st *iterState, n uint64) {
	for s := uint64(0); s < n && !st.done; s++ {
		if !st.started {
			st.started = true
			r.begin(i, st)
		} else {
			goruntime.MapIterNext(st.it)
		}
		if st.it.Key == nil {
			st.done = true
			break
		}
		if !r.o.startsOnly {
			r.extra = append(r.extra, "yield "...)
			r.extra = r.g.AppendKey(r.extra, st.it.Key, true)
			r.extra = append(r.extra, '=')
			r.extra = r.g.AppendValue(r.extra, st.it.Elem)
			r.extra = append(r.extra, '\n')
		}
	}
}

// begin runs mapiterinit and reports the start; an explicit start from the
// trace is imposed by re-pointing the fresh iterator at it.
func (r *runner) begin(i int, st *iterState) {
	it := st.it
	goruntime.MapIterInit(r.mt, r.h, it)
	if it.H == nil {
		return // empty map: Go draws no start and yields nothing
	}
	if st.hasStart {
		it.Restart(st.startB, st.startOff)
	}
	if r.o.startsOnly {
		line := strconv.AppendInt([]byte("start "), int64(i), 10)
		line = strconv.AppendUint(append(line, ' '), uint64(it.StartBucket), 10)
		line = strconv.AppendUint(append(line, ' '), uint64(it.Offset), 10)
		r.out.Write(append(line, '\n'))
		return
	}
	r.extra = strconv.AppendUint(append(r.extra, "start "...), uint64(it.StartBucket), 10)
	r.extra = strconv.AppendUint(append(r.extra, ' '), uint64(it.Offset), 10)
	r.extra = append(r.extra, '\n')
}
