// Command subject is the real Go 1.19 runtime map as a gomapfuzz subject: a
// c-shared library (go build -buildmode=c-shared) exporting
// gomapfuzz_subject_v1_get (table.c), so that `gomapfuzz fuzz --subject-lib
// libgomapfuzz_go_subject.so` fuzzes Go's own map, and `gomapfuzz oracle
// --subject-lib` compares it with mapcore op by op, both through the C ABI
// (harness/include/gomapfuzz/subject_abi.h).
//
// Tiers: (a) map[K]uint64 for K = uint64, string, float64, each op written
// as a Go program writes it (goruntime.MapOps: plain map ops, the
// range-delete idiom, mapclear for floats), ranges through mapiterinit/
// mapiternext on a hiter the subject owns; (c) the dump of the runtime's own
// hmap, read through goruntime's mirrors, in mapcore's dump format; (d) the
// random source only (GOMAPFUZZ_TIER_RANDOM): every hash0 and every range's
// start come from config->seed through mapcore's streams. Not tier b (Go's
// collector owns the memory) and not tier d's hash: the map hashes with
// Go's fallback hash keyed by config->hash_key, never with config->hash,
// so gomapfuzz runs only `hasher gofallback` traces on it.
//
// Making the real runtime deterministic inside a shared library:
//   - the runtime read GODEBUG when the host process started, so instead of
//     GODEBUG=cpu.aes=off, init switches runtime.useAeshash off
//     (goruntime.UseFallbackHash) before the subject makes any map;
//   - runtime.hashkey[0] = config->hash_key at every make (the fallback hash
//     reads no other word of it);
//   - hash0 is written right after make, and again whenever Go draws a new
//     one (a delete that empties the map, mapclear of a non-empty map), with
//     what mapcore's RandomSource(config->seed) draws;
//   - a range's start is re-pointed after mapiterinit: to iter_open_at's
//     start, or to mapcore's next draw from the same source.
//
// What stays random is what Go draws from its own fastrand where no program
// can reach: the hash of a NaN key, and noverflow's increments at B >= 16.
//
// The subject never uses a Go map for itself: one made before the hash
// switch would stop finding its keys, and so would one made after, at the
// next make that sets another hash key. Handles are slots of slices. A handle given to C is C memory
// holding the slot number, and every key handed back to C is copied into
// C memory owned by its iterator: cgo forbids C keeping Go pointers.
package main

// #cgo CFLAGS: -I${SRCDIR}/../../harness/include
// #include <stdlib.h>
// #include "gomapfuzz/subject_abi.h"
import "C"

import (
	"math"
	"runtime"
	"strings"
	"unsafe"

	"gomapfuzz/goruntime"
)

// mapcore's GoFallbackHasher key when config->hash_key is 0
// (mapcore::kDefaultHashKey), as mapcore's subject does.
const defaultHashKey = 0x2d358dccaa6c78a5

// The value type of ABI version 1: uint64 (valueBytes 0).
const valueBytes = 0

func init() {
	if !strings.HasPrefix(runtime.Version(), "go1.19") {
		panic("gomapfuzz Go subject: built with " + runtime.Version() +
			", but it reads Go 1.19's map layout")
	}
	goruntime.UseFallbackHash() // first: no map of ours may predate it
	for k := goruntime.KeyUint64; k <= goruntime.KeyFloat64; k++ {
		ops, _ := goruntime.OpsFor(k, valueBytes)
		if msg := goruntime.NewGeometry(k, valueBytes).CheckMirror(ops.Make(0)); msg != "" {
			panic("gomapfuzz Go subject: " + msg)
		}
	}
}

// goMap is one map under test.
type goMap struct {
	kind goruntime.KeyKind
	ops  goruntime.MapOps
	g    goruntime.Geometry
	m    any // the map itself, in an interface so that it escapes
	h    *goruntime.Hmap
	t    unsafe.Pointer // its *maptype, for the runtime's functions
	rng  goruntime.RandomSource
	dump []byte // reused by every dump
}

// goIter is one range over a map.
type goIter struct {
	m        *goMap
	it       goruntime.Hiter
	pinned   bool // iter_open_at: start at (bucket, offset)
	bucket   uint64
	offset   uint8
	started  bool
	done     bool
	key      unsafe.Pointer // C memory: the bytes of the key last yielded
	keyBytes int
}

