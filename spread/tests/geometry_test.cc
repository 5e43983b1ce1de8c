// Building blocks of the battery: key families, the geometry model against a
// real mapcore::Map, hash-set checks, avalanche counting, the hash registry
// and the plots.
#include "gomapfuzz/spread/geometry.h"

#include <gtest/gtest.h>

#include <set>

#include "gomapfuzz/plot/outline.h"
#include "gomapfuzz/spread/avalanche.h"
#include "gomapfuzz/spread/hash_registry.h"
#include "gomapfuzz/spread/hash_set_checks.h"
#include "gomapfuzz/spread/plots.h"

namespace gomapfuzz::spread {
namespace {

TEST(SpreadKeyFamilies, KeysAreDistinctAndDeterministic) {
  constexpr uint64_t kKeys = 200000;
  for (KeyFamily f : all_key_families()) {
    if (is_integer_family(f)) {
      std::set<uint64_t> seen;
      for (uint64_t i = 0; i < kKeys; ++i) seen.insert(int_key(f, 7, i));
      EXPECT_EQ(seen.size(), kKeys) << key_family_name(f);
      EXPECT_EQ(int_key(f, 7, 12345), int_key(f, 7, 12345));
    } else {
      std::set<std::string> seen;
      for (uint64_t i = 0; i < kKeys; ++i) seen.insert(string_key(f, 7, i));
      EXPECT_EQ(seen.size(), kKeys) << key_family_name(f);
    }
  }
  EXPECT_EQ(string_key(KeyFamily::kUserString, 0, 42), "user_42");
  EXPECT_EQ(int_key(KeyFamily::kStrideInt, 0, 3), 3u << kStrideBits);
  EXPECT_EQ(string_key(KeyFamily::kShortRandom, 1, 5).size(), 8u);
  EXPECT_EQ(key_family_from_name("millis"), KeyFamily::kMillis);
  EXPECT_FALSE(key_family_from_name("nope").has_value());
}

// The geometry model (chains = ceil(load/8)) must equal what a real
// mapcore::Map holds after growing through Go's incremental evacuation.
TEST(SpreadGeometry, RealMapAgreesWithModel) {
  const NamedHash h = make_builtin_hash("xxh3", 1);
  GeometryOptions o;
  o.min_b = 3;
  o.max_b = 11;
  o.loads = {3.25, 6.5};
  o.realmap_max_b = 11;
  o.families = {KeyFamily::kSeqInt, KeyFamily::kUserString};
  const GeometryResult r = run_geometry(*h.impl, o);
  int realmap_rows = 0;
  for (const Row& row : r.section.rows) {
    if (row.test != "realmap-doubled") continue;
    ++realmap_rows;
    EXPECT_EQ(row.configs, 9u);
    EXPECT_NE(row.statistic.find("== model"), std::string::npos)
        << row.statistic;
    EXPECT_EQ(row.verdict, Verdict::kPass) << row.statistic;
  }
  EXPECT_EQ(realmap_rows, 2);
  ASSERT_EQ(r.plots.size(), 2u);
  uint64_t buckets = 0;
  for (uint64_t c : r.plots[0].load_hist) buckets += c;
  EXPECT_EQ(buckets, 1u << 11);
}

// A degenerate hash on a real map would take O(n^2) probes: the battery
// falls back to the model and still fails it.
TEST(SpreadGeometry, DegenerateHashSkipsRealMapButFails) {
  const NamedHash h = make_builtin_hash("constant", 1);
  GeometryOptions o;
  o.min_b = 12;
  o.max_b = 12;
  o.loads = {6.5};
  o.realmap_max_b = 12;
  o.families = {KeyFamily::kSeqInt};
  const GeometryResult r = run_geometry(*h.impl, o);
  for (const Row& row : r.section.rows) {
    EXPECT_EQ(row.verdict, Verdict::kFail) << row.test << " " << row.statistic;
    if (row.test == "realmap-doubled") {
      EXPECT_NE(row.statistic.find("real map skipped"), std::string::npos);
    }
  }
}

TEST(SpreadHashSetChecks, CountsFullAndPartialCollisions) {
  std::vector<uint64_t> v = {
      0x1111111100000001, 0x1111111100000001,  // full collision
      0x2222222200000002, 0x3333333300000002,  // low 32 collide
      0x4444444400000003, 0x4444444400000004,  // high 32 collide
      0x5555555500000005};
  const HashSetChecks c = check_hash_set(v);
  EXPECT_EQ(c.n, 7u);
  EXPECT_EQ(c.coll64, 1u);
  EXPECT_EQ(c.coll_low32, 2u);
  EXPECT_EQ(c.coll_high32, 2u);
  EXPECT_TRUE(c.windows.empty());  // 7 hashes are too few to bin
}

TEST(SpreadHashSetChecks, RadixSortSortsLargeSets) {
  std::vector<uint64_t> v(100000);
  uint64_t x = 1;
  for (auto& e : v)
    e = (x = x * 6364136223846793005ull + 1442695040888963407ull);
  std::vector<uint64_t> expect = v;
  std::sort(expect.begin(), expect.end());
  sort_hashes(v);
  EXPECT_EQ(v, expect);
}

TEST(SpreadAvalanche, IdentityFlipsExactlyTheSameBit) {
  const NamedHash h = make_builtin_hash("identity", 1);
  const AvalancheGrid g = avalanche(*h.impl, AvalancheKey::kInt64, 8, 300, 1);
  ASSERT_EQ(g.in_bits, 64);
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 64; ++j) {
      EXPECT_EQ(g.flips[i * 64 + j], i == j ? 300u : 0u) << i << "->" << j;
    }
  }
}

