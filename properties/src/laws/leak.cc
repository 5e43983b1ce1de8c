// leak: at every point the counting allocator holds exactly the bytes
// stats() reports, and exactly what the structures account for. (After
// destruction it holds nothing: the executor checks that for every
// subject with tier b.)
#include <string>

#include "gomapfuzz/properties/law_check.h"

namespace gomapfuzz {
namespace {

class Leak final : public LawCheck {
 public:
  void made(const MapFacts&, const MapSnapshot& first,
            const LawReporter& r) override {
    check_ledger(first, r);
  }
  void check(const LawStep& s, const LawReporter& r) override {
    check_ledger(s.post, r);
    if (s.post.stats.retired_bytes > 0) ++r.coverage().parked_ops;
  }

 private:
  static void check_ledger(const MapSnapshot& s, const LawReporter& r) {
    r.require(s.live_bytes == s.stats.mapcore_bytes,
              "the allocator holds " + std::to_string(s.live_bytes) +
                  " bytes, stats() reports " +
                  std::to_string(s.stats.mapcore_bytes));
    r.require(s.live_bytes == s.ledger_bytes,
              "the allocator holds " + std::to_string(s.live_bytes) +
                  " bytes, the map's structures account for " +
                  std::to_string(s.ledger_bytes));
  }
};

}  // namespace

std::unique_ptr<LawCheck> make_leak_check() { return std::make_unique<Leak>(); }

}  // namespace gomapfuzz
