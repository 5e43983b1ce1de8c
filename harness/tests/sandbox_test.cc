// The sandbox (sandbox.h) on children that misbehave in each way a plugin
// can: segfault, abort, hang, exit non-zero, throw, flood stderr, and one
// that behaves and streams lines. Each test checks how the run ended and
// that the parent names the input being processed.
#include "gomapfuzz/harness/sandbox.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace gomapfuzz::harness {
namespace {

// A real invalid access (a store into a PROT_NONE page), which no
// sanitizer check intercepts before the fault.
[[noreturn]] void segfault() {
  void* p = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  *static_cast<volatile int*>(p) = 1;
  std::abort();  // not reached
}

SandboxResult run(const std::function<void()>& body, double timeout = 10) {
  SandboxOptions o;
  o.timeout_seconds = timeout;
  return run_sandboxed(body, o);
}

TEST(Sandbox, ChildThatSucceedsStreamsItsLines) {
  std::vector<std::string> lines;
  SandboxOptions o;
  o.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  const SandboxResult r = run_sandboxed(
      [] {
        SandboxChild::send_line("first");
        SandboxChild::send_line("");
        SandboxChild::send_line("third line");
      },
      o);
  EXPECT_TRUE(r.ok()) << r.what();
  EXPECT_EQ(lines, (std::vector<std::string>{"first", "", "third line"}));
  EXPECT_FALSE(r.input.has_value());
}

TEST(Sandbox, SegfaultNamesSignalStageAndInput) {
  const SandboxResult r = run([] {
    SandboxChild::set_stage("geometry/seq-int");
    SandboxChild::begin_input("k13", 3, 0x1234);
    segfault();
  });
  ASSERT_EQ(r.end, SandboxResult::End::kSignal) << r.what();
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.what(), "killed by SIGSEGV");
  ASSERT_TRUE(r.input.has_value());
  EXPECT_EQ(r.input->stage, "geometry/seq-int");
  EXPECT_TRUE(r.input->inside_call);
  EXPECT_EQ(r.input->describe(), "6b3133 (3 bytes, seed 0x1234)");
}

TEST(Sandbox, AbortIsNamed) {
  const SandboxResult r = run([] {
    SandboxChild::begin_input("", 0, 7);
    std::abort();
  });
  ASSERT_EQ(r.end, SandboxResult::End::kSignal) << r.what();
  EXPECT_EQ(r.what(), "killed by SIGABRT");
  ASSERT_TRUE(r.input.has_value());
  EXPECT_EQ(r.input->describe(), "\"\" (0 bytes, seed 0x7)");
}

TEST(Sandbox, HangIsKilledAfterTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  const SandboxResult r = run(
      [] {
        SandboxChild::set_stage("smhasher/cyclic");
        SandboxChild::begin_input("loop", 4, 1);
        for (;;) pause();
      },
      0.3);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_EQ(r.end, SandboxResult::End::kHung) << r.what();
  EXPECT_EQ(r.what(), "hung for more than 0.3 s");
  EXPECT_GE(seconds, 0.3);
  EXPECT_LT(seconds, 5);
  ASSERT_TRUE(r.input.has_value());
  EXPECT_EQ(r.input->stage, "smhasher/cyclic");
  EXPECT_EQ(r.input->describe(), "6c6f6f70 (4 bytes, seed 0x1)");
}

TEST(Sandbox, SlowWorkOutsideCallsIsNotAHang) {
  // Only a call in progress can hang; the battery's own work between calls
  // (sorting millions of hashes) may take longer than the timeout.
  const SandboxResult r = run(
      [] {
        SandboxChild::begin_input("a", 1, 0);
        SandboxChild::end_call();
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
      },
      0.2);
  EXPECT_TRUE(r.ok()) << r.what();
}

TEST(Sandbox, NonZeroExitKeepsTheChildsStderr) {
  const SandboxResult r = run([] {
    SandboxChild::begin_input("x", 1, 0);
    std::fprintf(stderr, "plugin: giving up\n");
    std::fflush(stderr);
    _exit(3);
  });
  ASSERT_EQ(r.end, SandboxResult::End::kExit) << r.what();
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.what(), "exited with status 3");
  EXPECT_EQ(r.stderr_head, "plugin: giving up\n");
  // _exit runs no handler that could copy the bytes.
  ASSERT_TRUE(r.input.has_value());
  EXPECT_EQ(r.input->describe(), "(1 byte, seed 0x0; bytes not captured)");
}

