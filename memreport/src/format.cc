// The memory report's table and CSV (format.h).
#include "gomapfuzz/memreport/format.h"

#include <cinttypes>
#include <cstdio>
#include <string>

namespace gomapfuzz::memreport {
namespace {

// 1234567 -> "1,234,567": byte counts are read by people.
// Built front to back (string::insert in a loop trips GCC 12's -Wrestrict).
std::string grouped(uint64_t v) {
  const std::string digits = std::to_string(v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// One table line: a label column, a right-aligned figure, a remark.
void line(std::string& out, const std::string& label, const std::string& value,
          const std::string& remark = "") {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-34s %14s", label.c_str(), value.c_str());
  out += buf;
  if (!remark.empty()) out += "   " + remark;
  out += "\n";
}

std::string percent_of(uint64_t part, uint64_t whole) {
  if (!whole) return "";
  return fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole),
               1) +
         "%";
}

void shape_section(std::string& out, const Report& r) {
  out += "shape\n";
  line(out, "B", std::to_string(r.B),
       grouped(r.buckets) + " buckets of " + std::to_string(r.bucket_size) +
           " bytes");
  line(out, "bucket array", grouped(r.array_buckets),
       "buckets, of which " + grouped(r.prealloc_total) +
           " preallocated overflow (" + grouped(r.prealloc_used) + " used)");
  line(out, "overflow buckets in use", grouped(r.overflow_in_use),
       grouped(r.overflow_in_use - r.overflow_heap) + " from the pool, " +
           grouped(r.overflow_heap) + " allocated one by one");
  line(out, "noverflow", std::to_string(r.noverflow));
  line(out, "growths", std::to_string(r.doublings + r.same_size_growths),
       std::to_string(r.doublings) + " doublings, " +
           std::to_string(r.same_size_growths) + " same-size" +
           (r.growing ? "; still evacuating" : ""));
}

void bytes_section(std::string& out, const Report& r) {
  out += "live bytes, as Go 1.19 allocates them (size-class rounded)\n";
  line(out, "bucket array", grouped(r.array_bytes),
       percent_of(r.array_bytes, r.total_bytes));
  line(out, "heap overflow buckets", grouped(r.overflow_bytes),
       percent_of(r.overflow_bytes, r.total_bytes));
  line(out, "old buckets (evacuating)", grouped(r.old_bytes),
       percent_of(r.old_bytes, r.total_bytes));
  line(out, "out-of-line keys and values", grouped(r.indirect_bytes),
       percent_of(r.indirect_bytes, r.total_bytes));
  line(out, "hmap, mapextra, overflow lists", grouped(r.bookkeeping_bytes),
       percent_of(r.bookkeeping_bytes, r.total_bytes));
  line(out, "total", grouped(r.total_bytes),
       fixed(r.bytes_per_entry, 2) + " bytes per entry");
  line(out, "naive len*(sizeof K + sizeof V)", grouped(r.naive_bytes),
       "overhead ratio " + fixed(r.overhead_ratio, 2) + "x");
}

void composition_section(std::string& out, const Report& r) {
  const uint64_t buckets_total = r.array_bytes + r.overflow_bytes + r.old_bytes;
  out += "what the bucket memory holds\n";
  line(out, "tophash bytes", grouped(r.tophash_bytes),
       percent_of(r.tophash_bytes, buckets_total));
  line(out, "key slots", grouped(r.key_slot_bytes),
       percent_of(r.key_slot_bytes, buckets_total));
  line(out, "value slots", grouped(r.value_slot_bytes),
       percent_of(r.value_slot_bytes, buckets_total));
  line(out, "overflow pointers", grouped(r.overflow_ptr_bytes),
       percent_of(r.overflow_ptr_bytes, buckets_total));
  line(out, "size-class slack", grouped(r.class_slack_bytes),
       percent_of(r.class_slack_bytes, buckets_total));
  line(out, "live key/value payload", grouped(r.naive_bytes),
       percent_of(r.naive_bytes, buckets_total) + " of the slots' bytes used");
}

void history_section(std::string& out, const Report& r) {
  out += "over the whole scenario\n";
  line(out, "bytes allocated", grouped(r.allocated_bytes),
       std::to_string(r.allocations) +
           " allocations (MemStats TotalAlloc, "
           "Mallocs)");
  line(out, "peak live bytes", grouped(r.peak_bytes));
}

}  // namespace

std::string map_type_name(const TypeSpec& key, const TypeSpec& value) {
  return "map[" + key.go_name() + "]" + value.go_name();
}

std::string format_table(const Report& r) {
  const Scenario& s = r.scenario;
  char hash0[16];
  std::snprintf(hash0, sizeof hash0, "0x%08" PRIx32, r.hash0);
  std::string out = map_type_name(s.key, s.value) + ": make(m, " +
                    std::to_string(s.hint) + "), " + grouped(s.n) +
                    " inserts, " + grouped(s.deletes) + " deletes -> " +
                    grouped(r.count) + " entries   (seed " +
                    std::to_string(s.seed) + ", hash0 " + hash0 + ")\n";
  shape_section(out, r);
  bytes_section(out, r);
  composition_section(out, r);
  history_section(out, r);
  if (s.key.kind == TypeKind::kString) {
    out += "string keys (not in the totals: the map holds 16-byte headers)\n";
    line(out, "string bytes", grouped(r.string_bytes),
         std::to_string(s.key_len) + "-byte keys");
    line(out, "as separate Go strings", grouped(r.string_alloc_bytes),
         "size-class rounded");
  }
  line(out, "mapcore holds", grouped(r.mapcore_bytes),
       "(its own cost: 16-byte block headers, no size classes)");
  return out;
}

std::string csv_header() {
  return "key,value,n,hint,deletes,seed,hash0,count,B,noverflow,growing,"
         "bucket_size,buckets,array_buckets,prealloc_total,prealloc_used,"
         "overflow_in_use,overflow_heap,doublings,same_size_growths,"
         "array_bytes,overflow_bytes,old_bytes,indirect_bytes,"
         "bookkeeping_bytes,total_bytes,tophash_bytes,key_slot_bytes,"
         "value_slot_bytes,overflow_ptr_bytes,class_slack_bytes,naive_bytes,"
         "bytes_per_entry,overhead_ratio,string_bytes,string_alloc_bytes,"
         "allocated_bytes,allocations,peak_bytes,mapcore_bytes\n";
}

std::string csv_row(const Report& r) {
  const Scenario& s = r.scenario;
  std::string out = s.key.name() + "," + s.value.name();
  auto add = [&out](auto v) { out += "," + std::to_string(v); };
  add(s.n);
  add(s.hint);
  add(s.deletes);
  add(s.seed);
  add(r.hash0);
  add(r.count);
  add(int{r.B});
  add(r.noverflow);
  add(int{r.growing});
  for (uint64_t v :
       {r.bucket_size,        r.buckets,           r.array_buckets,
        r.prealloc_total,     r.prealloc_used,     r.overflow_in_use,
        r.overflow_heap,      r.doublings,         r.same_size_growths,
        r.array_bytes,        r.overflow_bytes,    r.old_bytes,
        r.indirect_bytes,     r.bookkeeping_bytes, r.total_bytes,
        r.tophash_bytes,      r.key_slot_bytes,    r.value_slot_bytes,
        r.overflow_ptr_bytes, r.class_slack_bytes, r.naive_bytes}) {
    add(v);
  }
  out += "," + fixed(r.bytes_per_entry, 4) + "," + fixed(r.overhead_ratio, 4);
  for (uint64_t v : {r.string_bytes, r.string_alloc_bytes, r.allocated_bytes,
                     r.allocations, r.peak_bytes, r.mapcore_bytes}) {
    add(v);
  }
  return out + "\n";
}

std::string format_sweep_csv(const Sweep& s) {
  std::string out = "series,n,B,total_bytes,bytes_per_entry,allocated_bytes\n";
  auto rows = [&out](const char* series, const std::vector<SweepPoint>& pts) {
    for (const SweepPoint& p : pts) {
      out += std::string(series) + "," + std::to_string(p.n) + "," +
             std::to_string(int{p.B}) + "," + std::to_string(p.total_bytes) +
             "," + fixed(p.bytes_per_entry, 4) + "," +
             std::to_string(p.allocated_bytes) + "\n";
    }
  };
  rows("no_hint", s.no_hint);
  rows("hint", s.with_hint);
  for (const GrowthMark& g : s.growths) {
    out += std::string(g.same_size ? "same_size_growth" : "doubling") + "," +
           std::to_string(g.n) + "," + std::to_string(int{g.B}) + ",,,\n";
  }
  return out;
}

}  // namespace gomapfuzz::memreport
