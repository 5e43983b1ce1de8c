// A sandbox for untrusted plugin code: run a callable in a fork()ed child
// and watch it from the parent, so that a plugin that crashes, aborts or
// hangs becomes a finding instead of taking the tool down with it.
//
// The child talks to the parent in two ways:
//   - lines of text over a pipe (SandboxChild::send_line), in whatever
//     format the caller chooses; the parent hands each one to on_line;
//   - a MAP_SHARED page of per-thread slots that survives the child: each
//     thread publishes the input it is processing (SandboxChild::begin_input
//     before the plugin call, end_call after), plus a stage label. After a
//     crash the parent reads the slot of the thread that crashed (a signal
//     handler in the child records it) and can name the input; a slot that
//     stays inside one call for longer than the timeout is a hang, and the
//     child is killed with SIGKILL.
// Publishing stores the input's address, length and seed and bumps a
// counter: a handful of stores, so that wrapping a hash called hundreds of
// millions of times costs ~1 ns a call. Copying the bytes on every call
// cost 3-15 ns (a memcpy that reads a key the caller has just written
// stalls on store forwarding), so the child copies them (the first
// kSandboxInputBytes) only when it matters, while the input is still in
// use by the stuck call: in its crash handler, in an atexit handler (a
// plugin that calls exit()), and on a hang, when the parent asks by
// kSnapshotSignal before the SIGKILL. A thread has an alternate signal
// stack, so a stack overflow in the plugin is caught and named too.
//
// The child's stdout and stderr go to a pipe of their own: the parent keeps
// their first stderr_head_bytes (an ASan report, an assert message, a
// plugin's prints) and discards the rest, so a chatty plugin cannot fill
// memory, and it cannot garble the caller's output. The child leaves with
// _exit (no atexit handlers, no second flush of the parent's stdio buffers,
// which run_sandboxed flushes before fork) and dies with its parent
// (PR_SET_PDEATHSIG).
//
// fork() copies only the calling thread: call run_sandboxed from a
// single-threaded program (the child may start threads of its own).
#ifndef GOMAPFUZZ_HARNESS_SANDBOX_H_
#define GOMAPFUZZ_HARNESS_SANDBOX_H_

#include <atomic>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace gomapfuzz::harness {

// Bytes of an input kept for the report (hex of them is ~200 characters).
inline constexpr std::size_t kSandboxInputBytes = 96;
// Bytes of a stage label, with its terminating zero.
inline constexpr std::size_t kSandboxStageBytes = 64;
// What the parent sends a hung child to have the input copied (a plugin
// that uses SIGUSR2 for itself defeats only the copy, not the watchdog).
inline constexpr int kSnapshotSignal = SIGUSR2;

namespace sandbox_detail {

// One thread's record in the shared page. Only that thread writes it; the
// parent reads `beats` while the child runs and the rest once it is dead.
struct alignas(64) Slot {
  enum State : uint32_t {
    kUnrecorded,  // begin_call: nothing known about the input
    kRecorded,    // begin_input: `input`, size and seed are this call's
    kCaptured,    // ... and `bytes` holds its first `kept` bytes
  };
  // Incremented when a call starts and when it ends: odd = inside a call.
  std::atomic<uint64_t> beats{0};
  const void* input = nullptr;  // in the child's memory
  uint64_t size = 0;            // the input's full length
  uint64_t seed = 0;
  std::atomic<uint32_t> state{kUnrecorded};
  uint32_t kept = 0;
  unsigned char bytes[kSandboxInputBytes] = {};
  char stage[kSandboxStageBytes] = {};
};
static_assert(std::atomic<uint64_t>::is_always_lock_free,
              "the parent reads beats across processes");

// This thread's slot, once it has one; null outside a sandbox child.
inline constinit thread_local Slot* t_slot = nullptr;
// Gives this thread a slot (null outside a sandbox child).
Slot* claim_slot();

inline Slot* this_thread_slot() {
  return t_slot != nullptr ? t_slot : claim_slot();
}

inline void bump(Slot* s) {
  // One writer per slot: a plain increment, no locked instruction.
  s->beats.store(s->beats.load(std::memory_order_relaxed) + 1,
                 std::memory_order_release);
}

}  // namespace sandbox_detail

