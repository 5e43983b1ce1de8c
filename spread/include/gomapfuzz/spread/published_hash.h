// A HashUnderTest that tells the sandbox (harness/sandbox.h) what it is
// about to hash before each call of the hash it wraps, so that when a
// plugin's hash() crashes or hangs in a sandbox child, the parent can name
// the key, its length and the seed. Outside a sandbox child it only
// forwards.
//
// Publishing is a few stores per call (the key's address, length, seed and
// a counter; the sandbox copies the bytes only after a crash or hang),
// ~1 ns, so even the throughput section, which times the hash, keeps it.
#ifndef GOMAPFUZZ_SPREAD_PUBLISHED_HASH_H_
#define GOMAPFUZZ_SPREAD_PUBLISHED_HASH_H_

#include <memory>
#include <utility>

#include "gomapfuzz/harness/sandbox.h"
#include "gomapfuzz/spread/hash_under_test.h"

namespace gomapfuzz::spread {

class PublishedHash final : public HashUnderTest {
 public:
  explicit PublishedHash(std::shared_ptr<const HashUnderTest> inner)
      : inner_(std::move(inner)) {}

  uint64_t hash(const void* p, std::size_t n, uint64_t seed) const override {
    Call c(p, n, seed);
    return inner_->hash(p, n, seed);
  }
  uint64_t hash64(uint64_t key, uint64_t seed) const override {
    Call c(&key, sizeof key, seed);
    return inner_->hash64(key, seed);
  }
  uint64_t hash32(uint32_t key, uint64_t seed) const override {
    Call c(&key, sizeof key, seed);
    return inner_->hash32(key, seed);
  }

 private:
  // Publishes the call for its lifetime.
  struct Call {
    Call(const void* p, std::size_t n, uint64_t seed) {
      harness::SandboxChild::begin_input(p, n, seed);
    }
    ~Call() { harness::SandboxChild::end_call(); }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
  };

  std::shared_ptr<const HashUnderTest> inner_;
};

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_PUBLISHED_HASH_H_
