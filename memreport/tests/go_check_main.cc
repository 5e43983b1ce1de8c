// memreport/go_runtime (ctest): the memory report against the real Go 1.19
// runtime. For each scenario, go/memcheck builds the same map (fallback hash,
// mapcore's hashkey and hash0, so keys land where mapcore puts them) and
// prints B, noverflow, the overflow buckets in use, the pool position, and
// what the runtime's map code allocated, from the heap profiler (every
// allocation recorded with its stack; goruntime/heap.go says why not
// ReadMemStats); this program compares them with the report, exactly:
//   bytes and objects allocated while building == allocated_bytes, allocations
//   bytes still live after a GC at the end      == total_bytes
// Exit 0 when all agree, 1 on a mismatch, 77 (skipped) when Go 1.19 is
// missing, unless CI=true.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "go_check.h"
#include "gomapfuzz/memreport/format.h"
#include "gomapfuzz/memreport/scenario.h"

namespace gomapfuzz::memreport {
namespace {

// From B = 16 on, Go counts noverflow randomly (incrnoverflow).
constexpr int kRandomNoverflowB = 16;

struct Case {
  const char* key;
  const char* value;
  int64_t n;
  int64_t hint = 0;
  int64_t deletes = 0;
  int key_len = 16;
};

// The seed article's scenarios, every kind of type, out-of-line slots,
// deletes, a map caught mid-evacuation, and one past B = 16.
const Case kCases[] = {
    {"uint64", "uint64", 1000},          {"uint64", "uint64", 1000, 1000},
    {"uint64", "uint64", 1300},          {"string", "uint64", 1300},
    {"uint64", "uint64", 10000},         {"uint64", "uint64", 10000, 12000},
    {"string", "uint64", 10000},         {"int32", "int32", 1000},
    {"uint64", "bytes256", 500},         {"bytes129", "uint64", 300},
    {"bytes24", "string", 2000},         {"bytes1", "bytes2", 256},
    {"uint64", "uint64", 5000, 0, 4990}, {"uint64", "bytes1024", 200, 0, 100},
    {"uint64", "uint64", 6700},          {"string", "string", 3000, 0, 0, 5},
    {"bytes8", "bytes16", 40, 0, 40},    {"uint64", "uint64", 1000000},
};

std::string command_for(const std::string& go, const Report& r) {
  const Scenario& s = r.scenario;
  return go + " -key " + s.key.name() + " -value " + s.value.name() + " -n " +
         std::to_string(s.n) + " -hint " + std::to_string(s.hint) +
         " -deletes " + std::to_string(s.deletes) + " -keylen " +
         std::to_string(s.key_len) + " -hash0 " + std::to_string(r.hash0);
}

// Compares one scenario; prints a line, and every mismatch.
bool check(const Case& c, const std::string& go) {
  Scenario s;
  s.key = *parse_type(c.key);
  s.value = *parse_type(c.value);
  s.n = c.n;
  s.hint = c.hint;
  s.deletes = c.deletes;
  s.key_len = c.key_len;
  const Report r = run_scenario(s);
  const std::string cmd = command_for(go, r);
  const std::string out = run_command(cmd);
  const auto j =
      nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  const std::string what = map_type_name(s.key, s.value) +
                           " n=" + std::to_string(s.n) +
                           " hint=" + std::to_string(s.hint) +
                           " deletes=" + std::to_string(s.deletes);
  if (j.is_discarded() || !j.is_object()) {
    std::cout << "FAIL " << what << ": no JSON from: " << cmd << "\n" << out;
    return false;
  }
  std::vector<std::string> bad;
  auto expect = [&](const char* field, int64_t mapcore) {
    const int64_t g = j.value(field, int64_t{-1});
    if (g != mapcore) {
      bad.push_back(std::string(field) + ": Go " + std::to_string(g) +
                    ", report " + std::to_string(mapcore));
    }
  };
  expect("B", r.B);
  expect("count", r.count);
  expect("bucket_size", static_cast<int64_t>(r.bucket_size));
  expect("overflow_in_use", static_cast<int64_t>(r.overflow_in_use));
  if (r.B < kRandomNoverflowB) expect("noverflow", r.noverflow);
  const bool pool_left = r.prealloc_used < r.prealloc_total;
  expect("pool_next",
         pool_left ? static_cast<int64_t>(r.buckets + r.prealloc_used) : -1);
  expect("total_alloc", static_cast<int64_t>(r.allocated_bytes));
  expect("mallocs", static_cast<int64_t>(r.allocations));
  if (j.value("growing", !r.growing) != r.growing) bad.push_back("growing");
  expect("live_bytes", static_cast<int64_t>(r.total_bytes));
  const int64_t live = j.value("live_bytes", int64_t{-1});
  std::cout << (bad.empty() ? "ok   " : "FAIL ") << what << ": B=" << int{r.B}
            << " noverflow=" << r.noverflow
            << " allocated=" << r.allocated_bytes << " in " << r.allocations
            << " live=" << r.total_bytes << " (Go " << live << ")\n";
  return print_problems(bad, cmd);
}

}  // namespace
}  // namespace gomapfuzz::memreport

int main() {
  namespace m = gomapfuzz::memreport;
  return m::run_go_check(
      "memreport Go check", MEMREPORT_GO_BIN, MEMREPORT_GO_MISSING, m::kCases,
      [](const m::Case& c, const std::string& go) { return m::check(c, go); },
      "all scenarios agree with Go 1.19", "the report disagrees with Go 1.19");
}
