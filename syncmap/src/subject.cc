// Go's sync.Map (syncmap::SyncMap) as a subject, tier a: gomapfuzz's
// single-threaded campaigns drive it as a map. Store says nothing about the
// key's past, so put is LoadOrStore then Store on a hit (ABI put must say
// new or overwrite); erase is LoadAndDelete; Go 1.19's sync.Map has no
// clear or len, so they are Range + Delete and a counting Range, as a Go
// program writes them. Iteration walks a snapshot of the keys taken by a
// Range at open and yields each still present, with its current value
// (Go's range guarantees hold). uint64 and string keys (no NaN: keys must
// equal themselves).
#include "syncmap/subject.h"

#include <cstring>
#include <string>
#include <vector>

#include "gomapfuzz/subject_abi.h"
#include "syncmap/sync_map.h"

namespace syncmap {
namespace {

using U64Map = SyncMap<uint64_t, uint64_t>;
using StrMap = SyncMap<mapcore::GoString, uint64_t>;

struct Subject {
  bool strings = false;
  U64Map* u = nullptr;
  StrMap* s = nullptr;
};

struct Iter {
  Subject* m = nullptr;
  std::vector<std::string> keys;  // the snapshot, as key bytes
  std::size_t next = 0;
  std::string current;
};

uint64_t u64(gomapfuzz_key k) {
  uint64_t x = 0;
  std::memcpy(&x, k.data, k.len < 8 ? k.len : 8);
  return x;
}
std::string_view str(gomapfuzz_key k) {
  return {static_cast<const char*>(k.data), k.len};
}

template <class F>
auto with(Subject* m, gomapfuzz_key k, F&& f) {
  return m->strings ? f(*m->s, str(k)) : f(*m->u, u64(k));
}

void* make(int64_t, const gomapfuzz_config* c) {
  auto* m = new (std::nothrow) Subject;
  if (!m) return nullptr;
  m->strings = c->key_kind == GOMAPFUZZ_KEY_STRING;
  if (m->strings) {
    m->s = new StrMap({.seed = c->seed});
  } else {
    m->u = new U64Map({.seed = c->seed});
  }
  return m;
}
void destroy(void* p) {
  auto* m = static_cast<Subject*>(p);
  delete m->u;
  delete m->s;
  delete m;
}
int put(void* p, gomapfuzz_key k, uint64_t v) {
  return with(static_cast<Subject*>(p), k, [&](auto& m, auto key) {
    const bool loaded = m.load_or_store(key, v).second;
    if (loaded) m.store(key, v);
    return loaded ? GOMAPFUZZ_NONE : GOMAPFUZZ_OK;
  });
}
int get(void* p, gomapfuzz_key k, uint64_t* v) {
  return with(static_cast<Subject*>(p), k, [&](auto& m, auto key) {
    auto got = m.load(key);
    if (got) *v = *got;
    return got ? GOMAPFUZZ_OK : GOMAPFUZZ_NONE;
  });
}
int erase(void* p, gomapfuzz_key k) {
  return with(static_cast<Subject*>(p), k, [&](auto& m, auto key) {
    return m.load_and_delete(key) ? GOMAPFUZZ_OK : GOMAPFUZZ_NONE;
  });
}
template <class Map>
std::vector<std::string> keys_of(Map& m) {
  std::vector<std::string> out;
  m.range([&](auto k, uint64_t) {
    if constexpr (std::is_same_v<decltype(k), uint64_t>) {
      out.emplace_back(reinterpret_cast<const char*>(&k), 8);
    } else {
      out.emplace_back(k);
    }
    return true;
  });
  return out;
}
std::vector<std::string> keys_of(Subject* m) {
  return m->strings ? keys_of(*m->s) : keys_of(*m->u);
}
gomapfuzz_key as_key(const std::string& s) { return {s.data(), s.size()}; }
void clear(void* p) {
  auto* m = static_cast<Subject*>(p);
  for (const std::string& k : keys_of(m))
    with(m, as_key(k), [](auto& map, auto key) {
      map.erase(key);
      return 0;
    });
}
int64_t len(void* p) {
  return static_cast<int64_t>(keys_of(static_cast<Subject*>(p)).size());
}
void* iter_open(void* p) {
  auto* it = new (std::nothrow) Iter;
  if (!it) return nullptr;
  it->m = static_cast<Subject*>(p);
  it->keys = keys_of(it->m);
  return it;
}
int iter_next(void* p, gomapfuzz_key* k, uint64_t* v) {
  auto* it = static_cast<Iter*>(p);
  while (it->next < it->keys.size()) {
    it->current = it->keys[it->next++];
    if (get(it->m, as_key(it->current), v) == GOMAPFUZZ_OK) {
      *k = as_key(it->current);
      return GOMAPFUZZ_OK;
    }
  }
  return GOMAPFUZZ_NONE;
}
void iter_close(void* p) { delete static_cast<Iter*>(p); }

const gomapfuzz_subject_v1 kTable = {
    GOMAPFUZZ_SUBJECT_ABI_VERSION,
    sizeof(gomapfuzz_subject_v1),
    "syncmap",
    0,
    (1u << GOMAPFUZZ_KEY_UINT64) | (1u << GOMAPFUZZ_KEY_STRING),
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
    nullptr};

}  // namespace

const gomapfuzz_subject_v1* subject_table() { return &kTable; }

}  // namespace syncmap
