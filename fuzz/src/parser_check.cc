// See parser_check.h. The file reader is fed through a memfd, so a fuzz run
// touches no disk: the same bytes are readable at /proc/self/fd/N.
#include "gomapfuzz/fuzz/parser_check.h"

#include <sys/mman.h>
#include <unistd.h>

#include <exception>

#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {
namespace {

struct Outcome {
  bool parsed = false;
  std::string text;  // print_trace of the result, or the error message
};

template <class F>
Outcome outcome_of(F&& parse, std::string* escaped) {
  try {
    return {true, print_trace(parse())};
  } catch (const TraceError& e) {
    return {false, e.what()};
  } catch (const std::exception& e) {
    *escaped = std::string("escaped exception (not TraceError): ") + e.what();
  } catch (...) {
    *escaped = "escaped a non-standard exception";
  }
  return {};
}

// One memfd per process, rewritten for every input.
class MemFile {
 public:
  MemFile() : fd_(memfd_create("gomapfuzz-trace", 0)) {}
  ~MemFile() {
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }
  bool write_all(std::string_view bytes) {
    if (ftruncate(fd_, 0) != 0) return false;
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = pwrite(fd_, bytes.data() + done, bytes.size() - done,
                               static_cast<off_t>(done));
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

 private:
  int fd_;
};

bool within_replay_bounds(const Trace& t) {
  if (t.ops.size() > kParserReplayMaxOps) return false;
  for (const Op& op : t.ops) {
    if (op.kind == OpKind::kMake && op.hint > kParserReplayMaxHint) {
      return false;
    }
  }
  return true;
}

}  // namespace

ParserCheck check_parser_input(std::string_view bytes) {
  ParserCheck c;
  std::string escaped;
  Trace trace;
  const Outcome direct =
      outcome_of([&] { return trace = parse_trace(bytes, "input"); }, &escaped);
  if (!escaped.empty()) {
    c.failure = "parse_trace: " + escaped;
    return c;
  }
  c.parsed = direct.parsed;
  if (!direct.parsed) {
    c.error = direct.text;
    if (direct.text.empty() || direct.text.find('\n') != std::string::npos) {
      c.failure =
          "parse error is not one non-empty line: [" + direct.text + "]";
      return c;
    }
  }

  static MemFile file;
  if (file.ok() && file.write_all(bytes)) {
    const std::string path = file.path();
    const Outcome via_file =
        outcome_of([&] { return read_trace_file(path); }, &escaped);
    if (!escaped.empty()) {
      c.failure = "read_trace_file: " + escaped;
      return c;
    }
    if (via_file.parsed != direct.parsed ||
        (direct.parsed && via_file.text != direct.text)) {
      c.failure = "read_trace_file disagrees with parse_trace: [" +
                  via_file.text + "] vs [" + direct.text + "]";
      return c;
    }
  }
  if (!c.parsed) return c;

  const Outcome reparsed =
      outcome_of([&] { return parse_trace(direct.text, "printed"); }, &escaped);
  if (!escaped.empty() || !reparsed.parsed || reparsed.text != direct.text) {
    c.failure = "printed trace does not parse back to itself: " +
                (escaped.empty() ? reparsed.text : escaped) +
                "\n--- printed\n" + direct.text;
    return c;
  }

  if (within_replay_bounds(trace)) {
    c.replayed = true;
    const ReplayResult r = replay(trace, ReplayOptions{.check_every = 0});
    if (!r.ok())
      c.failure = "parsed trace fails to replay: " + r.failure->summary();
  }
  return c;
}

}  // namespace gomapfuzz
