package goruntime

// Mirrors of Go 1.19's sync.Map (src/sync/map.go), so a program can read the
// real one's internal state: the read-only map and amended, the dirty map,
// misses, and which entries are expunged. Used by oracle/gosyncmap.

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// syncMap mirrors sync.Map: {mu Mutex; read atomic.Value; dirty
// map[any]*entry; misses int}.
type syncMap struct {
	mu     sync.Mutex
	read   atomic.Value // readOnly
	dirty  map[any]*SyncEntry
	misses int
}

// syncReadOnly mirrors sync.readOnly.
type syncReadOnly struct {
	m       map[any]*SyncEntry
	amended bool
}

// SyncEntry mirrors sync.entry: p is nil, expunged or a *any.
type SyncEntry struct {
	p unsafe.Pointer
}

// The marker of an expunged entry (sync.expunged).
//
//go:linkname syncExpunged sync.expunged
var syncExpunged unsafe.Pointer

// SyncMapMirrorOK reports whether the mirror has sync.Map's size (a
// changed layout would make every read below garbage).
func SyncMapMirrorOK() bool {
	return unsafe.Sizeof(sync.Map{}) == unsafe.Sizeof(syncMap{}) &&
		unsafe.Offsetof(syncMap{}.misses) == 32
}

// SyncMapState is what a sync.Map holds besides its mutex.
type SyncMapState struct {
	Read    map[any]*SyncEntry // nil: never stored, or nil read map
	Amended bool
	Dirty   map[any]*SyncEntry // nil: dirty == nil
	Misses  int
}

// InspectSyncMap reads m's state. Call it while no goroutine uses m.
func InspectSyncMap(m *sync.Map) SyncMapState {
	mm := (*syncMap)(unsafe.Pointer(m))
	var s SyncMapState
	if v := mm.read.Load(); v != nil {
		ro := (*syncReadOnly)((*eface)(unsafe.Pointer(&v)).data)
		s.Read, s.Amended = ro.m, ro.amended
	}
	s.Dirty, s.Misses = mm.dirty, mm.misses
	return s
}

// Load reports the entry's value: ok false for nil, expunged true for
// the expunged marker.
func (e *SyncEntry) Load() (value any, ok, expunged bool) {
	p := atomic.LoadPointer(&e.p)
	if p == nil {
		return nil, false, false
	}
	if p == syncExpunged {
		return nil, false, true
	}
	return *(*any)(p), true, false
}
