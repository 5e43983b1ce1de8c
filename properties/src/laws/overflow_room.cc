// overflow-room: outside growth, an insert chains a new overflow bucket
// exactly when the chain of its bucket has no empty slot. (So deleting k
// keys and inserting them again, while the map neither empties nor grows,
// allocates no overflow bucket: each key's chain has the slot it freed.)
#include <string>

#include "gomapfuzz/properties/law_check.h"

namespace gomapfuzz {
namespace {

class OverflowRoom final : public LawCheck {
 public:
  void check(const LawStep& s, const LawReporter& r) override {
    if (!s.chain_room || s.kind != OpKind::kPut || !s.out.added) return;
    if (s.post.growth_id() != s.pre.growth_id()) return;
    const int64_t took = static_cast<int64_t>(s.post.stats.overflow_in_use) -
                         static_cast<int64_t>(s.pre.stats.overflow_in_use);
    ++(*s.chain_room ? r.coverage().overflow_avoided
                     : r.coverage().overflow_taken);
    r.require(took == (*s.chain_room ? 0 : 1),
              "an insert into a chain " +
                  std::string(*s.chain_room ? "with" : "without") +
                  " an empty slot changed the overflow buckets in use by " +
                  std::to_string(took));
  }
};

}  // namespace

std::unique_ptr<LawCheck> make_overflow_room_check() {
  return std::make_unique<OverflowRoom>();
}

}  // namespace gomapfuzz
