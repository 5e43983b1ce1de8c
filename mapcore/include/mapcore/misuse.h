// Concurrent-misuse detection, as Go's hashWriting flag does it.
//
// Go sets hashWriting for the duration of every write and checks it at the
// start of every read, write and iteration step, and again at the end of a
// write. A second writer or a reader that runs during a write is "fatal error:
// concurrent map writes" / "concurrent map read and map write" / "concurrent
// map iteration and map write". The check is best-effort, exactly as in Go: it
// catches overlaps that happen to be visible, not every race.
//
// mapcore reports through a process-wide handler: by default it prints Go's
// message and aborts; tests install throw_on_misuse to catch it as an error.
#ifndef MAPCORE_MISUSE_H_
#define MAPCORE_MISUSE_H_

#include <stdexcept>

namespace mapcore {

enum class MisuseKind {
  kConcurrentWrites,          // a write saw another write in progress
  kConcurrentReadWrite,       // a read saw a write in progress
  kConcurrentIterationWrite,  // an iteration step saw a write in progress
};

// Go's exact fatal message for the kind.
const char* misuse_message(MisuseKind kind);

using MisuseHandler = void (*)(MisuseKind);

// Installs a handler, returns the previous one. Thread-safe.
MisuseHandler set_misuse_handler(MisuseHandler handler);

// Calls the handler; if it returns, aborts (a detected race must not go on).
[[noreturn]] void report_misuse(MisuseKind kind);

// The default: prints "fatal error: <message>" to stderr and aborts.
[[noreturn]] void abort_on_misuse(MisuseKind kind);

class ConcurrentMapMisuse : public std::runtime_error {
 public:
  explicit ConcurrentMapMisuse(MisuseKind kind)
      : std::runtime_error(misuse_message(kind)), kind_(kind) {}
  MisuseKind kind() const { return kind_; }

 private:
  MisuseKind kind_;
};

// For test builds: throws ConcurrentMapMisuse.
[[noreturn]] void throw_on_misuse(MisuseKind kind);

}  // namespace mapcore

#endif  // MAPCORE_MISUSE_H_
