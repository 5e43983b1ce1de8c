// std::unordered_map as a subject, tier a only: it shows what the API tier
// checks (and that the others are reported skipped), and that a map built
// on other principles can keep Go's semantics (subject_adapter.h says how).
#include <unordered_map>

#include "gomapfuzz/subject_adapter.h"

namespace gomapfuzz::subjects {

const gomapfuzz_subject_v1* std_unordered_subject() {
  return HashMapSubject<std::unordered_map>::table("std-unordered");
}

}  // namespace gomapfuzz::subjects
