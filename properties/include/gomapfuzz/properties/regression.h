// Saving a failing trace into corpus/regressions/, where ctest replays it
// (`gomapfuzz repro` for the model and invariants, the property suite's
// regression test for every law).
#ifndef GOMAPFUZZ_PROPERTIES_REGRESSION_H_
#define GOMAPFUZZ_PROPERTIES_REGRESSION_H_

#include <string>
#include <vector>

#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {

// Writes `trace` to DIR/STEM_HASH.txt, the comment lines first ("# " is
// prepended), and returns the path. HASH is a digest of the trace text, so
// saving the same failure twice writes one file. STEM is reduced to
// [a-z0-9_]. Throws std::runtime_error when the file cannot be written.
std::string save_regression(const Trace& trace, const std::string& dir,
                            const std::string& stem,
                            const std::vector<std::string>& comments);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_REGRESSION_H_
