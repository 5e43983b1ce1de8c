// The sandbox's two halves (design in sandbox.h): the child's side (shared
// page, crash / snapshot / exit handlers that copy the input, line pipe,
// _exit) and the parent's watchdog loop (read both pipes, reap the child,
// snapshot and kill a hung one, name the culprit).
#include "gomapfuzz/harness/sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <new>
#include <system_error>

namespace gomapfuzz::harness {
namespace {

using Clock = std::chrono::steady_clock;
using sandbox_detail::Slot;

// Threads that can publish at once; later threads share slots (their
// reports then name one of the sharers).
constexpr uint32_t kSlots = 64;
// How often the parent looks at the heartbeats.
constexpr int kPollMillis = 50;
// After the child is reaped, how long to wait for a grandchild that still
// holds the pipes open.
constexpr double kDrainSeconds = 0.5;
// A line the child sends without '\n' is cut at this length.
constexpr std::size_t kMaxLine = 1 << 20;
// How long a hung child gets to copy the stuck input before the SIGKILL.
constexpr double kSnapshotSeconds = 0.5;
// Each thread's alternate signal stack (a stack overflow in the plugin
// leaves no room on the thread's own stack for the crash handler).
constexpr std::size_t kAltStackBytes = 64 << 10;

struct Page {
  std::atomic<uint32_t> next_slot{0};
  std::atomic<int32_t> crashed_slot{-1};
  std::atomic<int32_t> snapshot_slot{-1};  // the parent's request
  std::atomic<uint32_t> snapshot_done{0};
  Slot slots[kSlots];
};

// Set in the child only.
Page* g_page = nullptr;
int g_out_fd = -1;
std::mutex g_send_mu;

constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS,  SIGFPE, SIGILL,
                                 SIGABRT, SIGTRAP, SIGSYS};

std::system_error os_error(const char* what) {
  return std::system_error(errno, std::generic_category(), what);
}

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;  // the parent is gone; PDEATHSIG ends us soon
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

// ---- the child --------------------------------------------------------

bool inside_call(const Slot& s) { return s.beats.load() % 2 == 1; }

// Copies the input of a call in progress (its buffer is in use, so valid)
// into the shared page. Async-signal-safe.
void capture(Slot& s) {
  if (!inside_call(s) || s.state.load() != Slot::kRecorded) return;
  s.kept = static_cast<uint32_t>(std::min<uint64_t>(s.size, sizeof s.bytes));
  std::memcpy(s.bytes, s.input, s.kept);
  s.state.store(Slot::kCaptured);
}

// Records which thread crashed and its input, then dies of the same
// signal: the handler was reset on entry (SA_RESETHAND) and is not
// blocked (SA_NODEFER).
void on_crash(int sig) {
  if (Slot* s = sandbox_detail::t_slot; s != nullptr && g_page != nullptr) {
    int32_t none = -1;
    g_page->crashed_slot.compare_exchange_strong(
        none, static_cast<int32_t>(s - g_page->slots));
    capture(*s);
  }
  raise(sig);
}

// The parent found slot snapshot_slot hung: copy its input (its thread is
// stuck in the call, so neither the slot nor the buffer moves).
void on_snapshot(int) {
  if (g_page == nullptr) return;
  const int32_t i = g_page->snapshot_slot.load();
  if (i >= 0 && static_cast<uint32_t>(i) < kSlots) capture(g_page->slots[i]);
  g_page->snapshot_done.store(1);
}

// A plugin that calls exit() inside a call.
void on_exit() {
  if (Slot* s = sandbox_detail::t_slot) capture(*s);
}

void install_handlers() {
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
  for (int sig : kCrashSignals) sigaction(sig, &sa, nullptr);
  sa.sa_handler = on_snapshot;
  sa.sa_flags = SA_RESTART | SA_ONSTACK;
  sigaction(kSnapshotSignal, &sa, nullptr);
  std::atexit(on_exit);
}

// This thread's alternate signal stack, unless it has one (sanitizers
// give their threads one); freed when the thread ends.
class AltStack {
 public:
  AltStack() {
    stack_t old{};
    if (sigaltstack(nullptr, &old) != 0 || !(old.ss_flags & SS_DISABLE)) return;
    void* p = mmap(nullptr, kAltStackBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    stack_t st{};
    st.ss_sp = p;
    st.ss_size = kAltStackBytes;
    if (sigaltstack(&st, nullptr) == 0) {
      mem_ = p;
    } else {
      munmap(p, kAltStackBytes);
    }
  }
  ~AltStack() {
    if (mem_ == nullptr) return;
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, nullptr);
    munmap(mem_, kAltStackBytes);
  }
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;

