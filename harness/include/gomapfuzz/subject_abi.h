/* The gomapfuzz subject ABI, version 1: a Go-style map under test, handed to
 * gomapfuzz as a table of C function pointers.
 *
 * A subject is the map gomapfuzz hammers. mapcore (the project's port of Go
 * 1.19's map) is one; a user's own map is another, in C, C++, Rust, Zig or Go
 * (cgo -buildmode=c-shared): a shared library that exports one function,
 *
 *     const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void);
 *
 * returning a table that lives as long as the library. `gomapfuzz subjects
 * --subject-lib ./libmymap.so` shows what gomapfuzz makes of it, and
 * `gomapfuzz fuzz --subject-lib ./libmymap.so --seconds 20` fuzzes it
 * (README, "Fuzz your own map"; examples/buggy_port/ is a complete one).
 *
 * Capabilities come in tiers; a subject declares the ones it implements in
 * `tiers`, and gomapfuzz runs exactly the checks they enable, reporting every
 * other check as skipped (never as passed):
 *   (a) the API below, always: results against the model, Go's iteration
 *       guarantees, the size after each op;
 *   (b) GOMAPFUZZ_TIER_ALLOCATOR: every byte through config->alloc/free:
 *       allocation faults (an op whose allocation fails reports it and
 *       leaves the map as it was), the leak check after destroy;
 *   (c) GOMAPFUZZ_TIER_LAYOUT: `dump` prints Go's layout (the dump format of
 *       corpus/README.md): the layout shows in every failure report and can
 *       be compared with the real Go map;
 *   (d) GOMAPFUZZ_TIER_HASH: the map hashes with config->hash: the
 *       adversarial hash families;
 *       GOMAPFUZZ_TIER_RANDOM: the map draws all its randomness (hash seed,
 *       iteration starts) from config->seed, so a run replays exactly, and
 *       iter_open_at starts a range where Go's hiter would (pinned
 *       iteration starts, as the Go oracle replays them);
 *   (e) GOMAPFUZZ_TIER_CONCURRENT: every function may be called from several
 *       threads at once on one map (a concurrent map, e.g. sync.Map): chaos
 *       checks its histories for linearizability.
 *
 * Keys travel as bytes: a uint64 or float64 key as its 8 bytes in little-
 * endian order (float64: the IEEE bits; NaN != NaN and +0 == -0, as in Go),
 * a string key as its bytes. Values are uint64 in version 1.
 *
 * Compatibility: gomapfuzz checks abi_version and struct_size before it
 * touches anything else; later versions only append fields. A table that
 * ends before a field (struct_size) simply lacks it: a subject built
 * against an older header still loads. gomapfuzz_config only grows at its
 * end too, and a subject reads only the fields it knows.
 */
#ifndef GOMAPFUZZ_SUBJECT_ABI_H_
#define GOMAPFUZZ_SUBJECT_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GOMAPFUZZ_SUBJECT_ABI_VERSION 1
#define GOMAPFUZZ_SUBJECT_SYMBOL "gomapfuzz_subject_v1_get"

enum gomapfuzz_key_kind {
  GOMAPFUZZ_KEY_UINT64 = 0,
  GOMAPFUZZ_KEY_STRING = 1,
  GOMAPFUZZ_KEY_FLOAT64 = 2
};

enum gomapfuzz_tier {
  GOMAPFUZZ_TIER_ALLOCATOR = 1u << 0, /* (b) */
  GOMAPFUZZ_TIER_LAYOUT = 1u << 1,    /* (c) */
  GOMAPFUZZ_TIER_HASH = 1u << 2,      /* (d) the hash */
  GOMAPFUZZ_TIER_RANDOM = 1u << 3,    /* (d) the random source */
  GOMAPFUZZ_TIER_CONCURRENT = 1u << 4 /* (e) */
};

/* What a map is made with. Fields a subject's tiers do not cover are set
 * but may be ignored. */
typedef struct gomapfuzz_config {
  uint32_t key_kind; /* enum gomapfuzz_key_kind */
  uint32_t reserved;
  uint64_t seed; /* the map's random source: hash seed, iteration starts */
  /* (b): allocate `size` bytes aligned to `align`; NULL when the
   * allocation fails (gomapfuzz injects such failures). free gets the same
   * size and align back. */
  void* (*alloc)(void* ctx, size_t size, size_t align);
  void (*free)(void* ctx, void* p, size_t size, size_t align);
  void* alloc_ctx;
  /* (d): the hash of a key's bytes with a seed. */
  uint64_t (*hash)(void* ctx, const void* key, size_t len, uint64_t seed);
  void* hash_ctx;
  /* For a subject that hashes as Go 1.19 does (hash64.go's fallback hash,
   * which reads runtime.hashkey[0]): the key to hash with, the trace's
   * `hasher gofallback KEY`. With it and tier d's random source, such a
   * subject lays keys out exactly as mapcore and the real Go map do. */
  uint64_t hash_key;
} gomapfuzz_config;

