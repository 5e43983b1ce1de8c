// The generated trace files, one function per folder they fill.
#ifndef GOMAPFUZZ_CORPUS_TOOLS_TRACE_SETS_H_
#define GOMAPFUZZ_CORPUS_TOOLS_TRACE_SETS_H_

#include <vector>

#include "trace_file.h"

namespace gomapfuzz::corpus_tools {

// corpus/traces/: one behaviour of Go's map each, replayed by ctest.
std::vector<TraceFile> corpus_traces();
// corpus/oracle/: what the Go oracle must see mapcore reproduce bit for bit
// (all `hasher gofallback`, the only hash the real map has).
std::vector<TraceFile> oracle_traces();
// fuzz/seeds/<target>/: where each map fuzz target starts from (fuzz_seeds
// encodes them into corpus/<target>/). trace_parser's seeds are text whose
// spelling is the point, so they are written by hand, not here.
std::vector<TraceFile> fuzz_seed_traces();

}  // namespace gomapfuzz::corpus_tools

#endif  // GOMAPFUZZ_CORPUS_TOOLS_TRACE_SETS_H_
