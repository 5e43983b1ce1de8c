// std::unordered_map as a subject, tier a only: it shows what the API tier
// checks (and that the others are reported skipped), and that a map built
// on other principles can keep Go's semantics. Two adaptations make it one:
//   - an overwrite stores the new key too (Go's needkeyupdate: put(-0) over
//     +0 leaves -0), by re-inserting the node with the new key;
//   - iteration may run while the map changes (Go allows it inside a range
//     loop; std::unordered_map invalidates iterators on rehash), so an
//     iterator walks a snapshot of the keys taken when it opens, and yields
//     each that is still present, with its current value: every guarantee
//     of Go's range holds (new keys may or may not appear: here they never
//     do).
// Keys: uint64, string, float64 (NaN != NaN: each NaN put adds an entry
// nobody finds, as in Go; std::hash<double> gives +0 and -0 one hash).
#include <bit>
#include <cstring>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "gomapfuzz/subject_abi.h"

namespace gomapfuzz::subjects {
namespace {

using Key = std::variant<uint64_t, std::string, double>;

struct KeyHash {
  std::size_t operator()(const Key& k) const {
    return std::visit(
        [](const auto& v) { return std::hash<std::decay_t<decltype(v)>>{}(v); },
        k);
  }
};

struct Instance {
  uint32_t kind;
  std::unordered_map<Key, uint64_t, KeyHash> m;
  uint64_t clears = 0;
};

bool is_nan(const Key& k) {
  const auto* d = std::get_if<double>(&k);
  return d && *d != *d;
}

struct Iter {
  Instance* in;
  std::vector<Key> keys;  // the snapshot
  // NaN entries cannot be looked up, deleted or overwritten: only a clear
  // removes them, so the snapshot keeps their values.
  std::vector<std::pair<double, uint64_t>> nans;
  uint64_t clears_at_open = 0;
  std::size_t next = 0;
  uint64_t bits = 0;  // the yielded key's bytes
  std::string str;
};

Key key_of(uint32_t kind, gomapfuzz_key k) {
  if (kind == GOMAPFUZZ_KEY_STRING) {
    return std::string(static_cast<const char*>(k.data), k.len);
  }
  uint64_t bits = 0;
  std::memcpy(&bits, k.data, std::min<size_t>(k.len, 8));
  if (kind == GOMAPFUZZ_KEY_FLOAT64) return std::bit_cast<double>(bits);
  return bits;
}

void* make(int64_t, const gomapfuzz_config* c) {
  return new Instance{c->key_kind, {}};
}
void destroy(void* m) { delete static_cast<Instance*>(m); }

int put(void* m, gomapfuzz_key k, uint64_t v) {
  auto* in = static_cast<Instance*>(m);
  Key key = key_of(in->kind, k);
  auto it = in->m.find(key);
  if (it == in->m.end()) {
    in->m.emplace(std::move(key), v);
    return GOMAPFUZZ_OK;
  }
  auto node = in->m.extract(it);  // needkeyupdate: store the new key
  node.key() = std::move(key);
  node.mapped() = v;
  in->m.insert(std::move(node));
  return GOMAPFUZZ_NONE;
}

int get(void* m, gomapfuzz_key k, uint64_t* v) {
  auto* in = static_cast<Instance*>(m);
  auto it = in->m.find(key_of(in->kind, k));
  if (it == in->m.end()) return GOMAPFUZZ_NONE;
  *v = it->second;
  return GOMAPFUZZ_OK;
}

int erase(void* m, gomapfuzz_key k) {
  auto* in = static_cast<Instance*>(m);
  return in->m.erase(key_of(in->kind, k)) ? GOMAPFUZZ_OK : GOMAPFUZZ_NONE;
}

void clear(void* m) {
  auto* in = static_cast<Instance*>(m);
  in->m.clear();
  ++in->clears;
}
int64_t len(void* m) {
  return static_cast<int64_t>(static_cast<Instance*>(m)->m.size());
}

void* iter_open(void* m) {
  auto* in = static_cast<Instance*>(m);
  auto* it = new Iter{in, {}, {}, in->clears, 0, 0, {}};
  for (const auto& [k, v] : in->m) {
    if (is_nan(k)) {
      it->nans.emplace_back(std::get<double>(k), v);
    } else {
      it->keys.push_back(k);
    }
  }
  return it;
}

int iter_next(void* i, gomapfuzz_key* k, uint64_t* v) {
  auto* it = static_cast<Iter*>(i);
  while (it->next < it->keys.size()) {
    const Key& key = it->keys[it->next++];
    auto found = it->in->m.find(key);
    if (found == it->in->m.end()) continue;  // deleted since: skip
    if (const auto* s = std::get_if<std::string>(&found->first)) {
      it->str = *s;
      *k = {it->str.data(), it->str.size()};
    } else {
      it->bits = std::visit(
          [](const auto& x) -> uint64_t {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, double>) {
              return std::bit_cast<uint64_t>(x);
            } else if constexpr (std::is_same_v<std::decay_t<decltype(x)>,
                                                uint64_t>) {
              return x;
            } else {
              return 0;
            }
          },
          found->first);
      *k = {&it->bits, sizeof it->bits};
    }
    *v = found->second;
    return GOMAPFUZZ_OK;
  }
  if (!it->nans.empty() && it->clears_at_open == it->in->clears) {
    it->bits = std::bit_cast<uint64_t>(it->nans.back().first);
    *v = it->nans.back().second;
    it->nans.pop_back();
    *k = {&it->bits, sizeof it->bits};
    return GOMAPFUZZ_OK;
  }
  return GOMAPFUZZ_NONE;
}

void iter_close(void* i) { delete static_cast<Iter*>(i); }

const gomapfuzz_subject_v1 kTable = {
    GOMAPFUZZ_SUBJECT_ABI_VERSION,
    sizeof(gomapfuzz_subject_v1),
    "std-unordered",
    0,
    (1u << GOMAPFUZZ_KEY_UINT64) | (1u << GOMAPFUZZ_KEY_STRING) |
        (1u << GOMAPFUZZ_KEY_FLOAT64),
    make,
    destroy,
    put,
    get,
    erase,
    clear,
    len,
    iter_open,
    iter_next,
    iter_close,
    nullptr,
};

}  // namespace

const gomapfuzz_subject_v1* std_unordered_subject() { return &kTable; }

}  // namespace gomapfuzz::subjects
