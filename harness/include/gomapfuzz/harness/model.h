// The model: the plain reference map every result is compared with.
//
// It states Go's map semantics without any of Go's machinery: keys compare
// as Go compares them (+0 == -0; NaN != NaN, so every NaN put adds an entry
// that can never be found or deleted), an overwrite also stores the new key
// (needkeyupdate: -0 replaces +0), and each insertion of a key gets a fresh
// generation number, which lets iteration checks tell "present throughout"
// from "deleted and re-inserted". Fuzzers, properties, chaos and the corpus
// replayer all use this one model.
#ifndef GOMAPFUZZ_HARNESS_MODEL_H_
#define GOMAPFUZZ_HARNESS_MODEL_H_

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <variant>

#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {

// Orders keys as Go compares them: std::less on doubles already makes +0 and
// -0 equivalent; NaNs never enter the ordered map.
struct KeyLess {
  bool operator()(const TraceKey& a, const TraceKey& b) const {
    if (a.index() != b.index()) return a.index() < b.index();
    if (const auto* x = std::get_if<double>(&a))
      return *x < std::get<double>(b);
    return a < b;
  }
};

inline bool is_nan_key(const TraceKey& k) {
  const auto* f = std::get_if<double>(&k);
  return f && std::isnan(*f);
}

class Model {
 public:
  struct Entry {
    TraceKey key;  // as last stored (-0 after put(-0) over +0)
    uint64_t value = 0;
    uint64_t generation = 0;
  };

  // m[k] = v; true when k was not present.
  bool put(const TraceKey& k, uint64_t v) {
    if (is_nan_key(k)) {
      ++nan_entries_;
      return true;
    }
    auto [it, added] = entries_.try_emplace(k);
    if (added) it->second.generation = ++generation_;
    it->second.key = k;
    it->second.value = v;
    return added;
  }
  const Entry* find(const TraceKey& k) const {
    if (is_nan_key(k)) return nullptr;
    auto it = entries_.find(k);
    return it == entries_.end() ? nullptr : &it->second;
  }
  std::optional<uint64_t> get(const TraceKey& k) const {
    const Entry* e = find(k);
    return e ? std::optional<uint64_t>(e->value) : std::nullopt;
  }
  bool del(const TraceKey& k) {
    return !is_nan_key(k) && entries_.erase(k) > 0;
  }
  void clear() {
    entries_.clear();
    nan_entries_ = 0;
  }
  int64_t size() const {
    return static_cast<int64_t>(entries_.size()) + nan_entries_;
  }
  int64_t nan_entries() const { return nan_entries_; }
  const std::map<TraceKey, Entry, KeyLess>& entries() const { return entries_; }

 private:
  std::map<TraceKey, Entry, KeyLess> entries_;
  int64_t nan_entries_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_MODEL_H_