// registry hands out slots of a slice, and C handles naming them: C memory
// holding the slot number (C may keep it; it may not keep a Go pointer).
type registry[T any] struct {
	items []*T
	free  []uint64
}

func (r *registry[T]) add(x *T) unsafe.Pointer {
	var slot uint64
	if n := len(r.free); n > 0 {
		slot, r.free = r.free[n-1], r.free[:n-1]
		r.items[slot] = x
	} else {
		slot = uint64(len(r.items))
		r.items = append(r.items, x)
	}
	return newHandle(slot)
}

func (r *registry[T]) get(handle unsafe.Pointer) *T {
	return r.items[*(*uint64)(handle)]
}

func (r *registry[T]) remove(handle unsafe.Pointer) *T {
	slot := *(*uint64)(handle)
	x := r.items[slot]
	r.items[slot] = nil
	r.free = append(r.free, slot)
	C.free(handle)
	return x
}

func newHandle(slot uint64) unsafe.Pointer {
	handle := C.malloc(C.size_t(unsafe.Sizeof(slot)))
	*(*uint64)(handle) = slot
	return handle
}

var (
	maps  registry[goMap]
	iters registry[goIter]
)

// keyOf reads a key of the ABI: a uint64 or float64 as its 8 little-endian
// bytes, a string as its bytes (copied into Go memory: a put keeps it).
func keyOf(kind goruntime.KeyKind, k C.gomapfuzz_key) goruntime.Key {
	if kind == goruntime.KeyString {
		return goruntime.Key{S: C.GoStringN((*C.char)(k.data), C.int(k.len))}
	}
	// The first (at most) 8 bytes, little-endian, as mapcore's subject reads
	// them.
	var bits uint64
	for i := 0; i < int(k.len) && i < 8; i++ {
		bits |= uint64(*(*byte)(unsafe.Add(k.data, i))) << (8 * i)
	}
	if kind == goruntime.KeyFloat64 {
		return goruntime.Key{F: math.Float64frombits(bits)}
	}
	return goruntime.Key{U: bits}
}

//export gomapfuzzGoMake
func gomapfuzzGoMake(hint C.int64_t, config *C.gomapfuzz_config) unsafe.Pointer {
	kind := goruntime.KeyKind(config.key_kind)
	ops, ok := goruntime.OpsFor(kind, valueBytes)
	if !ok {
		return nil
	}
	hashKey := uint64(config.hash_key)
	if hashKey == 0 {
		hashKey = defaultHashKey
	}
	// One word for the whole process: every live map hashes with the last
	// make's key (gomapfuzz has one map alive at a time).
	goruntime.SetHashKey(uintptr(hashKey))
	m := &goMap{kind: kind, ops: ops, g: goruntime.NewGeometry(kind, valueBytes),
		m: ops.Make(int64(hint)), rng: goruntime.NewRandomSource(uint64(config.seed))}
	m.h = goruntime.HmapOf(m.m)
	m.t, _ = goruntime.MaptypeOf(m.m)
	m.h.Hash0 = m.rng.NextHash0()
	return maps.add(m)
}

//export gomapfuzzGoDestroy
func gomapfuzzGoDestroy(handle unsafe.Pointer) { maps.remove(handle) }

//export gomapfuzzGoPut
func gomapfuzzGoPut(handle unsafe.Pointer, key C.gomapfuzz_key, value C.uint64_t) C.int {
	m := maps.get(handle)
	before := m.h.Count
	m.ops.Put(m.m, keyOf(m.kind, key), uint64(value))
	if m.h.Count > before {
		return C.GOMAPFUZZ_OK
	}
	return C.GOMAPFUZZ_NONE
}

//export gomapfuzzGoGet
func gomapfuzzGoGet(handle unsafe.Pointer, key C.gomapfuzz_key, value *C.uint64_t) C.int {
	m := maps.get(handle)
	v, ok := m.ops.Get(m.m, keyOf(m.kind, key))
	if !ok {
		return C.GOMAPFUZZ_NONE
	}
	*value = C.uint64_t(v)
	return C.GOMAPFUZZ_OK
}

