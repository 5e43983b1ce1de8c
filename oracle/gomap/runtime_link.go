package main

// The runtime functions this program calls through //go:linkname (checked
// on Go 1.19.8, amd64; see ../shared/GO-MAP-FACTS.md) beyond what the
// shared mirror (../../goruntime) provides: iteration and mapclear, which
// only the oracle drives.

import "unsafe"

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
