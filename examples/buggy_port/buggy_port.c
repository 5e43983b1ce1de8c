/* buggy_port: a small C port of Go's classic map, the kind a porter writes,
 * with three bugs of the kind porters make. It is a gomapfuzz subject
 * (gomapfuzz/subject_abi.h, tier a): `gomapfuzz fuzz --subject-lib
 * ./libbuggy_port.so` finds each bug (README, "Fuzz your own map").
 *
 * The port: buckets of 8 slots with a tophash byte each (markers emptyRest
 * 0, emptyOne 1, evacuatedX 2, evacuatedY 3, evacuatedEmpty 4; live slots
 * >= 5), overflow chains, growth by doubling at load factor 6.5 with
 * incremental evacuation (each write evacuates its own old bucket and the
 * next one, X/Y split by the hash bit of the old size), and Go's iterator
 * (random start, old buckets walked while growing, keys filtered by the new
 * bucket they belong to, moved keys looked up afresh). Old arrays an
 * iterator may still read are kept until the last iterator closes, and
 * string bytes live until destroy, standing in for Go's garbage collector.
 *
 * The bugs, each compiled in with -DBUG_<NAME> (CMakeLists.txt builds one
 * library per bug, one with all three, and the fixed port):
 *   BUG_STOP_AT_FREE_SLOT  put stops searching at the first free slot and
 *                          inserts there, though the key may sit further
 *                          down the chain: after a delete, a key can be
 *                          stored twice (the model sees a wrong "new key"
 *                          and a wrong size).
 *   BUG_XY_SPLIT_BIT       evacuation splits X/Y on the hash bit of the new
 *                          size instead of the old: half the keys of a
 *                          doubled map land in a bucket where lookups never
 *                          look (a key "vanishes" after growth).
 *   BUG_NO_CHECK_BUCKET    the iterator walks an old bucket not yet
 *                          evacuated without keeping only the keys of the
 *                          new bucket it stands for: both halves of an old
 *                          bucket are visited, and their keys yielded twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gomapfuzz/subject_abi.h"

enum { kBucketCnt = 8, kMinTopHash = 5 };
enum { kEmptyRest = 0, kEmptyOne = 1, kEvacX = 2, kEvacY = 3, kEvacEmpty = 4 };

typedef struct {
  uint64_t bits; /* uint64, float64 */
  const char* s; /* string bytes (in the map's arena) */
  size_t len;
} key_t_;

typedef struct bucket {
  uint8_t tophash[kBucketCnt];
  key_t_ keys[kBucketCnt];
  uint64_t vals[kBucketCnt];
  struct bucket* overflow;
} bucket;

/* Memory kept until destroy (string bytes) or until no iterator is open
 * (retired arrays and their chains). */
typedef struct block {
  struct block* next;
} block;

typedef struct {
  uint32_t kind;
  int64_t count;
  uint8_t B;
  uint64_t seed, rng;
  bucket* buckets;
  bucket* oldbuckets;
  uint64_t nevacuate;
  int iterators;
  block* arena;   /* string bytes */
  block* retired; /* arrays no longer in use */
} hmap;

static void* new_block(block** list, size_t n) {
  block* b = calloc(1, sizeof(block) + n);
  b->next = *list;
  *list = b;
  return b + 1;
}

static void free_blocks(block** list) {
  while (*list) {
    block* next = (*list)->next;
    free(*list);
    *list = next;
  }
}

/* ---- keys ---- */

static key_t_ key_of(const hmap* h, gomapfuzz_key k) {
  key_t_ out = {0, NULL, 0};
  if (h->kind == GOMAPFUZZ_KEY_STRING) {
    out.s = k.data;
    out.len = k.len;
  } else {
    memcpy(&out.bits, k.data, k.len < 8 ? k.len : 8);
  }
  return out;
}

