// Shrinking a failing input to a minimal one that fails the same way, and
// writing it into corpus/regressions/ ready to commit.
//
// Traces shrink by delta debugging (Zeller's ddmin) over their ops, then by
// simplifying what is left (values to 0, iterator steps to 1, make hints to
// 0, the seed to 0, bytesN values to uint64, fault plans to fewer faults),
// repeating until nothing more can go. Parser inputs shrink by ddmin over
// their bytes. A candidate "fails the same way" when its failure signature
// (failure_signature) equals the original's: the violated invariant's rule,
// or the failure reason with numbers and quoted keys blanked, so the
// minimizer cannot slide from one bug to another.
//
// Each candidate runs in a forked child by default, so an input that crashes
// the process (a sanitizer report, a segfault) can be minimized too: its
// signature is then "crash".
#ifndef GOMAPFUZZ_FUZZ_MINIMIZE_H_
#define GOMAPFUZZ_FUZZ_MINIMIZE_H_

#include <functional>
#include <optional>
#include <string>

#include "gomapfuzz/fuzz/repro_input.h"
#include "gomapfuzz/harness/fuzz_decode.h"
#include "gomapfuzz/harness/replayer.h"

namespace gomapfuzz {

struct MinimizeOptions {
  double max_seconds = 300;  // stop shrinking after this, keep the best
  bool isolate = true;       // run candidates in forked children
  std::function<void(const std::string&)> progress;  // one line each
  // The failure oracle for traces: the signature of a case, "" when it
  // passes. Default: replay with invariant checks after every op. Tests
  // substitute their own to pin down what the shrinking does.
  std::function<std::string(const FuzzCase&)> judge;
};

std::string failure_signature(const ReplayFailure& f);
std::string parser_failure_signature(const std::string& failure);

struct Minimization {
  FuzzCase minimal;   // trace + faults (map targets, text traces)
  std::string bytes;  // the minimal input (parser inputs)
  std::string signature;
  std::string failure;  // one line: where and how the minimal input fails
  std::size_t size_before = 0;  // ops (traces) or bytes (parser inputs)
  std::size_t size_after = 0;
  uint64_t candidates = 0;  // inputs tried
  double seconds = 0;
  bool timed_out = false;
};

// Throws std::invalid_argument when the input does not fail.
Minimization minimize_trace(const FuzzCase& c, const MinimizeOptions& o);
Minimization minimize_parser_input(const std::string& bytes,
                                   const MinimizeOptions& o);
// Dispatches on what the input is.
Minimization minimize_input(const ReproInput& in, const MinimizeOptions& o);

struct RegressionFiles {
  std::string trace;  // "<dir>/<name>.txt" (empty for parser inputs)
  std::string raw;    // "<dir>/<name>.raw" (empty when none could be made)
};

// Writes the minimal input into dir as <target>-<hash>.txt (the minimal
// trace, with comments saying what fails and how to rerun it) and
// <target>-<hash>.raw (the original raw input, or the minimal trace encoded
// for its target when the source was a text trace). Parser inputs are
// written as .raw only. Throws InputError when dir is not writable.
RegressionFiles write_regression(const std::string& dir, const ReproInput& in,
                                 const Minimization& m);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_FUZZ_MINIMIZE_H_
