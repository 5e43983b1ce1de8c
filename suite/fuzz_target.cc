// A fuzz target of the map suite (gomapfuzz_add_map_suite): the subject
// linked into this binary, fed with libFuzzer inputs. Compiled once per
// kind of work with GOMAPFUZZ_SUITE_TARGET naming it:
//   kMapOps          every op against the model
//   kMapIterate      iterators interleaved with writes and growth
//   kMapAllocFaults  chosen allocations fail (the subject's tier b)
// The bytes decode as the project's own targets decode theirs, restricted
// to what the subject takes (its key kinds, uint64 values, Go's hash
// without tier d); a failure prints the trace as text and the reason, then
// aborts, so libFuzzer keeps the input.
#include <cstddef>
#include <cstdint>

#include "gomapfuzz/fuzz/fuzz_run.h"
#include "gomapfuzz/fuzz/subject_campaign.h"

// The subject: defined by the library the suite was built against.
extern "C" const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gomapfuzz;
  constexpr FuzzTarget kTarget = FuzzTarget::GOMAPFUZZ_SUITE_TARGET;
  static const Subject subject =
      linked_subject_or_exit(gomapfuzz_subject_v1_get());
  const FuzzCase c = decode_subject_input(kTarget, {data, size}, subject);
  replay_subject_or_abort(kTarget, subject, c);
  return 0;
}
