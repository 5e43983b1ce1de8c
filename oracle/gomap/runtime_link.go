package main

// The runtime internals this program reaches through //go:linkname (all
// checked to work on Go 1.19.8, amd64; see ../shared/GO-MAP-FACTS.md), and
// the re-exec that turns the AES hash off.

import (
	"os"
	"strings"
	"syscall"
	"unsafe"
)

// The per-process hash key (alg.go); the fallback hash uses hashkey[0].
//
//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

// True iff the runtime hashes with AES; false under GODEBUG=cpu.aes=off.
//
//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

//go:linkname mapiterinit runtime.mapiterinit
func mapiterinit(t unsafe.Pointer, h unsafe.Pointer, it *hiter)

//go:linkname mapiternext runtime.mapiternext
func mapiternext(it *hiter)

// mapclear itself: Go 1.19 has no clear builtin, and the compiler turns
// `for k := range m { delete(m, k) }` into mapclear only for key types whose
// equality is reflexive, so float64 maps call it directly.
//
//go:linkname mapclear runtime.mapclear
func mapclear(t unsafe.Pointer, h unsafe.Pointer)

// mallocgc's size classes (msize.go), for the bucket array's length.
//
//go:linkname roundupsize runtime.roundupsize
func roundupsize(size uintptr) uintptr

// The hash functions a map uses, for the golden vectors and self-checks.
//
//go:linkname f64hash runtime.f64hash
func f64hash(p unsafe.Pointer, h uintptr) uintptr

// The marker that stops a second re-exec from looping.
const reexecMarker = "GOMAPORACLE_REEXEC"

// ensureFallbackHash re-executes this program with GODEBUG=cpu.aes=off when
// the runtime chose the AES hash: GODEBUG is read before main, so setting it
// now is too late. Must run before anything uses a map.
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

// setHashKey pins hashkey[0]. Every map that already holds entries stops
// finding them, so it runs before this program makes its first map.
func setHashKey(k uintptr) {
	hashkey[0] = k
}