//export gomapfuzzGoErase
func gomapfuzzGoErase(handle unsafe.Pointer, key C.gomapfuzz_key) C.int {
	m := maps.get(handle)
	before := m.h.Count
	m.ops.Del(m.m, keyOf(m.kind, key))
	if m.h.Count == before {
		return C.GOMAPFUZZ_NONE
	}
	if m.h.Count == 0 {
		m.h.Hash0 = m.rng.NextHash0() // mapdelete reseeds an emptied map (Go #25237)
	}
	return C.GOMAPFUZZ_OK
}

//export gomapfuzzGoClear
func gomapfuzzGoClear(handle unsafe.Pointer) {
	m := maps.get(handle)
	before := m.h.Count
	m.ops.Clear(m.m)
	if before > 0 {
		m.h.Hash0 = m.rng.NextHash0() // mapclear reseeds unless the map was empty
	}
}

//export gomapfuzzGoLen
func gomapfuzzGoLen(handle unsafe.Pointer) C.int64_t {
	return C.int64_t(maps.get(handle).h.Count)
}

func openIter(handle unsafe.Pointer, pinned bool, bucket uint64, offset uint8) unsafe.Pointer {
	return iters.add(&goIter{m: maps.get(handle), pinned: pinned, bucket: bucket,
		offset: offset})
}

//export gomapfuzzGoIterOpen
func gomapfuzzGoIterOpen(handle unsafe.Pointer) unsafe.Pointer {
	return openIter(handle, false, 0, 0)
}

//export gomapfuzzGoIterOpenAt
func gomapfuzzGoIterOpenAt(handle unsafe.Pointer, bucket C.uint64_t, offset C.uint8_t) unsafe.Pointer {
	return openIter(handle, true, uint64(bucket), uint8(offset))
}

// begin is the range's mapiterinit, at the first next (as mapcore's
// iterator and a range loop begin), re-pointed at the pinned start or at
// mapcore's draw. An empty map draws nothing, on both sides.
func (i *goIter) begin() {
	i.started = true
	goruntime.MapIterInit(i.m.t, i.m.h, &i.it)
	if i.it.H == nil {
		return
	}
	bucket, offset := i.bucket, i.offset
	if !i.pinned {
		bucket, offset = i.m.rng.NextIterationStart(i.it.B)
	}
	i.it.Restart(bucket, offset)
}

// yield copies the current key into the iterator's C buffer, which stays
// valid until the next call on the iterator.
func (i *goIter) yield(key *C.gomapfuzz_key, value *C.uint64_t) {
	src, n := i.it.Key, 8
	if i.m.kind == goruntime.KeyString {
		hdr := (*[2]uintptr)(i.it.Key) // the string header: data, length
		src, n = *(*unsafe.Pointer)(i.it.Key), int(hdr[1])
	}
	if n > i.keyBytes || i.key == nil {
		C.free(i.key)
		i.key, i.keyBytes = C.malloc(C.size_t(n+1)), n
	}
	if n > 0 {
		copy(unsafe.Slice((*byte)(i.key), n), unsafe.Slice((*byte)(src), n))
	}
	key.data, key.len = i.key, C.size_t(n)
	*value = C.uint64_t(*(*uint64)(i.it.Elem))
}

//export gomapfuzzGoIterNext
func gomapfuzzGoIterNext(handle unsafe.Pointer, key *C.gomapfuzz_key, value *C.uint64_t) C.int {
	i := iters.get(handle)
	if i.done {
		return C.GOMAPFUZZ_NONE
	}
	if !i.started {
		i.begin()
	} else {
		goruntime.MapIterNext(&i.it)
	}
	if i.it.Key == nil {
		i.done = true // mapiternext must not run again (it.H may be nil)
		return C.GOMAPFUZZ_NONE
	}
	i.yield(key, value)
	return C.GOMAPFUZZ_OK
}

//export gomapfuzzGoIterClose
func gomapfuzzGoIterClose(handle unsafe.Pointer) {
	C.free(iters.remove(handle).key)
}

//export gomapfuzzGoDump
func gomapfuzzGoDump(handle unsafe.Pointer, buf *C.char, capacity C.size_t) C.size_t {
	m := maps.get(handle)
	m.dump = m.g.AppendBuckets(m.g.AppendHeader(m.dump[:0], m.h), m.h)
	if capacity > 0 {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(capacity)), m.dump)
	}
	return C.size_t(len(m.dump))
}

func main() {} // required by -buildmode=c-shared; never runs
