#include "mapcore/hash/hashers.h"

#include <array>
#include <cstdio>

namespace mapcore {
namespace {

constexpr std::array<std::string_view, kHashFamilyCount> kNames = {
    "gofallback", "xxh3",    "fnv1a",    "constant",
    "lowbits",    "tophash", "identity", "samebucket",
};

}  // namespace

std::string_view hash_family_name(HashFamily f) {
  return kNames[static_cast<std::size_t>(f)];
}

std::optional<HashFamily> hash_family_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<HashFamily>(i);
  }
  return std::nullopt;
}

uint64_t default_hash_param(HashFamily f) {
  switch (f) {
    case HashFamily::kGoFallback:
      return kDefaultHashKey;
    case HashFamily::kConstant:
      return 0x5555555555555555;  // lands in bucket 0x55.. & mask, tophash 0x55
    case HashFamily::kLowBits:
      return 3;  // 8 buckets at most: overflow chains from 64 keys on
    case HashFamily::kFixedTopHash:
      return 0x42;
    default:
      return 0;
  }
}

std::string DynamicHasher::describe() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s 0x%llx",
                std::string(hash_family_name(family)).c_str(),
                static_cast<unsigned long long>(param));
  return buf;
}

}  // namespace mapcore