 private:
  void* mem_ = nullptr;
};

// The child's stdout and stderr go to the parent's capture pipe.
void redirect_output(int err_w) {
  dup2(err_w, STDOUT_FILENO);
  dup2(err_w, STDERR_FILENO);
  if (err_w > STDERR_FILENO) close(err_w);
}

[[noreturn]] void run_child(const std::function<void()>& body, Page* page,
                            int out_w, int err_w, pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(kSandboxExceptionStatus);  // already gone
  redirect_output(err_w);
  g_page = page;
  g_out_fd = out_w;
  install_handlers();
  int status = 0;
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "uncaught exception: %s\n", e.what());
    status = kSandboxExceptionStatus;
  } catch (...) {
    std::fprintf(stderr, "uncaught exception (not a std::exception)\n");
    status = kSandboxExceptionStatus;
  }
  // Only what the child itself wrote: the parent flushed before fork.
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(status);
}

// ---- the parent -------------------------------------------------------

// Splits the child's line pipe into lines for on_line.
class LineReader {
 public:
  explicit LineReader(const std::function<void(std::string_view)>& on_line)
      : on_line_(on_line) {}
  void feed(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (p[i] == '\n' || pending_.size() >= kMaxLine) {
        emit();
        if (p[i] == '\n') continue;
      }
      pending_.push_back(p[i]);
    }
  }
  void finish() {
    if (!pending_.empty()) emit();
  }

 private:
  void emit() {
    if (on_line_) on_line_(pending_);
    pending_.clear();
  }
  const std::function<void(std::string_view)>& on_line_;
  std::string pending_;
};

// Watches the heartbeats: a slot inside one call (odd beats) whose count
// has not moved for longer than the timeout is hung.
class Watchdog {
 public:
  Watchdog(const Page& page, double timeout)
      : page_(page), timeout_(timeout), last_(kSlots, 0), since_(kSlots) {}

  // The hung slot, if any.
  std::optional<uint32_t> check(Clock::time_point now) {
    for (uint32_t i = 0; i < used(); ++i) {
      const uint64_t b = page_.slots[i].beats.load(std::memory_order_acquire);
      if (b != last_[i] || since_[i] == Clock::time_point{}) {
        last_[i] = b;
        since_[i] = now;
      } else if (b % 2 == 1 && seconds(since_[i], now) > timeout_) {
        return i;
      }
    }
    return std::nullopt;
  }

  // The slot inside a call for the longest time, if any.
  std::optional<uint32_t> longest_inside() const {
    std::optional<uint32_t> best;
    for (uint32_t i = 0; i < used(); ++i) {
      if (!inside_call(page_.slots[i])) continue;
      if (!best || since_[i] < since_[*best]) best = i;
    }
    return best;
  }

  uint32_t used() const { return std::min(page_.next_slot.load(), kSlots); }

 private:
  static double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  }
  const Page& page_;
  double timeout_;
  std::vector<uint64_t> last_;
  std::vector<Clock::time_point> since_;
};

SandboxInput input_of(const Slot& s) {
  SandboxInput in;
  in.stage.assign(s.stage, strnlen(s.stage, sizeof s.stage));
  in.inside_call = inside_call(s);
  const uint32_t state = s.state.load();
  in.recorded = state != Slot::kUnrecorded;
  in.captured = state == Slot::kCaptured;
  if (in.captured) {
    in.bytes.assign(s.bytes,
                    s.bytes + std::min<uint32_t>(s.kept, sizeof s.bytes));
  }
  in.size = s.size;
  in.seed = s.seed;
  return in;
}

