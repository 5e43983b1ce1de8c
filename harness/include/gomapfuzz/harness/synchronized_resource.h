// SynchronizedResource: any memory resource made safe for several threads
// by one mutex. The counting, ledger and fault-injecting resources are
// single-threaded; a map that frees from another thread (syncmap::SyncMap
// retires memory on liburcu's call_rcu thread) needs them behind this.
#ifndef GOMAPFUZZ_HARNESS_SYNCHRONIZED_RESOURCE_H_
#define GOMAPFUZZ_HARNESS_SYNCHRONIZED_RESOURCE_H_

#include <boost/container/pmr/memory_resource.hpp>
#include <mutex>

namespace gomapfuzz {

class SynchronizedResource : public boost::container::pmr::memory_resource {
 public:
  explicit SynchronizedResource(
      boost::container::pmr::memory_resource* upstream)
      : upstream_(upstream) {}

 protected:
  void* do_allocate(std::size_t bytes, std::size_t align) override {
    std::lock_guard lock(mu_);
    return upstream_->allocate(bytes, align);
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t align) override {
    std::lock_guard lock(mu_);
    upstream_->deallocate(p, bytes, align);
  }
  bool do_is_equal(
      const boost::container::pmr::memory_resource& o) const noexcept override {
    return this == &o;
  }

 private:
  boost::container::pmr::memory_resource* upstream_;
  std::mutex mu_;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_SYNCHRONIZED_RESOURCE_H_
