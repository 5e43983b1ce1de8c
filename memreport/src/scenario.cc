// Scenario validation, the report's arithmetic, the sweep grid, and the
// dispatch from menu types to the typed runners (runner.h).
#include "gomapfuzz/memreport/scenario.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "gomapfuzz/memreport/sweep.h"
#include "mapcore/hash/hashers.h"
#include "mapcore/key_policy.h"
#include "report_builder.h"
#include "runner.h"

namespace gomapfuzz::memreport {
namespace {

// Key lengths past this are not a memory question worth a gigabyte of keys.
constexpr int kMaxKeyLen = 4096;

// How many distinct keys the numbering gives for a key type: [N]byte keys
// (and int32, numbered by its 4 bytes) repeat after 256^N numbers.
uint64_t distinct_keys(const TypeSpec& key) {
  const std::size_t bytes =
      key.kind == TypeKind::kString ? 8 : std::min<std::size_t>(key.size, 8);
  if (bytes >= 8) return UINT64_MAX;
  return uint64_t{1} << (8 * bytes);
}

void check_keys(const TypeSpec& key, int64_t n, int key_len) {
  if (static_cast<uint64_t>(n) > distinct_keys(key)) {
    throw ScenarioError("a " + key.go_name() + " key has only " +
                        std::to_string(distinct_keys(key)) +
                        " distinct values; n = " + std::to_string(n));
  }
  if (key.kind == TypeKind::kString && (key_len < 0 || key_len > kMaxKeyLen)) {
    throw ScenarioError("--key-len must be in 0.." +
                        std::to_string(kMaxKeyLen));
  }
}

}  // namespace

std::string padded_decimal(uint64_t i, int width) {
  std::string d = std::to_string(i);
  if (static_cast<int>(d.size()) < width) {
    d.insert(0, static_cast<std::size_t>(width) - d.size(), '0');
  }
  return d;
}

void validate(const Scenario& s) {
  if (s.n < 0) throw ScenarioError("n must be >= 0");
  if (s.deletes < 0 || s.deletes > s.n) {
    throw ScenarioError("deletes must be in 0..n (" + std::to_string(s.n) +
                        ")");
  }
  check_keys(s.key, s.n, s.key_len);
}

Report run_scenario(const Scenario& s) {
  validate(s);
  return internal::runner_for(s.key, s.value).run(s);
}

std::vector<int64_t> sweep_grid(int64_t max_n, int points_per_decade) {
  std::vector<int64_t> grid;
  const double decades = std::log10(static_cast<double>(max_n));
  const int steps = static_cast<int>(std::ceil(decades * points_per_decade));
  for (int k = 0; k <= steps; ++k) {
    const auto n = static_cast<int64_t>(std::llround(
        std::pow(10.0, static_cast<double>(k) / points_per_decade)));
    if (n > max_n) break;
    if (grid.empty() || grid.back() < n) grid.push_back(n);
  }
  if (grid.empty() || grid.back() != max_n) grid.push_back(max_n);
  return grid;
}

Sweep run_sweep(const SweepSpec& spec) {
  internal::validate_sweep(spec);
  return internal::runner_for(spec.key, spec.value).sweep(spec);
}

namespace internal {

void validate_sweep(const SweepSpec& spec) {
  if (spec.max_n < 1) throw ScenarioError("the sweep needs n >= 1");
  if (spec.points_per_decade < 1 || spec.points_per_decade > 1000) {
    throw ScenarioError("points per decade must be in 1..1000");
  }
  check_keys(spec.key, spec.max_n, spec.key_len);
}

Report build_report(const Scenario& s, uint32_t hash0,
                    const mapcore::MapStats& st, const GoLedger& ledger,
                    const BucketSlots& slots, uint64_t string_alloc_bytes) {
  Report r;
  r.scenario = s;
  r.hash0 = hash0;
  r.count = st.count;
  r.B = st.B;
  r.noverflow = st.noverflow;
  r.growing = st.growing;
  r.bucket_size = st.bucket_size;
  r.buckets = st.buckets;
  r.array_buckets = st.array_buckets;
  r.prealloc_total = st.prealloc_total;
  r.prealloc_used = st.prealloc_total - st.prealloc_free;
  r.overflow_in_use = st.overflow_in_use;
  r.overflow_heap = st.overflow_heap;
  // Separate counters (raw_map.h's hash_grow increments one or the other).
  r.doublings = st.doublings;
  r.same_size_growths = st.same_size_growths;

  r.array_bytes = st.go_array_bytes;
  r.overflow_bytes = st.go_overflow_bytes;
  r.old_bytes = st.go_old_bytes;
  r.indirect_bytes = st.go_indirect_bytes;
  r.bookkeeping_bytes = ledger.bookkeeping_bytes();
  r.total_bytes = st.go_total_bytes + r.bookkeeping_bytes;
  if (r.total_bytes != ledger.live_bytes()) {
    throw std::logic_error("memreport: the Go ledger counts " +
                           std::to_string(ledger.live_bytes()) +
                           " live bytes, the map's state " +
                           std::to_string(r.total_bytes));
  }

  const uint64_t all_buckets = st.array_buckets + st.overflow_heap +
                               st.old_array_buckets + st.old_overflow_heap;
  r.tophash_bytes = all_buckets * mapcore::kBucketCnt;
  r.key_slot_bytes = all_buckets * mapcore::kBucketCnt * slots.key_slot;
  r.value_slot_bytes = all_buckets * mapcore::kBucketCnt * slots.value_slot;
  r.overflow_ptr_bytes = all_buckets * sizeof(void*);
  r.class_slack_bytes = r.array_bytes + r.overflow_bytes + r.old_bytes -
                        all_buckets * st.bucket_size;

  r.naive_bytes = static_cast<uint64_t>(st.count) * (s.key.size + s.value.size);
  r.bytes_per_entry =
      st.count ? static_cast<double>(r.total_bytes) / st.count : 0.0;
  r.overhead_ratio = r.naive_bytes ? static_cast<double>(r.total_bytes) /
                                         static_cast<double>(r.naive_bytes)
                                   : 0.0;
  r.string_bytes = st.key_data_bytes;
  r.string_alloc_bytes = string_alloc_bytes;
  r.allocated_bytes = ledger.allocated_bytes();
  r.allocations = ledger.allocations();
  r.peak_bytes = ledger.peak_bytes();
  r.mapcore_bytes = st.mapcore_bytes;
  return r;
}

template <std::size_t... I>
Runner runner_for_bytes_key(std::size_t key_size, std::size_t value_size,
                            std::index_sequence<I...>) {
  Runner r;
  (void)((kByteSizes[I] == key_size
              ? (r = runner_for_key<mapcore::Bytes<kByteSizes[I]>>(value_size),
                 true)
              : false) ||
         ...);
  return r;
}

Runner runner_for(const TypeSpec& key, const TypeSpec& value) {
  // uint64 (8), int32 (4) and string (16) are sizes of the menu.
  static_assert(std::ranges::find(kByteSizes, 4) != kByteSizes.end() &&
                std::ranges::find(kByteSizes, 8) != kByteSizes.end() &&
                std::ranges::find(kByteSizes, 16) != kByteSizes.end());
  Runner r;
  if (key.kind == TypeKind::kString) {
    r = runner_for_key<mapcore::GoString>(value.size);
  } else {
    r = runner_for_bytes_key(key.size, value.size,
                             std::make_index_sequence<kByteSizes.size()>{});
  }
  if (!r.run) {
    throw ScenarioError("no runner for " + key.name() + " " + value.name());
  }
  return r;
}

}  // namespace internal
}  // namespace gomapfuzz::memreport
