// Replay instantiations for float64 keys (see typed_replay.h).
#include "typed_replay.h"

namespace gomapfuzz::internal {

ReplayResult replay_float64(const Trace& t, const ReplayOptions& o) {
  return replay_with_key<double>(t, o);
}

}  // namespace gomapfuzz::internal
