#include "gomapfuzz/fuzz/subject_campaign.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gomapfuzz/harness/op_source.h"
#include "gomapfuzz/harness/sandbox.h"
#include "gomapfuzz/harness/subject_replay.h"
#include "mapcore/random_source.h"

namespace gomapfuzz {
namespace {

using harness::SandboxChild;
using harness::SandboxOptions;
using harness::SandboxResult;

FuzzTarget fuzz_target_of(const std::string& target) {
  if (target == "iterate") return FuzzTarget::kMapIterate;
  if (target == "alloc_faults") return FuzzTarget::kMapAllocFaults;
  return FuzzTarget::kMapOps;
}

// Lines the sandbox child sends: "runs N", "fail SEED REASON".
struct ChildReport {
  uint64_t runs = 0;
  std::optional<uint64_t> fail_seed;
  std::string fail_reason;
};

std::string first_word(std::string_view& line) {
  const std::size_t sp = line.find(' ');
  std::string w(line.substr(0, sp));
  line.remove_prefix(sp == std::string_view::npos ? line.size() : sp + 1);
  return w;
}

// "the subject was killed by SIGSEGV", "the subject hung for more than 10 s".
std::string subject_ended(const SandboxResult& r) {
  return std::string("the subject ") +
         (r.end == SandboxResult::End::kSignal ? "was " : "") + r.what();
}

// Writes the failing case as a text trace a user can replay and shrink.
std::string save_finding(const SubjectCampaignOptions& o,
                         const std::string& target, uint64_t seed,
                         const FuzzCase& c, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(o.artifact_dir, ec);
  const std::string path =
      (fs::path(o.artifact_dir) /
       ("subject-" + target + "-seed" + std::to_string(seed) + ".txt"))
          .string();
  std::ofstream f(path);
  std::string one_line = what;
  for (char& ch : one_line) {
    if (ch == '\n') ch = ' ';
  }
  f << "# gomapfuzz fuzz finding on " << o.spec << ": " << one_line << "\n"
    << "# target " << target << ", seed " << seed << "\n"
    << format_fault_comment(c.faults) << print_trace(c.trace);
  return f.flush() ? path : "";
}

// The seed of a target's index-th trace: a splitmix64 stream keyed by the
// campaign seed and the target, so that neighbouring --seed values and the
// targets' streams share no traces.
uint64_t case_seed(uint64_t campaign_seed, const std::string& target,
                   uint64_t index) {
  const uint64_t key = mapcore::SplitMix64::finalize(
      campaign_seed ^ (static_cast<uint64_t>(fuzz_target_of(target)) << 56));
  return mapcore::SplitMix64::finalize(key + (index + 1) * 0x9e3779b97f4a7c15);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t)
      .count();
}

// Runs traces first_index, first_index+1, ... of a target for `seconds` in
// one sandbox child, adding to `out`.
void run_slice(const SubjectCampaignOptions& o, const SubjectProbe& probe,
               std::chrono::steady_clock::time_point campaign_start,
               double seconds, TargetOutcome& out) {
  const std::string& target = out.target;
  const uint64_t first_index = out.runs;
  ChildReport report;
  SandboxOptions so;
  so.timeout_seconds = o.trace_timeout;
  so.on_line = [&](std::string_view line) {
    const std::string w = first_word(line);
    if (w == "runs") {
      report.runs = std::stoull(std::string(line));
      if (o.progress) o.progress(target, first_index + report.runs);
    } else if (w == "fail") {
      report.fail_seed = std::stoull(first_word(line));
      report.fail_reason = std::string(line);
    }
  };
  const auto t0 = std::chrono::steady_clock::now();
  const SandboxResult r = harness::run_sandboxed(
      [&] {
        const Subject s = subject_from(o.spec);
        const auto start = std::chrono::steady_clock::now();
        uint64_t runs = 0;
        while (seconds_since(start) < seconds) {
          uint64_t seed = case_seed(o.seed, target, first_index + runs);
          const FuzzCase c =
              subject_case(target, seed, probe.tiers, probe.key_kinds);
          SandboxChild::set_stage(target);
          SandboxChild::begin_input(&seed, sizeof seed, seed);
          const SubjectReplayResult res =
              replay_on_subject(s, c.trace, {.faults = c.faults});
          SandboxChild::end_call();
          ++runs;
          if (!res.ok()) {
            SandboxChild::send_line("runs " + std::to_string(runs));
            std::string why = res.failure->summary();
            for (char& ch : why) {
              if (ch == '\n') ch = ' ';
            }
            SandboxChild::send_line("fail " + std::to_string(seed) + " " + why);
            return;
          }
          if (runs % 32 == 0) {
            SandboxChild::send_line("runs " + std::to_string(runs));
          }
        }
        SandboxChild::send_line("runs " + std::to_string(runs));
      },
      so);
  out.seconds += seconds_since(t0);
  out.runs += report.runs;
  if (report.fail_seed) {
    out.finding_seed = report.fail_seed;
    out.finding = report.fail_reason;
  } else if (!r.ok()) {
    // A crash, abort or hang: the seed is the input the child published.
    out.finding = subject_ended(r);
    if (r.input && r.input->recorded) {
      out.finding_seed = r.input->seed;
      out.finding += " on the trace of seed " + std::to_string(r.input->seed);
    }
    if (!r.stderr_head.empty()) {
      std::string head = r.stderr_head.substr(0, r.stderr_head.find('\n'));
      out.finding += " (it printed: " + head.substr(0, 120) + ")";
    }
  }
  if (!out.finding.empty()) out.found_after = seconds_since(campaign_start);
  if (out.finding_seed) {
    const FuzzCase c =
        subject_case(target, *out.finding_seed, probe.tiers, probe.key_kinds);
    out.artifact = save_finding(o, target, *out.finding_seed, c, out.finding);
  }
}

}  // namespace

