// Concurrent-misuse detection (Go's hashWriting flag). A real race is
// nondeterministic (the chaos suite measures the detection rate); here a
// hasher re-enters the map while a write is in progress, which is exactly
// what a second goroutine does when it collides with the write: the map is
// mid-write (evacuating, hence hashing) and hashWriting is set.
#include <gtest/gtest.h>

#include <functional>

#include "mapcore/map.h"

namespace mapcore {

// Go's fallback hash plus a hook run once while a write holds hashWriting.
struct ReentrantHasher {
  static inline std::function<void()> hook;
  static inline std::function<bool()> during_write;

  GoFallbackHasher base;
  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    fire();
    return base.mem(p, n, seed);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    fire();
    return base.mem64(k, seed);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    fire();
    return base.mem32(k, seed);
  }

 private:
  static void fire() {
    if (hook && during_write && during_write()) {
      auto f = std::exchange(hook, nullptr);
      f();
    }
  }
};

namespace {

using M = Map<uint64_t, uint64_t, ReentrantHasher>;

class MisuseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = set_misuse_handler(&throw_on_misuse);
    m_ = std::make_unique<M>();
    for (uint64_t i = 0; i < 8; ++i) m_->put(i, i);
    ReentrantHasher::during_write = [this] {
      return (DebugAccess::raw(*m_).header().flags & kFlagHashWriting) != 0;
    };
  }
  void TearDown() override {
    ReentrantHasher::hook = nullptr;
    ReentrantHasher::during_write = nullptr;
    set_misuse_handler(previous_);
  }

  // Inserts until a growth is under way, then writes once more: that write
  // evacuates, hashing keys while hashWriting is set, and fires the hook.
  void write_during_growth(std::function<void()> intruder) {
    uint64_t k = 100;
    while (!DebugAccess::raw(*m_).growing()) m_->put(k++, 0);
    ReentrantHasher::hook = std::move(intruder);
    m_->put(k, 0);
  }

  MisuseHandler previous_ = nullptr;
  std::unique_ptr<M> m_;
};

MisuseKind caught(std::function<void()> f) {
  try {
    f();
  } catch (const ConcurrentMapMisuse& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no misuse reported";
  return MisuseKind::kConcurrentWrites;
}

TEST_F(MisuseTest, WriteDuringWriteIsConcurrentMapWrites) {
  EXPECT_EQ(caught([&] { write_during_growth([&] { m_->put(5, 5); }); }),
            MisuseKind::kConcurrentWrites);
}

TEST_F(MisuseTest, ReadDuringWriteIsConcurrentMapReadAndMapWrite) {
  EXPECT_EQ(caught([&] { write_during_growth([&] { m_->find(5); }); }),
            MisuseKind::kConcurrentReadWrite);
}

TEST_F(MisuseTest, IterationStepDuringWriteIsReported) {
  auto it = m_->iterate();
  it.next();
  EXPECT_EQ(caught([&] { write_during_growth([&] { it.next(); }); }),
            MisuseKind::kConcurrentIterationWrite);
}

TEST_F(MisuseTest, DeleteDuringWriteIsConcurrentMapWrites) {
  EXPECT_EQ(caught([&] { write_during_growth([&] { m_->erase(3); }); }),
            MisuseKind::kConcurrentWrites);
}

TEST(MisuseDeathTest, DefaultHandlerAbortsWithGosMessage) {
  EXPECT_DEATH(
      {
        set_misuse_handler(nullptr);  // restores abort_on_misuse
        report_misuse(MisuseKind::kConcurrentWrites);
      },
      "fatal error: concurrent map writes");
  EXPECT_STREQ(misuse_message(MisuseKind::kConcurrentReadWrite),
               "concurrent map read and map write");
  EXPECT_STREQ(misuse_message(MisuseKind::kConcurrentIterationWrite),
               "concurrent map iteration and map write");
}

}  // namespace
}  // namespace mapcore
