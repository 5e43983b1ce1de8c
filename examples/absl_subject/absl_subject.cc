// absl::flat_hash_map as a subject, through the C ABI like any user's map:
// Swiss tables, nothing like Go's buckets, yet Go's semantics through the
// C++ adapter (gomapfuzz/subject_adapter.h). Tier a only: the summaries
// list what tiers b-d would have checked as skipped.
#include "absl/container/flat_hash_map.h"
#include "gomapfuzz/subject_adapter.h"

extern "C" const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void) {
  return gomapfuzz::HashMapSubject<absl::flat_hash_map>::table(
      "absl::flat_hash_map");
}