std::vector<std::string> subject_targets() {
  return {"ops", "iterate", "alloc_faults"};
}

DrawLimits subject_draw_limits(FuzzTarget t, uint32_t key_kinds) {
  // DrawLimits::key_types is indexed like gomapfuzz_key_kind.
  static_assert(GOMAPFUZZ_KEY_UINT64 == static_cast<int>(KeyType::kUint64) &&
                GOMAPFUZZ_KEY_STRING == static_cast<int>(KeyType::kString) &&
                GOMAPFUZZ_KEY_FLOAT64 == static_cast<int>(KeyType::kFloat64));
  // Every kind the subject takes, whatever the target's own mix (map_ops
  // leaves floats to map_iterate for mapcore): intersecting the two could
  // leave no kind at all (a float-only subject under map_ops), which
  // draw_types reads as "all", and this is what `gomapfuzz fuzz` draws.
  constexpr uint32_t kAllKeyKinds = DrawLimits::kAllKeyTypes;
  DrawLimits lim = fuzz_draw_limits(t);
  lim.value_types = false;  // ABI version 1: uint64 values
  lim.key_types = static_cast<uint8_t>(key_kinds & kAllKeyKinds);
  return lim;
}

void fit_hasher_to_subject(Trace& t, uint32_t tiers) {
  if (!(tiers & GOMAPFUZZ_TIER_HASH)) t.hasher = HasherSpec{};
}

FuzzCase subject_case(const std::string& target, uint64_t seed, uint32_t tiers,
                      uint32_t key_kinds) {
  const FuzzTarget t = fuzz_target_of(target);
  SeededChoices choices(seed);
  return draw_subject_case(choices, t, tiers,
                           subject_draw_limits(t, key_kinds));
}

FuzzCase decode_subject_input(FuzzTarget t, std::span<const uint8_t> data,
                              const Subject& s) {
  FuzzCase c =
      decode_fuzz_input(t, data, subject_draw_limits(t, s.abi().key_kinds));
  fit_hasher_to_subject(c.trace, s.abi().tiers);
  return c;
}

