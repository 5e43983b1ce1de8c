#include <stdlib.h>
#include <string.h>
#include "gomapfuzz/subject_abi.h"

/* A linear map: correct, slow. Its arrays come from gomapfuzz's allocator (tier b), its handle
 * from calloc: a make whose allocation fails is retried with hint 0, which cannot fail in Go. */
typedef struct { gomapfuzz_config c; uint64_t* kv; int64_t n, cap; } M; /* keys kv[i], values kv[cap + i] */
typedef struct { M* m; int64_t n, i; uint64_t key, k[]; } I;           /* a snapshot of the keys */
static void* A(M* m, size_t n) { return m->c.alloc(m->c.alloc_ctx, n, 8); }
static void F(M* m, void* p, size_t n) { m->c.free(m->c.alloc_ctx, p, n, 8); }
static uint64_t K(gomapfuzz_key k) { uint64_t x = 0; memcpy(&x, k.data, 8); return x; }
static int64_t at(M* m, uint64_t k) { for (int64_t i = 0; i < m->n; i++) if (m->kv[i] == k) return i; return -1; }
static void* make(int64_t hint, const gomapfuzz_config* c) { M* m = calloc(1, sizeof(M)); if (m) m->c = *c; return m; }
static void destroy(void* p) { M* m = p; if (m->cap) F(m, m->kv, 16 * m->cap); free(m); }
static int put(void* p, gomapfuzz_key key, uint64_t v) {
  M* m = p; int64_t i = at(m, K(key));
  if (i >= 0) { m->kv[m->cap + i] = v; return GOMAPFUZZ_NONE; }
  if (m->n == m->cap) { /* grow; if the allocation fails, the map stays as it was */
    int64_t cap = m->cap ? 2 * m->cap : 8; uint64_t* kv = A(m, 16 * cap);
    if (!kv) return GOMAPFUZZ_NOMEM;
    if (m->cap) { memcpy(kv, m->kv, 8 * m->n); memcpy(kv + cap, m->kv + m->cap, 8 * m->n); F(m, m->kv, 16 * m->cap); }
    m->kv = kv; m->cap = cap; }
  m->kv[m->n] = K(key); m->kv[m->cap + m->n++] = v; return GOMAPFUZZ_OK; }
static int get(void* p, gomapfuzz_key key, uint64_t* v) {
  M* m = p; int64_t i = at(m, K(key)); if (i < 0) return GOMAPFUZZ_NONE; *v = m->kv[m->cap + i]; return GOMAPFUZZ_OK; }
static int erase(void* p, gomapfuzz_key key) {
  M* m = p; int64_t i = at(m, K(key)); if (i < 0) return GOMAPFUZZ_NONE;
  m->n--; m->kv[i] = m->kv[m->n]; m->kv[m->cap + i] = m->kv[m->cap + m->n]; return GOMAPFUZZ_OK; }
static void clear(void* m) { ((M*)m)->n = 0; }
static int64_t len(void* m) { return ((M*)m)->n; }
static void* iter_open(void* p) { /* Go's guarantees hold: only keys present at the start, if still present */
  M* m = p; I* it = A(m, sizeof(I) + 8 * m->n); if (!it) return NULL;
  it->m = m; it->n = m->n; it->i = 0; if (m->n) memcpy(it->k, m->kv, 8 * m->n); return it; }
static int iter_next(void* p, gomapfuzz_key* k, uint64_t* v) {
  I* it = p; while (it->i < it->n) { int64_t j = at(it->m, it->k[it->i++]); if (j < 0) continue;
    it->key = it->m->kv[j]; *k = (gomapfuzz_key){&it->key, 8}; *v = it->m->kv[it->m->cap + j]; return GOMAPFUZZ_OK; }
  return GOMAPFUZZ_NONE; }
static void iter_close(void* p) { I* it = p; F(it->m, it, sizeof(I) + 8 * it->n); }
static const gomapfuzz_subject_v1 table = {GOMAPFUZZ_SUBJECT_ABI_VERSION, sizeof table, "linear", GOMAPFUZZ_TIER_ALLOCATOR,
  1u << GOMAPFUZZ_KEY_UINT64, make, destroy, put, get, erase, clear, len, iter_open, iter_next, iter_close, NULL};
const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void) { return &table; }
