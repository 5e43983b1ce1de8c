// A subject (subject_abi.h, tier a) from any C++ hash map with the standard
// node-handle interface: std::unordered_map, absl::flat_hash_map and
// absl::node_hash_map, boost::unordered_map, or a user's own map that has
// find/emplace/extract/insert(node)/erase/clear/size and iteration.
//
//   #include "gomapfuzz/subject_adapter.h"
//   extern "C" const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void) {
//     return gomapfuzz::HashMapSubject<absl::flat_hash_map>::table("absl");
//   }
//
// Two adaptations give such a map Go's semantics:
//   - an overwrite stores the new key too (Go's needkeyupdate: put(-0) over
//     +0 leaves -0), by extracting the node and re-inserting it with the new
//     key;
//   - iteration may run while the map changes (Go allows it inside a range
//     loop; these maps invalidate iterators on rehash), so an iterator walks
//     a snapshot of the keys taken when it opens and yields each that is
//     still present, with its current value: every guarantee of Go's range
//     holds (keys added since may or may not appear: here they never do).
// Keys: uint64, string, float64 (+0 == -0, and std::hash<double> gives them
// one hash). NaN keys never enter the map: NaN != NaN breaks the containers'
// contract (absl asserts that an inserted key can be found), so each NaN put
// appends to a list beside it, as Go's map keeps an entry nobody can find,
// delete or overwrite, and only a clear removes.
// Tier a only: the map allocates through its own allocator and hashes with
// its own hash, so the summaries report tiers b-d as skipped.
#ifndef GOMAPFUZZ_SUBJECT_ADAPTER_H_
#define GOMAPFUZZ_SUBJECT_ADAPTER_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "gomapfuzz/subject_abi.h"

namespace gomapfuzz {

namespace subject_adapter_internal {

using Key = std::variant<uint64_t, std::string, double>;

struct KeyHash {
  std::size_t operator()(const Key& k) const {
    return std::visit(
        [](const auto& v) { return std::hash<std::decay_t<decltype(v)>>{}(v); },
        k);
  }
};

inline bool is_nan(const Key& k) {
  const auto* d = std::get_if<double>(&k);
  return d && *d != *d;
}

inline Key key_of(uint32_t kind, gomapfuzz_key k) {
  if (kind == GOMAPFUZZ_KEY_STRING) {
    return std::string(static_cast<const char*>(k.data), k.len);
  }
  uint64_t bits = 0;
  std::memcpy(&bits, k.data, std::min<size_t>(k.len, 8));
  if (kind == GOMAPFUZZ_KEY_FLOAT64) return std::bit_cast<double>(bits);
  return bits;
}

// A numeric key's 8 bytes (float64: its IEEE bits).
inline uint64_t bits_of(const Key& k) {
  if (const auto* d = std::get_if<double>(&k))
    return std::bit_cast<uint64_t>(*d);
  if (const auto* u = std::get_if<uint64_t>(&k)) return *u;
  return 0;
}

}  // namespace subject_adapter_internal

template <template <class...> class MapTemplate>
class HashMapSubject {
  using Key = subject_adapter_internal::Key;
  using Map = MapTemplate<Key, uint64_t, subject_adapter_internal::KeyHash>;

  using NanEntries = std::vector<std::pair<double, uint64_t>>;

  struct Instance {
    uint32_t kind;
    Map m;
    NanEntries nans;  // NaN keys' entries, in put order
    uint64_t clears = 0;
  };

  struct Iter {
    Instance* in;
    std::vector<Key> keys;  // the snapshot
    // NaN entries cannot be deleted or overwritten: only a clear removes
    // them, so the snapshot keeps their values.
    NanEntries nans;
    uint64_t clears_at_open = 0;
    std::size_t next = 0;
    uint64_t bits = 0;  // the yielded key's bytes
    std::string str;
  };

 public:
  // The subject's function table; `name` is what reports call it.
  static const gomapfuzz_subject_v1* table(const char* name) {
    static const gomapfuzz_subject_v1 t = {
        GOMAPFUZZ_SUBJECT_ABI_VERSION,
        sizeof(gomapfuzz_subject_v1),
        name,
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
    return &t;
  }

 private:
  static Instance* self(void* m) { return static_cast<Instance*>(m); }

  static void* make(int64_t, const gomapfuzz_config* c) {
    return new Instance{c->key_kind, {}};
  }
  static void destroy(void* m) { delete self(m); }

  static int put(void* m, gomapfuzz_key k, uint64_t v) {
    Instance* in = self(m);
    Key key = subject_adapter_internal::key_of(in->kind, k);
    if (subject_adapter_internal::is_nan(key)) {
      in->nans.emplace_back(std::get<double>(key), v);
      return GOMAPFUZZ_OK;
    }
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

  static int get(void* m, gomapfuzz_key k, uint64_t* v) {
    Instance* in = self(m);
    auto it = in->m.find(subject_adapter_internal::key_of(in->kind, k));
    if (it == in->m.end()) return GOMAPFUZZ_NONE;
    *v = it->second;
    return GOMAPFUZZ_OK;
  }

  static int erase(void* m, gomapfuzz_key k) {
    Instance* in = self(m);
    return in->m.erase(subject_adapter_internal::key_of(in->kind, k))
               ? GOMAPFUZZ_OK
               : GOMAPFUZZ_NONE;
  }

  static void clear(void* m) {
    self(m)->m.clear();
    self(m)->nans.clear();
    ++self(m)->clears;
  }
  static int64_t len(void* m) {
    return static_cast<int64_t>(self(m)->m.size() + self(m)->nans.size());
  }

  static void* iter_open(void* m) {
    Instance* in = self(m);
    auto* it = new Iter{in, {}, in->nans, in->clears, 0, 0, {}};
    it->keys.reserve(in->m.size());
    for (const auto& [k, v] : in->m) it->keys.push_back(k);
    return it;
  }

  static int iter_next(void* i, gomapfuzz_key* k, uint64_t* v) {
    auto* it = static_cast<Iter*>(i);
    while (it->next < it->keys.size()) {
      auto found = it->in->m.find(it->keys[it->next++]);
      if (found == it->in->m.end()) continue;  // deleted since: skip
      if (const auto* s = std::get_if<std::string>(&found->first)) {
        it->str = *s;
        *k = {it->str.data(), it->str.size()};
      } else {
        it->bits = subject_adapter_internal::bits_of(found->first);
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

  static void iter_close(void* i) { delete static_cast<Iter*>(i); }
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_SUBJECT_ADAPTER_H_