TEST(Sandbox, CrashingThreadIsNamedNotTheOtherBusyOne) {
  // Two threads inside a call; the one that has been inside longer is not
  // the one that crashes, so only the crash handler's record names it.
  const SandboxResult r = run([] {
    std::thread other([] {
      SandboxChild::begin_input("other", 5, 2);
      for (;;) pause();
    });
    other.detach();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    SandboxChild::begin_input("culprit", 7, 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    segfault();
  });
  ASSERT_EQ(r.end, SandboxResult::End::kSignal) << r.what();
  ASSERT_TRUE(r.input.has_value());
  EXPECT_EQ(r.input->describe(), "63756c70726974 (7 bytes, seed 0x3)");
}

TEST(Sandbox, CrashAfterTheCallReturnedSaysSo) {
  const SandboxResult r = run([] {
    SandboxChild::begin_input("done", 4, 0);
    SandboxChild::end_call();
    segfault();
  });
  ASSERT_TRUE(r.input.has_value());
  EXPECT_FALSE(r.input->inside_call);
}

TEST(Sandbox, LongInputIsCut) {
  const SandboxResult r = run([] {
    const std::string key(300, 'a');
    SandboxChild::begin_input(key.data(), key.size(), 0);
    std::abort();
  });
  ASSERT_TRUE(r.input.has_value());
  std::string hex;
  for (std::size_t i = 0; i < kSandboxInputBytes; ++i) hex += "61";
  EXPECT_EQ(r.input->describe(), hex + "... (300 bytes, seed 0x0)");
}

TEST(Sandbox, UnrecordedCallIsNamedSo) {
  const SandboxResult r = run([] {
    SandboxChild::begin_input("abc", 3, 0);
    SandboxChild::end_call();
    SandboxChild::begin_call();
    std::abort();
  });
  ASSERT_TRUE(r.input.has_value());
  EXPECT_TRUE(r.input->inside_call);
  EXPECT_FALSE(r.input->recorded);
  EXPECT_EQ(r.input->describe(), "(input not recorded)");
}

// Deep enough to overflow any thread stack; volatile keeps every frame.
int recurse(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == INT32_MAX) return 0;  // never: 2^31 KiB of stack
  return recurse(depth + 1) + frame[0];
}

TEST(Sandbox, StackOverflowIsCaughtOnTheAlternateStack) {
  const SandboxResult r = run([] {
    SandboxChild::begin_input("deep", 4, 5);
    recurse(0);
  });
  ASSERT_EQ(r.end, SandboxResult::End::kSignal) << r.what();
  EXPECT_EQ(r.signal, SIGSEGV);
  ASSERT_TRUE(r.input.has_value());
  EXPECT_EQ(r.input->describe(), "64656570 (4 bytes, seed 0x5)");
}

TEST(Sandbox, ExitInsideACallIsCaught) {
  const SandboxResult r = run([] {
    SandboxChild::begin_input("bye", 3, 0);
    std::exit(4);
  });
  // (Under ASan, LeakSanitizer's exit check may turn status 4 into 1.)
  ASSERT_EQ(r.end, SandboxResult::End::kExit) << r.what();
  ASSERT_TRUE(r.input.has_value());
  EXPECT_EQ(r.input->describe(), "627965 (3 bytes, seed 0x0)");
}

TEST(Sandbox, ExceptionBecomesStatus70WithItsMessage) {
  const SandboxResult r =
      run([] { throw std::runtime_error("bad plugin state"); });
  ASSERT_EQ(r.end, SandboxResult::End::kExit) << r.what();
  EXPECT_EQ(r.exit_status, kSandboxExceptionStatus);
  EXPECT_NE(r.stderr_head.find("bad plugin state"), std::string::npos);
}

TEST(Sandbox, FloodOfOutputIsCutNotKept) {
  SandboxOptions o;
  o.stderr_head_bytes = 100;
  const SandboxResult r = run_sandboxed(
      [] {
        const std::string chunk(1 << 16, 'z');
        for (int i = 0; i < 64; ++i)
          std::fwrite(chunk.data(), 1, chunk.size(), stdout);
      },
      o);
  EXPECT_TRUE(r.ok()) << r.what();
  EXPECT_EQ(r.stderr_head, std::string(100, 'z'));
  EXPECT_EQ(r.stderr_bytes, uint64_t{64} << 16);
}

TEST(Sandbox, PublishingOutsideASandboxDoesNothing) {
  SandboxChild::set_stage("nowhere");
  SandboxChild::begin_input("abc", 3, 0);
  SandboxChild::end_call();
  SandboxChild::send_line("nobody listens");
  EXPECT_EQ(sandbox_detail::t_slot, nullptr);
}

TEST(Sandbox, SignalNames) {
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(signal_name(SIGBUS), "SIGBUS");
  EXPECT_EQ(signal_name(SIGKILL), "SIGKILL");
}

}  // namespace
}  // namespace gomapfuzz::harness
