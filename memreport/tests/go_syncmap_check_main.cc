// memreport/go_syncmap (ctest): the sync.Map memory report against the real
// Go 1.19 sync.Map. For each n, `memcheck -map syncmap -n N` (go/syncmap.go)
// builds the scenario's sync.Map and prints, after each state (stored,
// promoted, redirtied), the maps' lengths and B, and the live bytes of each
// part according to the heap profiler; this program compares them with the
// report's prediction (syncmap_report.h):
//   exactly   amended, misses, len and B of read and dirty; the maps' bytes
//             without heap overflow buckets (hmap, bucket arrays, mapextra,
//             old arrays); readOnly, entries, value boxes; nothing else
//             allocated by sync.Map's code
//   16 bytes  the boxed uint64s: the tiny allocator packs two 8-byte boxes
//             in a 16-byte block, and the profiler records only the
//             allocation that opens a block (mallocgc returns before
//             profilealloc for one that fits); where the run starts in the
//             block, and the current block of the mcache (which the GC
//             keeps live, gcMarkTinyAllocs) move the figure by one block
//   overflow  heap overflow buckets (208 bytes each): how many depends on
//             where keys hash. Go hashes an `any` key with its type's hash
//             and each map's random hash0; the port's maps hash uint64s
//             with their own seeds. Over 20 runs at n = 100,000 Go's count
//             for the redirtied state (both maps) spread over 3,216..3,454,
//             the report's is 3,228 (seed 0): the counts must agree within
//             10 % + 4 buckets (the + 4: at n = 100 Go has 0 or 1, the
//             report 0).
// Exit 0 when all agree, 1 on a mismatch, 77 (skipped) when Go 1.19 is
// missing, unless CI=true.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "go_check.h"
#include "gomapfuzz/memreport/syncmap_report.h"

namespace gomapfuzz::memreport {
namespace {

constexpr int64_t kTinyBlock = 16;

// Empty; below, at and above the 256 uint64s Go boxes without allocating;
// B from 0 to 14; the last has thousands of heap overflow buckets.
const int64_t kCases[] = {0, 1, 100, 255, 256, 257, 1000, 10000, 100000};

// Compares one state; appends every mismatch to bad.
void compare(const SyncMapState& s, const nlohmann::json& j,
             std::vector<std::string>& bad) {
  const std::string at = std::string(phase_name(s.phase)) + ": ";
  auto go = [&](const char* field) { return j.value(field, int64_t{-1}); };
  auto exact = [&](const char* field, int64_t report) {
    if (go(field) != report) {
      bad.push_back(at + field + ": Go " + std::to_string(go(field)) +
                    ", report " + std::to_string(report));
    }
  };
  auto within = [&](const char* field, int64_t report, int64_t tolerance) {
    if (std::llabs(go(field) - report) > tolerance) {
      bad.push_back(at + field + ": Go " + std::to_string(go(field)) +
                    ", report " + std::to_string(report) + " (tolerance " +
                    std::to_string(tolerance) + ")");
    }
  };
  if (j.value("amended", !s.amended) != s.amended)
    bad.push_back(at + "amended");
  exact("misses", s.misses);
  exact("read_len", s.read_len);
  exact("read_B", s.read_len < 0 ? 0 : s.read_B);
  exact("dirty_len", s.dirty_len);
  exact("dirty_B", s.dirty_len < 0 ? 0 : s.dirty_B);
  exact("maps", static_cast<int64_t>(s.go.read_map + s.go.dirty_map));
  exact("read_only", static_cast<int64_t>(s.go.read_only));
  exact("entries", static_cast<int64_t>(s.go.entries));
  exact("value_boxes", static_cast<int64_t>(s.go.value_boxes));
  exact("other", 0);
  within("data", static_cast<int64_t>(s.go.data), kTinyBlock);
  const auto ovf = static_cast<int64_t>(s.go.overflow_buckets);
  within("overflow_buckets", ovf, ovf / 10 + 4);
}

bool check(int64_t n, const std::string& go) {
  const SyncMapReport r = run_syncmap_scenario(n, /*seed=*/0);
  const std::string cmd = go + " -map syncmap -n " + std::to_string(n);
  std::istringstream lines(run_command(cmd));
  std::vector<std::string> bad;
  std::ostringstream summary;
  for (const SyncMapState& s : r.states) {
    std::string line;
    std::getline(lines, line);
    const auto j =
        nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() ||
        j.value("phase", "") != phase_name(s.phase)) {
      bad.push_back(std::string("no JSON line for ") + phase_name(s.phase) +
                    " from: " + cmd);
      break;
    }
    compare(s, j, bad);
    int64_t go_total = 0;
    for (const char* part : {"maps", "overflow", "read_only", "entries",
                             "value_boxes", "data", "other"}) {
      go_total += j.value(part, int64_t{0});
    }
    summary << " " << phase_name(s.phase) << "=" << s.go.total() << " (Go "
            << go_total << ")";
  }
  std::cout << (bad.empty() ? "ok   " : "FAIL ") << "n=" << n << ":"
            << summary.str() << "\n";
  return print_problems(bad, cmd);
}

}  // namespace
}  // namespace gomapfuzz::memreport

int main() {
  namespace m = gomapfuzz::memreport;
  return m::run_go_check(
      "memreport sync.Map check", MEMREPORT_GO_BIN, MEMREPORT_GO_MISSING,
      m::kCases,
      [](int64_t n, const std::string& go) { return m::check(n, go); },
      "every state agrees with Go 1.19's sync.Map",
      "the sync.Map report disagrees with Go 1.19");
}
