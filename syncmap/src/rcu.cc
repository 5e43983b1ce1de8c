// liburcu behind rcu.h (see there for why liburcu, and why "bp").
#include "syncmap/rcu.h"

#include <pthread.h>
#include <urcu-bp.h>

#include <cstddef>
#include <mutex>

#if defined(__SANITIZE_THREAD__)
#define SYNCMAP_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SYNCMAP_TSAN 1
#endif
#endif

#ifdef SYNCMAP_TSAN
// liburcu is not instrumented: TSan sees neither its barriers nor its
// queues. These edges are the ones liburcu guarantees:
//   * every read-side section ends before a grace period that a retired
//     object's destroy waits for (release at unlock, acquire in destroy);
//   * what a thread wrote to an object before retire() is visible to the
//     call_rcu thread that destroys it (release at retire, acquire there);
//   * every destroy that ran before wait_for_retired() returns happens
//     before its return (release after destroy, acquire at the return).
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#define SYNCMAP_TSAN_ACQUIRE(p) __tsan_acquire(p)
// liburcu's own handoffs (rcu_barrier callocs a completion that its
// call_rcu thread frees, through lock-free queues TSan cannot see) are
// reported as races inside the library; they are the library's, not ours.
extern "C" const char* __tsan_default_suppressions() {
  return "called_from_lib:liburcu-bp.so\ncalled_from_lib:liburcu-common.so\n";
}
#define SYNCMAP_TSAN_RELEASE(p) __tsan_release(p)
#else
#define SYNCMAP_TSAN_ACQUIRE(p) ((void)(p))
#define SYNCMAP_TSAN_RELEASE(p) ((void)(p))
#endif

namespace syncmap {
namespace {

static_assert(sizeof(rcu_head) == sizeof(Retirable::rcu_storage),
              "Retirable::rcu_head must hold liburcu's struct rcu_head");
static_assert(alignof(rcu_head) <= alignof(void*));

[[maybe_unused]] char grace_sync;    // TSan sync object: sections end
[[maybe_unused]] char barrier_sync;  // TSan sync object: destroys done

rcu_head* head_of(Retirable* r) {
  return reinterpret_cast<rcu_head*>(r->rcu_storage);
}

void run_destroy(rcu_head* head) {
  static_assert(offsetof(Retirable, rcu_storage) == 0);
  Retirable* r = reinterpret_cast<Retirable*>(head);
  SYNCMAP_TSAN_ACQUIRE(&grace_sync);
  SYNCMAP_TSAN_ACQUIRE(r);
  r->destroy(r);
  SYNCMAP_TSAN_RELEASE(&barrier_sync);
}

// A process that forks (gomapfuzz's sandbox does) must stop and restart
// the call_rcu thread around fork(), as liburcu's documentation asks.
void install_fork_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    pthread_atfork(call_rcu_before_fork, call_rcu_after_fork_parent,
                   call_rcu_after_fork_child);
  });
}

}  // namespace

void retire(Retirable* r) {
  install_fork_handlers();
  SYNCMAP_TSAN_RELEASE(r);
  call_rcu(head_of(r), run_destroy);
}

void wait_for_retired() {
  install_fork_handlers();
  rcu_barrier();
  SYNCMAP_TSAN_ACQUIRE(&barrier_sync);
}

ReadSection::ReadSection() { rcu_read_lock(); }

ReadSection::~ReadSection() {
  SYNCMAP_TSAN_RELEASE(&grace_sync);
  rcu_read_unlock();
}

}  // namespace syncmap
