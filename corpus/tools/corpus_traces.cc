// corpus/traces/*.txt (trace_sets.h): hand-designed traces, each exercising
// one behaviour of Go's map; the file name says which.
#include <algorithm>
#include <limits>
#include <string>

#include "churn.h"
#include "ops.h"
#include "trace_sets.h"

namespace gomapfuzz::corpus_tools {
namespace {

const TraceFolder kTraces{"corpus/traces/", "corpus/tools/corpus_traces.cc"};
using U = Ops<uint64_t>;

TraceFile growth_from_zero() {
  U o;
  o.make(0);
  for (uint64_t i = 0; i < 7000; ++i) {
    o.put(i * 7919, i);
    if (i % 500 == 0) o.get(i * 7919).get(1);
  }
  return kTraces.file(
      "growth_from_zero.txt",
      "doubling growths from make(0) to B=11, with lookups during "
      "growth",
      trace_of(o.ops()));
}

TraceFile hints() {
  U o;
  std::vector<int64_t> hints = {0, 8, 9, 13, 14, 100, 1000, 10000};
  // Bogus ones: negative, or beyond what makemap can allocate.
  hints.insert(hints.end(),
               {-1, -(int64_t{1} << 30), int64_t{1} << 62, INT64_MAX});
  for (int64_t hint : hints) {
    o.make(hint);
    // Bogus hints (< 0, > the limit) get no inserts.
    const auto n = static_cast<uint64_t>(std::clamp<int64_t>(hint, 0, 2000));
    for (uint64_t i = 0; i < n; ++i) o.put(i, i);
    o.get(n / 2);
  }
  return kTraces.file(
      "hints.txt",
      "make with hints, bogus ones included, then up to hint inserts",
      trace_of(o.ops(), 7));
}

TraceFile tombstones() {
  U o;
  o.make(53);
  for (uint64_t i = 0; i < 400; ++i) o.put(i, i);
  for (uint64_t i = 0; i < 400; i += 3) o.del(i);
  for (uint64_t i = 399; i > 0; i -= 7) o.del(i);
  for (uint64_t i = 0; i < 400; i += 6) o.put(i, i + 1);
  for (uint64_t i = 0; i < 400; ++i) o.del(i);
  o.put(5, 5);
  return kTraces.file(
      "tombstones.txt",
      "deletes leaving emptyOne/emptyRest patterns, re-inserts, empty "
      "map",
      trace_of(o.ops()));
}

TraceFile same_size_growth() {
  Churn churn(5);
  U o;
  o.make(100);
  churn.fill(o, 100);
  for (int step = 0; step < 6000; ++step) churn.step(o);
  return kTraces.file(
      "same_size_growth.txt",
      "insert/delete churn at constant size builds overflow chains "
      "until same-size growth packs them (Go issues 16070, 9477)",
      trace_of(o.ops()));
}

TraceFile clear() {
  U o;
  o.make(0);
  for (uint64_t round = 0; round < 3; ++round) {
    for (uint64_t i = 0; i < 300; ++i) o.put(i + round, i);
    o.it_open(0).it_next(0, 5).clear().it_next(0, 1000).get(3).put(3, 3);
    o.clear().clear();
  }
  return kTraces.file(
      "clear.txt",
      "mapclear: keeps B, drops overflow; clear with an open iterator",
      trace_of(o.ops(), 3));
}

TraceFile iterate_during_growth() {
  U o;
  o.make(0);
  for (uint64_t i = 0; i < 50; ++i) o.put(i, i);
  o.it_open(0).it_next(0, 3);
  for (uint64_t i = 50; i < 120; ++i) {
    o.put(i, i).it_next(0);
    if (i % 4 == 0) o.del(i - 40);
    if (i == 60) o.it_open(1);
    if (i > 60) o.it_next(1);
    if (i % 9 == 0) o.iter();
  }
  o.it_next(0, 1000).it_next(1, 1000).iter(0, 0).iter(7, 3);
  return kTraces.file(
      "iterate_during_growth.txt",
      "iterators opened before and during growth, inserts and deletes "
      "while iterating (TestIterGrowAndDelete)",
      trace_of(o.ops(), 11));
}

TraceFile nan_and_zero() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Ops<double> o;
  o.make(0).put(+0.0, 1).put(-0.0, 2).get(+0.0).iter();
  for (uint64_t i = 0; i < 40; ++i) {
    o.put(nan, i).put(static_cast<double>(i) + 0.5, i);
    if (i == 10) o.it_open(0);
    if (i > 10) o.it_next(0);
  }
  o.it_next(0, 1000).get(nan).del(nan).del(-0.0).iter().clear().iter();
  return kTraces.file(
      "nan_and_zero.txt",
      "float keys: +0/-0 equal (key updated), NaNs added never found, "
      "growth with NaNs and an iterator (TestGrowWithNaN)",
      trace_of(o.ops(), 2, {.key = KeyType::kFloat64}));
}

TraceFile strings() {
  Ops<std::string> o;
  o.make(0);
  for (uint64_t i = 0; i < 3000; ++i) {
    o.put("user_" + std::to_string(i), i);
    if (i % 3 == 0) o.del("user_" + std::to_string(i / 2));
  }
  const std::string nul("a\0b", 3);
  o.put("", 1).get("").put(nul, 2).get(nul).iter();
  return kTraces.file(
      "strings.txt",
      "string keys: growth, deletes (faststr keeps length), empty key",
      trace_of(o.ops(), 0, {.key = KeyType::kString}));
}

TraceFile big_values() {
  U o;
  o.make(0);
  for (uint64_t i = 0; i < 700; ++i) {
    o.put(i, i * 3);
    if (i % 4 == 0) o.del(i / 2);
  }
  o.iter();
  return kTraces.file(
      "big_values.txt",
      "200-byte values stored out of line (indirect), as Go does >128",
      trace_of(o.ops(), 0, {.value_bytes = 200}));
}

TraceFile adversarial(mapcore::HashFamily family, uint64_t param, uint64_t n) {
  U o;
  o.make(0);
  for (uint64_t i = 0; i < n; ++i) {
    o.put(i, i);
    if (i % 5 == 0) o.del(i / 2);
  }
  o.iter();
  for (uint64_t i = 0; i < n; ++i) o.get(i);
  const std::string name(mapcore::hash_family_name(family));
  return kTraces.file(
      "adversarial_" + name + ".txt",
      "adversarial hasher " + name + ": growth storms and long chains",
      trace_of(o.ops(), 0, {}, {family, param}));
}

}  // namespace

std::vector<TraceFile> corpus_traces() {
  using mapcore::HashFamily;
  return {growth_from_zero(),
          hints(),
          tombstones(),
          same_size_growth(),
          clear(),
          iterate_during_growth(),
          nan_and_zero(),
          strings(),
          big_values(),
          adversarial(HashFamily::kConstant, 0x5555555555555555, 300),
          adversarial(HashFamily::kLowBits, 3, 1500),
          adversarial(HashFamily::kFixedTopHash, 0x42, 1500),
          adversarial(HashFamily::kSameBucket, 0, 400),
          adversarial(HashFamily::kIdentity, 0, 1500)};
}

}  // namespace gomapfuzz::corpus_tools
