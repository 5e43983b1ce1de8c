// The layout dump: a map's state as stable text (format: corpus/README.md).
//
// The Go oracle prints exactly this for the real Go runtime's hmap and
// buckets, so a diff of the two dumps is a diff of the two maps.
#ifndef MAPCORE_DUMP_H_
#define MAPCORE_DUMP_H_

#include <cinttypes>
#include <cstdio>
#include <string>

#include "mapcore/introspect.h"
#include "mapcore/slot_format.h"

namespace mapcore {
namespace internal {

template <class Raw>
bool bucket_is_zero(const typename Raw::BucketT* b) {
  const auto* p = reinterpret_cast<const unsigned char*>(b);
  for (uint64_t i = 0; i < Raw::kBucketSize; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

template <class Raw>
void dump_slots(std::string& out, const typename Raw::BucketT* b) {
  char th[4];
  for (int i = 0; i < kBucketCnt; ++i) {
    const bool live = b->tophash[i] >= kMinTopHash;
    std::snprintf(th, sizeof th, "%02x", b->tophash[i]);
    out += ' ';
    out += th;
    out += ':';
    out += format_slot(b->keys[i], live);
    out += '=';
    out += format_slot(b->elems[i], live);
  }
  out += '\n';
}

// One chain: the head as "<label> X:", members as "<label> X +pN:"/"+heap:".
template <class Raw>
void dump_chain(std::string& out, const char* label, uint64_t x,
                const typename Raw::BucketT* array, uint64_t array_len) {
  const auto* head = array + x;
  if (bucket_is_zero<Raw>(head)) return;
  out += label;
  out += ' ' + std::to_string(x) + ':';
  dump_slots<Raw>(out, head);
  for (const auto* b = head->overflow; b; b = b->overflow) {
    out += label;
    out += ' ' + std::to_string(x);
    if (b >= array && b < array + array_len) {
      out += " +p" + std::to_string(b - array) + ':';
    } else {
      out += " +heap:";
    }
    dump_slots<Raw>(out, b);
  }
}

}  // namespace internal

// The dump's first two lines (hmap and pool): cheap, O(1), so a caller can
// compare every op's header and the buckets only now and then.
template <class MapT>
std::string dump_header(const MapT& m) {
  const auto& raw = DebugAccess::raw(m);
  const auto h = raw.header();
  char line[192];
  std::snprintf(line, sizeof line,
                "hmap count=%" PRId64
                " flags=0x%02x B=%u noverflow=%u hash0=0x%08x growing=%d "
                "samesize=%d nevacuate=%" PRIu64,
                h.count, h.flags, unsigned{h.B}, unsigned{h.noverflow}, h.hash0,
                raw.growing() ? 1 : 0, raw.same_size_grow() ? 1 : 0,
                h.nevacuate);
  std::string out = line;
  if (raw.growing()) {
    out += " oldB=" + std::to_string(raw.same_size_grow() ? h.B : h.B - 1);
  }
  out += '\n';
  if (raw.next_overflow()) {
    out += "pool next=" + std::to_string(raw.next_overflow() - raw.buckets()) +
           " end=" + std::to_string(raw.array_len()) + '\n';
  } else {
    out += "pool none\n";
  }
  return out;
}

template <class MapT>
std::string dump(const MapT& m) {
  const auto& raw = DebugAccess::raw(m);
  using Raw = std::decay_t<decltype(raw)>;
  const auto h = raw.header();
  std::string out = dump_header(m);
  if (raw.buckets()) {
    for (uint64_t x = 0; x < (uint64_t{1} << h.B); ++x) {
      internal::dump_chain<Raw>(out, "bucket", x, raw.buckets(),
                                raw.array_len());
    }
  }
  if (raw.oldbuckets()) {
    for (uint64_t x = 0; x < raw.noldbuckets(); ++x) {
      internal::dump_chain<Raw>(out, "old", x, raw.oldbuckets(),
                                raw.old_array_len());
    }
  }
  return out;
}

}  // namespace mapcore

#endif  // MAPCORE_DUMP_H_
