// The replayer: runs a trace on mapcore and on the model side by side,
// through the one executor (executor.h) on mapcore's typed driver
// (mapcore_driver.h).
//
// Every result is compared (put's "new key", get's value, delete's "was
// present", the size after each op, every iteration yield against Go's
// iteration guarantees), check_invariants() runs at growth start and finish
// and every `check_every` ops (with `incremental_checks`, after every other
// op at the cost of what it touched), the bytes the map reports are compared
// with what a counting memory resource saw, and after the last op (and at every
// `make`) the map is destroyed and must leave zero bytes behind. The first
// failure stops the run and is reported with the op, the reason, the
// violated invariants and a layout dump.
//
// With a FaultPlan, chosen allocations throw std::bad_alloc; an op that
// throws must leave the map exactly as it was (same layout dump, invariants
// hold, model untouched) and the run goes on.
#ifndef GOMAPFUZZ_HARNESS_REPLAYER_H_
#define GOMAPFUZZ_HARNESS_REPLAYER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/executor.h"
#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/trace.h"
#include "mapcore/introspect.h"

namespace gomapfuzz {

// What after_op sees: the op just run and a way to dump the map.
struct OpEvent {
  std::size_t index;  // into trace.ops
  const Op& op;
  std::function<std::string()> dump;  // lazy: only computed when called
  std::optional<mapcore::IterStart>
      iter_start;             // when the op began an iteration
  bool alloc_failed = false;  // the op threw bad_alloc (fault injection)
  // The replayer's model after the op, and a lookup in the map that changes
  // nothing (value as a trace value: a bytesN value's first 8 bytes), so a
  // caller can compare the two contents without disturbing the run.
  const Model* model = nullptr;
  std::function<std::optional<uint64_t>(const TraceKey&)> lookup;
  // For the Go oracle: the dump's hmap and pool lines alone (O(1)), the
  // map's stats(), and each entry this op's iteration yielded as
  // "KEY=VALUE" in the dump's slot format (with record_yields only).
  std::function<std::string()> dump_header;
  std::function<mapcore::MapStats()> stats;
  std::vector<std::string> yields;
};

struct ReplayOptions {
  // Invariants every N ops (1: after every op). 0: only at growth start and
  // finish and at the end. Growth edges are always checked.
  uint64_t check_every = 1;
  // Between those full checks, check after every op at the cost of what it
  // touched (mapcore::IncrementalInvariants: the op's chains, what its
  // growWork evacuated, totals kept per chain).
  bool incremental_checks = false;
  FaultPlan faults;
  std::function<void(const OpEvent&)> after_op;
  // Called before op `index` runs, e.g. to tell a LedgerResource which op
  // is allocating.
  std::function<void(std::size_t index)> before_op;
  // Where the map's memory comes from, under the replayer's own counting
  // and fault-injecting layers (default: new/delete). A LedgerResource here
  // records every block with the op that allocated it.
  pmr::memory_resource* upstream = nullptr;
  // Fill OpEvent::yields (the Go oracle compares iteration orders).
  bool record_yields = false;
  // How a failed op is proven to leave the map as it was: by its layout
  // dump, shown before and after on failure (true), or by a hash of the
  // layout, much cheaper, with only the dump after on failure (false: the
  // fuzz targets). ExecOptions::dump_around_faults.
  bool dump_around_faults = true;
};

struct ReplayFailure {
  std::size_t op_index = 0;  // ops.size() for end-of-trace checks
  int line = 0;              // source line of the op, 0 if generated
  std::string op_text;
  std::string reason;  // one line: what differed or broke
  std::vector<mapcore::Violation> violations;
  std::string dump;  // layout dump at the failure

  std::string summary() const;  // "op 12 (line 14) `put 3 4`: reason"

  // The failure of op `index` of t (t.ops.size(): the end-of-trace checks),
  // with its line and text; violations and dump left to the caller.
  static ReplayFailure at(const Trace& t, std::size_t index,
                          std::string reason);
  // The executor's failure as the replayer reports it (the first make
  // counts as op 0).
  static ReplayFailure of(const Trace& t, const ExecutionFailure& f);
};

// What a run did (executor.h).
using ReplayStats = ExecStats;

struct ReplayResult {
  std::optional<ReplayFailure> failure;
  ReplayStats stats;

  bool ok() const { return !failure.has_value(); }
};

ReplayResult replay(const Trace& trace, const ReplayOptions& options = {});

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_REPLAYER_H_
