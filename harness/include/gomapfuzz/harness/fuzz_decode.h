// Raw fuzz inputs <-> traces: how a libFuzzer input becomes an op trace.
//
// Every map fuzz target decodes its bytes the same way: libFuzzer's
// FuzzedDataProvider is wrapped as a ChoiceSource and fed to op_source.h's
// draw_trace, the one op generator, with bounds chosen per target
// (fuzz_draw_limits). map_alloc_faults first draws a FaultPlan from the same
// source. The decoder lives here, not in fuzz/, so `gomapfuzz repro` and
// `gomapfuzz minimize` (built with any compiler) decode a crash input into
// exactly the trace the fuzzer ran.
//
// A raw input does not say which target it belongs to; the target's name
// does: fuzz_target_from_path() reads it from a folder named after the target
// (corpus/map_ops/..., build/fuzz/artifacts/map_ops/crash-...) or from a file
// name that starts with "<target>-" (corpus/regressions/map_ops-1a2b.raw).
//
// encode_fuzz_input() is the inverse: the bytes that decode to a given trace.
// It turns hand-written traces into seed inputs and minimized traces back
// into raw regression inputs. It mirrors FuzzedDataProvider (integers are
// read from the end of the input, most significant byte first; strings from
// the front, "\\" escaping a backslash and "\" + any other byte ending the
// string) and checks its work by decoding the result.
//
// A FaultPlan travels inside a text trace as a comment line,
//   # faults fail_at=3,17 budget=4096 probability=0.25 seed=9
// which parse_trace ignores and gomapfuzz repro applies.
#ifndef GOMAPFUZZ_HARNESS_FUZZ_DECODE_H_
#define GOMAPFUZZ_HARNESS_FUZZ_DECODE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gomapfuzz/harness/op_source.h"
#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {

enum class FuzzTarget : uint8_t {
  kMapOps,          // ops over every hasher family, uint64 and string keys
  kMapIterate,      // iteration interleaved with writes and growth
  kMapAllocFaults,  // chosen allocations fail; strong guarantee
  kTraceParser,     // the text trace parser on arbitrary bytes (no decoding)
};
inline constexpr FuzzTarget kFuzzTargets[] = {
    FuzzTarget::kMapOps, FuzzTarget::kMapIterate, FuzzTarget::kMapAllocFaults,
    FuzzTarget::kTraceParser};

std::string_view fuzz_target_name(FuzzTarget t);
std::optional<FuzzTarget> fuzz_target_from_name(std::string_view name);
// From a folder or file name in the path (see the top of this file).
std::optional<FuzzTarget> fuzz_target_from_path(const std::string& path);

// The generator bounds of a map target: they keep one input's op count and
// checking cost bounded, so the fuzzer stays fast.
DrawLimits fuzz_draw_limits(FuzzTarget t);

// A decoded input: the trace, the faults to inject (map_alloc_faults), and
// how often the fuzz run checks invariants.
struct FuzzCase {
  Trace trace;
  FaultPlan faults;
  uint64_t check_every = 1;
};

// Bounds of a decoded fault plan: a few failing allocation attempts, each a
// short gap after the previous one (a trace of a few hundred ops makes a few
// dozen allocations), an optional byte budget around the size of a small
// map, an optional failure probability in 1/256 steps.
inline constexpr uint64_t kMaxFailAt = 8;
inline constexpr uint64_t kMaxFailGap = 64;
inline constexpr uint64_t kMaxByteBudget = uint64_t{1} << 20;
inline constexpr uint64_t kMaxFailProbability256 = 64;

// Full invariant checks per input in a fuzz run, besides the growth edges
// and the end. Every other op is checked incrementally (what it touched);
// the full checks catch a write outside what an op touched. A full check
// walks the whole array (2^B buckets, however empty), so their number per
// input, not per op, bounds their share of the run. Replays from gomapfuzz
// repro check in full after every op.
inline constexpr uint64_t kSampledChecksPerInput = 8;

// Decodes a raw input of a map target. Throws std::invalid_argument for
// kTraceParser, whose input is text, not choices.
FuzzCase decode_fuzz_input(FuzzTarget t, std::span<const uint8_t> data);
// The same with other bounds than the target's: a subject that takes only
// some key kinds or uint64 values (fuzz/subject_campaign.h) decodes the
// same bytes into traces it can run. encode_fuzz_input keeps the target's.
FuzzCase decode_fuzz_input(FuzzTarget t, std::span<const uint8_t> data,
                           const DrawLimits& limits);

// The bytes that decode_fuzz_input(t, ...) turns into this trace and fault
// plan. Throws std::invalid_argument naming the first thing the target's
// generator cannot produce (e.g. an explicit iteration start, -Inf keys, a
// hint above the target's bound). With kDecodeBack (the default) it proves
// the result by decoding it; the fuzz-time mutator, which encodes on every
// mutation, skips that (its unit tests prove its outputs instead).
enum class EncodeCheck : uint8_t { kDecodeBack, kNone };
std::string encode_fuzz_input(FuzzTarget t, const Trace& trace,
                              const FaultPlan& faults = {},
                              EncodeCheck check = EncodeCheck::kDecodeBack);

// The "# faults ..." comment line (with newline); empty when not armed.
std::string format_fault_comment(const FaultPlan& faults);
// The fault plan of a trace text, from its first "# faults" comment line.
// Throws TraceError (naming `name` and the line) when that line is malformed.
std::optional<FaultPlan> find_fault_comment(std::string_view text,
                                            std::string_view name = "trace");

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_FUZZ_DECODE_H_
