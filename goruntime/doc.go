// Package goruntime is what gomapfuzz's Go programs (the oracle in
// oracle/gomap, the memory check in memreport/go, the Go subject in
// subject/) reach inside the Go 1.19 runtime, in one copy:
//   - link.go: the hash key and the AES switch (re-exec under GODEBUG for a
//     program, the runtime's flag for a shared library);
//   - hmap.go, hiter.go: mirrors of the map header and the iterator, and
//     mapiterinit/mapiternext/mapclear, with a range re-pointed at a given
//     start;
//   - ops.go, ops_gen.go: each map operation written as a Go program
//     writes it, per key and value type;
//   - random.go: mapcore's hash0 and iteration-start streams;
//   - layout.go: the layout dump, byte for byte mapcore's dump();
//   - heap.go: the heap bytes the runtime's map code allocated.
//
// Everything here was checked on Go 1.19.8, amd64 (see
// ../shared/GO-MAP-FACTS.md); Go 1.24 replaced this map, and the programs
// refuse any release but 1.19 at build time (cmake/GoProgram.cmake).
// Standard library only, so that it builds offline.
package goruntime
