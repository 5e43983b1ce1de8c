package main

// The runtime internals this program reaches (checked on Go 1.19.8, amd64):
// the fallback hash's key, the AES switch, and the layout of hmap, mapextra
// and maptype that the memory check reads through unsafe.

import (
	"os"
	"strings"
	"syscall"
	"unsafe"
)

// The per-process hash key (alg.go); the fallback hash uses hashkey[0] only.
//
//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

// True iff the runtime hashes with AES; false under GODEBUG=cpu.aes=off.
//
//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

// hmap (runtime/map.go) on amd64: 48 bytes.
type hmap struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      *mapextra
}

type mapextra struct {
	overflow     *[]unsafe.Pointer
	oldoverflow  *[]unsafe.Pointer
	nextOverflow unsafe.Pointer
}

// An interface value: its type word points at the map's *maptype.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// maptype's bucketsize field: after the 48-byte _type come key, elem,
// bucket, hasher (8 bytes each), then keysize, elemsize (uint8) and
// bucketsize (uint16).
const maptypeBucketsizeOffset = 82

// headerOf returns the hmap behind a map value (a map is a *hmap).
func headerOf(mapPtr unsafe.Pointer) *hmap {
	return *(**hmap)(mapPtr)
}

// bucketSizeOf reads t.bucketsize from the map's type descriptor.
func bucketSizeOf(m any) uintptr {
	e := (*eface)(unsafe.Pointer(&m))
	return uintptr(*(*uint16)(unsafe.Add(e.typ, maptypeBucketsizeOffset)))
}

// The marker that stops a second re-exec from looping.
const reexecMarker = "GOMAPFUZZ_MEMCHECK_REEXEC"

// ensureFallbackHash re-executes this program with GODEBUG=cpu.aes=off when
// the runtime chose the AES hash: GODEBUG is read before main, so setting it
// now is too late. With the fallback hash and pinned seeds, the real map
// lays out its keys exactly as mapcore does, so noverflow compares exactly.
func ensureFallbackHash() {
	if !useAeshash {
		return
	}
	if os.Getenv(reexecMarker) != "" {
		fail("the runtime still uses the AES hash under GODEBUG=cpu.aes=off")
	}
	godebug := "cpu.aes=off"
	if old := os.Getenv("GODEBUG"); old != "" {
		godebug = old + "," + godebug
	}
	env := []string{reexecMarker + "=1", "GODEBUG=" + godebug}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") && !strings.HasPrefix(kv, reexecMarker+"=") {
			env = append(env, kv)
		}
	}
	err := syscall.Exec("/proc/self/exe", os.Args, env)
	fail("re-exec with GODEBUG=cpu.aes=off: " + err.Error())
}
