// Memory reclamation for SyncMap: userspace RCU (liburcu, "bulletproof"
// flavour), hidden behind four functions.
//
// Go's sync.Map frees nothing: the garbage collector keeps a read map, an
// entry or a value alive while any goroutine can still reach it. In C++ a
// Load that loaded the read map pointer without a lock may still be reading
// that map, one of its entries and the value an entry points at when a
// writer replaces them. Each such object is therefore *retired*, not freed:
// retire() frees it only after a grace period, once every read-side section
// that was running when it was retired has ended.
//
// Why liburcu (Debian's liburcu-dev): it is the reference implementation of
// exactly this contract, read-side sections cost a few plain instructions
// and never block or write shared memory (what Go's lock-free Load needs),
// and call_rcu() retires from any thread without waiting (a writer holding
// the map's mutex must never wait for a grace period: a reader blocked on
// that mutex inside its section would deadlock it). The "bp" flavour needs
// no thread registration, so a library can use it from threads it does not
// own. Hazard pointers would need one per object a reader holds (read map,
// entry, value) and a retry protocol in every op; epoch schemes are what
// liburcu already is, tested. What liburcu costs: callbacks run on its
// call_rcu thread, so the memory resource that frees must be thread-safe.
//
// This header exposes no liburcu macro (rcu.cc includes <urcu-bp.h>).
// Under ThreadSanitizer, rcu.cc tells TSan about the happens-before edges
// liburcu creates with its own, uninstrumented, barriers.
#ifndef SYNCMAP_RCU_H_
#define SYNCMAP_RCU_H_

#include <boost/container/pmr/memory_resource.hpp>
#include <cstddef>

namespace syncmap {

namespace pmr = boost::container::pmr;

// The base of every object SyncMap may retire. Holds liburcu's rcu_head
// (two pointers, checked in rcu.cc), first, so that
// the object is found from it and what frees the object.
struct Retirable {
  alignas(void*) unsigned char rcu_storage[2 * sizeof(void*)];
  pmr::memory_resource* resource = nullptr;
  // Runs the object's destructor and returns its bytes to `resource`.
  void (*destroy)(Retirable*) = nullptr;
};

// Frees r (r->destroy(r)) after a grace period. Never blocks.
void retire(Retirable* r);

// Waits until every retire() made before the call has run its destroy.
// Must not be called inside a read-side section.
void wait_for_retired();

// A read-side section (nestable): objects reachable at its start stay
// allocated until it ends.
class ReadSection {
 public:
  ReadSection();
  ~ReadSection();
  ReadSection(const ReadSection&) = delete;
  ReadSection& operator=(const ReadSection&) = delete;
};

// Allocates and constructs a T (derived from Retirable) from `resource`;
// throws what the resource or the constructor throws, leaking nothing.
template <class T, class... Args>
T* make_retirable(pmr::memory_resource* resource, Args&&... args) {
  void* raw = resource->allocate(sizeof(T), alignof(T));
  T* obj;
  try {
    obj = new (raw) T(static_cast<Args&&>(args)...);
  } catch (...) {
    resource->deallocate(raw, sizeof(T), alignof(T));
    throw;
  }
  obj->resource = resource;
  obj->destroy = [](Retirable* r) {
    T* t = static_cast<T*>(r);
    pmr::memory_resource* res = t->resource;
    t->~T();
    res->deallocate(t, sizeof(T), alignof(T));
  };
  return obj;
}

// Frees now an object no other thread can reach (never published, or
// the map is being destroyed).
inline void destroy_now(Retirable* r) { r->destroy(r); }

}  // namespace syncmap

#endif  // SYNCMAP_RCU_H_
