// fuzz/seeds/<target>/*.txt (trace_sets.h): short traces that take the map
// somewhere interesting (a growth, a same-size growth, a delete pattern, an
// adversarial hash family, iteration during growth, a failing allocation),
// so the fuzzer starts from there instead of discovering it. `fuzz_seeds
// write` then encodes each into the raw input that decodes to it.
#include <limits>
#include <string>

#include "ops.h"
#include "trace_sets.h"

namespace gomapfuzz::corpus_tools {
namespace {

using U = Ops<uint64_t>;
using S = Ops<std::string>;

// fuzz/seeds/<target>/NAME.txt
TraceFile seed(const std::string& target, const std::string& name,
               const std::string& comment, Trace trace, FaultPlan faults = {}) {
  const TraceFolder folder{"fuzz/seeds/" + target + "/",
                           "corpus/tools/seed_traces.cc"};
  return folder.file(name + ".txt", comment, std::move(trace),
                     std::move(faults));
}

// put k k for k in [from, to) by step.
U& puts(U& o, uint64_t from, uint64_t to, uint64_t step = 1) {
  for (uint64_t k = from; k < to; k += step) o.put(k, k);
  return o;
}

std::string k_key(uint64_t i) { return "k" + std::to_string(i); }

void map_ops(std::vector<TraceFile>& out) {
  const std::string t = "map_ops";
  U o;
  for (uint64_t i = 0; i < 110; ++i) {  // doublings at 9, 14, 27, 53, 105
    o.put(i, i);
    if (i % 10 == 0) o.get(i / 2).get(1000);
  }
  out.push_back(seed(t, "growth_from_zero",
                     "doublings from an empty map to B=5, with lookups while "
                     "growing",
                     trace_of(o.ops())));

  o = U();
  puts(o.make(100), 0, 120);
  puts(o.make(-5), 0, 10);
  puts(o.make(1024), 0, 300, 10);
  out.push_back(seed(t, "hints",
                     "make hints: B=4 with a preallocated overflow pool, a "
                     "bogus negative hint, B=8",
                     trace_of(o.ops())));

  o = U();
  puts(o, 0, 13);
  // Constant size 13 at B=1: chains fill with tombstones. 110 rounds make
  // two same-size growths and keep the seed inside map_ops' max_len.
  for (uint64_t i = 0; i < 110; ++i) o.del(i).put(i + 13, i);
  out.push_back(seed(t, "same_size_growth",
                     "delete/insert churn at constant size: overflow buckets "
                     "pile up until same-size growth (Go issues 16070, 9477)",
                     trace_of(o.ops())));

  o = U();
  puts(o, 0, 52);
  for (uint64_t i = 51; i > 25; --i) o.del(i);  // reverse: emptyRest runs back
  for (uint64_t i = 0; i < 26; i += 2) o.del(i);  // holes: emptyOne
  puts(o, 100, 130);
  for (uint64_t i = 0; i < 30; i += 3) o.get(i);
  puts(o.clear(), 0, 10);
  for (uint64_t i = 0; i < 10; ++i) o.del(i);
  puts(o, 0, 5);
  out.push_back(seed(t, "delete_patterns",
                     "deletes from the end (emptyRest propagation across the "
                     "chain), holes (emptyOne), re-inserts, clear, emptying "
                     "the map",
                     trace_of(o.ops())));

  S s;
  for (uint64_t i = 0; i < 60; ++i) s.put(k_key(i), i);
  for (uint64_t i = 0; i < 60; i += 3) s.del(k_key(i));
  for (uint64_t i = 0; i < 60; i += 5) s.get(k_key(i));
  s.put("", 1).put("twenty-byte-key-0123", 2).get("").del("");
  out.push_back(seed(t, "strings",
                     "string keys: growth, deletes (mapdelete_faststr keeps "
                     "the length), the empty key, a key of max_string (20) "
                     "bytes",
                     trace_of(s.ops(), 0, {.key = KeyType::kString})));

  using mapcore::HashFamily;
  struct Adversarial {
    HashFamily family;
    uint64_t param, n;
    const char* note;
  };
  for (const Adversarial& a :
       {Adversarial{HashFamily::kConstant, 0x1234, 40,
                    "every key in one bucket chain"},
        Adversarial{HashFamily::kLowBits, 2, 80, "four distinct hashes"},
        Adversarial{HashFamily::kFixedTopHash, 0, 60,
                    "top byte 0: every tophash is minTopHash (5)"},
        Adversarial{HashFamily::kIdentity, 0, 60,
                    "hash = key: multiples of 8 share bucket 0 below B=3"},
        Adversarial{HashFamily::kSameBucket, 0, 40,
                    "every key in bucket 0, tophashes differ"}}) {
    std::vector<uint64_t> keys;
    const uint64_t stride = a.family == HashFamily::kIdentity ? 8 : 1;
    for (uint64_t i = 0; i < a.n; ++i) keys.push_back(i * stride);
    o = U();
    for (uint64_t k : keys) o.put(k, k);
    for (std::size_t i = 0; i < keys.size(); i += 4) o.get(keys[i]);
    for (std::size_t i = 0; i < keys.size(); i += 2) o.del(keys[i]);
    for (std::size_t i = 0; i < keys.size(); i += 3) o.put(keys[i], 7);
    const std::string name(mapcore::hash_family_name(a.family));
    out.push_back(seed(t, "adversarial_" + name,
                       "adversarial hash family " + name + ": " + a.note,
                       trace_of(o.ops(), 0, {}, {a.family, a.param})));
  }

  o = U();
  puts(o, 0, 40);
  for (uint64_t i = 0; i < 40; i += 2) o.del(i);
  for (uint64_t i = 0; i < 10; ++i) o.get(i);
  out.push_back(seed(t, "indirect_values",
                     "values over 128 bytes are stored out of line (bytes200)",
                     trace_of(o.ops(), 0, {.value_bytes = 200})));
}

void map_iterate(std::vector<TraceFile>& out) {
  const std::string t = "map_iterate";
  U o;
  puts(o, 0, 13).it_open(0).it_next(0, 3).put(13, 13).it_next(0, 2);
  puts(o, 14, 27).del(3).del(15).it_next(0, 16).put(3, 33).it_next(0, 16);
  o.iter().it_close(0);
  out.push_back(seed(t, "iterate_during_growth",
                     "an iterator opened before a doubling, advanced while it "
                     "evacuates, with deletes and re-inserts",
                     trace_of(o.ops())));

  o = U();
  puts(o, 0, 40).it_open(1);
  for (uint64_t i = 0; i < 40; i += 3) o.del(i).it_next(1, 2).put(100 + i, i);
  o.it_next(1, 16).it_next(1, 16).it_next(1, 16);
  o.it_open(2).it_next(2, 16).it_close(1).iter();
  out.push_back(seed(t, "iterate_while_deleting",
                     "deletes and inserts between the yields of two iterators",
                     trace_of(o.ops())));

  o = U();
  puts(o, 0, 20).it_open(0).it_next(0, 5).clear();
  puts(o, 0, 5);
  // A make drops every iterator: iterator 3 must be opened again.
  o.it_next(0, 16).it_open(3).it_next(3, 16).make(10).put(1, 1);
  o.it_open(3).it_next(3).iter();
  out.push_back(seed(t, "iterate_across_clear",
                     "iterators across a clear and across a make",
                     trace_of(o.ops())));

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto f = [](uint64_t i) { return static_cast<double>(i) * 0.5 - 7; };
  Ops<double> d;
  d.put(nan, 1).put(nan, 2).put(+0.0, 3).put(-0.0, 4).put(inf, 5).put(1.5, 6);
  for (uint64_t i = 0; i < 20; ++i) d.put(f(i), i);
  d.it_open(0).it_next(0, 4).put(nan, 7).put(nan, 8);
  for (uint64_t i = 0; i < 20; i += 3) d.del(f(i));
  d.it_next(0, 16).it_next(0, 16).iter().clear().put(nan, 9).iter();
  out.push_back(seed(t, "nan_keys",
                     "NaN keys (never found, yielded once each), +0/-0, "
                     "infinities, through growth and iteration",
                     trace_of(d.ops(), 0, {.key = KeyType::kFloat64})));

  o = U();
  puts(o, 0, 13);
  for (uint64_t i = 0; i < 120; ++i) {
    o.del(i).put(i + 13, i);
    if (i % 20 == 0) {
      const int it = static_cast<int>(i / 20 % 4);
      o.it_open(it).it_next(it, 4);
    }
  }
  for (int it = 0; it < 4; ++it) o.it_next(it, 16);
  out.push_back(
      seed(t, "iterate_same_size_growth",
           "iterators open across a same-size growth caused by churn",
           trace_of(o.ops(), 0, {}, {mapcore::HashFamily::kLowBits, 1})));

  S s;
  for (uint64_t i = 0; i < 30; ++i) s.put(k_key(i), i);
  s.it_open(0).it_next(0, 7);
  for (uint64_t i = 30; i < 60; ++i) s.put(k_key(i), i);
  s.it_next(0, 16).it_next(0, 16).it_next(0, 16);
  out.push_back(seed(t, "strings_samebucket",
                     "string keys in one bucket chain, iterated while growing",
                     trace_of(s.ops(), 0, {.key = KeyType::kString},
                              {mapcore::HashFamily::kSameBucket, 0})));
}

FaultPlan fail_at(std::vector<uint64_t> at) { return {.fail_at = at}; }

void map_alloc_faults(std::vector<TraceFile>& out) {
  const std::string t = "map_alloc_faults";
  U o;
  o.put(1, 1).get(1).put(1, 2).put(2, 2).get(2);
  out.push_back(seed(t, "first_bucket",
                     "the first insert's bucket allocation fails; the retry "
                     "succeeds",
                     trace_of(o.ops()), fail_at({1})));

  o = U();
  puts(o, 0, 60);
  for (uint64_t i = 0; i < 60; i += 7) o.get(i);
  out.push_back(seed(t, "growth_arrays",
                     "the growth allocations fail (uint64 keys allocate only "
                     "arrays and overflow buckets)",
                     trace_of(o.ops()), fail_at({2, 3, 5, 6})));

  S s;
  for (uint64_t i = 0; i < 40; ++i) s.put(k_key(i), i);
  for (uint64_t i = 0; i < 40; i += 4) s.del(k_key(i));
  out.push_back(seed(t, "string_bytes",
                     "string keys own their bytes: every insert allocates",
                     trace_of(s.ops(), 0, {.key = KeyType::kString}),
                     fail_at({3, 9, 10, 20, 30})));

  o = U();
  puts(o, 0, 100);
  for (uint64_t i = 0; i < 100; i += 5) o.del(i);
  for (uint64_t i = 0; i < 10; ++i) o.get(i);
  out.push_back(seed(t, "byte_budget",
                     "a byte budget: growth stops being possible, deletes and "
                     "lookups go on",
                     trace_of(o.ops()), {.byte_budget = 2000}));

  o = U();
  puts(o, 0, 30).it_open(0).it_next(0, 3);
  puts(o, 30, 70).it_next(0, 16).clear().it_next(0, 16);
  out.push_back(seed(t, "random_with_iterators",
                     "each allocation fails with probability 16/256, while "
                     "iterators pin retired memory",
                     trace_of(o.ops(), 0, {.value_bytes = 200}),
                     {.probability = 0.0625, .seed = 7}));

  o = U();
  puts(o.make(200), 0, 20);
  out.push_back(seed(t, "hint_array",
                     "the bucket array of a make hint fails: the map goes on "
                     "as make 0",
                     trace_of(o.ops()), fail_at({1, 2})));
}

}  // namespace

std::vector<TraceFile> fuzz_seed_traces() {
  std::vector<TraceFile> out;
  map_ops(out);
  map_iterate(out);
  map_alloc_faults(out);
  return out;
}

}  // namespace gomapfuzz::corpus_tools
