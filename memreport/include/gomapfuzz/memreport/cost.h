// What a memory report or sweep will cost to run, predicted before it runs,
// so `gomapfuzz memory -n 1000000000` is refused at once instead of eating
// gigabytes for minutes (README, "Resource budgets").
#ifndef GOMAPFUZZ_MEMREPORT_COST_H_
#define GOMAPFUZZ_MEMREPORT_COST_H_

#include <cstdint>

#include "gomapfuzz/memreport/scenario.h"
#include "gomapfuzz/memreport/sweep.h"

namespace gomapfuzz::memreport {

struct RunCost {
  uint64_t peak_bytes = 0;  // an upper bound of what mapcore holds at once
  uint64_t inserts = 0;     // puts the run makes
  double seconds = 0;       // predicted on the default build
};

RunCost predict_cost(const Scenario& s);
RunCost predict_cost(const SweepSpec& s);

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_COST_H_
