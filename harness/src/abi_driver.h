// Any subject through the C ABI (gomapfuzz/subject_abi.h) as a driver of the
// executor (driver.h): tiers as the subject's table declares them at run
// time. Keys travel as the ABI's bytes, values as uint64 (ABI version 1).
#ifndef GOMAPFUZZ_HARNESS_SRC_ABI_DRIVER_H_
#define GOMAPFUZZ_HARNESS_SRC_ABI_DRIVER_H_

#include <array>
#include <string>

#include "gomapfuzz/harness/driver.h"
#include "gomapfuzz/harness/subject.h"
#include "mapcore/hash/hashers.h"

namespace gomapfuzz::internal {

class AbiDriver {
 public:
  // A subject may take its snapshot at iter_open (the ABI allows it).
  static constexpr bool kRangeStartsAtOpen = true;

  AbiDriver(const Subject& s, KeyType key) : s_(s), abi_(s.abi()), key_(key) {}
  AbiDriver(const AbiDriver&) = delete;
  AbiDriver& operator=(const AbiDriver&) = delete;
  ~AbiDriver() { destroy(); }

  bool has(Tier t) const { return s_.has(t); }

  OpStatus make(const MapConfig& c);
  void destroy();
  OpStatus put(const TraceKey& k, uint64_t v);
  Lookup get(const TraceKey& k);
  OpStatus erase(const TraceKey& k);
  void clear() { abi_.clear(map_); }
  int64_t size() const { return abi_.len(map_); }
  OpStatus iter_open(int slot, const std::optional<mapcore::IterStart>&);
  bool iter_next(int slot, Yielded& y);
  void iter_close(int slot);
  std::string dump() const;

 private:
  // config->alloc/free over the executor's memory resource (tier b).
  static void* alloc(void* ctx, size_t n, size_t align);
  static void free(void* ctx, void* p, size_t n, size_t align);
  // config->hash over the trace's hasher (tier d).
  static uint64_t hash(void* ctx, const void* p, size_t n, uint64_t seed);

  gomapfuzz_key key_of(const TraceKey& k);
  TraceKey trace_key(gomapfuzz_key k) const;

  const Subject& s_;
  const gomapfuzz_subject_v1& abi_;
  KeyType key_;
  void* map_ = nullptr;
  pmr::memory_resource* memory_ = nullptr;
  mapcore::DynamicHasher hasher_;
  std::string key_bytes_;  // the bytes of the key being passed
  std::array<void*, kFullRangeSlot + 1> iters_{};
};

}  // namespace gomapfuzz::internal

#endif  // GOMAPFUZZ_HARNESS_SRC_ABI_DRIVER_H_