static double as_double(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

static int key_equal(const hmap* h, key_t_ a, key_t_ b) {
  switch (h->kind) {
    case GOMAPFUZZ_KEY_STRING:
      return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
    case GOMAPFUZZ_KEY_FLOAT64:
      return as_double(a.bits) == as_double(b.bits); /* NaN != NaN; 0 == -0 */
    default:
      return a.bits == b.bits;
  }
}

static int self_equal(const hmap* h, key_t_ k) { return key_equal(h, k, k); }

static uint64_t next_random(hmap* h) {
  h->rng ^= h->rng << 13;
  h->rng ^= h->rng >> 7;
  h->rng ^= h->rng << 17;
  return h->rng;
}

/* FNV-1a over the key's bytes, seeded, with a final mix. */
static uint64_t hash_of(hmap* h, key_t_ k) {
  const unsigned char* p;
  size_t n;
  if (h->kind == GOMAPFUZZ_KEY_FLOAT64) {
    const double d = as_double(k.bits);
    if (d != d) return next_random(h); /* NaN: random, as in Go */
    if (d == 0) return h->seed * 0x9e3779b97f4a7c15ull; /* +0 and -0 */
  }
  if (h->kind == GOMAPFUZZ_KEY_STRING) {
    p = (const unsigned char*)k.s;
    n = k.len;
  } else {
    p = (const unsigned char*)&k.bits;
    n = 8;
  }
  uint64_t x = 0xcbf29ce484222325ull ^ h->seed;
  for (size_t i = 0; i < n; i++) x = (x ^ p[i]) * 0x100000001b3ull;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  return x ^ (x >> 33);
}

static uint8_t tophash(uint64_t hash) {
  uint8_t top = (uint8_t)(hash >> 56);
  return top < kMinTopHash ? top + kMinTopHash : top;
}

/* ---- buckets ---- */

static uint64_t nbuckets(uint8_t b) { return (uint64_t)1 << b; }
static int growing(const hmap* h) { return h->oldbuckets != NULL; }
static uint64_t noldbuckets(const hmap* h) { return nbuckets(h->B - 1); }
static int evacuated(const bucket* b) {
  return b->tophash[0] > kEmptyOne && b->tophash[0] < kMinTopHash;
}

static bucket* new_array(uint8_t b) {
  return calloc(nbuckets(b), sizeof(bucket));
}

static void free_chains(bucket* arr, uint64_t n) {
  for (uint64_t i = 0; i < n; i++) {
    bucket* o = arr[i].overflow;
    while (o) {
      bucket* next = o->overflow;
      free(o);
      o = next;
    }
  }
  free(arr);
}

/* An array no longer in use: freed now, or when the last iterator closes
 * (an iterator may still walk it). */
typedef struct {
  bucket* arr;
  uint64_t n;
} retired_array;

static void retire(hmap* h, bucket* arr, uint64_t n) {
  if (h->iterators == 0) {
    free_chains(arr, n);
    return;
  }
  retired_array* r = new_block(&h->retired, sizeof(retired_array));
  r->arr = arr;
  r->n = n;
}

static void release_retired(hmap* h) {
  for (block* b = h->retired; b; b = b->next) {
    retired_array* r = (retired_array*)(b + 1);
    free_chains(r->arr, r->n);
  }
  free_blocks(&h->retired);
}

static int over_load_factor(int64_t count, uint8_t b) {
  return count > kBucketCnt && (uint64_t)count > 13 * (nbuckets(b) / 2);
}

/* ---- growth ---- */

/* Appends an entry at the end of dest's chain. */
static void append(bucket* dest, uint8_t top, key_t_ k, uint64_t v) {
  for (;;) {
    for (int i = 0; i < kBucketCnt; i++) {
      if (dest->tophash[i] == kEmptyRest) {
        dest->tophash[i] = top;
        dest->keys[i] = k;
        dest->vals[i] = v;
        return;
      }
    }
    if (!dest->overflow) dest->overflow = calloc(1, sizeof(bucket));
    dest = dest->overflow;
  }
}

static void advance_mark(hmap* h) {
  const uint64_t n = noldbuckets(h);
  while (h->nevacuate < n && evacuated(&h->oldbuckets[h->nevacuate])) {
    h->nevacuate++;
  }
  if (h->nevacuate == n) {
    retire(h, h->oldbuckets, n);
    h->oldbuckets = NULL;
  }
}

static void evacuate(hmap* h, uint64_t ob) {
  bucket* b = &h->oldbuckets[ob];
  if (!evacuated(b)) {
    const uint64_t newbit = noldbuckets(h);
    for (bucket* c = b; c; c = c->overflow) {
      for (int i = 0; i < kBucketCnt; i++) {
        const uint8_t top = c->tophash[i];
        if (top < kMinTopHash) {
          c->tophash[i] = kEvacEmpty;
          continue;
        }
        const key_t_ k = c->keys[i];
        int use_y;
        if (!self_equal(h, k)) {
          use_y = top & 1; /* NaN: its hash cannot be recomputed */
        } else {
          const uint64_t hash = hash_of(h, k);
#ifdef BUG_XY_SPLIT_BIT
          use_y = (hash & (newbit << 1)) != 0; /* the new size's bit */
#else
          use_y = (hash & newbit) != 0;
#endif
        }
        append(&h->buckets[ob + (use_y ? newbit : 0)], top, k, c->vals[i]);
        c->tophash[i] = use_y ? kEvacY : kEvacX;
      }
    }
  }
  if (ob == h->nevacuate) advance_mark(h);
}

static void grow_work(hmap* h, uint64_t bucket_index) {
  evacuate(h, bucket_index & (noldbuckets(h) - 1));
  if (growing(h)) evacuate(h, h->nevacuate);
}

static void hash_grow(hmap* h) {
  h->oldbuckets = h->buckets;
  h->B++;
  h->buckets = new_array(h->B);
  h->nevacuate = 0;
}

/* ---- lookups ---- */

/* The slot holding k, or NULL. */
static bucket* find(hmap* h, key_t_ k, uint64_t hash, int* slot) {
  if (h->count == 0 || !h->buckets) return NULL;
  bucket* b = &h->buckets[hash & (nbuckets(h->B) - 1)];
  if (growing(h)) {
    bucket* old = &h->oldbuckets[hash & (noldbuckets(h) - 1)];
    if (!evacuated(old)) b = old;
  }
  const uint8_t top = tophash(hash);
  for (; b; b = b->overflow) {
    for (int i = 0; i < kBucketCnt; i++) {
      if (b->tophash[i] == kEmptyRest) return NULL;
      if (b->tophash[i] == top && key_equal(h, b->keys[i], k)) {
        *slot = i;
        return b;
      }
    }
  }
  return NULL;
}

/* ---- the ABI ---- */

static void* make(int64_t hint, const gomapfuzz_config* c) {
  hmap* h = calloc(1, sizeof(hmap));
  h->kind = c->key_kind;
  h->seed = c->seed;
  h->rng = c->seed * 2 + 1;
  while (hint > 0 && over_load_factor(hint, h->B)) h->B++;
  h->buckets = new_array(h->B);
  return h;
}

static void destroy(void* m) {
  hmap* h = m;
  if (h->oldbuckets) free_chains(h->oldbuckets, noldbuckets(h));
  free_chains(h->buckets, nbuckets(h->B));
  release_retired(h);
  free_blocks(&h->arena);
  free(h);
}

static int put(void* m, gomapfuzz_key key, uint64_t value) {
  hmap* h = m;
  key_t_ k = key_of(h, key);
  const uint64_t hash = hash_of(h, k);
again:
  if (growing(h)) grow_work(h, hash & (nbuckets(h->B) - 1));
  {
    const uint8_t top = tophash(hash);
    bucket* b = &h->buckets[hash & (nbuckets(h->B) - 1)];
    bucket* free_b = NULL;
    int free_i = 0;
    for (bucket* c = b;; c = c->overflow) {
      int done = 0;
      for (int i = 0; i < kBucketCnt; i++) {
        const uint8_t t = c->tophash[i];
        if (t < kMinTopHash) {
          if (!free_b) {
            free_b = c;
            free_i = i;
#ifdef BUG_STOP_AT_FREE_SLOT
            done = 1; /* "the key cannot be further on" */
            break;
#endif
          }
          if (t == kEmptyRest) {
            done = 1;
            break;
          }
          continue;
        }
        if (t == top && key_equal(h, c->keys[i], k)) {
          c->keys[i].bits = k.bits; /* needkeyupdate: -0 replaces +0 */
          c->vals[i] = value;
          return GOMAPFUZZ_NONE;
        }
      }
      if (done || !c->overflow) break;
    }
    if (!growing(h) && over_load_factor(h->count + 1, h->B)) {
      hash_grow(h);
      goto again;
    }
    if (!free_b) {
      bucket* last = b;
      while (last->overflow) last = last->overflow;
      last->overflow = calloc(1, sizeof(bucket));
      free_b = last->overflow;
      free_i = 0;
    }
    if (h->kind == GOMAPFUZZ_KEY_STRING) {
      char* s = new_block(&h->arena, k.len);
      memcpy(s, k.s, k.len);
      k.s = s;
    }
    free_b->tophash[free_i] = top;
    free_b->keys[free_i] = k;
    free_b->vals[free_i] = value;
    h->count++;
    return GOMAPFUZZ_OK;
  }
}

static int get(void* m, gomapfuzz_key key, uint64_t* value) {
  hmap* h = m;
  const key_t_ k = key_of(h, key);
  int i;
  bucket* b = find(h, k, hash_of(h, k), &i);
  if (!b) return GOMAPFUZZ_NONE;
  *value = b->vals[i];
  return GOMAPFUZZ_OK;
}

static int erase(void* m, gomapfuzz_key key) {
  hmap* h = m;
  const key_t_ k = key_of(h, key);
  const uint64_t hash = hash_of(h, k);
  if (h->count == 0) return GOMAPFUZZ_NONE;
  if (growing(h)) grow_work(h, hash & (nbuckets(h->B) - 1));
  int i;
  bucket* b = find(h, k, hash, &i);
  if (!b) return GOMAPFUZZ_NONE;
  b->tophash[i] = kEmptyOne; /* (no emptyRest propagation: slower, correct) */
  h->count--;
  return GOMAPFUZZ_OK;
}

static void clear(void* m) {
  hmap* h = m;
  if (h->oldbuckets) retire(h, h->oldbuckets, noldbuckets(h));
  h->oldbuckets = NULL;
  retire(h, h->buckets, nbuckets(h->B));
  h->buckets = new_array(h->B);
  h->count = 0;
  h->nevacuate = 0;
}

static int64_t len(void* m) { return ((hmap*)m)->count; }

/* ---- iteration: Go's hiter and mapiternext ---- */

#define NO_CHECK UINT64_MAX

typedef struct {
  hmap* h;
  bucket* buckets; /* the array at the first step */
  uint8_t B;
  uint64_t start, bucket, check_bucket;
  uint8_t offset, i;
  int wrapped, started, done;
  bucket* bptr;
  key_t_ key; /* the last yielded key */
} iter;

static void* iter_open(void* m) {
  hmap* h = m;
  iter* it = calloc(1, sizeof(iter));
  it->h = h;
  h->iterators++;
  return it;
}

static void iter_close(void* i) {
  iter* it = i;
  if (--it->h->iterators == 0) release_retired(it->h);
  free(it);
}

static int iter_next(void* i, gomapfuzz_key* out_key, uint64_t* out_value) {
  iter* it = i;
  hmap* h = it->h;
  if (it->done) return GOMAPFUZZ_NONE;
  if (!it->started) {
    it->started = 1;
    it->buckets = h->buckets;
    it->B = h->B;
    const uint64_t r = next_random(h);
    it->start = r & (nbuckets(it->B) - 1);
    it->offset = (uint8_t)((r >> it->B) & 7);
    it->bucket = it->start;
  }
  for (;;) {
    if (!it->bptr) {
      if (it->bucket == it->start && it->wrapped) {
        it->done = 1;
        return GOMAPFUZZ_NONE;
      }
      if (growing(h) && it->B == h->B) {
        /* Started after the growth began: walk the old bucket while it is
         * not evacuated, keeping the keys of this new bucket only. */
        bucket* old = &h->oldbuckets[it->bucket & (noldbuckets(h) - 1)];
        if (!evacuated(old)) {
          it->bptr = old;
          it->check_bucket = it->bucket;
        } else {
          it->bptr = &it->buckets[it->bucket];
          it->check_bucket = NO_CHECK;
        }
      } else {
        it->bptr = &it->buckets[it->bucket];
        it->check_bucket = NO_CHECK;
      }
      if (++it->bucket == nbuckets(it->B)) {
        it->bucket = 0;
        it->wrapped = 1;
      }
      it->i = 0;
    }
    for (; it->i < kBucketCnt; it->i++) {
      const uint8_t offi = (it->i + it->offset) & 7;
      const uint8_t top = it->bptr->tophash[offi];
      if (top <= kEmptyOne || top == kEvacEmpty) continue;
      const key_t_ k = it->bptr->keys[offi];
#ifndef BUG_NO_CHECK_BUCKET
      if (it->check_bucket != NO_CHECK) {
        if (self_equal(h, k)) {
          if ((hash_of(h, k) & (nbuckets(it->B) - 1)) != it->check_bucket) {
            continue;
          }
        } else if ((it->check_bucket >> (it->B - 1)) != (uint64_t)(top & 1)) {
          continue;
        }
      }
#endif
      uint64_t v = it->bptr->vals[offi];
      if ((top == kEvacX || top == kEvacY) && self_equal(h, k)) {
        /* The map grew since: the entry may have moved, been updated or
         * deleted: look it up. */
        int j;
        bucket* now = find(h, k, hash_of(h, k), &j);
        if (!now) continue;
        v = now->vals[j];
        it->key = now->keys[j];
      } else {
        it->key = k;
      }
      it->i++;
      if (h->kind == GOMAPFUZZ_KEY_STRING) {
        out_key->data = it->key.s;
        out_key->len = it->key.len;
      } else {
        out_key->data = &it->key.bits;
        out_key->len = 8;
      }
      *out_value = v;
      return GOMAPFUZZ_OK;
    }
    it->bptr = it->bptr->overflow;
    it->i = 0;
  }
}

static const gomapfuzz_subject_v1 kTable = {
    GOMAPFUZZ_SUBJECT_ABI_VERSION,
    sizeof(gomapfuzz_subject_v1),
    "buggy_port",
    0, /* tier a only: it allocates with malloc and hashes itself */
    (1u << GOMAPFUZZ_KEY_UINT64) | (1u << GOMAPFUZZ_KEY_STRING) |
        (1u << GOMAPFUZZ_KEY_FLOAT64),
    make,
    destroy,
    put,
    get,
    erase,
    clear,
    len,
    iter_open,
    iter_next,
    iter_close,
    NULL,
};

const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void) { return &kTable; }
