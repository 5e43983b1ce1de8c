module hashvectors

go 1.19

require gomapfuzz/goruntime v0.0.0

// The runtime window shared with the oracle and memreport's check
// (../../goruntime): a local module, so the build stays offline.
replace gomapfuzz/goruntime => ../../goruntime