// The parent's side of one run: the pipes' read ends, the child, the page.
class Parent {
 public:
  Parent(pid_t pid, Page& page, int out_r, int err_r, const SandboxOptions& o)
      : pid_(pid),
        page_(page),
        fds_{out_r, err_r},
        o_(o),
        lines_(o.on_line),
        watchdog_(page, o.timeout_seconds) {}

  SandboxResult wait() {
    std::optional<uint32_t> hung;
    int status = 0;
    while (!reaped_) {
      pump(kPollMillis);
      if (reap(WNOHANG, &status)) break;
      hung = watchdog_.check(Clock::now());
      if (hung) {
        snapshot(*hung);
        kill(pid_, SIGKILL);
        reap(0, &status);
      }
    }
    drain();
    lines_.finish();
    return result(status, hung);
  }

 private:
  bool reap(int flags, int* status) {
    pid_t r;
    do {
      r = waitpid(pid_, status, flags);
    } while (r < 0 && errno == EINTR);
    reaped_ = r == pid_ || r < 0;
    return reaped_;
  }

  // Has the hung child copy slot i's input, waiting a little for it.
  void snapshot(uint32_t i) {
    page_.snapshot_slot.store(static_cast<int32_t>(i));
    if (kill(pid_, kSnapshotSignal) != 0) return;
    const auto until = Clock::now() + seconds(kSnapshotSeconds);
    while (page_.snapshot_done.load() == 0 && Clock::now() < until) {
      pump(1);
    }
  }

  static Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(s));
  }

  // Reads what is there (waiting up to `millis`); closes ends at EOF.
  void pump(int millis) {
    pollfd p[2];
    nfds_t n = 0;
    int which[2];
    for (int i = 0; i < 2; ++i) {
      if (fds_[i] < 0) continue;
      p[n] = {fds_[i], POLLIN, 0};
      which[n++] = i;
    }
    if (n == 0 || poll(p, n, millis) <= 0) return;
    for (nfds_t k = 0; k < n; ++k) {
      if (p[k].revents != 0) read_from(which[k]);
    }
  }

  void read_from(int i) {
    char buf[1 << 16];
    const ssize_t r = read(fds_[i], buf, sizeof buf);
    if (r < 0 && errno == EINTR) return;
    if (r <= 0) {
      close(fds_[i]);
      fds_[i] = -1;
      return;
    }
    if (i == 0) {
      lines_.feed(buf, static_cast<std::size_t>(r));
      return;
    }
    stderr_bytes_ += static_cast<uint64_t>(r);
    const std::size_t room =
        o_.stderr_head_bytes -
        std::min(o_.stderr_head_bytes, stderr_head_.size());
    stderr_head_.append(buf, std::min<std::size_t>(room, r));
  }

  // What the child wrote before it ended (a grandchild may keep the pipes
  // open: wait for it a little, not forever).
  void drain() {
    const auto until = Clock::now() + seconds(kDrainSeconds);
    while ((fds_[0] >= 0 || fds_[1] >= 0) && Clock::now() < until) {
      pump(kPollMillis);
    }
    for (int& fd : fds_) {
      if (fd >= 0) close(fd);
      fd = -1;
    }
  }

  SandboxResult result(int status, std::optional<uint32_t> hung) const {
    SandboxResult r;
    r.stderr_head = stderr_head_;
    r.stderr_bytes = stderr_bytes_;
    if (hung) {
      r.end = SandboxResult::End::kHung;
      r.timeout_seconds = o_.timeout_seconds;
    } else if (WIFSIGNALED(status)) {
      r.end = SandboxResult::End::kSignal;
      r.signal = WTERMSIG(status);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      r.end = SandboxResult::End::kExit;
      r.exit_status = WEXITSTATUS(status);
    }
    if (r.ok()) return r;
    std::optional<uint32_t> culprit = hung;
    if (const int32_t c = page_.crashed_slot.load(); !culprit && c >= 0) {
      culprit = static_cast<uint32_t>(c);
    }
    if (!culprit) culprit = watchdog_.longest_inside();
    if (culprit) r.input = input_of(page_.slots[*culprit]);
    return r;
  }

  pid_t pid_;
  Page& page_;
  int fds_[2];
  const SandboxOptions& o_;
  LineReader lines_;
  Watchdog watchdog_;
  bool reaped_ = false;
  std::string stderr_head_;
  uint64_t stderr_bytes_ = 0;
};

