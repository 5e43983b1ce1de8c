/* Subjects that are broken on purpose, one per -DBAD_<KIND>, for the tests
 * of how gomapfuzz meets a bad plugin (examples/CMakeLists.txt):
 *   BAD_NO_SYMBOL     exports no gomapfuzz_subject_v1_get
 *   BAD_ABI_VERSION   speaks ABI version 99
 *   BAD_NO_PUT        a table without put()
 *   BAD_WRONG_ANSWER  get() answers 42 for every key it holds
 *   BAD_CRASH         put() of the 20th new key dereferences NULL
 * The map itself is a tiny linear one (uint64 keys only, at most 4096). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gomapfuzz/subject_abi.h"

enum { kCap = 4096 };

typedef struct {
  uint64_t keys[kCap], vals[kCap];
  int64_t n;
} tiny;

/* An iterator walks a snapshot of the keys, yielding each one still present
 * (Go's guarantees hold: new keys are never yielded). */
typedef struct {
  tiny* t;
  uint64_t keys[kCap];
  int64_t n, i;
  uint64_t key;
} tiny_iter;

static uint64_t key_of(gomapfuzz_key k) {
  uint64_t v = 0;
  memcpy(&v, k.data, k.len < 8 ? k.len : 8);
  return v;
}

static int64_t index_of(tiny* t, uint64_t k) {
  for (int64_t i = 0; i < t->n; i++) {
    if (t->keys[i] == k) return i;
  }
  return -1;
}

static void* make(int64_t hint, const gomapfuzz_config* c) {
  (void)hint;
  (void)c;
  return calloc(1, sizeof(tiny));
}
static void destroy(void* m) { free(m); }

__attribute__((unused)) static int put(void* m, gomapfuzz_key key, uint64_t v) {
  tiny* t = m;
  const uint64_t k = key_of(key);
  const int64_t i = index_of(t, k);
  if (i >= 0) {
    t->vals[i] = v;
    return GOMAPFUZZ_NONE;
  }
#ifdef BAD_CRASH
  if (t->n == 19) *(volatile int*)0 = 1;
#endif
  if (t->n == kCap) return GOMAPFUZZ_NOMEM;
  t->keys[t->n] = k;
  t->vals[t->n++] = v;
  return GOMAPFUZZ_OK;
}

static int get(void* m, gomapfuzz_key key, uint64_t* v) {
  tiny* t = m;
  const int64_t i = index_of(t, key_of(key));
  if (i < 0) return GOMAPFUZZ_NONE;
#ifdef BAD_WRONG_ANSWER
  *v = 42;
#else
  *v = t->vals[i];
#endif
  return GOMAPFUZZ_OK;
}

static int erase(void* m, gomapfuzz_key key) {
  tiny* t = m;
  const int64_t i = index_of(t, key_of(key));
  if (i < 0) return GOMAPFUZZ_NONE;
  t->keys[i] = t->keys[--t->n];
  t->vals[i] = t->vals[t->n];
  return GOMAPFUZZ_OK;
}

static void clear(void* m) { ((tiny*)m)->n = 0; }
static int64_t len(void* m) { return ((tiny*)m)->n; }

static void* iter_open(void* m) {
  tiny* t = m;
  tiny_iter* it = calloc(1, sizeof(tiny_iter));
  it->t = t;
  it->n = t->n;
  memcpy(it->keys, t->keys, sizeof(uint64_t) * (size_t)t->n);
  return it;
}
static int iter_next(void* i, gomapfuzz_key* k, uint64_t* v) {
  tiny_iter* it = i;
  while (it->i < it->n) {
    const int64_t at = index_of(it->t, it->keys[it->i++]);
    if (at < 0) continue; /* deleted since */
    it->key = it->t->keys[at];
    *k = (gomapfuzz_key){&it->key, 8};
    *v = it->t->vals[at];
    return GOMAPFUZZ_OK;
  }
  return GOMAPFUZZ_NONE;
}
static void iter_close(void* i) { free(i); }

static const gomapfuzz_subject_v1 kTable = {
#ifdef BAD_ABI_VERSION
    99,
#else
    GOMAPFUZZ_SUBJECT_ABI_VERSION,
#endif
    sizeof(gomapfuzz_subject_v1),
    "bad_subject",
    0,
    1u << GOMAPFUZZ_KEY_UINT64,
    make,
    destroy,
#ifdef BAD_NO_PUT
    NULL,
#else
    put,
#endif
    get,
    erase,
    clear,
    len,
    iter_open,
    iter_next,
    iter_close,
    NULL,
};

#ifndef BAD_NO_SYMBOL
const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void) { return &kTable; }
#else
const gomapfuzz_subject_v1* some_other_symbol(void) { return &kTable; }
#endif
