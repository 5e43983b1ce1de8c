// rc_support.h: the RapidCheck adapter, generators and failure reporting.
#include "rc_support.h"

#include <iostream>
#include <limits>
#include <mutex>
#include <sstream>

#include "gomapfuzz/properties/op_bursts.h"

namespace gomapfuzz {

void showValue(const Trace& t, std::ostream& os) {
  os << "\n" << print_trace(t);
}
void showValue(const Op& op, std::ostream& os) { os << print_op(op); }

namespace props {
namespace {

std::mutex failure_mutex;
std::optional<RecordedFailure> failure;

}  // namespace

rc::Gen<Trace> gen_header(std::vector<KeyType> keys,
                          std::optional<mapcore::HashFamily> family) {
  return rc::gen::exec([keys, family] {
    RcChoices c;
    Trace t;
    t.types.key = keys[c.integer(0, keys.size() - 1)];
    if (family) {
      FirstChoiceForced<RcChoices> forced(c, static_cast<uint64_t>(*family));
      t.hasher = draw_hasher(forced);
    } else {
      t.hasher = draw_hasher(c);
    }
    t.seed = c.integer(0, std::numeric_limits<uint64_t>::max());
    return t;
  });
}

namespace {

std::vector<Op> draw_chunk(KeyType type, const OpMix& mix) {
  // Capacity churn: up to B = 4 and 30 turnovers of the window, enough
  // for a same-size growth with hashers that spread keys.
  constexpr int kCapacityChurnMaxB = 4;
  constexpr uint64_t kCapacityChurnTurnovers = 30;
  RcChoices c;
  const uint64_t roll =
      c.integer(0, mix.single + mix.fill + mix.churn + mix.capacity_churn - 1);
  if (roll >= mix.single + mix.fill + mix.churn) {
    return draw_capacity_churn(c, type, kCapacityChurnMaxB,
                               kCapacityChurnTurnovers);
  }
  if (roll >= mix.single + mix.fill) return draw_churn(c, type, mix.max_burst);
  if (roll >= mix.single) return draw_fill(c, type, mix.max_burst);
  DrawLimits lim;
  lim.iterators = mix.iterators;
  lim.value_types = false;
  TraceTypes types;
  types.key = type;
  Op op = draw_op(c, types, lim);
  if (!mix.clears_and_makes &&
      (op.kind == OpKind::kClear || op.kind == OpKind::kMake)) {
    op = get_op(draw_key(c, type, lim));
  }
  return {op};
}

}  // namespace

rc::Gen<std::vector<Op>> gen_ops(KeyType type, OpMix mix) {
  return rc::gen::exec([type, mix] {
    const auto chunks = *rc::gen::container<std::vector<std::vector<Op>>>(
        rc::gen::exec([type, mix] { return draw_chunk(type, mix); }));
    std::vector<Op> ops;
    for (const auto& chunk : chunks)
      ops.insert(ops.end(), chunk.begin(), chunk.end());
    return ops;
  });
}

rc::Gen<Trace> gen_trace(std::vector<KeyType> keys, OpMix mix) {
  return rc::gen::exec([keys, mix] {
    Trace t = *gen_header(keys);
    t.ops = *gen_ops(t.types.key, mix);
    return t;
  });
}

rc::Gen<Trace> gen_iteration_trace() {
  return rc::gen::exec([] {
    constexpr int kIterators = 3;
    constexpr uint64_t kMaxInitialKeys = 120, kMaxSteps = 12;
    Trace t = *gen_header({KeyType::kUint64, KeyType::kString});
    RcChoices c;
    const KeyType kt = t.types.key;
    t.ops = draw_fill(c, kt, kMaxInitialKeys);
    const auto mutations = *gen_ops(kt, {.single = 70,
                                         .fill = 20,
                                         .churn = 10,
                                         .max_burst = 60,
                                         .clears_and_makes = false,
                                         .iterators = false});
    for (int i = 0; i < kIterators; ++i) {
      Op open;
      open.kind = OpKind::kItOpen;
      open.iter = i;
      t.ops.push_back(open);
    }
    for (const Op& op : mutations) {
      t.ops.push_back(op);
      if (c.integer(0, 2) == 0) {
        Op next;
        next.kind = OpKind::kItNext;
        next.iter = static_cast<int>(c.integer(0, kIterators - 1));
        next.steps = c.integer(1, kMaxSteps);
        t.ops.push_back(next);
      }
    }
    for (int i = 0; i < kIterators; ++i) {
      Op next;
      next.kind = OpKind::kItNext;
      next.iter = i;
      next.steps = UINT32_MAX;  // to the end
      t.ops.push_back(next);
    }
    return t;
  });
}

LawReport check_trace(const Trace& trace, const LawOptions& options) {
  LawReport r = check_laws(trace, options);
  if (!r.ok()) {
    fail_with_trace(r.violation->what(), failing_prefix(trace, *r.violation));
  }
  return r;
}

void fail_with_trace(const std::string& reason, const Trace& trace) {
  {
    std::lock_guard<std::mutex> lock(failure_mutex);
    failure = RecordedFailure{trace, reason};
  }
  const std::string message =
      reason +
      "\n-- failing trace (save it to a file; `gomapfuzz laws FILE` checks "
      "the laws on it, `gomapfuzz repro FILE` replays it; "
      "GOMAPFUZZ_SAVE_REGRESSIONS=1 saves it into corpus/regressions/) --\n" +
      print_trace(trace) + "-- end of trace --";
  RC_FAIL(message);
}

void report_property_result(const rc::detail::TestMetadata& metadata,
                            const rc::detail::TestResult& result) {
  using rc::detail::FailureResult;
  using rc::detail::SuccessResult;
  if (result.template is<SuccessResult>()) {
    if (!result.template get<SuccessResult>().distribution.empty()) {
      rc::detail::printResultMessage(result, std::cout);
      std::cout << std::endl;
    }
    return;
  }
  std::ostringstream ss;
  rc::detail::printResultMessage(result, ss);
  if (result.template is<FailureResult>()) {
    rc::detail::Configuration config;
    config.reproduce[metadata.id] =
        result.template get<FailureResult>().reproduce;
    const std::string reproduce = rc::detail::configToMinimalString(config);
    ss << "\nRerun the shrunk case: RC_PARAMS=\"" << reproduce << "\" "
       << "properties_tests --gtest_filter="
       << metadata.id.substr(0, metadata.id.find('/')) << "."
       << metadata.id.substr(metadata.id.find('/') + 1) << "\n";
    std::lock_guard<std::mutex> lock(failure_mutex);
    if (failure) failure->reproduce = reproduce;
  }
  ADD_FAILURE() << ss.str();
}

std::optional<RecordedFailure> last_failure() {
  std::lock_guard<std::mutex> lock(failure_mutex);
  return failure;
}

void forget_failure() {
  std::lock_guard<std::mutex> lock(failure_mutex);
  failure.reset();
}

void print_coverage(const std::string& what, const LawCoverage& c) {
  std::cout << "coverage " << what << ": ops=" << c.ops << " maps=" << c.maps
            << " doublings=" << c.doublings
            << " same_size=" << c.same_size_growths
            << " deferred_doublings=" << c.deferred_doublings
            << " growths_finished=" << c.growths_finished
            << " multi_write_growths=" << c.multi_write_growths
            << " writes_while_growing=" << c.writes_while_growing
            << " reads_while_growing=" << c.reads_while_growing
            << " hinted_inserts=" << c.hinted_inserts
            << " deletes=" << c.deletes
            << " emptied_by_delete=" << c.emptied_by_delete
            << " overflow_taken=" << c.overflow_taken
            << " overflow_avoided=" << c.overflow_avoided
            << " iterations=" << c.iterations_completed
            << " iterations_across_growth=" << c.iterations_across_growth
            << " yields_while_growing=" << c.yields_while_growing
            << " leak_checks=" << c.leak_checks << "\n";
}

}  // namespace props
}  // namespace gomapfuzz