// What code in the child uses to talk to the parent. Every function is a
// no-op outside a sandbox child, and each thread uses its own slot, so they
// are safe to call from any thread.
class SandboxChild {
 public:
  // Sends one line (a '\n' is appended) to SandboxOptions::on_line.
  static void send_line(std::string_view line);

  // This thread is now in `stage` ("geometry/seq-int"); cut to fit.
  static void set_stage(std::string_view stage);

  // This thread is about to process input [p, p+n) with `seed`.
  static void begin_input(const void* p, std::size_t n, uint64_t seed) {
    sandbox_detail::Slot* s = sandbox_detail::this_thread_slot();
    if (s == nullptr) return;
    s->input = p;
    s->size = n;
    s->seed = seed;
    s->state.store(sandbox_detail::Slot::kRecorded, std::memory_order_relaxed);
    sandbox_detail::bump(s);
  }

  // As begin_input, without recording the input (for timing loops).
  static void begin_call() {
    sandbox_detail::Slot* s = sandbox_detail::this_thread_slot();
    if (s == nullptr) return;
    s->state.store(sandbox_detail::Slot::kUnrecorded,
                   std::memory_order_relaxed);
    sandbox_detail::bump(s);
  }

  // The call begun by begin_input or begin_call has returned.
  static void end_call() {
    if (sandbox_detail::Slot* s = sandbox_detail::t_slot) {
      sandbox_detail::bump(s);
    }
  }
};

// The input a thread of the child was processing, as the parent read it.
struct SandboxInput {
  std::string stage;
  bool inside_call = false;          // false: its last call had returned
  bool recorded = false;             // false: begin_call, nothing known
  bool captured = false;             // false: size and seed only
  std::vector<unsigned char> bytes;  // the first kSandboxInputBytes
  uint64_t size = 0;
  uint64_t seed = 0;

  // "6b3137 (3 bytes, seed 0x1234)"; a long input's hex ends in "...";
  // "(3 bytes, seed 0x1234; bytes not captured)".
  std::string describe() const;
};

struct SandboxOptions {
  // A thread inside one call for longer than this is hung.
  double timeout_seconds = 10;
  // Called in the parent with each line the child sends (without '\n').
  std::function<void(std::string_view line)> on_line;
  // How much of the child's stdout + stderr to keep.
  std::size_t stderr_head_bytes = 4096;
};

struct SandboxResult {
  enum class End { kOk, kSignal, kExit, kHung };
  End end = End::kOk;
  int signal = 0;              // kSignal: the signal that killed the child
  int exit_status = 0;         // kExit: non-zero
  double timeout_seconds = 0;  // kHung: the timeout it exceeded
  // The culprit's input: the slot of the thread that crashed, else the
  // thread that has been inside a call the longest; none when no thread
  // had published anything.
  std::optional<SandboxInput> input;
  std::string stderr_head;    // the child's output, cut
  uint64_t stderr_bytes = 0;  // ... and its full length

  bool ok() const { return end == End::kOk; }
  // "killed by SIGSEGV", "exited with status 3", "hung for more than 2 s".
  std::string what() const;
};

// Exit status of a child whose callable threw (the message goes to stderr).
inline constexpr int kSandboxExceptionStatus = 70;

// A streambuf whose complete lines go to the parent (SandboxChild::
// send_line), each after `tag`: an std::ostream over it is how code in the
// child prints (its own stdout is discarded), and the tag tells the
// parent's on_line which of several streams a line belongs to.
class SandboxLineBuf : public std::streambuf {
 public:
  explicit SandboxLineBuf(std::string tag = "")
      : tag_(std::move(tag)), line_(tag_) {}

 protected:
  int overflow(int c) override {
    if (c == '\n') {
      SandboxChild::send_line(line_);
      line_ = tag_;
    } else if (c != traits_type::eof()) {
      line_.push_back(static_cast<char>(c));
    }
    return c;
  }

 private:
  const std::string tag_;
  std::string line_;
};

// Runs `body` in a sandbox child and waits for it: returns how it ended.
// Throws std::system_error when it cannot fork, pipe or map.
SandboxResult run_sandboxed(const std::function<void()>& body,
                            const SandboxOptions& options);

// "SIGSEGV", "SIGABRT", ...; "signal 42" for one without a name.
std::string signal_name(int signal);

}  // namespace gomapfuzz::harness

#endif  // GOMAPFUZZ_HARNESS_SANDBOX_H_
