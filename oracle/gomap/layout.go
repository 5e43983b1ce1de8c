package main

// Mirrors of Go 1.19's map structures (runtime/map.go, type.go) and the
// layout dump that reads them. The dump is the text of mapcore's dump()
// (mapcore/include/mapcore/dump.h, format in corpus/README.md), byte for
// byte, so the two compare with ==.

import (
	"math"
	"strconv"
	"unsafe"

	"gomapfuzz/goruntime"
)

// hiter (96 bytes); the compiler and reflect allocate it, here we do.
type hiter struct {
	key         unsafe.Pointer
	elem        unsafe.Pointer
	t           unsafe.Pointer
	h           *goruntime.Hmap
	buckets     unsafe.Pointer
	bptr        unsafe.Pointer
	overflow    unsafe.Pointer
	oldoverflow unsafe.Pointer
	startBucket uintptr
	offset      uint8
	wrapped     bool
	B           uint8
	i           uint8
	bucket      uintptr
	checkBucket uintptr
}

const (
	bucketCnt  = 8
	dataOffset = 8 // tophash [8]uint8, then the keys
	minTopHash = 5
	ptrSize    = 8
)

// geometry is how one map type lays out its buckets, and how to print them.
type geometry struct {
	keyType     keyType
	valueBytes  int  // 0: uint64
	indirectVal bool // the slot holds a pointer to the value
	keySize     uintptr
	elemSize    uintptr
	bucketSize  uintptr
}

func newGeometry(tr *trace) geometry {
	g := geometry{keyType: tr.keyType, valueBytes: tr.valueBytes}
	g.keySize = 8
	if tr.keyType == keyString {
		g.keySize = 16
	}
	g.elemSize = 8
	if tr.valueBytes > 128 {
		g.indirectVal = true
	} else if tr.valueBytes > 0 {
		g.elemSize = uintptr(tr.valueBytes)
	}
	g.bucketSize = uintptr(bucketSize(tr.keyType, tr.valueBytes))
	return g
}

// arrayLen is makeBucketArray's length: 2^B buckets, plus 2^(B-4)
// preallocated overflow buckets from B = 4 on, rounded up to the malloc size
// class (the slack becomes more preallocated buckets).
func (g geometry) arrayLen(b uint8) uintptr {
	n := uintptr(1) << b
	if b >= 4 {
		n += uintptr(1) << (b - 4)
		sz := g.bucketSize * n
		if up := goruntime.RoundUpSize(sz); up != sz {
			n = up / g.bucketSize
		}
	}
	return n
}

func (g geometry) tophash(b unsafe.Pointer, i int) uint8 {
	return *(*uint8)(unsafe.Add(b, i))
}

func (g geometry) keyAt(b unsafe.Pointer, i int) unsafe.Pointer {
	return unsafe.Add(b, dataOffset+uintptr(i)*g.keySize)
}

func (g geometry) elemAt(b unsafe.Pointer, i int) unsafe.Pointer {
	return unsafe.Add(b, dataOffset+bucketCnt*g.keySize+uintptr(i)*g.elemSize)
}

func (g geometry) overflow(b unsafe.Pointer) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(b, g.bucketSize-ptrSize))
}

func (g geometry) isZero(b unsafe.Pointer) bool {
	for i := uintptr(0); i < g.bucketSize; i++ {
		if *(*byte)(unsafe.Add(b, i)) != 0 {
			return false
		}
	}
	return true
}

// ---- slot formatting: mapcore/include/mapcore/slot_format.h ----

