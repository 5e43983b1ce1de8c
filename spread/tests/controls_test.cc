// The battery's controls (issue 8): hashes whose verdicts are known in
// advance. A negative control that passes, or a positive control that fails,
// means the battery is wrong. Each runs the quick battery (the CLI's
// --quick) with seed 1; `gomapfuzz spread --hash NAME --quick --seed 1`
// prints the same table.
//
// Published results these mirror:
//   - Go's runtime/hash_test.go runs its SMHasher port for its AES hash and
//     (since Go 1.17's wyhash-based fallback; the old "fallback does not
//     pass" comment is stale in 1.19) for its fallback hash: both pass.
//   - SMHasher (rurban, doc/FNV64.txt) fails 64-bit FNV-1a on Avalanche
//     (100% bias), Sparse, Cyclic, TwoBytes and Text (and MomentChi2, BIC,
//     DiffDist, which the battery does not port); it passes Sanity and
//     AppendedZeroes.
//   - SMHasher lists xxh3's weaknesses as "DiffDist bit 7 w. 36 bits, BIC",
//     tests the battery does not port: xxh3 is expected to pass them all.
#include <gtest/gtest.h>

#include "gomapfuzz/spread/battery.h"

namespace gomapfuzz::spread {
namespace {

constexpr uint64_t kSeed = 1;

Battery quick(const std::string& hash, bool geometry, bool smhasher,
              std::vector<KeyFamily> families = all_key_families()) {
  BatteryOptions o;
  o.full = false;
  o.seed = kSeed;
  o.jobs = 1;
  o.geometry = geometry;
  o.smhasher = smhasher;
  o.throughput = false;
  o.families = std::move(families);
  return run_battery(make_builtin_hash(hash, kSeed), o);
}

std::string reproduce(const std::string& hash) {
  return "reproduce: gomapfuzz spread --hash " + hash + " --quick --seed " +
         std::to_string(kSeed);
}

const Row& row(const Battery& b, const std::string& test,
               const std::string& keys) {
  const Row* r = b.report.find(test, keys);
  if (r == nullptr) {
    static const Row kMissing{"missing row " + test + " " + keys};
    ADD_FAILURE() << "no row " << test << " / " << keys;
    return kMissing;
  }
  return *r;
}

std::string describe(const Row& r) {
  return r.test + " " + r.keys + ": " + verdict_name(r.verdict) + " " +
         r.statistic + " at " + r.where;
}

void expect_all_pass(const Battery& b, const std::string& hash) {
  int rows = 0;
  for (const auto& s : b.report.sections) {
    for (const auto& r : s.rows) {
      ++rows;
      EXPECT_EQ(r.verdict, Verdict::kPass) << describe(r) << "\n"
                                           << reproduce(hash);
    }
  }
  EXPECT_GT(rows, 40);
}

TEST(NegativeControl, IdentityFailsBucketSpreadOnStridedIntegers) {
  const Battery b = quick("identity", true, false, {KeyFamily::kStrideInt});
  // Keys i << 12 hashed to themselves: the low 12 bits are all zero, so
  // every key lands in bucket 0 up to B = 12.
  const Row& r = row(b, "bucket-chi2", "stride-int");
  EXPECT_EQ(r.verdict, Verdict::kFail) << describe(r);
  EXPECT_LT(r.worst_p, 1e-100) << describe(r);
  EXPECT_EQ(row(b, "overflow-share", "stride-int").verdict, Verdict::kFail);
}

TEST(NegativeControl, IdentityPassesBucketSpreadOnSequentialIntegers) {
  // The same hash spreads 0, 1, 2, ... perfectly over the low bits: the
  // battery separates "bad hash" from "bad hash for these keys".
  const Battery b = quick("identity", true, false, {KeyFamily::kSeqInt});
  EXPECT_EQ(row(b, "bucket-chi2", "seq-int").verdict, Verdict::kPass);
  // ... but its top byte is 0 for all of them: tophash is useless.
  EXPECT_EQ(row(b, "tophash-coll", "seq-int").verdict, Verdict::kFail);
}

TEST(NegativeControl, ConstantFailsEverything) {
  const Battery b = quick("constant", true, true);
  int rows = 0;
  for (const auto& s : b.report.sections) {
    for (const auto& r : s.rows) {
      ++rows;
      if (r.test == "sanity/alignment") {
        // A constant cannot depend on bytes outside the key or on
        // alignment: the one test it passes by construction.
        EXPECT_EQ(r.verdict, Verdict::kPass) << describe(r);
        continue;
      }
      EXPECT_EQ(r.verdict, Verdict::kFail) << describe(r) << "\n"
                                           << reproduce("constant");
    }
  }
  EXPECT_GT(rows, 90);
}

TEST(NegativeControl, LowBitsOnlyFailsTophashSpread) {
  // lowbits:56 keeps the low 56 bits of a good hash and zeroes the top byte:
  // buckets are fine, every tophash is the same.
  const Battery b = quick("lowbits:56", true, false);
  for (KeyFamily f : all_key_families()) {
    const std::string keys(key_family_name(f));
    EXPECT_EQ(row(b, "tophash-coll", keys).verdict, Verdict::kFail) << keys;
    EXPECT_EQ(row(b, "bucket-chi2", keys).verdict, Verdict::kPass) << keys;
    EXPECT_EQ(row(b, "xy-split", keys).verdict, Verdict::kPass) << keys;
  }
}

TEST(NegativeControl, FixedTophashFailsTophashSpreadOnly) {
  const Battery b = quick("tophash", true, false, {KeyFamily::kUserString});
  EXPECT_EQ(row(b, "tophash-coll", "user-string").verdict, Verdict::kFail);
  EXPECT_EQ(row(b, "bucket-chi2", "user-string").verdict, Verdict::kPass);
}

TEST(NegativeControl, SameBucketFailsBucketSpread) {
  const Battery b = quick("samebucket", true, false, {KeyFamily::kRandomBytes});
  EXPECT_EQ(row(b, "bucket-chi2", "random-bytes").verdict, Verdict::kFail);
  EXPECT_EQ(row(b, "chain-max", "random-bytes").verdict, Verdict::kFail);
  EXPECT_EQ(row(b, "realmap-doubled", "random-bytes").verdict, Verdict::kFail);
}

TEST(NegativeControl, Fnv1aFailsWhatSmhasherSaysItFails) {
  const Battery b = quick("fnv1a", false, true);
  for (const char* key : {"bytes2", "bytes4", "bytes8", "bytes16", "bytes32",
                          "bytes200", "int32", "int64"}) {
    const Row* r = nullptr;
    for (const auto& row : b.report.sections[0].rows) {
      if (row.test == std::string("avalanche/") + key) r = &row;
    }
    ASSERT_NE(r, nullptr) << key;
    EXPECT_EQ(r->verdict, Verdict::kFail) << describe(*r);
  }
  // SMHasher's Sparse, Cyclic, TwoBytes and Text failures are distribution
  // biases and partial collisions, not 64-bit collisions (FNV has none).
  for (const char* test : {"sparse", "cyclic", "two-nonzero", "text"}) {
    bool failed = false;
    for (const auto& r : b.report.sections[0].rows) {
      if (r.test.rfind(std::string(test) + "/", 0) == 0 &&
          r.verdict == Verdict::kFail) {
        failed = true;
      }
    }
    EXPECT_TRUE(failed) << test << " should fail for FNV-1a\n"
                        << reproduce("fnv1a");
  }
  // ... and where SMHasher says FNV64 passes, so does the battery.
  const Row* sanity = nullptr;
  for (const auto& r : b.report.sections[0].rows) {
    if (r.test == "sanity/alignment") sanity = &r;
  }
  ASSERT_NE(sanity, nullptr);
  EXPECT_EQ(sanity->verdict, Verdict::kPass);
  for (const auto& r : b.report.sections[0].rows) {
    if (r.test == "appended-zeros/coll64") {
      EXPECT_EQ(r.verdict, Verdict::kPass);
    }
  }
}

TEST(PositiveControl, GoFallbackPassesEveryGeometryTest) {
  expect_all_pass(quick("gofallback", true, false), "gofallback");
}

TEST(PositiveControl, AesHashPassesEveryGeometryTest) {
  expect_all_pass(quick("aeshash", true, false), "aeshash");
}

TEST(PositiveControl, Xxh3PassesEveryGeometryTest) {
  expect_all_pass(quick("xxh3", true, false), "xxh3");
}

TEST(PositiveControl, GoFallbackPassesGoSmhasherPort) {
  expect_all_pass(quick("gofallback", false, true), "gofallback");
}

TEST(PositiveControl, AesHashPassesGoSmhasherPort) {
  expect_all_pass(quick("aeshash", false, true), "aeshash");
}

TEST(PositiveControl, Xxh3PassesSmhasherStyleTests) {
  expect_all_pass(quick("xxh3", false, true), "xxh3");
}

}  // namespace
}  // namespace gomapfuzz::spread
