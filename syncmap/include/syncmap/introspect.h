// What the Go oracle and the tests compare after every op: a SyncMap's
// internal state, as Go 1.19's sync.Map holds it (amended, misses, dirty nil
// or not, the read and dirty key sets, each entry's state) and one text
// line for it, which the Go side (oracle/gosyncmap) prints identically.
//
// Read only while no other thread uses the map.
#ifndef SYNCMAP_INTROSPECT_H_
#define SYNCMAP_INTROSPECT_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mapcore/slot_format.h"
#include "syncmap/sync_map.h"

namespace syncmap {

enum class EntryState : uint8_t { kValue, kNil, kExpunged };

template <class KeyArg, class V>
struct EntryView {
  KeyArg key;
  EntryState state = EntryState::kNil;
  V value{};
  const void* entry = nullptr;  // identity: read and dirty share entries
};

template <class Map>
struct State {
  using View = EntryView<typename Map::key_arg, typename Map::mapped_type>;
  bool amended = false;
  int64_t misses = 0;
  bool dirty_present = false;
  std::vector<View> read;   // sorted by key
  std::vector<View> dirty;  // sorted by key
  // dirty entries that are the very entry read holds for the key (Go:
  // every key in both maps shares one *entry).
  int64_t shared = 0;
};

template <class Map>
State<Map> state(const Map& m) {
  using View = typename State<Map>::View;
  State<Map> s;
  const auto in = m.internals();
  s.amended = in.amended;
  s.misses = in.misses;
  s.dirty_present = in.dirty != nullptr;
  auto collect = [](const typename Map::Inner* inner, std::vector<View>& out) {
    if (inner == nullptr) return;
    Map::for_each_entry(*inner,
                        [&](typename Map::key_arg k, typename Map::EntryT* e) {
                          View v{k};
                          v.entry = e;
                          const auto* b = e->p.load(std::memory_order_acquire);
                          if (b == nullptr) {
                            v.state = EntryState::kNil;
                          } else if (Map::is_expunged(e)) {
                            v.state = EntryState::kExpunged;
                          } else {
                            v.state = EntryState::kValue;
                            v.value = b->value;
                          }
                          out.push_back(v);
                        });
    std::sort(out.begin(), out.end(),
              [](const View& a, const View& b) { return a.key < b.key; });
  };
  collect(in.read, s.read);
  collect(in.dirty, s.dirty);
  for (const View& d : s.dirty) {
    auto it = std::lower_bound(
        s.read.begin(), s.read.end(), d.key,
        [](const View& a, const auto& k) { return a.key < k; });
    if (it != s.read.end() && it->key == d.key && it->entry == d.entry)
      ++s.shared;
  }
  return s;
}

template <class KeyArg>
std::string format_state_key(const KeyArg& k) {
  if constexpr (std::is_integral_v<KeyArg>) {
    return std::to_string(k);
  } else {
    return mapcore::quote_bytes(std::string_view(k));
  }
}

// "amended=1 misses=2 read=[1:5 2:nil 3:expunged] dirty=[1:5 4:9] shared=1"
// ("dirty=nil" when there is none). Values must be integers.
template <class Map>
std::string dump_state(const State<Map>& s) {
  auto list = [](const auto& views) {
    std::string out = "[";
    for (const auto& v : views) {
      if (out.size() > 1) out += ' ';
      out += format_state_key(v.key) + ':';
      switch (v.state) {
        case EntryState::kNil:
          out += "nil";
          break;
        case EntryState::kExpunged:
          out += "expunged";
          break;
        case EntryState::kValue:
          out += std::to_string(v.value);
          break;
      }
    }
    return out + "]";
  };
  std::string out = "amended=" + std::to_string(s.amended ? 1 : 0) +
                    " misses=" + std::to_string(s.misses) +
                    " read=" + list(s.read);
  out += s.dirty_present ? " dirty=" + list(s.dirty) : " dirty=nil";
  out += " shared=" + std::to_string(s.shared);
  return out;
}

template <class Map>
std::string dump_state(const Map& m) {
  return dump_state<Map>(state(m));
}

}  // namespace syncmap

#endif  // SYNCMAP_INTROSPECT_H_
