package goruntime

// The runtime's map hash functions, reached through //go:linkname, and the
// AES hash's key schedule: what oracle/hash_vectors calls to record the
// hashes mapcore's C++ ports must reproduce. Which implementation
// runtime.memhash is depends on the switch in link.go: aeshashbody
// (asm_amd64.s) when UsesAESHash, else hash64.go's memhashFallback.

import "unsafe"

//go:noescape
//go:linkname memhash runtime.memhash
func memhash(p unsafe.Pointer, h, s uintptr) uintptr

//go:noescape
//go:linkname strhash runtime.strhash
func strhash(p unsafe.Pointer, h uintptr) uintptr

//go:noescape
//go:linkname memhash64 runtime.memhash64
func memhash64(p unsafe.Pointer, h uintptr) uintptr

//go:noescape
//go:linkname memhash32 runtime.memhash32
func memhash32(p unsafe.Pointer, h uintptr) uintptr

//go:noescape
//go:linkname f64hash runtime.f64hash
func f64hash(p unsafe.Pointer, h uintptr) uintptr

// The AES hash's round keys (alg.go), drawn at random per process.
//
//go:linkname aeskeysched runtime.aeskeysched
var aeskeysched [128]byte

// Memhash is runtime.memhash of the n bytes at p (the address matters to
// the AES hash's page-edge path, so it is the caller's).
func Memhash(p unsafe.Pointer, seed, n uintptr) uintptr { return memhash(p, seed, n) }

// MemhashBytes is runtime.memhash of b.
func MemhashBytes(b []byte, seed uintptr) uintptr {
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(&b[0])
	}
	return memhash(p, seed, uintptr(len(b)))
}

// Strhash is runtime.strhash, the hash of a string key.
func Strhash(s string, seed uintptr) uintptr { return strhash(unsafe.Pointer(&s), seed) }

// Memhash64 is runtime.memhash64, the hash of an 8-byte key.
func Memhash64(k uint64, seed uintptr) uintptr { return memhash64(unsafe.Pointer(&k), seed) }

// Memhash32 is runtime.memhash32, the hash of a 4-byte key.
func Memhash32(k uint32, seed uintptr) uintptr { return memhash32(unsafe.Pointer(&k), seed) }

// F64hash is runtime.f64hash, the hash of a float64 key (random for NaN).
func F64hash(f float64, seed uintptr) uintptr { return f64hash(unsafe.Pointer(&f), seed) }

// SetAESKeySchedule replaces the AES hash's round keys. Like SetHashKey,
// every map that already holds entries stops finding them.
func SetAESKeySchedule(ks [128]byte) { aeskeysched = ks }
