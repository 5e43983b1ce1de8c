package goruntime

// The layout dump of a real map, read through mirrors of Go 1.19's map
// structures (runtime/map.go, type.go): the text of mapcore's dump()
// (mapcore/include/mapcore/dump.h, format in corpus/README.md), byte for
// byte, so that the two compare with ==. The Go oracle prints it after every
// op; the Go subject (subject/) returns it as its tier c dump.

import (
	"math"
	"strconv"
	"unsafe"
)

// KeyKind is a key type of the trace format, numbered as the subject ABI's
// enum gomapfuzz_key_kind.
type KeyKind uint8

const (
	KeyUint64 KeyKind = iota
	KeyString
	KeyFloat64
)

const (
	bucketCntBits = 3
	bucketCnt     = 1 << bucketCntBits
	dataOffset    = 8 // tophash [8]uint8, then the keys
	minTopHash    = 5
	// PtrSize is the size of a pointer on amd64, the only layout checked.
	PtrSize = 8
)

// BucketSizeOf is Go's t.bucketsize for map[K]V with K of kind k and V
// uint64 (valueBytes 0) or [valueBytes]byte: 8 tophash bytes, 8 keys, 8
// values, the overflow pointer; a value over 128 bytes is stored as a
// pointer.
func BucketSizeOf(k KeyKind, valueBytes int) uint64 {
	ks, vs := uint64(8), uint64(8)
	if k == KeyString {
		ks = 16
	}
	if valueBytes != 0 && valueBytes <= 128 {
		vs = uint64(valueBytes)
	}
	return 8 + 8*ks + 8*vs + 8
}

// Geometry is how one map type lays out its buckets, and how to print them.
type Geometry struct {
	Kind        KeyKind
	ValueBytes  int  // 0: uint64
	IndirectVal bool // the slot holds a pointer to the value
	KeySize     uintptr
	ElemSize    uintptr
	BucketSize  uintptr
}

// NewGeometry is the geometry of map[K]V (see BucketSizeOf).
func NewGeometry(k KeyKind, valueBytes int) Geometry {
	g := Geometry{Kind: k, ValueBytes: valueBytes}
	g.KeySize = 8
	if k == KeyString {
		g.KeySize = 16
	}
	g.ElemSize = 8
	if valueBytes > 128 {
		g.IndirectVal = true
	} else if valueBytes > 0 {
		g.ElemSize = uintptr(valueBytes)
	}
	g.BucketSize = uintptr(BucketSizeOf(k, valueBytes))
	return g
}

// CheckMirror compares the geometry and the mirrored structures with the
// runtime's own maptype of m (a map of this geometry's type), so that a
// wrong mirror fails loudly instead of dumping garbage: "" when they agree.
func (g Geometry) CheckMirror(m any) string {
	if unsafe.Sizeof(Hmap{}) != 48 || unsafe.Sizeof(Hiter{}) != 96 ||
		unsafe.Sizeof(Mapextra{}) != 24 {
		return "hmap/hiter/mapextra mirrors have the wrong size for Go 1.19 amd64"
	}
	_, tail := MaptypeOf(m)
	if uintptr(tail.Keysize) != g.KeySize || uintptr(tail.Elemsize) != g.ElemSize ||
		uintptr(tail.Bucketsize) != g.BucketSize {
		return "maptype mirror disagrees with the runtime: keysize " +
			strconv.Itoa(int(tail.Keysize)) + " elemsize " + strconv.Itoa(int(tail.Elemsize)) +
			" bucketsize " + strconv.Itoa(int(tail.Bucketsize)) + ", expected bucketsize " +
			strconv.Itoa(int(g.BucketSize))
	}
	return ""
}

// ArrayLen is makeBucketArray's length: 2^B buckets, plus 2^(B-4)
// preallocated overflow buckets from B = 4 on, rounded up to the malloc size
// class (the slack becomes more preallocated buckets).
func (g Geometry) ArrayLen(b uint8) uintptr {
	n := uintptr(1) << b
	if b >= 4 {
		n += uintptr(1) << (b - 4)
		sz := g.BucketSize * n
		if up := RoundUpSize(sz); up != sz {
			n = up / g.BucketSize
		}
	}
	return n
}

func (g Geometry) tophash(b unsafe.Pointer, i int) uint8 {
	return *(*uint8)(unsafe.Add(b, i))
}

func (g Geometry) keyAt(b unsafe.Pointer, i int) unsafe.Pointer {
	return unsafe.Add(b, dataOffset+uintptr(i)*g.KeySize)
}

func (g Geometry) elemAt(b unsafe.Pointer, i int) unsafe.Pointer {
	return unsafe.Add(b, dataOffset+bucketCnt*g.KeySize+uintptr(i)*g.ElemSize)
}

