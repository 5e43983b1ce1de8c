// Random traces for the oracle: the harness's one op generator (op_source.h)
// with the hasher forced to gofallback, the only hasher the real Go map has.
// Every key and value type of the trace format runs on Go, so types are not
// restricted. Trace i of a run with seed S is drawn from seed S + i, so
// `gomapfuzz oracle --random 1 --seed S+i` reproduces it alone.
//
// Half the float64 traces are NaN probes: their NaN puts become finite keys
// (a NaN in the map taints the comparison until a clear), and NaN deletes
// and gets follow ops that leave the map growing, where Go's mapdelete
// evacuates the random old bucket its NaN hash picks (oracle/README.md,
// "Randomness"). Growth is found by replaying the trace on mapcore.
#ifndef GOMAPFUZZ_ORACLE_RANDOM_TRACES_H_
#define GOMAPFUZZ_ORACLE_RANDOM_TRACES_H_

#include <cstdint>

#include "gomapfuzz/harness/op_source.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz::oracle {

// The generator's default limits, with traces short enough that a few
// hundred run through both maps in seconds.
DrawLimits oracle_draw_limits();

Trace draw_oracle_trace(uint64_t seed, const DrawLimits& limits);

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_RANDOM_TRACES_H_
