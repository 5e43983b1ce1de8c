// Printing the sync.Map memory report (syncmap_report.h): one column per
// state, one row per part, Go's bytes first, then the port's, each with its
// ratio to a plain map of the same entries.
#include <cstdio>
#include <string>

#include "gomapfuzz/memreport/syncmap_report.h"

namespace gomapfuzz::memreport {
namespace {

std::string row(const char* label, const std::string (&cells)[3]) {
  char line[160];
  std::snprintf(line, sizeof line, "  %-44s %12s %12s %12s\n", label,
                cells[0].c_str(), cells[1].c_str(), cells[2].c_str());
  return line;
}

template <class F>
std::string bytes_row(const char* label, const SyncMapReport& r, F&& part) {
  std::string cells[3];
  for (int i = 0; i < 3; ++i) cells[i] = std::to_string(part(r.states[i]));
  return row(label, cells);
}

// "bytes per entry" and "x the plain map" rows for one side's totals.
template <class F>
std::string ratio_rows(const SyncMapReport& r, uint64_t plain, F&& total) {
  std::string per_entry[3];
  std::string ratio[3];
  for (int i = 0; i < 3; ++i) {
    const uint64_t t = total(r.states[i]);
    const int64_t entries = r.n + (i == 2 ? 1 : 0);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f",
                  entries ? static_cast<double>(t) / entries : 0.0);
    per_entry[i] = buf;
    std::snprintf(buf, sizeof buf, "%.2fx",
                  plain ? static_cast<double>(t) / plain : 0.0);
    ratio[i] = buf;
  }
  return row("bytes per entry", per_entry) +
         row("x the plain map of n entries", ratio);
}

std::string shape(int64_t len, int b) {
  return len < 0 ? "nil" : std::to_string(len) + " B=" + std::to_string(b);
}

}  // namespace

std::string format_syncmap_table(const SyncMapReport& r) {
  std::string out =
      "sync.Map of uint64 keys and values, n=" + std::to_string(r.n) +
      " (key i and value i are uint64(i))\n"
      "  stored: Store(i, i) for i < n; promoted: then Load(i) for i < n "
      "(the n-th miss promotes dirty);\n"
      "  redirtied: then Store(n, n) (dirtyLocked copies read into a new "
      "dirty map)\n\n";
  std::string names[3];
  for (int i = 0; i < 3; ++i) names[i] = phase_name(r.states[i].phase);
  out += row("", names);
  std::string read[3];
  std::string dirty[3];
  for (int i = 0; i < 3; ++i) {
    read[i] = shape(r.states[i].read_len, r.states[i].read_B);
    dirty[i] = shape(r.states[i].dirty_len, r.states[i].dirty_B);
  }
  out += row("read map: len, B", read) + row("dirty map: len, B", dirty);

  out +=
      "Go 1.19, live heap bytes (checked against the heap profiler: "
      "memreport/go_syncmap)\n";
  out += bytes_row("read map (hmap, bucket array, mapextra)", r,
                   [](const SyncMapState& s) { return s.go.read_map; });
  out += bytes_row("dirty map", r,
                   [](const SyncMapState& s) { return s.go.dirty_map; });
  out += bytes_row("heap overflow buckets (208 B each)", r,
                   [](const SyncMapState& s) { return s.go.overflow; });
  out += bytes_row("readOnly boxed in the atomic.Value", r,
                   [](const SyncMapState& s) { return s.go.read_only; });
  out += bytes_row("entries (8 B)", r,
                   [](const SyncMapState& s) { return s.go.entries; });
  out += bytes_row("value boxes (an any, 16 B)", r,
                   [](const SyncMapState& s) { return s.go.value_boxes; });
  out += bytes_row("uint64s >= 256 behind interfaces (8 B)", r,
                   [](const SyncMapState& s) { return s.go.data; });
  out +=
      bytes_row("total", r, [](const SyncMapState& s) { return s.go.total(); });
  out += ratio_rows(r, r.plain.total_bytes,
                    [](const SyncMapState& s) { return s.go.total(); });
  out += "  (plain map[uint64]uint64 of n entries: " +
         std::to_string(r.plain.total_bytes) + " bytes)\n";

  const CppSyncMapBytes& c = r.states[0].cpp;
  out += "syncmap::SyncMap<uint64_t, uint64_t>, bytes counted\n";
  out += bytes_row("read map (RCU node + mapcore)", r,
                   [](const SyncMapState& s) { return s.cpp.read_map; });
  out += bytes_row("dirty map", r,
                   [](const SyncMapState& s) { return s.cpp.dirty_map; });
  out +=
      bytes_row(("entries (" + std::to_string(c.entry_bytes) + " B)").c_str(),
                r, [](const SyncMapState& s) { return s.cpp.entries; });
  out +=
      bytes_row(("value boxes (" + std::to_string(c.box_bytes) + " B)").c_str(),
                r, [](const SyncMapState& s) { return s.cpp.value_boxes; });
  out +=
      bytes_row("total", r, [](const SyncMapState& s) { return s.cpp.total; });
  out += ratio_rows(r, r.plain.mapcore_bytes,
                    [](const SyncMapState& s) { return s.cpp.total; });
  out += "  (plain mapcore::Map<uint64_t, uint64_t> of n entries: " +
         std::to_string(r.plain.mapcore_bytes) + " bytes)\n";
  return out;
}

}  // namespace gomapfuzz::memreport
