// The global operator new/delete replacements behind HeapCounter. Every
// form (sized, aligned, array) goes through malloc or aligned_alloc, so one
// malloc_usable_size accounts for each block on the way in and out.
#include "alloc_counter.h"

#include <malloc.h>

#include <cstdlib>
#include <new>

namespace gomapfuzz::bench {
namespace {

bool g_enabled = false;
int64_t g_live = 0;
int64_t g_peak = 0;

void* counted(void* p) {
  if (!p) throw std::bad_alloc();
  if (!g_enabled) return p;
  g_live += static_cast<int64_t>(malloc_usable_size(p));
  if (g_live > g_peak) g_peak = g_live;
  return p;
}

void uncounted(void* p) {
  if (!p) return;
  if (g_enabled) g_live -= static_cast<int64_t>(malloc_usable_size(p));
  std::free(p);
}

void* aligned(std::size_t n, std::align_val_t a) {
  const auto al = static_cast<std::size_t>(a);
  return counted(std::aligned_alloc(al, (n + al - 1) / al * al));
}

}  // namespace

void HeapCounter::enable() { g_enabled = true; }
int64_t HeapCounter::live() { return g_live; }
int64_t HeapCounter::peak() { return g_peak; }
void HeapCounter::reset_peak() { g_peak = g_live; }

}  // namespace gomapfuzz::bench

using gomapfuzz::bench::aligned;
using gomapfuzz::bench::counted;
using gomapfuzz::bench::uncounted;

void* operator new(std::size_t n) { return counted(std::malloc(n ? n : 1)); }
void* operator new[](std::size_t n) { return counted(std::malloc(n ? n : 1)); }
void* operator new(std::size_t n, std::align_val_t a) { return aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) {
  return aligned(n, a);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted(std::malloc(n ? n : 1));
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }
void operator delete(void* p, std::align_val_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::align_val_t) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  uncounted(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  uncounted(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { uncounted(p); }
