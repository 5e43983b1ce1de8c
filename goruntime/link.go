package goruntime

// The runtime internals reached through //go:linkname, and the two ways to
// turn the AES hash off: a program re-executes itself under GODEBUG, a
// shared library (which cannot) switches the runtime's flag.

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

// RoundUpSize is mallocgc's size-class rounding (msize.go): the bytes an
// allocation of size bytes really takes.
//
//go:linkname RoundUpSize runtime.roundupsize
func RoundUpSize(size uintptr) uintptr

// UsesAESHash reports whether the runtime hashes map keys with AES.
func UsesAESHash() bool { return useAeshash }

// SetHashKey pins hashkey[0], the fallback hash's per-process key. Every
// map that already holds entries stops finding them, so a program calls it
// before it makes its first map (the flag and os packages make none).
func SetHashKey(k uintptr) { hashkey[0] = k }

// UseFallbackHash switches the runtime to hash64.go's fallback hash, as
// GODEBUG=cpu.aes=off would have at start-up: memhash, memhash32/64 and
// strhash test useAeshash at every call (asm_amd64.s), so the switch takes
// effect at once. For a shared library, whose runtime read GODEBUG from
// the environment the host process started with. Every map made before
// the switch stops finding its keys (they were placed by the AES hash), so
// call it before the caller's first map; maps the packages it imports made
// while initialising (e.g. unicode's tables) must not be used afterwards.
func UseFallbackHash() { useAeshash = false }

// EnsureFallbackHash re-executes the program with GODEBUG=cpu.aes=off when
// the runtime chose the AES hash: GODEBUG is read before main runs, so
// setting it from main is too late. With the fallback hash and pinned
// seeds, the real map lays its keys out exactly as mapcore does. marker
// names the environment variable that stops a second re-exec from looping.
// Call it first thing in main.
func EnsureFallbackHash(marker string, fail func(string)) {
	if !useAeshash {
		return
	}
	if os.Getenv(marker) != "" {
		fail("the runtime still uses the AES hash under GODEBUG=cpu.aes=off")
		return
	}
	godebug := "cpu.aes=off"
	if old := os.Getenv("GODEBUG"); old != "" {
		godebug = old + "," + godebug
	}
	env := []string{marker + "=1", "GODEBUG=" + godebug}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") && !strings.HasPrefix(kv, marker+"=") {
			env = append(env, kv)
		}
	}
	err := syscall.Exec("/proc/self/exe", os.Args, env)
	fail("re-exec with GODEBUG=cpu.aes=off: " + err.Error())
}

var _ unsafe.Pointer // //go:linkname needs package unsafe imported
