// Scenario dispatch and violation traces (see concurrent_scenario.h).
#include "gomapfuzz/chaos/concurrent_scenario.h"

#include <algorithm>

#include "gomapfuzz/chaos/broken_maps.h"
#include "gomapfuzz/chaos/cow_map.h"
#include "gomapfuzz/chaos/rw_mutex_map.h"
#include "gomapfuzz/chaos/sharded_map.h"
#include "gomapfuzz/chaos/subject_map.h"
#include "gomapfuzz/harness/trace.h"
#include "mapcore/misuse.h"

namespace gomapfuzz::chaos {
namespace {

template <class W>
ConcurrentRun run_with(const HammerOptions& h, const JitterOptions& jo,
                       const LinOptions& lo) {
  const Jitter jitter(jo);
  typename W::MapT::Options mo;
  mo.seed = h.seed;
  W map(mo, &jitter);
  ConcurrentRun r;
  r.hammer = hammer(map, h, jitter);
  r.lin = check_linearizable(r.hammer.history, lo);
  return r;
}

// Restores the previous misuse handler on every exit path.
class ThrowOnMisuse {
 public:
  ThrowOnMisuse()
      : previous_(mapcore::set_misuse_handler(&mapcore::throw_on_misuse)) {}
  ~ThrowOnMisuse() { mapcore::set_misuse_handler(previous_); }
  ThrowOnMisuse(const ThrowOnMisuse&) = delete;
  ThrowOnMisuse& operator=(const ThrowOnMisuse&) = delete;

 private:
  mapcore::MisuseHandler previous_;
};

using K = uint64_t;
using V = uint64_t;

}  // namespace

const std::vector<std::string_view>& concurrent_scenarios() {
  static const std::vector<std::string_view> names = {
      RwMutexMap<K, V>::kName, CowMap<K, V>::kName, ShardedMap<K, V>::kName,
      LostUpdateCowMap<K, V>::kName, CheckThenActMap<K, V>::kName};
  return names;
}

bool is_concurrent_scenario(std::string_view name) {
  const auto& n = concurrent_scenarios();
  return std::find(n.begin(), n.end(), name) != n.end();
}

bool is_broken_scenario(std::string_view name) {
  return name.starts_with("broken-") && is_concurrent_scenario(name);
}

std::string ConcurrentRun::summary() const {
  std::string s = std::to_string(hammer.history.size()) + " ops (" +
                  std::to_string(lin.overlapping_ops) + " overlapping) on " +
                  std::to_string(lin.keys) + " keys, " +
                  std::to_string(lin.steps) + " search steps: ";
  if (!hammer.errors.empty()) return s + "error: " + hammer.errors.front();
  if (!lin.linearizable()) {
    return s + "NOT linearizable (key " + std::to_string(*lin.violation_key) +
           ", " + std::to_string(lin.violation.size()) + " ops)";
  }
  if (!lin.complete()) {
    return s + std::to_string(lin.keys_unchecked) +
           " keys over the search bounds (unchecked)";
  }
  return s + "linearizable";
}

ConcurrentRun run_concurrent(std::string_view scenario, const HammerOptions& h,
                             const JitterOptions& j, const LinOptions& lin) {
  ThrowOnMisuse guard;
  if (scenario == RwMutexMap<K, V>::kName) {
    return run_with<RwMutexMap<K, V>>(h, j, lin);
  }
  if (scenario == CowMap<K, V>::kName) return run_with<CowMap<K, V>>(h, j, lin);
  if (scenario == ShardedMap<K, V>::kName) {
    return run_with<ShardedMap<K, V>>(h, j, lin);
  }
  if (scenario == LostUpdateCowMap<K, V>::kName) {
    return run_with<LostUpdateCowMap<K, V>>(h, j, lin);
  }
  if (scenario == CheckThenActMap<K, V>::kName) {
    return run_with<CheckThenActMap<K, V>>(h, j, lin);
  }
  throw std::invalid_argument("unknown concurrent scenario: " +
                              std::string(scenario));
}

ConcurrentRun run_concurrent_on(const Subject& s, const HammerOptions& h,
                                const JitterOptions& j, const LinOptions& lin) {
  const Jitter jitter(j);
  SubjectMap map(s, h.seed, &jitter);
  ConcurrentRun r;
  r.hammer = hammer(map, h, jitter);
  r.lin = check_linearizable(r.hammer.history, lin);
  return r;
}

std::string violation_trace(const ConcurrentRun& run, std::string_view scenario,
                            const std::string& reproduce) {
  std::string s =
      "# gomapfuzz chaos: a non-linearizable history of the `" +
      std::string(scenario) + "` wrapper (key " +
      std::to_string(run.lin.violation_key.value_or(0)) + ").\n" +
      "# Reproduce the run: " + reproduce + "\n" +
      "# The key's ops in call order. Each comment gives the thread, the\n"
      "# [call, return] stamps and what the wrapper answered; no order\n"
      "# consistent with those intervals explains the answers. Replayed\n"
      "# single-threaded, the trace shows a linearizable map's answers.\n"
      "gomapfuzz-trace 1\ntypes uint64 uint64\n";
  for (const HistOp& h : run.lin.violation) {
    Op op;
    op.key = h.key;
    op.value = h.value;
    op.kind = h.kind == HistKind::kPut   ? OpKind::kPut
              : h.kind == HistKind::kGet ? OpKind::kGet
                                         : OpKind::kDel;
    s += print_op(op) + "  # t" + std::to_string(h.thread) + " [" +
         std::to_string(h.call) + "," + std::to_string(h.ret) + "] " +
         h.to_string() + "\n";
  }
  return s;
}

}  // namespace gomapfuzz::chaos
