#include "gomapfuzz/harness/budget.h"

#include <algorithm>
#include <cstdio>

#include "mapcore/constants.h"
#include "mapcore/law_formulas.h"

namespace gomapfuzz {
namespace {

// The cost model's constants, measured on this project's 2-core VM with the
// default build (`gomapfuzz repro`, incremental checks; README, "Resource
// budgets"): an op of a map with a good hash costs under 6 us with the model
// and the checks (20,000 puts: 0.11 s); a byte of bucket array 1.6 ns to
// allocate, fault in, check and free when the array is big enough to come
// from mmap (20 x make 16777216: 20 s), 0.25 ns when the allocator recycles
// it (20,000 x make 100000: 11.6 s); a slot of a degenerate chain 70 ns, walked
// by the op and again by the check, which hashes every key (20,000 puts
// through the constant hasher: 2e8 slots, 14 s).
constexpr double kSecondsPerOp = 6e-6;
constexpr double kSecondsPerMappedByte = 1.6e-9;
constexpr double kSecondsPerRecycledByte = 0.25e-9;
constexpr uint64_t kMmapArrayBytes = uint64_t{32} << 20;  // glibc's ceiling
constexpr double kSecondsPerChainSlot = 70e-9;
// The replayer's model holds an entry in a std::map node (key, value,
// generation, tree links) and every started iterator a snapshot of it.
constexpr uint64_t kModelEntryBytes = 128;
// mapcore::IncrementalInvariants keeps 16 bytes per bucket.
constexpr uint64_t kTallyBytes = 16;
// mapcore's per-block header (README, "Memory ownership").
constexpr uint64_t kBlockHeader = 16;

// makemap's B for a hint, and the B a map reaches holding `count` entries
// (Go's formulas: mapcore/law_formulas.h).
unsigned b_for(uint64_t count) {
  constexpr auto kMax = static_cast<uint64_t>(INT64_MAX);
  return static_cast<unsigned>(mapcore::law::go_b_for_count(
      static_cast<int64_t>(std::min(count, kMax))));
}

// makeBucketArray's bytes, its pool included.
uint64_t array_bytes(unsigned b, uint64_t bucket_size) {
  return mapcore::law::go_bucket_array_bytes(static_cast<int>(b), bucket_size);
}

// Buckets a degenerate hasher spreads keys over (0: the hash is good).
uint64_t degenerate_buckets(const HasherSpec& h) {
  switch (h.family) {
    case mapcore::HashFamily::kConstant:
    case mapcore::HashFamily::kSameBucket:
      return 1;
    case mapcore::HashFamily::kLowBits:
      return h.param < 20 ? uint64_t{1} << h.param : 0;
    default:
      return 0;
  }
}

// A bucket array allocated: its bytes, and the seconds they cost.
void note_array(TraceCost& cost, uint64_t bytes) {
  cost.zeroed_bytes += bytes;
  cost.seconds += static_cast<double>(bytes) * (bytes >= kMmapArrayBytes
                                                    ? kSecondsPerMappedByte
                                                    : kSecondsPerRecycledByte);
}

bool is_nan(const TraceKey& k) {
  const auto* f = std::get_if<double>(&k);
  return f && *f != *f;
}

// One map of the trace: from a make (or the start) to the next make.
struct MapSegment {
  std::size_t first_op = 0;
  unsigned hint_b = 0;
  uint64_t count = 0;  // entries, bounded from above (deletes ignored)
  uint64_t max_count = 0;
  uint64_t key_bytes = 0;  // string keys' bytes, summed
  bool grew = false;
  int open_iterators = 0, max_open_iterators = 0;

