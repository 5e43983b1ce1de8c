module gosyncmaporacle

go 1.19

require gomapfuzz/goruntime v0.0.0

// The runtime mirror shared with the map oracle (../../goruntime): a local
// module, so the build stays offline.
replace gomapfuzz/goruntime => ../../goruntime
