// What every thread-safe wrapper of mapcore offers, and the one helper the
// copy-on-write wrappers share.
//
// A wrapper is a map of K to V with put/get/del that any number of threads
// may call at once: exactly the three operations the linearizability checker
// knows (a map restricted to put/get/del is a product of independent
// registers, one per key, which is what makes checking it cheap).
//
// mapcore's lookups change nothing for keys that equal themselves, so
// wrappers let readers share a map. A NaN lookup is different: its hash is
// drawn from the map's random source, a write. The wrappers therefore take
// reflexive keys only (static_assert), rather than hide a writer in get().
#ifndef GOMAPFUZZ_CHAOS_CONCURRENT_MAP_H_
#define GOMAPFUZZ_CHAOS_CONCURRENT_MAP_H_

#include <concepts>
#include <optional>
#include <string_view>

#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace gomapfuzz::chaos {

template <class W>
concept ConcurrentMap = requires(W& w, typename W::key_arg k,
                                 const typename W::mapped_type& v) {
  { w.put(k, v) } -> std::same_as<bool>;  // true: the key was new
  { w.get(k) } -> std::same_as<std::optional<typename W::mapped_type>>;
  { w.del(k) } -> std::same_as<bool>;  // true: the key was present
  { W::kName } -> std::convertible_to<std::string_view>;
};

// Copies every live entry of `from` into `to` without touching `from`
// (Map::for_each_entry: an iterator would be a write, as it draws a start
// and flags the map, and readers may be reading `from` at the same moment).
template <class MapT>
void copy_entries(const MapT& from, MapT& to) {
  from.for_each_entry([&](auto key, const auto& value) { to.put(key, value); });
}

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_CONCURRENT_MAP_H_
