// Go's range guarantees for one iterator, checked against the model: the
// one checker the replayer, the properties' laws and the subject executor
// share (it existed twice and the copies had drifted apart).
//
// For an iterator during which the map is not cleared:
//   - every entry it yields is in the map at that moment with its current
//     value (a key deleted before being reached is never yielded), and with
//     the key as last stored (+0 and -0 are equal keys, but an overwrite
//     stores the new one: Go's needkeyupdate);
//   - no entry (a key between its insert and its delete) is yielded twice;
//   - when it ends, every key present from its first step to its end, never
//     deleted in between, was yielded exactly once, and every NaN entry
//     present at its start was yielded (NaNs cannot be deleted).
// Entries added meanwhile may or may not be yielded (the Go spec). All of it
// holds while the map grows: mapiternext walks the old bucket of a bucket
// not evacuated yet and keeps only the keys that belong to the new one.
//
// Go 1.19's mapclear during an open iteration zeroes only the main bucket
// array, so an iterator standing in a heap overflow bucket goes on yielding
// the entries that bucket held before the clear, stale values included
// (corpus/regressions/clear_during_iteration_yields_stale.txt): after a
// clear an iteration promises nothing, unless the caller asks to check it
// anyway (to show that the waiver is needed).
#ifndef GOMAPFUZZ_HARNESS_ITERATION_CHECK_H_
#define GOMAPFUZZ_HARNESS_ITERATION_CHECK_H_

#include <bit>
#include <cstdint>
#include <map>
#include <string>

#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {

class IterationCheck {
 public:
  explicit IterationCheck(bool waive_after_clear = true)
      : waive_after_clear_(waive_after_clear) {}

  // The iterator's first step: what it must yield by its end.
  void start(const Model& m) {
    started_ = true;
    for (const auto& [k, e] : m.entries()) at_start_[k] = e.generation;
    nan_at_start_ = m.nan_entries();
  }
  bool started() const { return started_; }

  // The map was cleared while the iterator was open.
  void note_clear() {
    if (started_) cleared_ = true;
  }
  bool waived() const { return cleared_ && waive_after_clear_; }

  // One yield: key k (as the map holds it) with a value the caller has
  // compared with the model's (`value_matches(model_value)`). Returns the
  // violation, or "" when the yield keeps the guarantees.
  template <class ValueMatches>
  std::string yield(const Model& m, const TraceKey& k,
                    ValueMatches&& value_matches) {
    if (is_nan_key(k)) {
      ++nan_yields_;
      return "";
    }
    if (waived()) return "";
    const Model::Entry* e = m.find(k);
    if (e == nullptr) {
      return "iteration yielded " + format_key(k) +
             ", which is not in the map (deleted before being reached)";
    }
    if (!value_matches(e->value)) {
      return "iteration yielded " + format_key(k) +
             " with a stale value (the map holds " + std::to_string(e->value) +
             ")";
    }
    if (const auto* f = std::get_if<double>(&k);
        f && std::bit_cast<uint64_t>(*f) !=
                 std::bit_cast<uint64_t>(std::get<double>(e->key))) {
      return "iteration yielded " + format_key(k) + " but the stored key is " +
             format_key(e->key);
    }
    auto [it, fresh] = yielded_.try_emplace(k, e->generation);
    if (!fresh && it->second == e->generation) {
      return "iteration yielded " + format_key(k) + " twice";
    }
    it->second = e->generation;
    return "";
  }

  // The iterator has ended. Returns the violation, or "".
  std::string finish(const Model& m) const {
    if (waived()) return "";
    for (const auto& [k, gen] : at_start_) {
      const Model::Entry* e = m.find(k);
      if (e == nullptr || e->generation != gen) continue;  // not throughout
      const auto y = yielded_.find(k);
      if (y == yielded_.end() || y->second != gen) {
        return "iteration ended without yielding " + format_key(k) +
               ", present throughout";
      }
    }
    if (!cleared_ && nan_yields_ < nan_at_start_) {
      return "iteration yielded " + std::to_string(nan_yields_) + " of " +
             std::to_string(nan_at_start_) + " NaN entries";
    }
    return "";
  }

 private:
  bool waive_after_clear_;
  bool started_ = false;
  bool cleared_ = false;
  std::map<TraceKey, uint64_t, KeyLess> at_start_;  // key -> generation
  std::map<TraceKey, uint64_t, KeyLess> yielded_;   // key -> generation
  int64_t nan_at_start_ = 0;
  int64_t nan_yields_ = 0;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_ITERATION_CHECK_H_