// The shared page, unmapped when the run ends.
struct SharedPage {
  SharedPage() {
    void* p = mmap(nullptr, sizeof(Page), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw os_error("sandbox: mmap");
    page = new (p) Page;
  }
  ~SharedPage() { munmap(page, sizeof(Page)); }
  SharedPage(const SharedPage&) = delete;
  SharedPage& operator=(const SharedPage&) = delete;
  Page* page;
};

void make_pipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) throw os_error("sandbox: pipe");
}

std::string hex_of(const std::vector<unsigned char>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (unsigned char b : bytes) {
    s += kDigits[b >> 4];
    s += kDigits[b & 15];
  }
  return s;
}

}  // namespace

namespace sandbox_detail {

Slot* claim_slot() {
  if (g_page == nullptr) return nullptr;
  thread_local AltStack alt_stack;
  const uint32_t i = g_page->next_slot.fetch_add(1) % kSlots;
  t_slot = &g_page->slots[i];
  return t_slot;
}

}  // namespace sandbox_detail

void SandboxChild::send_line(std::string_view line) {
  if (g_out_fd < 0) return;
  std::string l(line);
  l += '\n';
  std::lock_guard<std::mutex> lock(g_send_mu);
  write_all(g_out_fd, l.data(), l.size());
}

void SandboxChild::set_stage(std::string_view stage) {
  Slot* s = sandbox_detail::this_thread_slot();
  if (s == nullptr) return;
  const std::size_t n = std::min(stage.size(), sizeof s->stage - 1);
  std::memcpy(s->stage, stage.data(), n);
  s->stage[n] = '\0';
}

std::string SandboxInput::describe() const {
  if (!recorded) return "(input not recorded)";
  char what[80];
  std::snprintf(what, sizeof what, "%llu byte%s, seed 0x%llx",
                static_cast<unsigned long long>(size), size == 1 ? "" : "s",
                static_cast<unsigned long long>(seed));
  if (!captured) return std::string("(") + what + "; bytes not captured)";
  const std::string tail = std::string(" (") + what + ")";
  if (size == 0) return "\"\"" + tail;
  return hex_of(bytes) + (bytes.size() < size ? "..." : "") + tail;
}

std::string SandboxResult::what() const {
  char buf[64];
  switch (end) {
    case End::kOk:
      return "ended normally";
    case End::kSignal:
      return "killed by " + signal_name(signal);
    case End::kExit:
      return "exited with status " + std::to_string(exit_status);
    case End::kHung:
      std::snprintf(buf, sizeof buf, "hung for more than %g s",
                    timeout_seconds);
      return buf;
  }
  return "";
}

std::string signal_name(int signal) {
  if (const char* abbrev = sigabbrev_np(signal)) {
    return std::string("SIG") + abbrev;
  }
  return "signal " + std::to_string(signal);
}

SandboxResult run_sandboxed(const std::function<void()>& body,
                            const SandboxOptions& options) {
  SharedPage shared;
  int out[2], err[2];
  make_pipe(out);
  try {
    make_pipe(err);
  } catch (...) {
    close(out[0]);
    close(out[1]);
    throw;
  }
  // Else the child would flush the parent's pending output a second time.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
    throw os_error("sandbox: fork");
  }
  if (pid == 0) {
    close(out[0]);
    close(err[0]);
    run_child(body, shared.page, out[1], err[1], parent);
  }
  close(out[1]);
  close(err[1]);
  return Parent(pid, *shared.page, out[0], err[0], options).wait();
}

}  // namespace gomapfuzz::harness
