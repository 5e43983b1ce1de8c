// Printing the memory report: a table for people, CSV for tools.
#ifndef GOMAPFUZZ_MEMREPORT_FORMAT_H_
#define GOMAPFUZZ_MEMREPORT_FORMAT_H_

#include <string>

#include "gomapfuzz/memreport/scenario.h"
#include "gomapfuzz/memreport/sweep.h"

namespace gomapfuzz::memreport {

// "map[uint64][24]byte"
std::string map_type_name(const TypeSpec& key, const TypeSpec& value);

// The report as an aligned table with a line of explanation per section.
std::string format_table(const Report& r);

// One CSV header line and one row per report (same columns).
std::string csv_header();
std::string csv_row(const Report& r);

// The sweep as "series,n,B,total_bytes,bytes_per_entry,allocated_bytes" rows:
// series no_hint and hint, then a doubling or same_size_growth row (n, B after
// it) for each growth of the no-hint map.
std::string format_sweep_csv(const Sweep& s);

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_FORMAT_H_
