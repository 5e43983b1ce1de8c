// The sync.Map oracle (see syncmap_oracle.h).
#include "gomapfuzz/oracle/syncmap_oracle.h"

#include <cstdlib>
#include <map>
#include <sstream>

#include "gomapfuzz/oracle/go_process.h"
#include "mapcore/random_source.h"
#include "syncmap/introspect.h"
#include "syncmap/sync_map.h"

namespace gomapfuzz::oracle {
namespace {

// The op line the Go program reads (keys decoded: no second trace parser).
std::string go_line(const Op& op) {
  static constexpr const char* kNames[] = {
      "store", "load", "delete", "load-or-store", "load-and-delete", "range"};
  int name = 0;
  switch (op.kind) {
    case OpKind::kPut:
      name = 0;
      break;
    case OpKind::kGet:
      name = 1;
      break;
    case OpKind::kDel:
      name = 2;
      break;
    case OpKind::kLoadOrStore:
      name = 3;
      break;
    case OpKind::kLoadAndDelete:
      name = 4;
      break;
    case OpKind::kRange:
      name = 5;
      break;
    default:
      throw OracleError("not a sync.Map op: " + print_op(op));
  }
  std::string key;
  if (const auto* u = std::get_if<uint64_t>(&op.key)) {
    key = "u " + std::to_string(*u);
  } else if (const auto* s = std::get_if<std::string>(&op.key)) {
    static constexpr char kHex[] = "0123456789abcdef";
    key = "s ";
    for (unsigned char c : *s) {
      key += kHex[c >> 4];
      key += kHex[c & 15];
    }
    if (s->empty()) key += '-';
  } else {
    throw OracleError("a syncmap trace has uint64 or string keys");
  }
  return std::string(kNames[name]) + " " + key + " " + std::to_string(op.value);
}

// Runs ops on a SyncMap with key type K and formats what Go prints.
template <class K>
class CppSide {
 public:
  using Map = syncmap::SyncMap<K, uint64_t>;
  explicit CppSide(uint64_t seed) : map_({.seed = seed}) {}

  std::string run(const Op& op, uint64_t& yields) {
    const auto key = [&]() -> typename Map::key_arg {
      if constexpr (std::is_same_v<K, uint64_t>) {
        return std::get<uint64_t>(op.key);
      } else {
        return std::get<std::string>(op.key);
      }
    };
    switch (op.kind) {
      case OpKind::kPut:
        map_.store(key(), op.value);
        return "ok";
      case OpKind::kGet: {
        auto v = map_.load(key());
        return v ? std::to_string(*v) : "missing";
      }
      case OpKind::kDel:
        map_.erase(key());
        return "ok";
      case OpKind::kLoadOrStore: {
        auto [v, loaded] = map_.load_or_store(key(), op.value);
        return std::to_string(v) + (loaded ? " loaded" : " stored");
      }
      case OpKind::kLoadAndDelete: {
        auto v = map_.load_and_delete(key());
        return v ? std::to_string(*v) : "missing";
      }
      case OpKind::kRange: {
        std::map<std::string, std::pair<std::string, uint64_t>> seen;
        using Arg = typename Map::key_arg;
        std::map<Arg, uint64_t> sorted;
        std::string dup;
        map_.range([&](Arg k, uint64_t v) {
          if (!sorted.emplace(k, v).second) dup = syncmap::format_state_key(k);
          return true;
        });
        if (!dup.empty()) return "Range visited " + dup + " twice";
        yields += sorted.size();
        std::string out = "[";
        for (const auto& [k, v] : sorted) {
          if (out.size() > 1) out += ' ';
          out += syncmap::format_state_key(k) + ":" + std::to_string(v);
        }
        return out + "]";
      }
      default:
        return "?";
    }
  }
  std::string state() const { return syncmap::dump_state(map_); }

