#include "gomapfuzz/chaos/subject_map.h"

namespace gomapfuzz::chaos {

SubjectMap::SubjectMap(const Subject& s, uint64_t seed, const Jitter* jitter)
    : s_(s), abi_(s.abi()), jitter_(jitter) {
  if (!s.supports(KeyType::kUint64)) {
    throw SubjectError(s.name() +
                       " takes no uint64 keys, which chaos's histories use");
  }
  gomapfuzz_config c{};
  c.key_kind = GOMAPFUZZ_KEY_UINT64;
  c.seed = seed;
  c.hash_key = mapcore::kDefaultHashKey;
  map_ = abi_.make(0, &c);
  if (map_ == nullptr) throw SubjectError(s.name() + ": make(0) failed");
}

SubjectMap::~SubjectMap() { abi_.destroy(map_); }

std::unique_lock<std::mutex> SubjectMap::guard() {
  if (serialized()) return std::unique_lock(mu_);
  return {};
}

bool SubjectMap::yes_no(int rc, const char* what) const {
  if (rc == GOMAPFUZZ_OK) return true;
  if (rc == GOMAPFUZZ_NONE) return false;
  throw std::runtime_error(
      std::string(what) + " returned " + std::to_string(rc) +
      (rc == GOMAPFUZZ_NOMEM ? " (out of memory)" : " (not an ABI code)"));
}

bool SubjectMap::put(uint64_t k, uint64_t v) {
  auto lock = guard();
  schedule_point(jitter_);  // widen the window a lock would cover
  return yes_no(abi_.put(map_, {&k, sizeof k}, v), "put");
}

std::optional<uint64_t> SubjectMap::get(uint64_t k) {
  auto lock = guard();
  schedule_point(jitter_);
  uint64_t v = 0;
  if (!yes_no(abi_.get(map_, {&k, sizeof k}, &v), "get")) return std::nullopt;
  return v;
}

bool SubjectMap::del(uint64_t k) {
  auto lock = guard();
  schedule_point(jitter_);
  return yes_no(abi_.erase(map_, {&k, sizeof k}), "erase");
}

}  // namespace gomapfuzz::chaos
