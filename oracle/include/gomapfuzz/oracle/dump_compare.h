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
// "bucket 3", "bucket 3 +p17", "old 1") that differs, the first dump's line
// first. At most max_labels labels are shown.
std::string side_by_side(const std::string& go, const std::string& mapcore,
                         std::size_t max_labels = 24,
                         const std::string& go_name = "go",
                         const std::string& mapcore_name = "mapcore");

// The first difference of two dumps, named: a header field ("hmap
// nevacuate: Go 3, mapcore 4"), a bucket line only one side has, or a slot
// ("bucket 5 +p17 slot 2: Go a7:5=5, mapcore 00:0=0"). "" if equal.
std::string first_difference(const std::string& a, const std::string& b,
                             const std::string& a_name = "Go",
                             const std::string& b_name = "mapcore");

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_DUMP_COMPARE_H_
