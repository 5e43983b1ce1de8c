// Law names, statements and Go's bucket-array sizing (laws.h).
#include "gomapfuzz/properties/laws.h"

#include <array>

#include "gomapfuzz/properties/map_under_test.h"
#include "mapcore/op_laws.h"

namespace gomapfuzz {
namespace {

// A law, and the op law (mapcore/op_laws.h) that judges its per-op part in
// every run of mapcore, fuzz targets included ("" for none).
struct LawText {
  Law law;
  std::string_view name;
  std::string_view statement;
  std::string_view op_rule = "";
};

constexpr std::array<LawText, kLawCount> kLaws = {{
    {Law::kModel, "model",
     "every put, get, delete and size agrees with the model"},
    {Law::kInvariants, "invariants",
     "check_invariants() finds nothing after any op"},
    {Law::kGrowthTrigger, "growth-trigger",
     "a doubling starts exactly at a put that adds a key, finds the map not "
     "growing and overLoadFactor(count+1, B) true, and at no other op; it "
     "takes B to B+1",
     mapcore::kGrowthTriggerRule},
    {Law::kSameSizeGrowth, "same-size-growth",
     "a same-size growth starts exactly at a put that adds a key and finds "
     "the map not growing, not overloaded, with noverflow >= 2^min(B,15); it "
     "never changes B",
     mapcore::kGrowthTriggerRule},
    {Law::kHint, "hint",
     "make(hint) gives Go's B and preallocated overflow buckets, inserting up "
     "to hint keys starts no growth, and heap overflow buckets come only "
     "after the pool is used up"},
    {Law::kEvacuation, "evacuation",
     "puts, and deletes and clears of a non-empty map, advance an ongoing "
     "evacuation and nothing else does; a growth ends within (old buckets) "
     "writes, after which no old array or old overflow bucket is held",
     mapcore::kGrowthProgressRule},
    {Law::kDelete, "delete",
     "a delete never shrinks B, replaces the array or frees a bucket; hash0 "
     "is redrawn exactly at make, at a delete that empties the map and at a "
     "clear of a non-empty map",
     mapcore::kReseedRule},
    {Law::kOverflowRoom, "overflow-room",
     "outside growth, an insert chains a new overflow bucket exactly when its "
     "bucket's chain has no empty slot"},
    {Law::kIteration, "iteration",
     "without a clear while it is open, an iterator yields each key present "
     "throughout exactly once, no deleted key, and no entry twice, growth or "
     "not"},
    {Law::kLeak, "leak",
     "the allocator holds exactly what stats() reports and the structures "
     "account for, and nothing once the map is destroyed"},
}};

}  // namespace

std::string_view law_name(Law law) { return kLaws[static_cast<int>(law)].name; }

std::string_view law_statement(Law law) {
  return kLaws[static_cast<int>(law)].statement;
}

std::string_view law_op_rule(Law law) {
  return kLaws[static_cast<int>(law)].op_rule;
}

std::optional<Law> law_of_op_rule(std::string_view rule) {
  for (const auto& l : kLaws) {
    if (!l.op_rule.empty() && l.op_rule == rule) return l.law;
  }
  return std::nullopt;
}

std::optional<Law> law_from_name(std::string_view name) {
  for (const auto& l : kLaws) {
    if (l.name == name) return l.law;
  }
  return std::nullopt;
}

LawViolation::LawViolation(Law law, std::size_t op_index, int line,
                           std::string op_text, std::string reason,
                           std::string dump)
    : std::runtime_error(
          "law " + std::string(law_name(law)) + " broken at op " +
          std::to_string(op_index) +
          (line > 0 ? " (line " + std::to_string(line) + ")" : std::string()) +
          " `" + op_text + "`: " + reason),
      law_(law),
      op_index_(op_index),
      line_(line),
      op_text_(std::move(op_text)),
      reason_(std::move(reason)),
      dump_(std::move(dump)) {}

LawCoverage& LawCoverage::operator+=(const LawCoverage& o) {
  ops += o.ops;
  maps += o.maps;
  doublings += o.doublings;
  same_size_growths += o.same_size_growths;
  deferred_doublings += o.deferred_doublings;
  growths_finished += o.growths_finished;
  multi_write_growths += o.multi_write_growths;
  writes_while_growing += o.writes_while_growing;
  reads_while_growing += o.reads_while_growing;
  hinted_inserts += o.hinted_inserts;
  deletes += o.deletes;
  emptied_by_delete += o.emptied_by_delete;
  overflow_taken += o.overflow_taken;
  overflow_avoided += o.overflow_avoided;
  iterations_completed += o.iterations_completed;
  iterations_across_growth += o.iterations_across_growth;
  yields_while_growing += o.yields_while_growing;
  parked_ops += o.parked_ops;
  leak_checks += o.leak_checks;
  return *this;
}

}  // namespace gomapfuzz
