// How a section of the battery tells its caller about its units of work
// (a key family, an SMHasher key set, a throughput key size), so that the
// caller can show progress and, in a sandbox child, label what runs on each
// thread. Library code never prints; the hook decides what to do.
#ifndef GOMAPFUZZ_SPREAD_UNIT_HOOK_H_
#define GOMAPFUZZ_SPREAD_UNIT_HOOK_H_

#include <functional>
#include <string>

namespace gomapfuzz::spread {

// Called with finished = false as a unit starts and true as it ends, both
// on the thread that runs it: several threads may call it at once. An empty
// hook is not called.
using UnitHook = std::function<void(const std::string& unit, bool finished)>;

// Runs unit `name` as `work()` between its two hook calls.
template <class Work>
auto run_unit(const UnitHook& hook, const std::string& name, Work work) {
  if (hook) hook(name, false);
  auto result = work();
  if (hook) hook(name, true);
  return result;
}

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_UNIT_HOOK_H_
