// Drivers: how the one executor (executor.h) reaches a subject, in the
// capability tiers of the subject ABI (gomapfuzz/subject_abi.h).
//
// A driver owns one map of one subject at a time and speaks in trace terms
// (TraceKey, uint64 trace values). Two exist:
//
//   MapcoreDriver<K, V>  mapcore::Map<K, V> itself, typed (mapcore_driver.h):
//                        every tier at compile time, plus mapcore's typed
//                        layout (the invariant checker, growth counters);
//   AbiDriver            any subject through the C ABI (abi_driver.h):
//                        mapcore's C table, std-unordered, a user's plugin;
//                        its tiers are what the table declares at run time.
//
// Tiers are checked twice. At compile time, by the concepts below: the
// executor only calls what a driver type provides (`if constexpr`). At run
// time, by has(): a driver type may provide a tier's functions that a
// particular subject lacks (a plugin without tier b), and the executor then
// skips the tier's checks and reports them as skipped, never as passed.
#ifndef GOMAPFUZZ_HARNESS_DRIVER_H_
#define GOMAPFUZZ_HARNESS_DRIVER_H_

#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/subject_abi.h"
#include "mapcore/introspect.h"

namespace gomapfuzz {

// An op's result, as the ABI's return codes say it.
enum class OpStatus : int8_t {
  kOk = GOMAPFUZZ_OK,       // put: a new key; erase: was present
  kNone = GOMAPFUZZ_NONE,   // put: overwrote; erase: absent
  kNoMem = GOMAPFUZZ_NOMEM  // an allocation failed; the map is unchanged
};

// A subject broke the ABI's contract in a way no op result can say (a
// return code that is none of the ABI's): the executor reports it as a
// wrong answer of the op, with the trace, like any other.
class ContractViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The capability tiers (subject_abi.h): (a) is implied.
enum Tier : uint32_t {
  kTierAllocator = GOMAPFUZZ_TIER_ALLOCATOR,    // (b)
  kTierLayout = GOMAPFUZZ_TIER_LAYOUT,          // (c)
  kTierHash = GOMAPFUZZ_TIER_HASH,              // (d) the hash
  kTierRandom = GOMAPFUZZ_TIER_RANDOM,          // (d) the random source
  kTierConcurrent = GOMAPFUZZ_TIER_CONCURRENT,  // (e)
};

// What a map is made with. A driver ignores what its subject's tiers do not
// cover (and the executor reports it skipped).
struct MapConfig {
  int64_t hint = 0;
  uint64_t seed = 0;                       // the map's random source
  HasherSpec hasher;                       // (d)
  pmr::memory_resource* memory = nullptr;  // (b): every byte from here
};

// A value read back as a trace value; nullopt when the stored bytes are
// not the encoding of any trace value (a corrupted bytesN value).
using TraceValue = std::optional<uint64_t>;

struct Lookup {
  bool found = false;
  TraceValue value;
};

// One entry an iterator yielded.
struct Yielded {
  TraceKey key;
  TraceValue value;
};

// (a) The API: make, put, get, erase, clear, len and iterators kept in
// numbered slots (0..kMaxIterators-1 for it-open; kFullRangeSlot for the
// `iter` op's range). A failed allocation is kNoMem, never an exception.
inline constexpr int kFullRangeSlot = kMaxIterators;

template <class D>
concept MapDriver = requires(D& d, const D& cd, const MapConfig& c,
                             const TraceKey& k, uint64_t v, int slot,
                             const std::optional<mapcore::IterStart>& start,
                             Yielded& y) {
  { d.make(c) } -> std::same_as<OpStatus>;  // kNoMem: no map was made
  { d.destroy() } -> std::same_as<void>;
  { d.put(k, v) } -> std::same_as<OpStatus>;
  { d.get(k) } -> std::same_as<Lookup>;
  { d.erase(k) } -> std::same_as<OpStatus>;
  { d.clear() } -> std::same_as<void>;
  { cd.size() } -> std::same_as<int64_t>;
  // `start` pins Go's random iteration start where the subject can
  // (tier d); kNoMem when the iterator could not be allocated.
  { d.iter_open(slot, start) } -> std::same_as<OpStatus>;
  { d.iter_next(slot, y) } -> std::same_as<bool>;  // false: the range ended
  { d.iter_close(slot) } -> std::same_as<void>;
  { cd.has(Tier{}) } -> std::same_as<bool>;
  // Where a range begins: at iter_open (a subject may snapshot there) or at
  // the first iter_next (Go's mapiterinit runs at the loop's first step).
  { D::kRangeStartsAtOpen } -> std::convertible_to<bool>;
};

// (c) The layout dump (corpus/README.md's format), for failure reports and
// the strong guarantee: a failed op leaves the dump as it was.
template <class D>
concept LayoutDriver = MapDriver<D> && requires(const D& cd) {
  { cd.dump() } -> std::same_as<std::string>;
};

// (c), hashed: what the dump shows as one number, for the strong-guarantee
// check of fast runs (ExecOptions::dump_around_faults off).
template <class D>
concept FingerprintDriver = LayoutDriver<D> && requires(const D& cd) {
  { cd.fingerprint() } -> std::same_as<uint64_t>;
};

// mapcore's typed layout: the invariant checker (full and incremental),
// the growth counters, the bytes the map reports holding.
template <class D>
concept CheckedDriver = LayoutDriver<D> &&
    requires(D& d, const D& cd, const TraceKey* key) {
  { d.check_full() } -> std::same_as<std::vector<mapcore::Violation>>;
  // Before an op: the key it will touch (nullptr: no key).
  { d.note_touched(key) } -> std::same_as<void>;
  // After it: the invariants at the cost of what it touched.
  { d.check_touched(bool{}) } -> std::same_as<std::vector<mapcore::Violation>>;
  // The header and counters in O(1): growth state and edges (this map's
  // growths so far), B, the bytes the map reports holding.
  { cd.state() } -> std::same_as<mapcore::MapState>;
  // The iteration start a slot's range drew (for the Go oracle).
  { cd.iter_start(int{}) } -> std::same_as<std::optional<mapcore::IterStart>>;
  // The slot's last yield as "KEY=VALUE" in the dump's slot format.
  { cd.yield_text(int{}) } -> std::same_as<std::string>;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_DRIVER_H_
