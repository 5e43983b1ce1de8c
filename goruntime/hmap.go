package goruntime

// Mirrors of Go 1.19's map header (runtime/map.go), field for field, read
// through unsafe. The programs check the mirror against the runtime's own
// maptype before they trust it.

import "unsafe"

// Hmap is runtime.hmap: 48 bytes on amd64.
type Hmap struct {
	Count      int // live cells: len(map)
	Flags      uint8
	B          uint8  // log2 of the number of buckets
	Noverflow  uint16 // approximate number of overflow buckets
	Hash0      uint32 // hash seed
	Buckets    unsafe.Pointer
	Oldbuckets unsafe.Pointer // non-nil only while growing
	Nevacuate  uintptr        // buckets below this are evacuated
	Extra      *Mapextra
}

// Mapextra is runtime.mapextra.
type Mapextra struct {
	// Overflow and Oldoverflow keep overflow buckets alive when neither
	// key nor value holds pointers (the bucket is then pointer-free).
	Overflow     *[]unsafe.Pointer
	Oldoverflow  *[]unsafe.Pointer
	NextOverflow unsafe.Pointer // the next free preallocated bucket
}

// Growing reports whether an evacuation is in progress.
func (h *Hmap) Growing() bool { return h.Oldbuckets != nil }

// flagSameSizeGrow is map.go's sameSizeGrow flag: the current growth
// keeps B and only compacts the overflow chains.
const flagSameSizeGrow = 8

// SameSize reports whether the current growth is a same-size one.
func (h *Hmap) SameSize() bool { return h.Flags&flagSameSizeGrow != 0 }

// OldB is the log2 of the old array's length while growing: B-1 after a
// doubling, B after a same-size growth.
func (h *Hmap) OldB() uint8 {
	if h.SameSize() {
		return h.B
	}
	return h.B - 1
}

// HeaderOf returns the hmap behind the map variable at mapPtr (a map value
// is a *hmap).
func HeaderOf(mapPtr unsafe.Pointer) *Hmap {
	return *(**Hmap)(mapPtr)
}

// MaptypeTail is runtime.maptype after its 48-byte _type header (type.go).
type MaptypeTail struct {
	Key        unsafe.Pointer // *_type of the key
	Elem       unsafe.Pointer // *_type of the value
	Bucket     unsafe.Pointer // *_type of a bucket
	Hasher     unsafe.Pointer
	Keysize    uint8 // size of a key slot (8 when stored indirectly)
	Elemsize   uint8 // size of a value slot (8 when stored indirectly)
	Bucketsize uint16
	Flags      uint32
}

// typeHeaderSize is sizeof(runtime._type) on amd64.
const typeHeaderSize = 48

// An interface value holding a map: the map's type, then its *hmap.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// MaptypeOf returns the runtime's *maptype of the map in m (for the
// runtime's own functions), and its fields.
func MaptypeOf(m any) (unsafe.Pointer, *MaptypeTail) {
	t := (*eface)(unsafe.Pointer(&m)).typ
	return t, (*MaptypeTail)(unsafe.Add(t, typeHeaderSize))
}

// HmapOf returns the header of the map in m.
func HmapOf(m any) *Hmap {
	return (*Hmap)((*eface)(unsafe.Pointer(&m)).data)
}
