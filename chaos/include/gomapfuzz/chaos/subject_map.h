// SubjectMap: any subject (harness/subject.h) as a concurrent map for the
// hammer and the linearizability checker, through the C ABI.
//
// A subject that declares tier e (GOMAPFUZZ_TIER_CONCURRENT: a concurrent
// map, like Go's sync.Map) is called from every thread at once with no lock
// of ours: its histories test its own synchronization. Any other subject
// is called under one mutex, as Go code must guard a plain map: its
// histories then test only that each op is atomic and sequentially right,
// which the summary says (serialized()).
//
// uint64 keys and values, the kind every subject takes (key_kinds bit 0 is
// required: chaos draws uint64 keys).
#ifndef GOMAPFUZZ_CHAOS_SUBJECT_MAP_H_
#define GOMAPFUZZ_CHAOS_SUBJECT_MAP_H_

#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "gomapfuzz/chaos/jitter.h"
#include "gomapfuzz/harness/subject.h"

namespace gomapfuzz::chaos {

class SubjectMap {
 public:
  using key_arg = uint64_t;
  using mapped_type = uint64_t;
  static constexpr const char* kName = "subject";

  // Makes the map (config->seed = seed). Throws SubjectError when the
  // subject takes no uint64 keys or cannot make a map.
  SubjectMap(const Subject& s, uint64_t seed, const Jitter* jitter = nullptr);
  ~SubjectMap();
  SubjectMap(const SubjectMap&) = delete;
  SubjectMap& operator=(const SubjectMap&) = delete;

  bool serialized() const { return !s_.has(GOMAPFUZZ_TIER_CONCURRENT); }

  // A failed allocation (GOMAPFUZZ_NOMEM) or a code outside the ABI's
  // throws: the hammer ends the thread and reports it.
  bool put(uint64_t k, uint64_t v);
  std::optional<uint64_t> get(uint64_t k);
  bool del(uint64_t k);

 private:
  // The lock of a serialized subject: a no-op for a concurrent one.
  std::unique_lock<std::mutex> guard();
  bool yes_no(int rc, const char* what) const;

  const Subject& s_;
  const gomapfuzz_subject_v1& abi_;
  void* map_ = nullptr;
  std::mutex mu_;
  const Jitter* jitter_;
};

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_SUBJECT_MAP_H_