typedef struct gomapfuzz_key {
  const void* data;
  size_t len;
} gomapfuzz_key;

/* Return codes of the operations. Only make, put, erase and iter_open may
 * allocate (with tier b, gomapfuzz fails some of those allocations on
 * purpose); get, len, clear, iter_next, iter_close and destroy must not.
 * When make fails (NULL), gomapfuzz goes on as Go would have: it makes the
 * map again with hint 0, failing none of that make's allocations. */
#define GOMAPFUZZ_OK 1     /* put: a new key; get: found; erase: deleted */
#define GOMAPFUZZ_NONE 0   /* put: an existing key; get, erase: absent */
#define GOMAPFUZZ_NOMEM -1 /* an allocation failed; the map is unchanged */

typedef struct gomapfuzz_subject_v1 {
  uint32_t abi_version; /* GOMAPFUZZ_SUBJECT_ABI_VERSION */
  uint32_t struct_size; /* sizeof(gomapfuzz_subject_v1) */
  const char* name;     /* for reports: "buggy_port", "mymap 0.3" */
  uint32_t tiers;       /* GOMAPFUZZ_TIER_* bits it implements */
  uint32_t key_kinds;   /* bit (1 << kind) per key kind it supports */

  /* (a) make(map[K]uint64, hint); NULL when an allocation failed. */
  void* (*make)(int64_t hint, const gomapfuzz_config* config);
  void (*destroy)(void* map);
  /* m[k] = v: GOMAPFUZZ_OK (new key), GOMAPFUZZ_NONE (overwrote) or
   * GOMAPFUZZ_NOMEM. */
  int (*put)(void* map, gomapfuzz_key key, uint64_t value);
  /* v, ok := m[k]: GOMAPFUZZ_OK with *value set, or GOMAPFUZZ_NONE. */
  int (*get)(void* map, gomapfuzz_key key, uint64_t* value);
  /* delete(m, k): GOMAPFUZZ_OK (was present), GOMAPFUZZ_NONE, or
   * GOMAPFUZZ_NOMEM (a delete during growth may evacuate, which may
   * allocate). */
  int (*erase)(void* map, gomapfuzz_key key);
  void (*clear)(void* map);
  int64_t (*len)(void* map);
  /* for k, v := range m: an iterator (NULL when an allocation failed), its
   * next entry (GOMAPFUZZ_OK, *key valid until the next call on the map or
   * the iterator; GOMAPFUZZ_NONE at the end), and its end. The range
   * begins at iter_open (or at the first iter_next: entries added in
   * between may or may not be yielded). The map may change between two
   * calls of next, as Go allows inside a range loop: Go's guarantees then
   * apply (iteration_check.h states them). */
  void* (*iter_open)(void* map);
  int (*iter_next)(void* iter, gomapfuzz_key* key, uint64_t* value);
  void (*iter_close)(void* iter);

  /* (c) the layout dump into buf (at most cap bytes); returns its full
   * length (call again with a bigger buf when it is larger than cap). */
  size_t (*dump)(void* map, char* buf, size_t cap);

  /* ---- appended in version 1.1 (absent when struct_size ends above) ---- */

  /* (d, GOMAPFUZZ_TIER_RANDOM) iter_open with the range's start given as Go's
   * hiter.startBucket (masked to the map's buckets) and hiter.offset (0-7)
   * instead of drawn; NULL when an allocation failed. */
  void* (*iter_open_at)(void* map, uint64_t start_bucket, uint8_t offset);
} gomapfuzz_subject_v1;

/* The size of a version 1.0 table: the smallest struct_size accepted. */
#define GOMAPFUZZ_SUBJECT_V1_0_SIZE \
  (offsetof(gomapfuzz_subject_v1, dump) + sizeof(void*))

/* The symbol a subject library exports. */
typedef const gomapfuzz_subject_v1* (*gomapfuzz_subject_v1_get_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* GOMAPFUZZ_SUBJECT_ABI_H_ */
