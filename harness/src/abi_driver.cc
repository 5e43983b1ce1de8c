#include "abi_driver.h"

#include <bit>
#include <cstring>
#include <new>

namespace gomapfuzz::internal {

void* AbiDriver::alloc(void* ctx, size_t n, size_t align) {
  try {
    return static_cast<pmr::memory_resource*>(ctx)->allocate(n, align);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

void AbiDriver::free(void* ctx, void* p, size_t n, size_t align) {
  static_cast<pmr::memory_resource*>(ctx)->deallocate(p, n, align);
}

uint64_t AbiDriver::hash(void* ctx, const void* p, size_t n, uint64_t seed) {
  return static_cast<mapcore::DynamicHasher*>(ctx)->mem(p, n, seed);
}

OpStatus AbiDriver::make(const MapConfig& c) {
  destroy();
  gomapfuzz_config config{};
  config.key_kind = static_cast<uint32_t>(key_);
  config.seed = c.seed;
  if (c.memory && s_.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
    memory_ = c.memory;
    config.alloc = &AbiDriver::alloc;
    config.free = &AbiDriver::free;
    config.alloc_ctx = memory_;
  }
  if (c.hasher.family == mapcore::HashFamily::kGoFallback) {
    config.hash_key = c.hasher.param;
  }
  if (s_.has(GOMAPFUZZ_TIER_HASH)) {
    hasher_ = c.hasher.make();
    config.hash = &AbiDriver::hash;
    config.hash_ctx = &hasher_;
  }
  map_ = abi_.make(c.hint, &config);
  return map_ ? OpStatus::kOk : OpStatus::kNoMem;
}

void AbiDriver::destroy() {
  for (int s = 0; s <= kFullRangeSlot; ++s) iter_close(s);
  if (map_) abi_.destroy(map_);
  map_ = nullptr;
}

gomapfuzz_key AbiDriver::key_of(const TraceKey& k) {
  if (const auto* s = std::get_if<std::string>(&k)) {
    key_bytes_ = *s;
  } else {
    const uint64_t bits = std::holds_alternative<double>(k)
                              ? std::bit_cast<uint64_t>(std::get<double>(k))
                              : std::get<uint64_t>(k);
    key_bytes_.assign(reinterpret_cast<const char*>(&bits), sizeof bits);
  }
  return {key_bytes_.data(), key_bytes_.size()};
}

TraceKey AbiDriver::trace_key(gomapfuzz_key k) const {
  if (key_ == KeyType::kString) {
    return std::string(static_cast<const char*>(k.data), k.len);
  }
  uint64_t bits = 0;
  std::memcpy(&bits, k.data, std::min<size_t>(k.len, sizeof bits));
  if (key_ == KeyType::kFloat64) return std::bit_cast<double>(bits);
  return bits;
}

// The ABI's codes, checked: a subject returning anything else is wrong,
// and an unknown code must not pass for a result.
static OpStatus status_of(int rc) {
  switch (rc) {
    case GOMAPFUZZ_OK:
      return OpStatus::kOk;
    case GOMAPFUZZ_NONE:
      return OpStatus::kNone;
    case GOMAPFUZZ_NOMEM:
      return OpStatus::kNoMem;
  }
  throw ContractViolation("returned " + std::to_string(rc) +
                          ", which is none of GOMAPFUZZ_OK, _NONE, _NOMEM");
}

OpStatus AbiDriver::put(const TraceKey& k, uint64_t v) {
  return status_of(abi_.put(map_, key_of(k), v));
}

Lookup AbiDriver::get(const TraceKey& k) {
  uint64_t v = 0;
  if (status_of(abi_.get(map_, key_of(k), &v)) != OpStatus::kOk) return {};
  return {true, v};
}

OpStatus AbiDriver::erase(const TraceKey& k) {
  return status_of(abi_.erase(map_, key_of(k)));
}

OpStatus AbiDriver::iter_open(int slot,
                              const std::optional<mapcore::IterStart>& start) {
  iter_close(slot);
  const IterOpenAtFn open_at = iter_open_at_of(&abi_);
  iters_[slot] = start && s_.has(GOMAPFUZZ_TIER_RANDOM) && open_at
                     ? open_at(map_, start->bucket, start->offset)
                     : abi_.iter_open(map_);
  return iters_[slot] ? OpStatus::kOk : OpStatus::kNoMem;
}

bool AbiDriver::iter_next(int slot, Yielded& y) {
  gomapfuzz_key k{};
  uint64_t v = 0;
  if (status_of(abi_.iter_next(iters_[slot], &k, &v)) != OpStatus::kOk) {
    return false;
  }
  y.key = trace_key(k);
  y.value = v;
  return true;
}

void AbiDriver::iter_close(int slot) {
  if (iters_[slot]) abi_.iter_close(iters_[slot]);
  iters_[slot] = nullptr;
}

std::string AbiDriver::dump() const {
  if (!map_ || !s_.has(GOMAPFUZZ_TIER_LAYOUT) || !abi_.dump) return "";
  std::string buf(1 << 16, '\0');
  size_t n = abi_.dump(map_, buf.data(), buf.size());
  if (n > buf.size()) {
    buf.resize(n);
    n = abi_.dump(map_, buf.data(), buf.size());
  }
  buf.resize(std::min(n, buf.size()));
  return buf;
}

}  // namespace gomapfuzz::internal
