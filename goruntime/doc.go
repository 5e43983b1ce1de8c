// Package goruntime is what gomapfuzz's Go programs (the oracle in
// oracle/gomap, the memory check in memreport/go) reach inside the Go 1.19
// runtime: the hash key and the AES switch, mirrors of the map header, and
// an account of the heap bytes the runtime's map code allocated.
//
// Everything here was checked on Go 1.19.8, amd64 (see
// ../shared/GO-MAP-FACTS.md); Go 1.24 replaced this map, and the programs
// refuse any release but 1.19 at build time (cmake/GoProgram.cmake).
// Standard library only, so that it builds offline.
package goruntime
