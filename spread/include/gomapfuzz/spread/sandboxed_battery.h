// The battery on a hash from a shared library (--hash-lib), which may
// crash, abort or hang: the library is loaded and the battery run in a
// sandbox child (harness/sandbox.h), every hash() call published by
// PublishedHash, so that a misbehaving plugin becomes one line naming the
// signal (or the hang), the key and the unit of work, and never takes the
// caller down.
//
// The Battery itself never crosses the pipe: `finish` runs in the child
// and turns it into text and an exit code (the CLI prints the table and
// writes --report there); the child streams progress steps, that text and
// the code, and the parent hands them back.
#ifndef GOMAPFUZZ_SPREAD_SANDBOXED_BATTERY_H_
#define GOMAPFUZZ_SPREAD_SANDBOXED_BATTERY_H_

#include <functional>
#include <ostream>
#include <string>

#include "gomapfuzz/spread/battery.h"

namespace gomapfuzz::spread {

struct SandboxedBatteryOptions {
  std::string library;  // path given to dlopen
  BatteryOptions battery;
  double timeout_seconds = 10;  // one hash() call longer than this hangs
};

// Runs in the child: prints what the run found; returns the exit code.
using BatteryFinish =
    std::function<int(const Battery& b, std::ostream& out, std::ostream& err)>;

struct SandboxedBattery {
  enum class End {
    kFinished,     // finish ran: exit_code, out, err
    kLoadError,    // the library did not load: error (HashLookupError's text)
    kPluginFailed  // crash, abort, hang: error is the one-line finding
  };
  End end = End::kFinished;
  int exit_code = 0;
  std::string out, err;
  std::string error;
  // The child's own stdout and stderr (a plugin's prints, a sanitizer's
  // report), cut to its first 4 KiB.
  std::string child_output;
};

// Runs the battery on `o.library` in a sandbox child. `progress` is
// called in the parent, as each unit finishes, on the calling thread.
SandboxedBattery run_battery_sandboxed(const SandboxedBatteryOptions& o,
                                       const BatteryFinish& finish,
                                       const BatteryProgress& progress = {});

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_SANDBOXED_BATTERY_H_
