// Reading and comparing layout dumps (format: corpus/README.md), for the
// oracle's comparisons and its divergence reports.
#ifndef GOMAPFUZZ_ORACLE_DUMP_COMPARE_H_
#define GOMAPFUZZ_ORACLE_DUMP_COMPARE_H_

#include <optional>
#include <string>
#include <string_view>

namespace gomapfuzz::oracle {

// The value of `name=` in the dump's hmap line ("count", "B", "hash0"...).
std::optional<std::string> header_field(std::string_view dump,
                                        std::string_view name);

// B from the hmap line (0 if absent).
unsigned header_b(std::string_view dump);

// The dump with noverflow's value replaced by "?" (not comparable at
// B >= 16, where Go counts overflow buckets at random).
std::string mask_noverflow(std::string dump);

// Both dumps' header lines, then every bucket line (keyed by its label,
// "bucket 3", "bucket 3 +p17", "old 1") that differs, Go's line first.
// At most max_labels labels are shown.
std::string side_by_side(const std::string& go, const std::string& mapcore,
                         std::size_t max_labels = 24);

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_DUMP_COMPARE_H_
