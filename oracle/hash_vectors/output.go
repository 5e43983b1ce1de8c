package main

// The vector lines, and the comparison -check makes. Only bufio, bytes and
// the runtime: no maps (see main.go).

import (
	"bufio"
	"bytes"
	"math"

	"gomapfuzz/goruntime"
)

// splitmix64 (Steele, Lea, Flood 2014), the same stream as mapcore's
// SplitMix64: state += 2^64/phi, then Stafford's "Mix13" finalizer. It draws
// the input bytes and random keys; any values would do, since they are
// written out with each vector.
type splitMix64 struct{ state uint64 }

func (s *splitMix64) next() uint64 {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

type output struct {
	w                  *bufio.Writer
	data               splitMix64
	wideKeysAreMemhash bool
}

func (o *output) randomBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(o.data.next())
	}
	return b
}

func (o *output) hex(v uint64, digits int) {
	const hexDigits = "0123456789abcdef"
	for i := digits - 1; i >= 0; i-- {
		o.w.WriteByte(hexDigits[(v>>(4*i))&0xf])
	}
}

func (o *output) line(kind string, secret, seed uint64, key func(), h uintptr) {
	o.w.WriteString(kind)
	o.w.WriteByte(' ')
	o.hex(secret, 16)
	o.w.WriteByte(' ')
	o.hex(seed, 16)
	o.w.WriteByte(' ')
	key()
	o.w.WriteByte(' ')
	o.hex(uint64(h), 16)
	o.w.WriteByte('\n')
}

// mem records memhash of n fresh random bytes.
func (o *output) mem(secret, seed uint64, n int) {
	b := o.randomBytes(n)
	h := goruntime.MemhashBytes(b, uintptr(seed))
	if goruntime.Strhash(string(b), uintptr(seed)) != h {
		fail("strhash differs from memhash")
	}
	o.line("mem", secret, seed, func() {
		if n == 0 {
			o.w.WriteByte('-')
		}
		for _, c := range b {
			o.hex(uint64(c), 2)
		}
	}, h)
}

func (o *output) m64(secret, seed, k uint64) {
	h := goruntime.Memhash64(k, uintptr(seed))
	if o.wideKeysAreMemhash {
		b := [8]byte{}
		for i := range b {
			b[i] = byte(k >> (8 * i))
		}
		if goruntime.MemhashBytes(b[:], uintptr(seed)) != h {
			fail("memhash64 differs from memhash over 8 bytes")
		}
	}
	o.line("m64", secret, seed, func() { o.hex(k, 16) }, h)
}

func (o *output) m32(secret, seed uint64, k uint32) {
	h := goruntime.Memhash32(k, uintptr(seed))
	if o.wideKeysAreMemhash {
		b := [4]byte{byte(k), byte(k >> 8), byte(k >> 16), byte(k >> 24)}
		if goruntime.MemhashBytes(b[:], uintptr(seed)) != h {
			fail("memhash32 differs from memhash over 4 bytes")
		}
	}
	o.line("m32", secret, seed, func() { o.hex(uint64(k), 8) }, h)
}

func (o *output) f64(secret, seed uint64, f float64) {
	h := goruntime.F64hash(f, uintptr(seed))
	o.line("f64", secret, seed, func() { o.hex(math.Float64bits(f), 16) }, h)
}

// sameVectors compares the vector lines of two files, comments aside (the
// first names the Go release, which may be another 1.19.x); it returns the
// first vector line (from 1) that differs.
func sameVectors(got, want []byte) (int, bool) {
	g, w := vectorLines(got), vectorLines(want)
	for i := 0; i < len(g) || i < len(w); i++ {
		if i >= len(g) || i >= len(w) || !bytes.Equal(g[i], w[i]) {
			return i + 1, false
		}
	}
	return 0, true
}

func vectorLines(text []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(text, []byte("\n")) {
		if len(l) > 0 && l[0] != '#' {
			out = append(out, l)
		}
	}
	return out
}
