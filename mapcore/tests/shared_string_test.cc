// SharedString keys: Go's sharing of a string's bytes. The map must behave
// and lay out exactly as a GoString map (which copies the bytes), hold the
// caller's pointers, and allocate nothing per key.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "expect_sound.h"
#include "mapcore/counting_resource.h"
#include "mapcore/dump.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

using Owned = Map<GoString, int64_t>;
using Shared = Map<SharedString, int64_t>;

using test::expect_sound;

// The first line where two dumps differ, both versions (a whole dump runs
// to thousands of lines).
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream as(a), bs(b);
  for (std::string la, lb;;) {
    const bool more_a = static_cast<bool>(std::getline(as, la));
    const bool more_b = static_cast<bool>(std::getline(bs, lb));
    if (!more_a && !more_b) return "";
    if (!more_a) la = "(end)";
    if (!more_b) lb = "(end)";
    if (la != lb) return "owned:  " + la + "\nshared: " + lb;
  }
}

// Keys that outlive the maps, as SharedString requires.
std::vector<std::string> user_keys(int n) {
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i) keys.push_back("user_" + std::to_string(i));
  keys.push_back("");  // the empty string: a nil pointer in Go
  return keys;
}

// Inserts, overwrites, deletes (stale headers: nil pointer, length kept),
// growth and its evacuation: after every op the two dumps are one text.
TEST(SharedString, LaysOutExactlyAsACopyingMap) {
  const std::vector<std::string> keys = user_keys(3000);
  Owned owned(Owned::Options{.seed = 7});
  Shared shared(Shared::Options{.seed = 7});
  for (std::size_t i = 0; i < keys.size() * 2; ++i) {
    const std::string& k = keys[(i * 7919) % keys.size()];
    if (i % 5 == 4) {
      ASSERT_EQ(owned.erase(k), shared.erase(k)) << "op " << i;
    } else {
      ASSERT_EQ(owned.put(k, int64_t(i)), shared.put(k, int64_t(i)))
          << "op " << i;
    }
    if (i % 97 == 0 || i + 1 == keys.size() * 2) {
      const std::string diff = first_difference(dump(owned), dump(shared));
      ASSERT_EQ(diff, "") << "op " << i;
      expect_sound(shared);
    }
  }
  for (const std::string& k : keys) EXPECT_EQ(owned.get(k), shared.get(k));
}

// The buckets hold the caller's bytes, not a copy.
TEST(SharedString, HoldsTheCallersBytes) {
  const std::vector<std::string> keys = user_keys(100);
  Shared m;
  for (std::size_t i = 0; i < keys.size(); ++i) m.put(keys[i], int64_t(i));
  std::size_t seen = 0;
  for (auto it = m.iterate(); it.next(); ++seen) {
    const std::string& k = keys[static_cast<std::size_t>(it.value())];
    EXPECT_EQ(it.key(), k);
    if (!k.empty()) {
      EXPECT_EQ(it.stored_key().ptr, k.data());
    }
  }
  EXPECT_EQ(seen, keys.size());
}

// Blocks: a copying map owns one per non-empty key more than a sharing one,
// whose blocks are its buckets only; both give every byte back.
TEST(SharedString, AllocatesNothingPerKey) {
  const std::vector<std::string> keys = user_keys(2000);
  mapcore::CountingResource owned_bytes, shared_bytes;
  {
    Owned owned(
        Owned::Options{.seed = 3, .alloc = DefaultAllocator(&owned_bytes)});
    Shared shared(
        Shared::Options{.seed = 3, .alloc = DefaultAllocator(&shared_bytes)});
    for (std::size_t i = 0; i < keys.size(); ++i) {
      owned.put(keys[i], 1);
      shared.put(keys[i], 1);
    }
    for (std::size_t i = 0; i < keys.size(); i += 3) {
      owned.erase(keys[i]);
      shared.erase(keys[i]);
    }
    const auto so = stats(owned), ss = stats(shared);
    const uint64_t nonempty_live = static_cast<uint64_t>(so.count) - 1;
    EXPECT_EQ(so.mapcore_blocks - ss.mapcore_blocks, nonempty_live);
    EXPECT_EQ(ss.key_data_bytes, 0u);  // not the map's
    EXPECT_GT(so.key_data_bytes, 0u);
    EXPECT_EQ(shared_bytes.live_bytes(), ss.mapcore_bytes);
    expect_sound(shared);
  }
  EXPECT_EQ(owned_bytes.live_bytes(), 0u);
  EXPECT_EQ(shared_bytes.live_bytes(), 0u);
}

}  // namespace
}  // namespace mapcore