 private:
  Map map_;
};

template <class K>
SyncMapOracleReport compare(const Trace& t, const std::string& go_binary) {
  std::string ops;
  for (const Op& op : t.ops) ops += go_line(op) + "\n";
  TempFile file("gosyncmap-ops", ops);
  GoProcess go(go_binary, {file.path()});
  CppSide<K> cpp(t.seed);
  SyncMapOracleReport r;
  bool amended = false;
  for (std::size_t i = 0; i < t.ops.size(); ++i) {
    const Op& op = t.ops[i];
    std::string go_result, go_state;
    if (!go.read_line(go_result) || !go.read_line(go_state) ||
        go_result.rfind("result ", 0) != 0 ||
        go_state.rfind("state ", 0) != 0) {
      go.finish();
      throw OracleError("the Go program stopped early, at op " +
                        std::to_string(i));
    }
    go_result.erase(0, 7);
    go_state.erase(0, 6);
    const std::string result = cpp.run(op, r.range_yields);
    const std::string state = cpp.state();
    ++r.ops;
    const std::string where =
        "op " + std::to_string(i) +
        (op.line ? " (line " + std::to_string(op.line) + ")" : "") + " `" +
        print_op(op) + "`";
    if (result != go_result) {
      r.divergence = where + ": results differ\n  go:      " + go_result +
                     "\n  syncmap: " + result;
      return r;
    }
    if (state != go_state) {
      r.divergence = where + ": states differ\n  go:      " + go_state +
                     "\n  syncmap: " + state;
      return r;
    }
    const bool now_amended = state.rfind("amended=1", 0) == 0;
    if (amended && !now_amended) ++r.promotions;
    amended = now_amended;
    if (state.find(":expunged") != std::string::npos) ++r.expunged;
  }
  std::string extra;
  if (go.read_line(extra)) throw OracleError("the Go program printed more");
  go.finish();
  return r;
}

}  // namespace

std::string syncmap_go_binary() {
  if (const char* env = std::getenv("GOMAPFUZZ_GO_SYNCMAP_ORACLE");
      env && *env) {
    return env;
  }
  return GOMAPFUZZ_GO_SYNCMAP_ORACLE_BIN;
}

std::string syncmap_go_missing() { return GOMAPFUZZ_GO_SYNCMAP_ORACLE_MISSING; }

SyncMapOracleReport run_syncmap_oracle(const Trace& t,
                                       const std::string& go_binary) {
  if (!t.syncmap) throw OracleError("not a syncmap trace (no 'syncmap' line)");
  return t.types.key == KeyType::kString
             ? compare<mapcore::GoString>(t, go_binary)
             : compare<uint64_t>(t, go_binary);
}

Trace draw_syncmap_trace(uint64_t seed, uint64_t ops) {
  mapcore::SplitMix64 rng(mapcore::SplitMix64::finalize(seed));
  Trace t;
  t.syncmap = true;
  t.seed = seed;
  t.types.key = rng.next() % 2 ? KeyType::kString : KeyType::kUint64;
  // 2..40 keys: few keys churn through expunge/unexpunge, more keys give
  // long dirty maps and many misses before a promotion.
  const uint64_t keys = 2 + rng.next() % 39;
  for (uint64_t i = 0; i < ops; ++i) {
    Op op;
    const uint64_t k = rng.next() % keys;
    if (t.types.key == KeyType::kString) {
      op.key = "k" + std::to_string(k);
    } else {
      op.key = k;
    }
    op.value = i;
    const uint64_t roll = rng.next() % 100;
    op.kind = roll < 35   ? OpKind::kGet
              : roll < 55 ? OpKind::kPut
              : roll < 70 ? OpKind::kLoadOrStore
              : roll < 82 ? OpKind::kLoadAndDelete
              : roll < 95 ? OpKind::kDel
                          : OpKind::kRange;
    if (op.kind == OpKind::kRange) op.key = uint64_t{0};  // as parsed
    t.ops.push_back(std::move(op));
  }
  return t;
}

}  // namespace gomapfuzz::oracle
