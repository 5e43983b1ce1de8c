// MapUnderTest for uint64 keys (see map_under_test_impl.h): one instantiation
// per file, so the key types compile in parallel.
#include "map_under_test_impl.h"

namespace gomapfuzz {
template class MapUnderTest<uint64_t>;
}  // namespace gomapfuzz