SubjectProbe probe_subject(const std::string& spec, double timeout_seconds) {
  SubjectProbe p;
  SandboxOptions so;
  so.timeout_seconds = timeout_seconds;
  so.on_line = [&](std::string_view line) {
    const std::string w = first_word(line);
    if (w == "error") p.error = std::string(line);
    if (w == "name") p.name = std::string(line);
    if (w == "tiers")
      p.tiers = static_cast<uint32_t>(std::stoul(std::string(line)));
    if (w == "kinds") {
      p.key_kinds = static_cast<uint32_t>(std::stoul(std::string(line)));
    }
    if (w == "skip") p.skipped.emplace_back(line);
  };
  const SandboxResult r = harness::run_sandboxed(
      [&] {
        SandboxChild::set_stage("loading");
        SandboxChild::begin_call();
        try {
          const Subject s = subject_from(spec);
          SandboxChild::end_call();
          SandboxChild::send_line("name " + s.name());
          SandboxChild::send_line("tiers " + std::to_string(s.abi().tiers));
          SandboxChild::send_line("kinds " + std::to_string(s.abi().key_kinds));
          for (const auto& k : skipped_checks(s)) {
            SandboxChild::send_line("skip " + k);
          }
        } catch (const SubjectError& e) {
          SandboxChild::end_call();
          SandboxChild::send_line(std::string("error ") + e.what());
        }
      },
      so);
  if (!r.ok() && p.error.empty()) {
    p.error = spec + ": " + r.what() + " while loading";
  }
  return p;
}

SubjectVerdict replay_subject_sandboxed(const std::string& spec,
                                        const FuzzCase& c,
                                        double timeout_seconds) {
  SubjectVerdict v;
  SandboxOptions so;
  so.timeout_seconds = timeout_seconds;
  so.on_line = [&](std::string_view line) {
    const std::string w = first_word(line);
    if (w == "fail") v.failure = std::string(line);
    if (w == "dump") v.dump += std::string(line) + "\n";
  };
  const SandboxResult r = harness::run_sandboxed(
      [&] {
        SandboxChild::begin_call();
        try {
          const Subject s = subject_from(spec);
          const SubjectReplayResult res =
              replay_on_subject(s, c.trace, {.faults = c.faults});
          SandboxChild::end_call();
          if (res.ok()) return;
          std::string why = res.failure->summary();
          for (char& ch : why) {
            if (ch == '\n') ch = ' ';
          }
          SandboxChild::send_line("fail " + why);
          std::istringstream dump(res.failure->dump);
          for (std::string l; std::getline(dump, l);) {
            SandboxChild::send_line("dump " + l);
          }
        } catch (const SubjectError& e) {
          SandboxChild::end_call();
          SandboxChild::send_line(std::string("fail ") + e.what());
        }
      },
      so);
  if (!r.ok() && v.failure.empty()) {
    v.failure = subject_ended(r);
    if (!r.stderr_head.empty()) {
      v.failure +=
          " (it printed: " +
          r.stderr_head.substr(0, r.stderr_head.find('\n')).substr(0, 120) +
          ")";
    }
  }
  return v;
}

bool CampaignResult::ok() const {
  if (!subject.error.empty()) return false;
  for (const auto& t : targets) {
    if (!t.finding.empty()) return false;
  }
  return true;
}

CampaignResult run_subject_campaign(const SubjectCampaignOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  CampaignResult res;
  res.subject = probe_subject(o.spec, o.trace_timeout);
  if (!res.subject.error.empty()) return res;
  for (const auto& t : o.targets.empty() ? subject_targets() : o.targets) {
    TargetOutcome out;
    out.target = t;
    if (t == "alloc_faults" &&
        !(res.subject.tiers & GOMAPFUZZ_TIER_ALLOCATOR)) {
      out.skipped = "needs tier b (allocator)";
    }
    res.targets.push_back(out);
  }
  // The targets take turns in slices of a tenth of their budget (at least a
  // second), so that a bug only one target reaches is found in the first
  // round, not after the budgets of the targets before it.
  const double slice = std::max(1.0, o.seconds_per_target / 10);
  for (bool more = true; more;) {
    more = false;
    for (auto& t : res.targets) {
      const double left = o.seconds_per_target - t.seconds;
      if (!t.skipped.empty() || !t.finding.empty() || left <= 0) continue;
      if (o.stop_at_first_finding && !res.ok()) break;
      run_slice(o, res.subject, start, std::min(slice, left), t);
      more = true;
    }
  }
  if (o.stop_at_first_finding && !res.ok()) {
    for (auto& t : res.targets) {
      if (t.skipped.empty() && t.finding.empty()) {
        t.skipped = "stopped by the finding (--stop-at-first) after " +
                    std::to_string(t.runs) + " traces";
      }
    }
  }
  return res;
}

}  // namespace gomapfuzz
