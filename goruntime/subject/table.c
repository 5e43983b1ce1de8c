// The subject's table: what gomapfuzz_subject_v1_get returns, its function
// pointers set to the functions subject.go exports. In a .c file rather than
// a cgo preamble: the preamble of a file with //export may hold no
// definitions, and this file gets the exports' declarations from
// _cgo_export.h, so the compiler checks each against the ABI's pointer type.
#include "_cgo_export.h"
#include "gomapfuzz/subject_abi.h"

// make takes a const config in the ABI; cgo declares Go's parameter without
// the const.
static void* go_make(int64_t hint, const gomapfuzz_config* config) {
  return gomapfuzzGoMake(hint, (gomapfuzz_config*)config);
}

static const gomapfuzz_subject_v1 kTable = {
    .abi_version = GOMAPFUZZ_SUBJECT_ABI_VERSION,
    .struct_size = sizeof(gomapfuzz_subject_v1),
    .name = "go1.19 runtime map",
    .tiers = GOMAPFUZZ_TIER_LAYOUT | GOMAPFUZZ_TIER_RANDOM,
    .key_kinds = (1u << GOMAPFUZZ_KEY_UINT64) | (1u << GOMAPFUZZ_KEY_STRING) |
                 (1u << GOMAPFUZZ_KEY_FLOAT64),
    .make = go_make,
    .destroy = gomapfuzzGoDestroy,
    .put = gomapfuzzGoPut,
    .get = gomapfuzzGoGet,
    .erase = gomapfuzzGoErase,
    .clear = gomapfuzzGoClear,
    .len = gomapfuzzGoLen,
    .iter_open = gomapfuzzGoIterOpen,
    .iter_next = gomapfuzzGoIterNext,
    .iter_close = gomapfuzzGoIterClose,
    .dump = gomapfuzzGoDump,
    .iter_open_at = gomapfuzzGoIterOpenAt,
};

const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void) { return &kTable; }
