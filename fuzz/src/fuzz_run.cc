// See fuzz_run.h. Printing goes to stderr in one piece, before abort(), so
// libFuzzer's crash report and the trace stay together in the log.
#include "gomapfuzz/fuzz/fuzz_run.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "gomapfuzz/harness/rerun_command.h"
#include "gomapfuzz/harness/subject_replay.h"

namespace gomapfuzz {
namespace {

// Enough of the dump to show the hmap header and the first buckets; the
// full dump, excerpted around the violation, comes from gomapfuzz repro.
constexpr int kDumpLinesShown = 24;

std::string head_lines(const std::string& s, int n) {
  std::size_t pos = 0;
  for (int i = 0; i < n && pos != std::string::npos; ++i) {
    pos = s.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  if (pos == std::string::npos || pos >= s.size()) return s;
  return s.substr(0, pos) +
         "... (dump truncated; gomapfuzz repro prints the "
         "buckets involved)\n";
}

[[noreturn]] void print_and_abort(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stderr);
  std::fflush(stderr);
  std::abort();
}

}  // namespace

ReplayResult replay_case(const FuzzCase& c) {
  ReplayOptions o;
  o.check_every = c.check_every;
  o.incremental_checks = true;
  o.faults = c.faults;
  // A failed op is checked against a hash of the layout, not a formatted
  // dump before every write; the repro command printed on failure shows
  // the dumps.
  o.dump_around_faults = false;
  return replay(c.trace, o);
}

void replay_or_abort(FuzzTarget target, const FuzzCase& c) {
  const ReplayResult r = replay_case(c);
  if (r.ok()) return;
  const ReplayFailure& f = *r.failure;
  std::ostringstream out;
  out << "==== gomapfuzz " << fuzz_target_name(target)
      << ": the decoded trace ====\n"
      << format_fault_comment(c.faults) << print_trace(c.trace)
      << "==== FAILED at " << f.summary() << "\n";
  for (const auto& v : f.violations)
    out << "  violated: " << v.to_string() << "\n";
  if (!f.dump.empty())
    out << "layout at the failure:\n" << head_lines(f.dump, kDumpLinesShown);
  out << "(invariants: what each op touched, all of them every "
      << c.check_every << " ops and at growth edges)\n"
      << "reproduce: "
      << RerunCommand{.target = std::string(fuzz_target_name(target)),
                      .files = {"<crash file>"}}
             .str()
      << "\n"
      << "minimize:  "
      << RerunCommand{.verb = "minimize",
                      .target = std::string(fuzz_target_name(target)),
                      .files = {"<crash file>"}}
             .str()
      << "\n";
  print_and_abort(out.str());
}

void replay_subject_or_abort(FuzzTarget target, const Subject& s,
                             const FuzzCase& c) {
  const SubjectReplayResult r =
      replay_on_subject(s, c.trace, {.faults = c.faults});
  if (r.ok()) return;
  const ReplayFailure& f = *r.failure;
  std::ostringstream out;
  out << "==== gomapfuzz " << fuzz_target_name(target) << " on subject "
      << s.name() << ": the decoded trace ====\n"
      << format_fault_comment(c.faults) << print_trace(c.trace)
      << "==== FAILED at " << f.summary() << "\n";
  if (!f.dump.empty())
    out << "layout at the failure:\n" << head_lines(f.dump, kDumpLinesShown);
  for (const auto& k : r.skipped) out << "  not checked: " << k << "\n";
  // The raw input decodes into this trace only with this subject's bounds
  // (subject_draw_limits): this binary reruns it; the text trace runs
  // anywhere the subject does.
  out << "reproduce: this binary on the crash file, or the trace above saved "
         "as FILE: "
      << RerunCommand{.subject = "LIB", .files = {"FILE"}}.str()
      << " (LIB: the subject built as a shared library)\n";
  print_and_abort(out.str());
}

Subject linked_subject_or_exit(const gomapfuzz_subject_v1* table) {
  try {
    return Subject::linked(table);
  } catch (const SubjectError& e) {
    std::fprintf(stderr, "gomapfuzz: the linked subject: %s\n", e.what());
    std::exit(2);
  }
}

}  // namespace gomapfuzz
