// parallel_for: run task(i) for i in [0, count) on `jobs` threads.
//
// The battery's units of work (a key family, an SMHasher key set) are
// independent and each writes only its own output slot, so a shared atomic
// counter is all the scheduling they need. Results never depend on `jobs`.
#ifndef GOMAPFUZZ_SPREAD_PARALLEL_H_
#define GOMAPFUZZ_SPREAD_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace gomapfuzz::spread {

template <class Task>
void parallel_for(std::size_t count, int jobs, Task task) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      try {
        task(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!error) error = std::current_exception();
      }
    }
  };
  const int threads = std::max(1, std::min<int>(jobs, static_cast<int>(count)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_PARALLEL_H_
