// Histories: what each thread asked a concurrent map and what it answered,
// with the interval in which the answer was given.
//
// Every op records a call stamp before it starts and a return stamp after
// it returns, both drawn from one atomic counter (a logical clock: stamps
// are unique and respect real time, which is all linearizability needs).
// Op A precedes op B exactly when A.ret < B.call; overlapping ops may take
// effect in either order.
#ifndef GOMAPFUZZ_CHAOS_HISTORY_H_
#define GOMAPFUZZ_CHAOS_HISTORY_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gomapfuzz::chaos {

// put/get/del: a map's ops. The rest are Go's sync.Map's: Store and Delete
// return nothing; LoadOrStore returns (actual, loaded); LoadAndDelete
// returns (value, loaded); Range returns what it visited.
enum class HistKind : uint8_t {
  kPut,
  kGet,
  kDel,
  kStore,
  kDelete,
  kLoadOrStore,
  kLoadAndDelete,
  kRange,
};

struct HistOp {
  int thread = 0;
  HistKind kind = HistKind::kGet;
  uint64_t key = 0;
  uint64_t value = 0;  // put's argument
  // Results: put's "the key was new", del's "the key was present",
  // LoadOrStore's and LoadAndDelete's "loaded"...
  bool flag = false;
  // ...get's value, LoadOrStore's actual, LoadAndDelete's value...
  std::optional<uint64_t> got;
  // ...and the (key, value) pairs a Range visited, in its order.
  std::vector<std::pair<uint64_t, uint64_t>> visited;
  uint64_t call = 0;  // stamps from the history's clock
  uint64_t ret = 0;

  // "put 3 77 -> new", "get 3 -> 77", "del 3 -> absent".
  std::string to_string() const;
};

using History = std::vector<HistOp>;

class HistoryClock {
 public:
  uint64_t tick() { return now_.fetch_add(1, std::memory_order_seq_cst); }

 private:
  std::atomic<uint64_t> now_{1};
};

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_HISTORY_H_