// Overflow is bucket b's overflow pointer (its last word).
func (g Geometry) Overflow(b unsafe.Pointer) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(b, g.BucketSize-PtrSize))
}

// HeapMembers counts the chain members of array (length buckets, the first
// n of them heads) that are not inside the array: Go allocated each one
// separately.
func (g Geometry) HeapMembers(array unsafe.Pointer, n, length uintptr) uint64 {
	var count uint64
	start, end := uintptr(array), uintptr(array)+length*g.BucketSize
	for x := uintptr(0); x < n; x++ {
		for b := g.Overflow(unsafe.Add(array, x*g.BucketSize)); b != nil; b = g.Overflow(b) {
			if a := uintptr(b); a < start || a >= end {
				count++
			}
		}
	}
	return count
}

func (g Geometry) isZero(b unsafe.Pointer) bool {
	for i := uintptr(0); i < g.BucketSize; i++ {
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

// AppendKey formats the key stored at p; a stale string is not followed.
func (g Geometry) AppendKey(out []byte, p unsafe.Pointer, live bool) []byte {
	switch g.Kind {
	case KeyUint64:
		return strconv.AppendUint(out, *(*uint64)(p), 10)
	case KeyFloat64:
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

// AppendValue formats a value (not a slot) at p.
func (g Geometry) AppendValue(out []byte, p unsafe.Pointer) []byte {
	if g.ValueBytes == 0 {
		return strconv.AppendUint(out, *(*uint64)(p), 10)
	}
	digits := 16
	if g.ValueBytes < 8 {
		digits = 2 * g.ValueBytes
	}
	return appendHex(append(out, 'b'), prefix64(p, g.ValueBytes), digits)
}

// appendElemSlot formats the value slot at p: inline, or "nil", "*" (stale)
// or "*" and the value (live) when the slot holds a pointer.
func (g Geometry) appendElemSlot(out []byte, p unsafe.Pointer, live bool) []byte {
	if !g.IndirectVal {
		return g.AppendValue(out, p)
	}
	v := *(*unsafe.Pointer)(p)
	switch {
	case v == nil:
		return append(out, "nil"...)
	case !live:
		return append(out, '*')
	default:
		return g.AppendValue(append(out, '*'), v)
	}
}

func (g Geometry) appendSlots(out []byte, b unsafe.Pointer) []byte {
	for i := 0; i < bucketCnt; i++ {
		top := g.tophash(b, i)
		live := top >= minTopHash
		out = appendHex(append(out, ' '), uint64(top), 2)
		out = append(out, ':')
		out = g.AppendKey(out, g.keyAt(b, i), live)
		out = append(out, '=')
		out = g.appendElemSlot(out, g.elemAt(b, i), live)
	}
	return append(out, '\n')
}

// appendChain prints bucket x of array (len buckets) and its overflow chain,
// unless the head bucket is all zero bytes.
func (g Geometry) appendChain(out []byte, label string, array unsafe.Pointer, x, length uintptr) []byte {
	head := unsafe.Add(array, x*g.BucketSize)
	if g.isZero(head) {
		return out
	}
	out = append(out, label...)
	out = strconv.AppendUint(append(out, ' '), uint64(x), 10)
	out = g.appendSlots(append(out, ':'), head)
	start, end := uintptr(array), uintptr(array)+length*g.BucketSize
	for b := g.Overflow(head); b != nil; b = g.Overflow(b) {
		out = append(out, label...)
		out = strconv.AppendUint(append(out, ' '), uint64(x), 10)
		if a := uintptr(b); a >= start && a < end {
			out = strconv.AppendUint(append(out, " +p"...), uint64((a-start)/g.BucketSize), 10)
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

// AppendHeader prints the dump's hmap and pool lines.
func (g Geometry) AppendHeader(out []byte, h *Hmap) []byte {
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
		next := (uintptr(h.Extra.NextOverflow) - uintptr(h.Buckets)) / g.BucketSize
		out = strconv.AppendUint(append(out, "pool next="...), uint64(next), 10)
		out = strconv.AppendUint(append(out, " end="...), uint64(g.ArrayLen(h.B)), 10)
		return append(out, '\n')
	}
	return append(out, "pool none\n"...)
}

// AppendBuckets prints every chain of the current array, then of the old one.
func (g Geometry) AppendBuckets(out []byte, h *Hmap) []byte {
	if h.Buckets != nil {
		n, length := uintptr(1)<<h.B, g.ArrayLen(h.B)
		for x := uintptr(0); x < n; x++ {
			out = g.appendChain(out, "bucket", h.Buckets, x, length)
		}
	}
	if h.Oldbuckets != nil {
		n, length := uintptr(1)<<h.OldB(), g.ArrayLen(h.OldB())
		for x := uintptr(0); x < n; x++ {
			out = g.appendChain(out, "old", h.Oldbuckets, x, length)
		}
	}
	return out
}
