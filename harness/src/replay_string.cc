// Replay instantiations for string keys (see typed_replay.h).
#include "typed_replay.h"

namespace gomapfuzz::internal {

ReplayResult replay_string(const Trace& t, const ReplayOptions& o) {
  return replay_with_key<mapcore::GoString>(t, o);
}

}  // namespace gomapfuzz::internal
