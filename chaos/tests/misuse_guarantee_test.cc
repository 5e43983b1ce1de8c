// What mapcore's concurrent-misuse check guarantees across threads, shown
// deterministically: thread A is stopped inside a write (hashWriting set),
// and only then does thread B touch the map. B's put, get and iteration
// step are always reported, before they change anything, so A finishes its
// write and the map is sound. The threads synchronize through latches, so
// this is misuse without a data race: it runs under ThreadSanitizer too.
// (The free-running race, and its detection rate, is misuse_rate_test.cc.)
#include <gtest/gtest.h>

#include <functional>
#include <latch>
#include <thread>

#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace gomapfuzz::chaos {
namespace {

// Stops the first hash computed while the map is mid-write. A write hashes
// keys inside its hashWriting window only while evacuating, so the test
// drives the map into a growth first.
struct Gate {
  std::function<bool()> should_stop;  // asked at each hash while armed
  std::atomic<bool> armed{false};
  std::atomic<int> hashes_in_op{0};  // thread A resets it before each op
  std::atomic<bool> fired{false};    // A did stop
  std::latch inside{1};              // A is stopped inside its write
  std::latch release{1};             // B is done: A may go on
};

struct GateHasher {
  Gate* gate = nullptr;
  mapcore::GoFallbackHasher base;

  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    stop_if_writing();
    return base.mem(p, n, seed);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    stop_if_writing();
    return base.mem64(k, seed);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    stop_if_writing();
    return base.mem32(k, seed);
  }

 private:
  void stop_if_writing() const {
    if (!gate) return;
    ++gate->hashes_in_op;
    if (gate->armed.load() && gate->should_stop()) {
      gate->armed = false;
      gate->fired = true;
      gate->inside.count_down();
      gate->release.wait();
    }
  }
};

using GatedMap = mapcore::Map<uint64_t, uint64_t, GateHasher>;

class CrossThreadMisuse : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = mapcore::set_misuse_handler(&mapcore::throw_on_misuse);
    GatedMap::Options o;
    o.hasher.gate = &gate_;
    map_ = std::make_unique<GatedMap>(o);
    gate_.should_stop = [this] { return writing(); };
    for (uint64_t k = 0; k < 64; ++k) map_->put(k, k);
    next_key_ = 64;
    while (!mapcore::state(*map_).growing) map_->put(next_key_++, 0);
  }
  void TearDown() override { mapcore::set_misuse_handler(previous_); }

  bool writing() const {
    return (mapcore::state(*map_).flags & mapcore::kFlagHashWriting) != 0;
  }

  // Thread A writes (a_op: by default, puts of new keys) until one stops
  // inside its write window; then `intruder` runs on this thread (B) and
  // must be reported.
  mapcore::MisuseKind intrude(const std::function<void()>& intruder,
                              std::function<void(uint64_t)> a_op = {}) {
    if (!a_op) a_op = [this](uint64_t) { map_->put(next_key_++, 1); };
    gate_.armed = true;
    std::thread a([this, &a_op] {
      // Each put evacuates two old buckets; the first that holds a key
      // hashes it inside the window. 1000 ops finish any growth.
      for (uint64_t i = 0; i < 1000 && gate_.armed.load(); ++i) {
        gate_.hashes_in_op = 0;
        a_op(i);
      }
      if (gate_.armed.exchange(false)) gate_.inside.count_down();  // missed
    });
    gate_.inside.wait();
    std::optional<mapcore::MisuseKind> kind;
    const bool a_stopped = gate_.fired.load();
    try {
      if (a_stopped) intruder();
    } catch (const mapcore::ConcurrentMapMisuse& e) {
      kind = e.kind();
    }
    gate_.release.count_down();
    a.join();
    EXPECT_TRUE(a_stopped) << "thread A never stopped inside a write";
    EXPECT_TRUE(kind.has_value()) << "the intrusion was not reported";
    EXPECT_TRUE(mapcore::check_invariants(*map_).empty())
        << mapcore::check_invariants(*map_).front().to_string();
    return kind.value_or(mapcore::MisuseKind::kConcurrentWrites);
  }

  Gate gate_;
  std::unique_ptr<GatedMap> map_;
  uint64_t next_key_ = 0;
  mapcore::MisuseHandler previous_ = nullptr;
};

TEST_F(CrossThreadMisuse, WriteDuringAnotherThreadsWriteIsReported) {
  const int64_t before = map_->size();
  EXPECT_EQ(intrude([this] { map_->put(1u << 30, 7); }),
            mapcore::MisuseKind::kConcurrentWrites);
  EXPECT_FALSE(map_->contains(1u << 30));  // reported before it wrote
  EXPECT_EQ(map_->size(), before + 1);     // only A's put happened
}

TEST_F(CrossThreadMisuse, DeleteDuringAnotherThreadsWriteIsReported) {
  EXPECT_EQ(intrude([this] { map_->erase(3); }),
            mapcore::MisuseKind::kConcurrentWrites);
  EXPECT_TRUE(map_->contains(3));
}

TEST_F(CrossThreadMisuse, ReadDuringAnotherThreadsWriteIsReported) {
  EXPECT_EQ(intrude([this] { (void)map_->get(5); }),
            mapcore::MisuseKind::kConcurrentReadWrite);
}

// Go sets hashWriting right after hashing the key (mapassign, mapdelete),
// so everything a write does after its first hash is inside the window. A
// write's second hash is the first key it hashes to plan or do an
// evacuation: a second writer arriving then must be reported, as in Go.
// (mapcore once planned its allocations before setting the flag: this
// intrusion went unnoticed and the two writers raced on the plan.)
TEST_F(CrossThreadMisuse, WriteDuringAnotherWritesPlanningIsReported) {
  gate_.should_stop = [this] { return gate_.hashes_in_op.load() >= 2; };
  EXPECT_EQ(intrude([this] { map_->put(1u << 30, 7); }),
            mapcore::MisuseKind::kConcurrentWrites);
  EXPECT_FALSE(map_->contains(1u << 30));
}

TEST_F(CrossThreadMisuse, WriteDuringAnotherDeletesPlanningIsReported) {
  gate_.should_stop = [this] { return gate_.hashes_in_op.load() >= 2; };
  EXPECT_EQ(intrude([this] { map_->put(1u << 30, 7); },
                    [this](uint64_t i) { map_->erase(i); }),
            mapcore::MisuseKind::kConcurrentWrites);
}

TEST_F(CrossThreadMisuse, IterationStepDuringAnotherThreadsWriteIsReported) {
  EXPECT_EQ(intrude([this] {
              auto it = map_->iterate();
              it.next();
            }),
            mapcore::MisuseKind::kConcurrentIterationWrite);
}

}  // namespace
}  // namespace gomapfuzz::chaos
