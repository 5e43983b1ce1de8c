package main

// The type menu (the same as memreport's): every key type with every value
// type. Go needs each map type at compile time, so the menu is two switches
// over generic functions.

import (
	"strconv"
	"strings"
	"unsafe"
)

// runForKey instantiates the scenario's key type.
func runForKey(s scenario) (result, bool) {
	switch s.key {
	case "uint64":
		return runForValue(s, func(i uint64) uint64 { return i })
	case "int32":
		return runForValue(s, func(i uint64) int32 { return int32(i) })
	case "string":
		return runForValue(s, func(i uint64) string { return paddedDecimal(i, s.keylen) })
	case "bytes1":
		return runForValue(s, filled[[1]byte])
	case "bytes2":
		return runForValue(s, filled[[2]byte])
	case "bytes4":
		return runForValue(s, filled[[4]byte])
	case "bytes8":
		return runForValue(s, filled[[8]byte])
	case "bytes16":
		return runForValue(s, filled[[16]byte])
	case "bytes24":
		return runForValue(s, filled[[24]byte])
	case "bytes32":
		return runForValue(s, filled[[32]byte])
	case "bytes64":
		return runForValue(s, filled[[64]byte])
	case "bytes128":
		return runForValue(s, filled[[128]byte])
	case "bytes129":
		return runForValue(s, filled[[129]byte])
	case "bytes256":
		return runForValue(s, filled[[256]byte])
	case "bytes1024":
		return runForValue(s, filled[[1024]byte])
	}
	return result{}, false
}

// runForValue instantiates the value type and runs the scenario.
func runForValue[K comparable](s scenario, key func(uint64) K) (result, bool) {
	keys := make([]K, s.n)
	for i := range keys {
		keys[i] = key(uint64(i))
	}
	switch s.value {
	case "uint64":
		return measure[K, uint64](s, keys), true
	case "int32":
		return measure[K, int32](s, keys), true
	case "string":
		return measure[K, string](s, keys), true
	case "bytes1":
		return measure[K, [1]byte](s, keys), true
	case "bytes2":
		return measure[K, [2]byte](s, keys), true
	case "bytes4":
		return measure[K, [4]byte](s, keys), true
	case "bytes8":
		return measure[K, [8]byte](s, keys), true
	case "bytes16":
		return measure[K, [16]byte](s, keys), true
	case "bytes24":
		return measure[K, [24]byte](s, keys), true
	case "bytes32":
		return measure[K, [32]byte](s, keys), true
	case "bytes64":
		return measure[K, [64]byte](s, keys), true
	case "bytes128":
		return measure[K, [128]byte](s, keys), true
	case "bytes129":
		return measure[K, [129]byte](s, keys), true
	case "bytes256":
		return measure[K, [256]byte](s, keys), true
	case "bytes1024":
		return measure[K, [1024]byte](s, keys), true
	}
	return result{}, false
}

// filled is [N]byte number i: its 8 little-endian bytes repeated (the trace
// format's convention, mapcore::Bytes<N>::filled_from).
func filled[A any](i uint64) A {
	var a A
	p := unsafe.Pointer(&a)
	for j := uintptr(0); j < unsafe.Sizeof(a); j++ {
		*(*byte)(unsafe.Add(p, j)) = byte(i >> (8 * (j % 8)))
	}
	return a
}

// paddedDecimal is the decimal of i, zero-padded on the left to width bytes.
func paddedDecimal(i uint64, width int) string {
	d := strconv.FormatUint(i, 10)
	if len(d) >= width {
		return d
	}
	return strings.Repeat("0", width-len(d)) + d
}
