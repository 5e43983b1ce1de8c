package goruntime

// The runtime internals reached through //go:linkname, and the re-exec that
// turns the AES hash off.

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
