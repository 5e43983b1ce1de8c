// mapcore as a subject, through the C ABI like any other (no privileged
// path): tiers a (API), b (every byte through config->alloc/free), c (Go's
// layout dump) and d (config->hash; config->seed and iter_open_at). Keys of the
// three kinds go to mapcore::Map<uint64_t | GoString | double, uint64_t>.
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <variant>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/subject.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace gomapfuzz::subjects {
namespace {

// config->hash, or Go's fallback hash keyed by config->hash_key without one.
struct AbiHasher {
  uint64_t (*fn)(void*, const void*, size_t, uint64_t) = nullptr;
  void* ctx = nullptr;
  mapcore::GoFallbackHasher fallback{};

  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    return fn ? fn(ctx, p, n, seed) : fallback.mem(p, n, seed);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    return fn ? fn(ctx, &k, sizeof k, seed) : fallback.mem64(k, seed);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    return fn ? fn(ctx, &k, sizeof k, seed) : fallback.mem32(k, seed);
  }
};

// config->alloc/free as the memory resource mapcore allocates from.
class CallbackResource : public pmr::memory_resource {
 public:
  explicit CallbackResource(const gomapfuzz_config& c) : c_(c) {}

 private:
  void* do_allocate(std::size_t bytes, std::size_t align) override {
    void* p = c_.alloc(c_.alloc_ctx, bytes, align);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t align) override {
    c_.free(c_.alloc_ctx, p, bytes, align);
  }
  bool do_is_equal(const pmr::memory_resource& o) const noexcept override {
    return this == &o;
  }
  gomapfuzz_config c_;
};

template <class K>
using MapOf = mapcore::Map<K, uint64_t, AbiHasher>;

template <class K>
K key_of(gomapfuzz_key k);
template <>
uint64_t key_of<uint64_t>(gomapfuzz_key k) {
  uint64_t v = 0;
  std::memcpy(&v, k.data, std::min<size_t>(k.len, 8));
  return v;
}
template <>
double key_of<double>(gomapfuzz_key k) {
  return std::bit_cast<double>(key_of<uint64_t>(k));
}

// One map of any key kind, with the resource it allocates from (declared
// first: it outlives the map).
struct Instance {
  std::optional<CallbackResource> resource;
  std::variant<std::unique_ptr<MapOf<uint64_t>>,
               std::unique_ptr<MapOf<mapcore::GoString>>,
               std::unique_ptr<MapOf<double>>>
      map;
};

// An iterator, and the bytes of the key it yielded last.
struct Iter {
  std::variant<MapOf<uint64_t>::Iterator, MapOf<mapcore::GoString>::Iterator,
               MapOf<double>::Iterator>
      it;
  uint64_t key_bits = 0;
};

template <class F>
auto visit_map(void* m, F&& f) {
  return std::visit([&](auto& p) { return f(p.get()); },
                    static_cast<Instance*>(m)->map);
}

template <class K>
auto arg_of(gomapfuzz_key k) {
  if constexpr (std::is_same_v<K, mapcore::GoString>) {
    return std::string_view(static_cast<const char*>(k.data), k.len);
  } else {
    return key_of<K>(k);
  }
}

template <class K>
void make_typed(Instance& in, int64_t hint, const gomapfuzz_config& c) {
  typename MapOf<K>::Options o;
  o.hint = hint;
  o.seed = c.seed;
  o.hasher = AbiHasher{c.hash, c.hash_ctx,
                       mapcore::GoFallbackHasher{
                           c.hash_key ? c.hash_key : mapcore::kDefaultHashKey}};
  if (in.resource) o.alloc = mapcore::DefaultAllocator(&*in.resource);
  in.map = std::make_unique<MapOf<K>>(o);
}

void* make(int64_t hint, const gomapfuzz_config* c) {
  auto in = std::make_unique<Instance>();
  if (c->alloc && c->free) in->resource.emplace(*c);
  try {
    switch (c->key_kind) {
      case GOMAPFUZZ_KEY_UINT64:
        make_typed<uint64_t>(*in, hint, *c);
        break;
      case GOMAPFUZZ_KEY_STRING:
        make_typed<mapcore::GoString>(*in, hint, *c);
        break;
      case GOMAPFUZZ_KEY_FLOAT64:
        make_typed<double>(*in, hint, *c);
        break;
      default:
        return nullptr;
    }
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
  return in.release();
}

void destroy(void* m) { delete static_cast<Instance*>(m); }

int put(void* m, gomapfuzz_key k, uint64_t v) {
  return visit_map(m, [&](auto* map) {
    using K = typename std::decay_t<decltype(*map)>::Raw::key_type;
    try {
      return map->put(arg_of<K>(k), v) ? GOMAPFUZZ_OK : GOMAPFUZZ_NONE;
    } catch (const std::bad_alloc&) {
      return GOMAPFUZZ_NOMEM;
    }
  });
}

int get(void* m, gomapfuzz_key k, uint64_t* v) {
  return visit_map(m, [&](auto* map) {
    using K = typename std::decay_t<decltype(*map)>::Raw::key_type;
    const uint64_t* got = map->find(arg_of<K>(k));
    if (got == nullptr) return GOMAPFUZZ_NONE;
    *v = *got;
    return GOMAPFUZZ_OK;
  });
}

int erase(void* m, gomapfuzz_key k) {
  return visit_map(m, [&](auto* map) {
    using K = typename std::decay_t<decltype(*map)>::Raw::key_type;
    try {
      return map->erase(arg_of<K>(k)) ? GOMAPFUZZ_OK : GOMAPFUZZ_NONE;
    } catch (const std::bad_alloc&) {  // a delete during growth evacuates
      return GOMAPFUZZ_NOMEM;
    }
  });
}

void clear(void* m) {
  visit_map(m, [](auto* map) {
    map->clear();
    return 0;
  });
}

int64_t len(void* m) {
  return visit_map(m, [](auto* map) { return map->size(); });
}

void* iter_open(void* m) {
  return visit_map(m, [](auto* map) -> void* {
    return new Iter{map->iterate(), 0};
  });
}

void* iter_open_at(void* m, uint64_t bucket, uint8_t offset) {
  return visit_map(m, [&](auto* map) -> void* {
    return new Iter{map->iterate_from({bucket, offset}), 0};
  });
}

int iter_next(void* i, gomapfuzz_key* k, uint64_t* v) {
  auto* it = static_cast<Iter*>(i);
  return std::visit(
      [&](auto& iter) {
        if (!iter.next()) return GOMAPFUZZ_NONE;
        const auto key = iter.key();
        if constexpr (std::is_same_v<std::decay_t<decltype(key)>,
                                     std::string_view>) {
          *k = {key.data(), key.size()};
        } else {
          std::memcpy(&it->key_bits, &key, sizeof it->key_bits);
          *k = {&it->key_bits, sizeof it->key_bits};
        }
        *v = iter.value();
        return GOMAPFUZZ_OK;
      },
      it->it);
}

void iter_close(void* i) { delete static_cast<Iter*>(i); }

size_t dump(void* m, char* buf, size_t cap) {
  const std::string d =
      visit_map(m, [](auto* map) { return mapcore::dump(*map); });
  std::memcpy(buf, d.data(), std::min(cap, d.size()));
  return d.size();
}

const gomapfuzz_subject_v1 kTable = {
    GOMAPFUZZ_SUBJECT_ABI_VERSION,
    sizeof(gomapfuzz_subject_v1),
    "mapcore",
    GOMAPFUZZ_TIER_ALLOCATOR | GOMAPFUZZ_TIER_LAYOUT | GOMAPFUZZ_TIER_HASH |
        GOMAPFUZZ_TIER_RANDOM,
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
    dump,
    iter_open_at,
};

}  // namespace

const gomapfuzz_subject_v1* mapcore_subject() { return &kTable; }

}  // namespace gomapfuzz::subjects
