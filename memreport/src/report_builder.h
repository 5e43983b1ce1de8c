// The untyped half of the memory report: a Report from mapcore's stats and
// the GoLedger, shared by every typed runner so that code is compiled once.
#ifndef GOMAPFUZZ_MEMREPORT_SRC_REPORT_BUILDER_H_
#define GOMAPFUZZ_MEMREPORT_SRC_REPORT_BUILDER_H_

#include <cstdint>

#include "gomapfuzz/memreport/go_ledger.h"
#include "gomapfuzz/memreport/scenario.h"
#include "gomapfuzz/memreport/sweep.h"
#include "mapcore/introspect.h"

namespace gomapfuzz::memreport::internal {

// A bucket's parts besides the 8 tophash bytes and the overflow pointer.
struct BucketSlots {
  uint64_t key_slot = 0;    // bytes of one key slot (8 when out of line)
  uint64_t value_slot = 0;  // bytes of one value slot
  bool has_pointers = false;
};

// Throws std::logic_error if the ledger's live bytes disagree with the bytes
// counted from the map's state: then the observer missed an event.
Report build_report(const Scenario& s, uint32_t hash0,
                    const mapcore::MapStats& st, const GoLedger& ledger,
                    const BucketSlots& slots, uint64_t string_alloc_bytes);

// Throws ScenarioError for a bad sweep spec.
void validate_sweep(const SweepSpec& spec);

}  // namespace gomapfuzz::memreport::internal

#endif  // GOMAPFUZZ_MEMREPORT_SRC_REPORT_BUILDER_H_
