package main

// The runner: executes a trace's ops on a real Go map and prints one record
// per op (format in main.go). Map operations go through mapOps (ops_gen.go),
// plain non-generic Go for each type pair, so the compiler picks the same
// runtime entry points as for any program; iteration drives the runtime's
// mapiterinit/mapiternext directly on a mirrored hiter, as reflect.MapIter
// does, which exposes the start Go chose.

import (
	"bufio"
	"strconv"
	"unsafe"

	"gomapfuzz/goruntime"
)

// mapOps are the operations of one map type, the map held as an interface
// (so it escapes: a non-escaping map could get a stack bucket).
type mapOps struct {
	make  func(hint int64) any
	put   func(m any, k key, v uint64)
	get   func(m any, k key) (uint64, bool)
	del   func(m any, k key)
	clear func(m any)
}

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
	it       *hiter
	hasStart bool
	startB   uint64
	startOff uint8
	started  bool
	done     bool
}

type runner struct {
	tr      *trace
	ops     mapOps
	g       geometry
	out     *bufio.Writer
	o       options
	m       any
	h       *goruntime.Hmap
	mt      unsafe.Pointer // *maptype of m
	maps    uint64         // maps made so far, the implicit first one included
	hash0   hash0Source
	iters   [maxIterators]*iterState
	extra   []byte // the op's start/yield/result lines
	scratch uint64
	prev    struct {
		B                 uint8
		growing, sameSize bool
	}
}

func newRunner(tr *trace, ops mapOps, out *bufio.Writer, o options) *runner {
	return &runner{tr: tr, ops: ops, g: newGeometry(tr), out: out, o: o}
}

// checkLayout compares the mirrored structures with the runtime's own
// maptype and sizes, so a wrong mirror fails loudly instead of dumping
// garbage.
func (r *runner) checkLayout() {
	if unsafe.Sizeof(goruntime.Hmap{}) != 48 || unsafe.Sizeof(hiter{}) != 96 ||
		unsafe.Sizeof(goruntime.Mapextra{}) != 24 {
		fail("hmap/hiter/mapextra mirrors have the wrong size for Go 1.19 amd64")
	}
	_, tail := goruntime.MaptypeOf(r.ops.make(0))
	if uintptr(tail.Keysize) != r.g.keySize || uintptr(tail.Elemsize) != r.g.elemSize ||
		uintptr(tail.Bucketsize) != r.g.bucketSize {
		fail("maptype mirror disagrees with the runtime: keysize " +
			strconv.Itoa(int(tail.Keysize)) + " elemsize " + strconv.Itoa(int(tail.Elemsize)) +
			" bucketsize " + strconv.Itoa(int(tail.Bucketsize)) + ", expected bucketsize " +
			strconv.Itoa(int(r.g.bucketSize)))
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
	buf = r.g.appendHeader(buf, r.h)
	if full {
		buf = r.g.appendBuckets(buf, r.h)
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
	r.m = r.ops.make(hint)
	r.h = goruntime.HmapOf(r.m)
	r.mt, _ = goruntime.MaptypeOf(r.m)
	r.hash0 = newHash0Source(r.tr.seed + r.maps)
	r.maps++
	r.h.Hash0 = r.hash0.next()
}

// redrawHash0: Go just replaced hash0 with fastrand(); pin it to mapcore's
// next draw.
func (r *runner) redrawHash0() { r.h.Hash0 = r.hash0.next() }

func (r *runner) exec(i int, o *op) {
	switch o.kind {
	case opMake:
		r.makeMap(o.hint)
	case opPut:
		before := r.h.Count
		r.ops.put(r.m, o.k, o.value)
		if r.h.Count > before {
			r.result("put new")
		} else {
			r.result("put old")
		}
	case opGet:
		v, ok := r.ops.get(r.m, o.k)
		if !ok {
			r.result("get missing")
			break
		}
		r.scratch = v // a field, so that taking its address allocates nothing
		r.extra = append(r.extra, "result get "...)
		r.extra = r.g.appendValue(r.extra, unsafe.Pointer(&r.scratch))
		r.extra = append(r.extra, '\n')
	case opDel:
		before := r.h.Count
		r.ops.del(r.m, o.k)
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
		r.ops.clear(r.m)
		if before > 0 {
			r.redrawHash0() // mapclear reseeds unless the map was empty
		}
	case opIter:
		st := &iterState{it: new(hiter), hasStart: o.hasStart, startB: o.startB, startOff: o.startOff}
		r.step(i, st, ^uint64(0))
	case opItOpen:
		r.iters[o.iter] = &iterState{it: new(hiter), hasStart: o.hasStart, startB: o.startB,
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
			mapiternext(st.it)
		}
		if st.it.key == nil {
			st.done = true
			break
		}
		if !r.o.startsOnly {
			r.extra = append(r.extra, "yield "...)
			r.extra = r.g.appendKey(r.extra, st.it.key, true)
			r.extra = append(r.extra, '=')
			r.extra = r.g.appendValue(r.extra, st.it.elem)
			r.extra = append(r.extra, '\n')
		}
	}
}

// begin runs mapiterinit and reports the start. An explicit start from the
// trace is imposed by re-pointing the fresh iterator at it and searching for
// the first entry again: mapiterinit's side effects (the iterator flags,
// mapextra for pointer-free buckets) do not depend on the start, and
// mapiternext only reads the map.
func (r *runner) begin(i int, st *iterState) {
	it := st.it
	mapiterinit(r.mt, unsafe.Pointer(r.h), it)
	if it.h == nil {
		return // empty map: Go draws no start and yields nothing
	}
	if st.hasStart {
		it.startBucket = uintptr(st.startB) & (uintptr(1)<<it.B - 1)
		it.offset = st.startOff & (bucketCnt - 1)
		it.bucket = it.startBucket
		it.bptr, it.i, it.wrapped, it.checkBucket = nil, 0, false, 0
		it.key, it.elem = nil, nil
		mapiternext(it)
	}
	if r.o.startsOnly {
		line := strconv.AppendInt([]byte("start "), int64(i), 10)
		line = strconv.AppendUint(append(line, ' '), uint64(it.startBucket), 10)
		line = strconv.AppendUint(append(line, ' '), uint64(it.offset), 10)
		r.out.Write(append(line, '\n'))
		return
	}
	r.extra = strconv.AppendUint(append(r.extra, "start "...), uint64(it.startBucket), 10)
	r.extra = strconv.AppendUint(append(r.extra, ' '), uint64(it.offset), 10)
	r.extra = append(r.extra, '\n')
}
