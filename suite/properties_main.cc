// The properties of the map suite (gomapfuzz_add_map_suite): RapidCheck
// inside GoogleTest, the subject linked into this binary checked against
// the model on random traces. The traces come from harness's one op
// generator (draw_trace) over RapidCheck's choices (RcChoices), within the
// bounds the fuzz targets use for this subject (subject_draw_limits), so a
// failing trace shrinks choice by choice and prints as a text trace.
//
// The seed: RC_PARAMS="seed=N max_success=M" (the ctest sets both; the
// line "Using configuration: seed=N" at the start says which ran), and a
// failure prints the RC_PARAMS that reruns its shrunk case.
#include <gtest/gtest.h>
// clang-format off: gtest.h must come before rapidcheck/gtest.h
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
// clang-format on

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gomapfuzz/fuzz/fuzz_run.h"
#include "gomapfuzz/fuzz/subject_campaign.h"
#include "gomapfuzz/harness/subject_replay.h"
#include "gomapfuzz/properties/rc_choices.h"

// The subject: defined by the library the suite was built against.
extern "C" const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void);

namespace gomapfuzz {
namespace {

const Subject& subject() {
  static const Subject s = linked_subject_or_exit(gomapfuzz_subject_v1_get());
  return s;
}

// One random case of a kind of work, run on the subject; a failure fails
// the RapidCheck case with the reason and the trace.
void check_random_case(FuzzTarget t) {
  const Subject& s = subject();
  DrawLimits limits = subject_draw_limits(t, s.abi().key_kinds);
  // The op count is a pick of its own: RapidCheck grows it with the case
  // size and shrinks a failing trace by cutting it short.
  limits.max_ops = *rc::gen::inRange<std::size_t>(0, limits.max_ops + 1);
  props::RcChoices choices;
  const FuzzCase c = draw_subject_case(choices, t, s.abi().tiers, limits);
  const SubjectReplayResult r =
      replay_on_subject(s, c.trace, {.faults = c.faults});
  if (!r.ok()) {
    RC_FAIL(r.failure->summary() + "\n-- failing trace (`gomapfuzz repro " +
            "--subject-lib LIB FILE` replays it on a shared library build " +
            "of the subject) --\n" + format_fault_comment(c.faults) +
            print_trace(c.trace) + "-- end of trace --");
  }
}

// Every result (put new/old, get, del, clear, make) and the size after
// each op.
RC_GTEST_PROP(Subject, AgreesWithTheModel, ()) {
  check_random_case(FuzzTarget::kMapOps);
}

// Go's range guarantees on every yield while writes and growth go on.
RC_GTEST_PROP(Subject, KeepsGoRangeGuarantees, ()) {
  check_random_case(FuzzTarget::kMapIterate);
}

// A failed allocation is reported (GOMAPFUZZ_NOMEM) and leaves the map as
// it was; no byte outlives the map. Needs tier b.
TEST(Subject, FailedAllocationsLeaveTheMapAsItWas) {
  if (!subject().has(GOMAPFUZZ_TIER_ALLOCATOR)) {
    GTEST_SKIP() << subject().name()
                 << " has no tier b (allocator): allocation faults not checked";
  }
  EXPECT_TRUE(rc::check("Subject.FailedAllocationsLeaveTheMapAsItWas", [] {
    check_random_case(FuzzTarget::kMapAllocFaults);
  }));
}

}  // namespace
}  // namespace gomapfuzz

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  const gomapfuzz::Subject& s = gomapfuzz::subject();
  std::printf("subject %s: tiers %s\n", s.name().c_str(),
              s.tiers_text().c_str());
  for (const auto& k : gomapfuzz::skipped_checks(s)) {
    std::printf("  not checked: %s\n", k.c_str());
  }
  const char* params = std::getenv("RC_PARAMS");
  std::printf("RC_PARAMS=\"%s\"\n", params ? params : "");
  std::fflush(stdout);
  return RUN_ALL_TESTS();
}
