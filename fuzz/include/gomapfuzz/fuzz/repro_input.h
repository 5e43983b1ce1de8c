// Loading what `gomapfuzz repro` and `gomapfuzz minimize` are given: a text
// trace, or a raw fuzz input (a crash artifact, a seed, a regression input).
//
// A file whose first meaningful line is the trace magic is a text trace (its
// "# faults" comment, if any, gives the fault plan). Anything else is a raw
// input of a fuzz target, decoded by harness/fuzz_decode.h; the target comes
// from --target or from the path (a folder named after the target, or a file
// named "<target>-..."). A trace_parser input is kept as bytes: it is parser
// input, not choices.
#ifndef GOMAPFUZZ_FUZZ_REPRO_INPUT_H_
#define GOMAPFUZZ_FUZZ_REPRO_INPUT_H_

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gomapfuzz/harness/fuzz_decode.h"

namespace gomapfuzz {

// Raw inputs above this are not fuzz inputs (libFuzzer's default -max_len is
// 4096; even generous settings stay far below 1 MiB).
inline constexpr std::size_t kMaxRawInputBytes = std::size_t{1} << 20;

// A one-line reason why a file cannot be used ("FILE: ...").
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReproInput {
  std::string path;
  std::string bytes;                 // the file's contents
  bool raw = false;                  // a raw fuzz input (else a text trace)
  std::optional<FuzzTarget> target;  // set for raw inputs
  FuzzCase decoded;                  // the trace and faults (map targets
                                     // and text traces)

  bool parser_input() const {
    return raw && target == FuzzTarget::kTraceParser;
  }
};

// The names --target accepts, in kFuzzTargets order.
std::vector<std::string> fuzz_target_names();

// Throws InputError: missing or unreadable file, a raw input above
// kMaxRawInputBytes or a text trace above kMaxTraceBytes, a raw input with
// no known target, a malformed text trace.
ReproInput load_repro_input(const std::string& path,
                            std::optional<FuzzTarget> target = std::nullopt);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_FUZZ_REPRO_INPUT_H_
