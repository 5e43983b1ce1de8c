// Printing replay failures: the failing op, the violated invariants, the part
// of the layout dump that matters, and the command that reproduces it.
#ifndef GOMAPFUZZ_TOOLS_REPORT_H_
#define GOMAPFUZZ_TOOLS_REPORT_H_

#include <ostream>
#include <string>

#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/rerun_command.h"

namespace gomapfuzz::cli {

// The dump lines of the buckets named by the violations (all of it when
// short), with the hmap header.
std::string dump_excerpt(const ReplayFailure& f, std::size_t max_lines = 60);

void print_failure(std::ostream& out, const ReplayFailure& f,
                   const std::string& rerun_command);

}  // namespace gomapfuzz::cli

#endif  // GOMAPFUZZ_TOOLS_REPORT_H_
