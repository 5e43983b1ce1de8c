// The laws of Go 1.19's map that the property suite states and checks.
//
// A law is a sentence about what the map does between two observable states
// (before and after one op of a trace), checked on mapcore by MapUnderTest
// after every op. Each law has a short name (what a violation reports, what
// `gomapfuzz laws --law NAME` selects) and a one-sentence statement, below
// and in properties/README.md, where each is stated with its precise
// preconditions.
//
// The formulas Go uses to decide growth and sizing come from
// mapcore/law_formulas.h, a restatement of runtime/map.go that mapcore's map
// does not use (pinned to the real runtime's figures by its test), instead
// of mapcore's constants.h: a law that asked mapcore's own over_load_factor()
// whether mapcore grew at the right time would agree with any bug in it.
#ifndef GOMAPFUZZ_PROPERTIES_LAWS_H_
#define GOMAPFUZZ_PROPERTIES_LAWS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "mapcore/law_formulas.h"

namespace gomapfuzz {

enum class Law : uint8_t {
  kModel,           // results and sizes agree with the model
  kInvariants,      // check_invariants() finds nothing
  kGrowthTrigger,   // when a doubling starts
  kSameSizeGrowth,  // when a same-size growth starts; it keeps B
  kHint,            // make(hint): B, preallocated pool, no growth up to hint
  kEvacuation,      // which ops make progress; a growth ends in time, freed
  kDelete,          // deletes never shrink; hash0 reseeds when empty
  kOverflowRoom,    // an insert takes an overflow bucket iff its chain is full
  kIteration,       // Go's range guarantees, growth or not
  kLeak,            // bytes held == bytes reported; zero after destruction
};
inline constexpr int kLawCount = 10;

std::string_view law_name(Law law);
std::string_view law_statement(Law law);
std::optional<Law> law_from_name(std::string_view name);
// The op law (mapcore/op_laws.h) that judges the law's per-op part in every
// run of mapcore, fuzz targets included; "" when none does.
std::string_view law_op_rule(Law law);
// The law whose per-op part an op law's rule is (the first in the table:
// growth-trigger's rule is also same-size-growth's).
std::optional<Law> law_of_op_rule(std::string_view rule);

// A set of laws to check. The model and invariant laws are the base every
// run checks: a law about growth means little on a map that lost a key.
class LawSet {
 public:
  static constexpr LawSet all() { return LawSet((1u << kLawCount) - 1); }
  static constexpr LawSet base() {
    return LawSet(bit(Law::kModel) | bit(Law::kInvariants));
  }
  static constexpr LawSet base_and(Law law) {
    return LawSet(base().bits_ | bit(law));
  }
  constexpr LawSet with(Law law) const { return LawSet(bits_ | bit(law)); }
  constexpr bool has(Law law) const { return (bits_ & bit(law)) != 0; }

 private:
  constexpr explicit LawSet(uint32_t bits) : bits_(bits) {}
  static constexpr uint32_t bit(Law law) {
    return uint32_t{1} << static_cast<int>(law);
  }
  uint32_t bits_;
};

// A broken law: which, where in the trace, and what was seen.
class LawViolation : public std::runtime_error {
 public:
  LawViolation(Law law, std::size_t op_index, int line, std::string op_text,
               std::string reason, std::string dump);

  Law law() const { return law_; }
  std::size_t op_index() const { return op_index_; }  // ops.size(): at the end
  int line() const { return line_; }  // source line of the op, 0 if generated
  const std::string& op_text() const { return op_text_; }
  const std::string& reason() const { return reason_; }
  const std::string& dump() const { return dump_; }  // layout dump, if any

 private:
  Law law_;
  std::size_t op_index_;
  int line_;
  std::string op_text_;
  std::string reason_;
  std::string dump_;
};

// ---- Go's formulas (runtime/map.go), restated for the laws. ----
// One restatement, shared with mapcore's op laws (mapcore/law_formulas.h).
using mapcore::law::go_b_for_hint;
using mapcore::law::go_bucket_array_len;
using mapcore::law::go_effective_hint;
using mapcore::law::go_over_load_factor;
using mapcore::law::go_too_many_overflow_buckets;

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_PROPERTIES_LAWS_H_
