// Replay instantiations for uint64 keys (see typed_replay.h).
#include "typed_replay.h"

namespace gomapfuzz::internal {

ReplayResult replay_uint64(const Trace& t, const ReplayOptions& o) {
  return replay_with_key<uint64_t>(t, o);
}

}  // namespace gomapfuzz::internal