func appendQuoted(out []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == '"':
			out = append(out, '\\', c)
		case c >= 0x20 && c < 0x7f:
			out = append(out, c)
		default:
			out = append(out, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return append(out, '"')
}

func appendHex(out []byte, v uint64, digits int) []byte {
	const hexDigits = "0123456789abcdef"
	for i := digits - 1; i >= 0; i-- {
		out = append(out, hexDigits[(v>>(4*uint(i)))&0xf])
	}
	return out
}

// The first min(N, 8) bytes of [N]byte at p as a little-endian integer.
func prefix64(p unsafe.Pointer, n int) uint64 {
	if n > 8 {
		n = 8
	}
	var v uint64
	for i := 0; i < n; i++ {
		v |= uint64(*(*byte)(unsafe.Add(p, i))) << (8 * i)
	}
	return v
}

// appendKey formats the key stored at p; a stale string is not followed.
func (g geometry) appendKey(out []byte, p unsafe.Pointer, live bool) []byte {
	switch g.keyType {
	case keyUint64:
		return strconv.AppendUint(out, *(*uint64)(p), 10)
	case keyFloat64:
		return appendHex(append(out, 'f'), math.Float64bits(*(*float64)(p)), 16)
	}
	hdr := (*[2]uintptr)(p) // string header: pointer, length
	switch {
	case hdr[1] == 0:
		return append(out, '"', '"')
	case live:
		return appendQuoted(out, *(*string)(p))
	case hdr[0] == 0:
		return strconv.AppendUint(append(out, "nil/"...), uint64(hdr[1]), 10)
	default:
		return strconv.AppendUint(append(out, "old/"...), uint64(hdr[1]), 10)
	}
}

// appendValue formats a value (not a slot) at p.
func (g geometry) appendValue(out []byte, p unsafe.Pointer) []byte {
	if g.valueBytes == 0 {
		return strconv.AppendUint(out, *(*uint64)(p), 10)
	}
	digits := 16
	if g.valueBytes < 8 {
		digits = 2 * g.valueBytes
	}
	return appendHex(append(out, 'b'), prefix64(p, g.valueBytes), digits)
}

// appendElemSlot formats the value slot at p: inline, or "nil", "*" (stale)
// or "*" and the value (live) when the slot holds a pointer.
func (g geometry) appendElemSlot(out []byte, p unsafe.Pointer, live bool) []byte {
	if !g.indirectVal {
		return g.appendValue(out, p)
	}
	v := *(*unsafe.Pointer)(p)
	switch {
	case v == nil:
		return append(out, "nil"...)
	case !live:
		return append(out, '*')
	default:
		return g.appendValue(append(out, '*'), v)
	}
}

func (g geometry) appendSlots(out []byte, b unsafe.Pointer) []byte {
	for i := 0; i < bucketCnt; i++ {
		top := g.tophash(b, i)
		live := top >= minTopHash
		out = appendHex(append(out, ' '), uint64(top), 2)
		out = append(out, ':')
		out = g.appendKey(out, g.keyAt(b, i), live)
		out = append(out, '=')
		out = g.appendElemSlot(out, g.elemAt(b, i), live)
	}
	return append(out, '\n')
}

// appendChain prints bucket x of array (len buckets) and its overflow chain,
// unless the head bucket is all zero bytes.
func (g geometry) appendChain(out []byte, label string, array unsafe.Pointer, x, length uintptr) []byte {
	head := unsafe.Add(array, x*g.bucketSize)
	if g.isZero(head) {
		return out
	}
	out = append(out, label...)
	out = strconv.AppendUint(append(out, ' '), uint64(x), 10)
	out = g.appendSlots(append(out, ':'), head)
	start, end := uintptr(array), uintptr(array)+length*g.bucketSize
	for b := g.overflow(head); b != nil; b = g.overflow(b) {
		out = append(out, label...)
		out = strconv.AppendUint(append(out, ' '), uint64(x), 10)
		if a := uintptr(b); a >= start && a < end {
			out = strconv.AppendUint(append(out, " +p"...), uint64((a-start)/g.bucketSize), 10)
		} else {
			out = append(out, " +heap"...)
		}
		out = g.appendSlots(append(out, ':'), b)
	}
	return out
}

func boolDigit(b bool) byte {
	if b {
		return '1'
	}
	return '0'
}

// appendHeader prints the dump's hmap and pool lines.
func (g geometry) appendHeader(out []byte, h *goruntime.Hmap) []byte {
	out = strconv.AppendInt(append(out, "hmap count="...), int64(h.Count), 10)
	out = appendHex(append(out, " flags=0x"...), uint64(h.Flags), 2)
	out = strconv.AppendUint(append(out, " B="...), uint64(h.B), 10)
	out = strconv.AppendUint(append(out, " noverflow="...), uint64(h.Noverflow), 10)
	out = appendHex(append(out, " hash0=0x"...), uint64(h.Hash0), 8)
	out = append(out, " growing="...)
	out = append(out, boolDigit(h.Growing()))
	out = append(out, " samesize="...)
	out = append(out, boolDigit(h.SameSize()))
	out = strconv.AppendUint(append(out, " nevacuate="...), uint64(h.Nevacuate), 10)
	if h.Growing() {
		out = strconv.AppendUint(append(out, " oldB="...), uint64(h.OldB()), 10)
	}
	out = append(out, '\n')
	if h.Extra != nil && h.Extra.NextOverflow != nil {
		next := (uintptr(h.Extra.NextOverflow) - uintptr(h.Buckets)) / g.bucketSize
		out = strconv.AppendUint(append(out, "pool next="...), uint64(next), 10)
		out = strconv.AppendUint(append(out, " end="...), uint64(g.arrayLen(h.B)), 10)
		return append(out, '\n')
	}
	return append(out, "pool none\n"...)
}

// appendBuckets prints every chain of the current array, then of the old one.
func (g geometry) appendBuckets(out []byte, h *goruntime.Hmap) []byte {
	if h.Buckets != nil {
		n, length := uintptr(1)<<h.B, g.arrayLen(h.B)
		for x := uintptr(0); x < n; x++ {
			out = g.appendChain(out, "bucket", h.Buckets, x, length)
		}
	}
	if h.Oldbuckets != nil {
		n, length := uintptr(1)<<h.OldB(), g.arrayLen(h.OldB())
		for x := uintptr(0); x < n; x++ {
			out = g.appendChain(out, "old", h.Oldbuckets, x, length)
		}
	}
	return out
}