TEST(SpreadRegistry, NamesParametersAndErrors) {
  EXPECT_EQ(make_builtin_hash("constant:0x10", 1).impl->hash("ab", 2, 0),
            0x10u);
  EXPECT_EQ(make_builtin_hash("lowbits:4", 1).impl->hash("ab", 2, 0) >> 4, 0u);
  EXPECT_THROW(make_builtin_hash("lowbits:65", 1), HashLookupError);
  EXPECT_THROW(make_builtin_hash("xxh3:5", 1), HashLookupError);
  EXPECT_THROW(make_builtin_hash("constant:zz", 1), HashLookupError);
  try {
    make_builtin_hash("sha-9", 1);
    ADD_FAILURE() << "no error";
  } catch (const HashLookupError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown hash 'sha-9'"),
              std::string::npos);
  }
  // The fallback hash is Go's: memhash64 equals memhash of the 8 bytes.
  const NamedHash go = make_builtin_hash("gofallback", 3);
  const uint64_t k = 0x0123456789abcdef;
  EXPECT_EQ(go.impl->hash64(k, 99), go.impl->hash(&k, 8, 99));
}

// Every panel of every figure has both axes with a title and ticks.
void expect_axes(const plot::FigureOutline& o, std::size_t panels) {
  ASSERT_EQ(o.panels.size(), panels);
  for (const plot::PanelOutline& p : o.panels) {
    for (const plot::AxisOutline* a : {&p.x, &p.y}) {
      EXPECT_FALSE(a->title.empty()) << p.title;
      EXPECT_GE(a->tick_labels.size(), 2u) << p.title << ": " << a->title;
    }
  }
}

TEST(SpreadPlots, SvgsHaveAPanelPerFamilyAndAMapPerKey) {
  GeometryPlotData p;
  p.family = KeyFamily::kSeqInt;
  p.b = 4;
  p.load = 6.5;
  p.n = 104;
  p.load_hist = {0, 0, 2, 3, 4, 3, 2, 1, 0, 0, 1};
  p.chain_hist = {0, 15, 1};
  GeometryPlotData q = p;
  q.family = KeyFamily::kUserString;
  const plot::FigureOutline loads =
      plot::outline_of(bucket_loads_svg("x", {p, q}));
  expect_axes(loads, 2);
  EXPECT_EQ(loads.panels[0].title, "seq-int  B=4 load=6.5");
  EXPECT_EQ(loads.panels[1].title, "user-string  B=4 load=6.5");
  EXPECT_EQ(loads.panels[0].x.tick_labels.back(), ">=24");
  EXPECT_EQ(loads.legend,
            (std::vector<std::string>{"observed", "ideal hash (Poisson)",
                                      "a bucket's 8 slots end"}));
  const plot::FigureOutline chains =
      plot::outline_of(chain_lengths_svg("x", {p}));
  expect_axes(chains, 1);
  EXPECT_EQ(chains.panels[0].y.tick_labels.front(), "1e-7");
  EXPECT_EQ(chains.legend,
            (std::vector<std::string>{"observed", "ideal hash"}));
  AvalancheGrid g;
  g.name = "int64";
  g.in_bits = 2;
  g.reps = 10;
  g.flips.assign(128, 5);
  g.flips[3] = 10;  // one cell always flips: one red run
  const std::string aval = avalanche_svg("x", {g});
  const plot::FigureOutline o = plot::outline_of(aval);
  expect_axes(o, 1);
  EXPECT_EQ(o.panels[0].title, "int64 (10 reps)");
  // The colour scale: 6 levels of too few flips, none, 6 of too many.
  ASSERT_EQ(o.legend.size(), 13u);
  EXPECT_EQ(o.legend[6], "|bias| < 1%");
  EXPECT_EQ(o.legend[0], "-50% or less");
  EXPECT_EQ(o.legend[12], "+50% or more");
  // The red cell, plus its legend swatch.
  std::size_t red = 0;
  for (auto i = aval.find("fill=\"#ff0000\""); i != std::string::npos;
       i = aval.find("fill=\"#ff0000\"", i + 1)) {
    ++red;
  }
  EXPECT_EQ(red, 2u);
}

}  // namespace
}  // namespace gomapfuzz::spread