  uint64_t peak_bytes(const Trace& t) const {
    const uint64_t bucket = bucket_size_for(t.types);
    const unsigned b = std::max(hint_b, b_for(max_count));
    uint64_t bytes = array_bytes(b, bucket);
    // The incremental checker's tally of every bucket.
    bytes += (uint64_t{1} << b) * kTallyBytes;
    // During growth the old array too; with an iterator open, one more
    // parked until it closes.
    if (grew) bytes += array_bytes(b, bucket) * (max_open_iterators ? 2 : 1);
    // Heap overflow buckets: at most one per 8 entries.
    bytes +=
        (max_count / 8 + 1) * (mapcore::go_roundupsize(bucket) + kBlockHeader);
    if (t.types.value_bytes > 128) {
      bytes += max_count *
               (mapcore::go_roundupsize(t.types.value_bytes) + kBlockHeader);
    }
    if (t.types.key == KeyType::kString) {
      bytes += key_bytes + max_count * kBlockHeader;
    }
    const uint64_t avg_key = max_count ? key_bytes / max_count : 0;
    bytes += max_count * (kModelEntryBytes + avg_key) *
             (1 + static_cast<uint64_t>(max_open_iterators));
    return bytes;
  }
  unsigned max_b() const { return std::max(hint_b, b_for(max_count)); }
};

}  // namespace

TraceCost predict_cost(const Trace& t) {
  TraceCost cost;
  const uint64_t bucket = bucket_size_for(t.types);
  const uint64_t spread = degenerate_buckets(t.hasher);
  MapSegment seg;
  auto close = [&] {
    const uint64_t bytes = seg.peak_bytes(t);
    if (bytes > cost.worst_map_bytes) {
      cost.worst_map_bytes = bytes;
      cost.worst_op = seg.first_op;
      cost.worst_map_b = seg.max_b();
    }
    cost.peak_bytes = std::max(cost.peak_bytes, bytes);
  };
  for (std::size_t i = 0; i < t.ops.size(); ++i) {
    const Op& op = t.ops[i];
    switch (map_op_of(op.kind)) {
      case OpKind::kMake: {
        close();
        seg = MapSegment{};
        seg.first_op = i;
        // A hint Go ignores (negative, or too big to allocate) is B = 0.
        const uint64_t h = op.hint < 0 ? 0 : static_cast<uint64_t>(op.hint);
        seg.hint_b = h > (uint64_t{1} << 40) || h * bucket > mapcore::kMaxAlloc
                         ? 0
                         : b_for(h);
        if (seg.hint_b > 0) note_array(cost, array_bytes(seg.hint_b, bucket));
        break;
      }
      case OpKind::kPut:
        ++seg.count;
        seg.max_count = std::max(seg.max_count, seg.count);
        if (b_for(seg.count) > seg.hint_b &&
            b_for(seg.count) > b_for(seg.count - 1)) {
          seg.grew = true;
          note_array(cost, array_bytes(b_for(seg.count), bucket));
        }
        if (const auto* s = std::get_if<std::string>(&op.key)) {
          seg.key_bytes += s->size();
        }
        [[fallthrough]];
      case OpKind::kGet:
      case OpKind::kDel:
        if (spread && !is_nan(op.key)) cost.chain_visits += seg.count / spread;
        break;
      case OpKind::kClear:
        seg.count = 0;
        break;
      case OpKind::kIter:
        cost.chain_visits += seg.count;  // an iteration visits every entry
        break;
      case OpKind::kItOpen:
        seg.max_open_iterators =
            std::max(seg.max_open_iterators, ++seg.open_iterators);
        break;
      case OpKind::kItClose:
        seg.open_iterators = std::max(0, seg.open_iterators - 1);
        break;
      case OpKind::kItNext:
        break;
      case OpKind::kLoadOrStore:  // map_op_of made them map ops
      case OpKind::kLoadAndDelete:
      case OpKind::kRange:
        break;
    }
  }
  close();
  cost.seconds += static_cast<double>(t.ops.size()) * kSecondsPerOp +
                  static_cast<double>(cost.chain_visits) * kSecondsPerChainSlot;
  return cost;
}

std::string human_bytes(uint64_t bytes) {
  char buf[32];
  if (bytes >= (uint64_t{1} << 30)) {
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / double(1 << 30));
  } else if (bytes >= (uint64_t{1} << 20)) {
    std::snprintf(buf, sizeof buf, "%.0f MB", bytes / double(1 << 20));
  } else {
    std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1024.0);
  }
  return buf;
}

std::optional<std::string> over_budget(const Trace& t, const TraceCost& cost,
                                       const ResourceBudget& budget,
                                       const std::string& memory_flag,
                                       const std::string& time_flag) {
  auto where = [&] {
    if (cost.worst_op < t.ops.size()) {
      const Op& op = t.ops[cost.worst_op];
      std::string s = "the map made at op " + std::to_string(cost.worst_op);
      if (op.line > 0) s += " (line " + std::to_string(op.line) + ")";
      return s + ", up to B = " + std::to_string(cost.worst_map_b);
    }
    return std::string("the trace's map");
  };
  if (cost.peak_bytes > budget.memory_bytes) {
    const uint64_t mb = (cost.peak_bytes >> 20) + 1;
    return "would hold up to " + human_bytes(cost.peak_bytes) + " at once (" +
           where() + "), above the memory budget of " +
           human_bytes(budget.memory_bytes) + " (raise it with " + memory_flag +
           " " + std::to_string(mb) + ")";
  }
  if (cost.seconds > budget.seconds) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.0f", cost.seconds);
    std::string why = std::to_string(t.ops.size()) + " ops";
    if (cost.zeroed_bytes > (uint64_t{1} << 30)) {
      why += ", " + human_bytes(cost.zeroed_bytes) + " of bucket arrays made";
    }
    if (cost.chain_visits > 100'000'000) {
      why += ", " + std::to_string(cost.chain_visits) +
             " slots of degenerate chains walked";
    }
    char limit[32];
    std::snprintf(limit, sizeof limit, "%.0f", budget.seconds);
    return "would take about " + std::string(secs) + " s (" + why +
           "), above the time budget of " + limit + " s (raise it with " +
           time_flag + " " + std::to_string(int64_t(cost.seconds) + 1) + ")";
  }
  return std::nullopt;
}

}  // namespace gomapfuzz
