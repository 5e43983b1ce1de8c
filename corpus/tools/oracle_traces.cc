// corpus/oracle/*.txt (trace_sets.h): each trace exercises one behaviour of
// Go 1.19's map that the oracle must see mapcore reproduce bit for bit. Some
// place keys on purpose (all in one bucket, an iterator inside a heap
// overflow bucket) with bucket_keys.h.
#include <limits>
#include <string>

#include "bucket_keys.h"
#include "churn.h"
#include "cpython_random.h"
#include "ops.h"
#include "trace_sets.h"

namespace gomapfuzz::corpus_tools {
namespace {

const TraceFolder kOracle{"corpus/oracle/", "corpus/tools/oracle_traces.cc"};
using U = Ops<uint64_t>;
using S = Ops<std::string>;

// All oracle traces hash with Go's fallback hash and its default hashkey.
TraceFile file(const std::string& name, const std::string& comment,
               const std::vector<Op>& ops, uint64_t seed,
               TraceTypes types = {}) {
  return kOracle.file(name, comment, trace_of(ops, seed, types));
}

// Python's % (the sign of the divisor) for the hints' key offsets.
uint64_t floor_mod(int64_t a, int64_t m) {
  return static_cast<uint64_t>(((a % m) + m) % m);
}

TraceFile growth_doubling_to_b12() {
  U o;
  o.make(0);
  // 15500 keys: B reaches 12 at the 13313th insert and the evacuation of
  // its 2048 old buckets (two per write) ends before the last insert.
  for (uint64_t i = 0; i < 15500; ++i) {
    o.put(i * 0x9E3779B97F4A7C15, i);
    if (i % 1000 == 999) o.get(i * 0x9E3779B97F4A7C15).get(12345);
  }
  return file("growth_doubling_to_b12.txt",
              "doubling growths from make(0) to B=12, every evacuation step "
              "compared",
              o.ops(), 101);
}

TraceFile hints() {
  U o;
  // Go's TestMapBuckets boundaries and the seed article's sizes; -1,
  // -2^40 and 2^50 are bogus (negative, or hint*bucketsize > maxAlloc):
  // makemap ignores them (Go issue 19926).
  std::vector<int64_t> hints = {0, 8, 9, 13, 14, 100, 1000, 10000};
  hints.insert(hints.end(), {-1, -(int64_t{1} << 40), int64_t{1} << 50});
  for (int64_t hint : hints) {
    o.make(hint);
    int b = 0;
    while (hint > 8 && hint > 13 * ((int64_t{1} << b) / 2)) ++b;
    const int64_t capacity = b ? 13 * ((int64_t{1} << b) / 2) : 8;
    // Fill to one past the load factor (the growth starts there), but
    // keep the big hints short: their point is the pool and the array.
    const auto n = static_cast<uint64_t>(std::min<int64_t>(capacity + 1, 2100));
    const uint64_t offset = floor_mod(hint, 5);
    for (uint64_t i = 0; i < n; ++i) o.put(i * 7 + offset, i);
    o.get(7 * (n / 2) + offset);
  }
  return file("hints.txt",
              "make with hints 0, 8, 9, 13, 14, 100, 1000, 10000 and bogus "
              "ones, filled to one past the load factor (or 2100 entries)",
              o.ops(), 202);
}

TraceFile tombstones() {
  constexpr uint64_t kSeed = 303;
  U o;
  o.make(0);
  // One bucket (B=0): delete from the middle (emptyOne), then the last
  // (emptyRest, spreading back over the emptyOnes), then the first.
  for (uint64_t i = 0; i < 8; ++i) o.put(i, i);
  o.del(3).del(4).del(7).del(6).del(5).del(0).put(9, 9);
  o.del(1).del(2).del(9);  // the last delete empties the map
  o.put(100, 1).del(100).put(101, 2);
  // A chain across a heap overflow bucket (B=2 has no pool): twelve keys
  // in bucket 0, then deletes that make emptyRest cross from the overflow
  // bucket back into the head bucket.
  o.make(20);  // map number 2 (0 is the implicit first one)
  const uint32_t h0 = hash0_at_make(kSeed, 2);
  const auto chain = keys_in_bucket(0, 2, h0, 12);
  for (uint64_t k : chain) o.put(k, k % 1000);
  for (uint64_t k : keys_in_bucket(1, 2, h0, 6)) o.put(k, k % 1000);
  for (int i : {11, 9, 10, 8, 7, 3, 6, 5, 4}) o.del(chain[i]);
  o.put(chain[11], 1).get(chain[3]);
  // Random deletes in a bigger map, then refills into the holes.
  o.make(200);
  CPythonRandom rng(3);
  std::vector<uint64_t> live;
  for (uint64_t k = 1000; k < 1200; ++k) {
    live.push_back(k);
    o.put(k, k);
  }
  rng.shuffle(live);
  for (int i = 0; i < 150; ++i) o.del(live[i]);
  for (int i = 0; i < 60; ++i) o.put(live[i], live[i] + 1);
  for (uint64_t k : live) o.del(k);
  o.put(5, 5);
  return file("tombstones.txt",
              "deletes that leave emptyOne/emptyRest patterns, within a bucket "
              "and across a heap overflow bucket; a delete that empties the "
              "map (new hash0)",
              o.ops(), kSeed);
}

TraceFile same_size_growth() {
  Churn churn(5);
  U o;
  o.make(100);
  churn.fill(o, 100);
  o.it_open(0);
  for (int step = 0; step < 5000; ++step) {
    churn.step(o);
    if (step % 400 == 0) o.it_next(0, 7);
    if (step == 2500) o.iter();
  }
  return file("same_size_growth.txt",
              "insert/delete churn at constant size builds overflow chains "
              "until same-size growth packs them (Go issues 16070, 9477), "
              "with an iterator open across growths",
              o.ops(), 404);
}

TraceFile clear() {
  constexpr uint64_t kSeed = 505;
  U o;
  o.make(0).clear();  // empty: no new hash0
  for (uint64_t i = 0; i < 5; ++i) o.put(i, i);
  o.clear().put(3, 3).get(3).get(4);
  // Overflow chains (B=2, heap overflow buckets), then clear.
  o.make(20);  // map number 2 (0 is the implicit first one)
  for (uint64_t k : keys_in_bucket(2, 2, hash0_at_make(kSeed, 2), 14)) {
    o.put(k, k);
  }
  o.clear().put(1, 1).clear().clear();
  // Clear during a doubling, and with part of the pool handed out.
  o.make(100);
  for (uint64_t i = 0; i < 110; ++i) o.put(i * 3, i);
  o.clear();
  for (uint64_t i = 0; i < 40; ++i) o.put(i * 5, i);
  o.del(0).clear().put(7, 7).iter();
  return file("clear.txt",
              "mapclear (the range-delete idiom): empty map, with heap "
              "overflow chains, during growth, with the preallocated pool in "
              "use",
              o.ops(), kSeed);
}

TraceFile iterate_growth() {
  U o;
  o.make(0);
  for (uint64_t i = 0; i < 52; ++i) o.put(i, i);  // B=3 full: next doubles
  o.it_open(0).it_next(0, 10).iter();
  o.put(1000, 1).it_next(0, 3).del(5).put(1001, 2).it_open(1).it_next(1, 4);
  o.iter().del(6).put(1002, 3).it_next(0, 5).it_next(1, 9);
  for (uint64_t i = 1003; i < 1040; ++i) {
    o.put(i, i);
    if (i % 4 == 0) o.del(i - 1000).it_next(1, 2);
    if (i % 5 == 0) o.it_next(0, 3);
  }
  o.it_open(2).it_next(2, 20).it_next(0, 200).it_next(1, 200);
  for (uint64_t i = 2000; i < 2200; ++i) {  // another doubling under it 2
    o.put(i, i);
    if (i % 10 == 0) o.it_next(2, 3).del(i - 5);
  }
  o.it_next(2, 500).iter().it_close(0).it_close(1);
  return file("iterate_growth.txt",
              "iterators started before, during and after doubling growth, "
              "with inserts and deletes while they walk "
              "(TestIterGrowAndDelete); the order of every yield is compared",
              o.ops(), 606);
}

TraceFile clear_during_iteration() {
  constexpr uint64_t kSeed = 707;
  // B=2 (no pool): twelve keys in bucket 0 chain a heap overflow bucket.
  // Iterator 0 starts at bucket 0 offset 0, yields the head's 8 entries
  // and 2 of the overflow bucket's 4, then the map is cleared. Go 1.19's
  // mapclear zeroes only the bucket array: the iterator stands in the
  // heap overflow bucket and goes on yielding its 2 remaining pre-clear
  // entries, one of them with the value it had before the clear though
  // the key was put again since. The oracle holds mapcore to that.
  const auto chain = keys_in_bucket(0, 2, hash0_at_make(kSeed, 1), 12);
  U o;
  o.make(20);  // map number 1
  for (uint64_t k : chain) o.put(k, k % 100);
  o.it_open(0, 0, 0).it_next(0, 10).clear().put(chain[11], 4242).put(1, 1);
  o.it_next(0, 4).it_next(0, 20);
  return file("clear_during_iteration_gofallback.txt",
              "Go 1.19 quirk (see corpus/regressions/clear_during_iteration_"
              "yields_stale.txt), with Go's own hash: an iterator inside a "
              "heap overflow bucket keeps yielding its pre-clear entries after "
              "mapclear",
              o.ops(), kSeed);
}

std::string quoted_key(int i) {
  return "key-" + std::to_string(i) + "-" + std::string(i % 37, 'x');
}

TraceFile strings() {
  CPythonRandom rng(8);
  S o;
  o.make(0).put("", 0).put(std::string("a\0b", 3), 1).put("quote\"back\\", 2);
  o.put("\xff\xfe", 3).get("").del(std::string("a\0b", 3));
  std::vector<std::string> keys;
  for (int i = 0; i < 700; ++i) keys.push_back(quoted_key(i));
  for (int i = 0; i < 700; ++i) {
    o.put(keys[i], i);
    if (i == 300) o.it_open(0).it_next(0, 25);
    if (i % 9 == 0) o.del(keys[rng.randrange(i + 1)]);
    if (i % 50 == 0 && i > 300) o.it_next(0, 5);  // advance once it is open
  }
  for (int i = 0; i < 100; ++i) o.put(keys[i], 7);  // needkeyupdate
  o.it_next(0, 1000).iter();
  for (int i = 100; i < 400; ++i) o.del(keys[i]);
  o.iter().clear().put("again", 1).iter();
  return file("strings.txt",
              "string keys: growth, deletes (mapdelete_faststr keeps the "
              "length with a nil pointer), overwrites, iteration during "
              "growth (old buckets keep their keys while an iterator may "
              "read them)",
              o.ops(), 808, {.key = KeyType::kString});
}

// Values over 128 bytes live out of line.
template <class K>
TraceFile indirect_values(TraceTypes types, uint64_t seed, K (*key)(uint64_t)) {
  Ops<K> o;
  o.make(0);
  for (uint64_t i = 0; i < 120; ++i) {
    o.put(key(i), i * 0x0101010101010101);
    if (i == 60) o.it_open(0).it_next(0, 7);
    if (i % 6 == 0) o.del(key(i / 2));
    if (i % 20 == 0 && i > 60) o.it_next(0, 4);  // advance once it is open
  }
  o.it_next(0, 500).iter().clear().iter();
  const std::string k(key_type_name(types.key));
  const std::string v = value_type_name(types.value_bytes);
  return file("values_" + k + "_" + v + ".txt",
              "map[" + k + "]" + v +
                  ": values over 128 bytes live out of line (the slot holds "
                  "a pointer: nil after a delete, kept in old buckets while "
                  "an iterator may read them); bytes64 stays inline",
              o.ops(), seed, types);
}

uint64_t times_eleven(uint64_t i) { return i * 11; }
std::string v_name(uint64_t i) { return "v" + std::to_string(i); }

TraceFile float_keys() {
  Ops<double> o;
  o.make(0).put(+0.0, 1).put(-0.0, 2).get(+0.0).iter();
  const double inf = std::numeric_limits<double>::infinity();
  o.put(inf, 3).put(-inf, 4).put(5e-324, 5).put(-1.5, 6);
  o.del(-0.0).put(-0.0, 7).put(+0.0, 8);
  for (uint64_t i = 0; i < 100; ++i) {
    o.put(static_cast<double>(i) * 0.25 - 10, i);
    if (i % 10 == 0) o.del(static_cast<double>(i) * 0.125 - 10);
    if (i == 50) o.it_open(0).it_next(0, 9);
  }
  o.it_next(0, 300).iter();
  // NaN: Go hashes it with fastrand, so from here until the clear only
  // count and hash0 are compared (oracle/README.md).
  const double nan = std::numeric_limits<double>::quiet_NaN();
  o.put(nan, 1).put(nan, 2).get(nan).del(nan).put(1.25, 9).iter().clear();
  o.put(2.5, 1).put(-0.0, 3).iter();
  return file("float_keys.txt",
              "float64 keys: +0 and -0 are one key (an overwrite stores the "
              "new key's bits), infinities, subnormals, growth and iteration; "
              "NaN keys at the end (compared on count and hash0 only)",
              o.ops(), 1001, {.key = KeyType::kFloat64});
}

// The seed article's scenarios (its figures are wrong: Go 1.19 gives B=11
// for 10,000 entries), and two with overflow buckets from the heap.
std::vector<TraceFile> memory_scenarios() {
  std::vector<TraceFile> out;
  U ints, hinted;
  hinted.make(12000);
  for (uint64_t i = 0; i < 10000; ++i) {
    ints.put(i, i);
    hinted.put(i, i);
  }
  out.push_back(file("memory_int64_10000.txt",
                     "memory truth: map[int64]int64 with 10,000 entries, no "
                     "hint (int64 and uint64 keys share hash and layout)",
                     ints.ops(), 1101));
  out.push_back(file("memory_int64_10000_hint12000.txt",
                     "memory truth: map[int64]int64 with 10,000 entries, hint "
                     "12,000",
                     hinted.ops(), 1102));
  S strings;
  for (uint64_t i = 0; i < 10000; ++i)
    strings.put("key-" + std::to_string(i), i);
  out.push_back(file("memory_string_10000.txt",
                     "memory truth: map[string]int64 with 10,000 entries, no "
                     "hint",
                     strings.ops(), 1103, {.key = KeyType::kString}));
  // Overflow buckets from the heap, one by one: B = 3 has no preallocated
  // pool, and churn at B = 4 exhausts its pool of 2.
  U small;
  for (uint64_t i = 0; i < 52; ++i) small.put(i, i);
  out.push_back(file("memory_int64_52_heap_overflow.txt",
                     "memory truth: 52 entries at B=3 (no preallocated "
                     "overflow buckets: every overflow bucket is its own "
                     "allocation)",
                     small.ops(), 1104));
  Churn churn(11);
  U churned;
  churned.make(100);
  churn.fill(churned, 100);
  for (int step = 0; step < 300; ++step) churn.step(churned);
  out.push_back(file("memory_int64_churn.txt",
                     "memory truth: insert/delete churn at B=4 until the "
                     "preallocated pool is used up and overflow buckets come "
                     "from the heap",
                     churned.ops(), 1105));
  return out;
}

}  // namespace

std::vector<TraceFile> oracle_traces() {
  std::vector<TraceFile> out = {
      growth_doubling_to_b12(),
      hints(),
      tombstones(),
      same_size_growth(),
      clear(),
      iterate_growth(),
      clear_during_iteration(),
      strings(),
      indirect_values<uint64_t>({.value_bytes = 200}, 909, times_eleven),
      indirect_values<std::string>(
          {.key = KeyType::kString, .value_bytes = 1024}, 910, v_name),
      indirect_values<uint64_t>({.value_bytes = 64}, 911, times_eleven),
      float_keys()};
  for (TraceFile& f : memory_scenarios()) out.push_back(std::move(f));
  return out;
}

}  // namespace gomapfuzz::corpus_tools
