#include "gomapfuzz/oracle/differ.h"

#include <array>
#include <cinttypes>
#include <cstdio>
#include <utility>
#include <vector>

#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/subject_replay.h"
#include "gomapfuzz/oracle/dump_compare.h"

namespace gomapfuzz::oracle {
namespace {

// Thrown from the replayer's after_op once a divergence is recorded: the
// replayer unwinds (destroying its map before its iterators' owner goes)
// and the rest of the trace is not run.
struct StopReplay {};

// From B = 16 on, incrnoverflow counts with probability 1/2^(B-15).
constexpr unsigned kRandomNoverflowB = 16;
// tooManyOverflowBuckets(noverflow, B) for B >= 15: noverflow >= 1 << 15.
constexpr uint64_t kTooManyOverflowFromB16 = uint64_t{1} << 15;

// The model's answer, in the words of the Go oracle's result lines.
std::string format_trace_value(uint64_t v, int value_bytes) {
  if (value_bytes == 0) return std::to_string(v);
  // Every bytesN has N >= 8: its first 8 bytes are v, little-endian.
  char buf[24];
  std::snprintf(buf, sizeof buf, "b%016" PRIx64, v);
  return buf;
}

bool header_growing(const std::string& header) {
  return header_field(header, "growing") == "1";
}

uint64_t header_noverflow(const std::string& header) {
  const auto v = header_field(header, "noverflow");
  return v ? std::stoull(*v) : 0;
}

// mapcore's side of an op as a record in the Go oracle's words: the layout
// from mapcore's dump, the result from the model (which the replayer holds
// mapcore to).
class MapcoreRecorder {
 public:
  explicit MapcoreRecorder(const Trace& t) : trace_(t) {}

  GoRecord record(const OpEvent& ev, bool full) {
    GoRecord r;
    r.index = ev.index;
    r.full = full;
    r.header = ev.dump_header();
    if (full) {
      const std::string dump = ev.dump();
      if (dump.compare(0, r.header.size(), r.header) != 0) {
        throw OracleError("mapcore's dump does not begin with its header");
      }
      r.buckets = dump.substr(r.header.size());
    }
    r.start = ev.iter_start;
    r.yields = ev.yields;
    r.result = result(ev.op);
    return r;
  }

 private:
  std::optional<std::string> result(const Op& op) {
    switch (op.kind) {
      case OpKind::kMake:
        model_ = Model();
        return std::nullopt;
      case OpKind::kClear:
        model_.clear();
        return std::nullopt;
      case OpKind::kPut:
        return model_.put(op.key, op.value) ? "put new" : "put old";
      case OpKind::kGet: {
        const auto v = model_.get(op.key);
        return v ? "get " + format_trace_value(*v, trace_.types.value_bytes)
                 : "get missing";
      }
      case OpKind::kDel:
        return model_.del(op.key) ? "del 1" : "del 0";
      default:
        return std::nullopt;
    }
  }

  const Trace& trace_;
  Model model_;
};

// What differs between two records of one op.
struct Mismatch {
  std::string what;
  bool exact = false;  // the compared parts are compared at every op
};

// Compares two runs of one trace op by op (Go against mapcore, or a side
// against itself in a determinism check), skipping what randomness neither
// side pins decides: the taint rules of differ.h.
class RecordComparison {
 public:
  RecordComparison(OracleStats& stats, std::string a_name, std::string b_name,
                   const OracleOptions& o)
      : stats_(stats),
        a_(std::move(a_name)),
        b_(std::move(b_name)),
        taint_nan_deletes_(o.taint_nan_deletes) {}

  std::optional<Mismatch> compare(const Op& op, const GoRecord& a,
                                  const GoRecord& b) {
    ++stats_.ops;
    note_taint_before(op);
    std::optional<Mismatch> m = compare_result(a, b);
    if (!m) m = compare_layout(a, b);
    if (!m) m = compare_iteration(op, a, b);
    if (tainted_) ++stats_.tainted_ops;
    prev_a_header_ = a.header;
    prev_b_header_ = b.header;
    prev_layout_known_ = !a.header.empty() && !b.header.empty();
    return m;
  }

  // The last op whose whole layout was compared and equal; -1 if none.
  int64_t last_full_ok() const { return last_full_ok_; }
  const std::string& a_name() const { return a_; }
  const std::string& b_name() const { return b_; }

 private:
  // ---- taint ----

  void taint() {
    if (!tainted_) ++stats_.taints;
    tainted_ = true;
    iter_tainted_.fill(true);  // every open iterator
  }

  void note_taint_before(const Op& op) {
    const bool nan = (op.kind == OpKind::kPut || op.kind == OpKind::kDel) &&
                     is_nan_key(op.key);
    switch (op.kind) {
      case OpKind::kMake:
        tainted_ = false;
        nan_in_map_ = false;
        iter_tainted_.fill(false);
        break;
      case OpKind::kItOpen:
        iter_tainted_[op.iter] = tainted_;
        break;
      case OpKind::kPut:
        if (nan) {
          nan_in_map_ = true;
          taint();
        }
        break;
      case OpKind::kDel:
        // mapdelete hashes the key before growWork: a NaN's random hash
        // picks the old bucket it evacuates.
        // Unknown (the previous op was not dumped): tainted, to be safe.
        if (nan && taint_nan_deletes_ &&
            (!prev_layout_known_ || header_growing(prev_a_header_) ||
             header_growing(prev_b_header_))) {
          taint();
        }
        break;
      case OpKind::kClear:
        nan_in_map_ = false;  // mapclear drops every entry
        break;
      default:
        break;
    }
  }

  // ---- results ----

  std::optional<Mismatch> compare_result(const GoRecord& a, const GoRecord& b) {
    if (a.result || b.result) ++stats_.results;
    if (a.result == b.result) return std::nullopt;
    return Mismatch{"result: " + a_ + " says '" + a.result.value_or("(none)") +
                        "', " + b_ + " says '" + b.result.value_or("(none)") +
                        "'",
                    false};
  }

  // ---- layout ----

  std::optional<Mismatch> compare_layout(const GoRecord& a, const GoRecord& b) {
    if (a.header.empty() || b.header.empty()) {
      // An op with no dump (subject comparisons): no layout to compare, and
      // at B >= 16 no way to see noverflow straddle the threshold.
      if (b_seen_ >= kRandomNoverflowB) taint();
      return std::nullopt;
    }
    std::string ha = a.header, hb = b.header;
    const unsigned bits = std::max(header_b(ha), header_b(hb));
    b_seen_ = bits;
    stats_.max_b = std::max(stats_.max_b, bits);
    const bool mask = bits >= kRandomNoverflowB;
    if (mask) {
      ++stats_.noverflow_masked;
      // Same-size growth starts once noverflow reaches the threshold: on
      // one side only if the random counts straddle it.
      if ((header_noverflow(ha) >= kTooManyOverflowFromB16) !=
          (header_noverflow(hb) >= kTooManyOverflowFromB16)) {
        taint();
      }
      ha = mask_noverflow(ha);
      hb = mask_noverflow(hb);
    }
    ++stats_.header_compares;
    if (tainted_) return compare_tainted(a, b, ha, hb, mask);
    if (ha != hb) {
      return Mismatch{
          "hmap/pool lines differ: " + first_difference(ha, hb, a_, b_), false};
    }
    if (!a.full || !b.full) return std::nullopt;
    ++stats_.full_compares;
    if (auto m = compare_buckets(a, b, mask)) return m;
    last_full_ok_ = static_cast<int64_t>(a.index);
    return std::nullopt;
  }

  std::optional<Mismatch> compare_buckets(const GoRecord& a, const GoRecord& b,
                                          bool mask) {
    const std::string da = mask ? mask_noverflow(a.dump()) : a.dump();
    const std::string db = mask ? mask_noverflow(b.dump()) : b.dump();
    if (da == db) return std::nullopt;
    return Mismatch{
        "bucket layout differs: " + first_difference(da, db, a_, b_), false};
  }

  // Tainted: count and hash0 only; a full, equal layout with no NaN key in
  // the map lifts the taint.
  std::optional<Mismatch> compare_tainted(const GoRecord& a, const GoRecord& b,
                                          const std::string& ha,
                                          const std::string& hb, bool mask) {
    for (const char* field : {"count", "hash0"}) {
      if (header_field(ha, field) != header_field(hb, field)) {
        return Mismatch{std::string(field) + " differs (" + a_ + " " +
                            header_field(ha, field).value_or("?") + ", " + b_ +
                            " " + header_field(hb, field).value_or("?") +
                            "; the comparison is tainted by randomness: only "
                            "count and hash0 are compared)",
                        true};
      }
    }
    if (!nan_in_map_ && a.full && b.full && !compare_buckets(a, b, mask)) {
      tainted_ = false;
      ++stats_.full_compares;
      last_full_ok_ = static_cast<int64_t>(a.index);
    }
    return std::nullopt;
  }

  // ---- iteration ----

  bool iteration_tainted(const Op& op) const {
    if (op.kind == OpKind::kItNext) return iter_tainted_[op.iter] || tainted_;
    return tainted_;
  }

  std::optional<Mismatch> compare_iteration(const Op& op, const GoRecord& a,
                                            const GoRecord& b) {
    if (op.kind != OpKind::kIter && op.kind != OpKind::kItNext) {
      return std::nullopt;
    }
    if (iteration_tainted(op)) return std::nullopt;
    // Go reports a start only for an iteration of a non-empty map; mapcore
    // for every one: compare where the first side has one.
    if (a.start) {
      ++stats_.starts;
      if (!b.start || !(*a.start == *b.start)) {
        return Mismatch{"iteration start: " + a_ + " " + start_text(a.start) +
                            ", " + b_ + " " + start_text(b.start),
                        false};
      }
    }
    for (std::size_t i = 0; i < std::max(a.yields.size(), b.yields.size());
         ++i) {
      const std::string x = i < a.yields.size() ? a.yields[i] : "(end)";
      const std::string y = i < b.yields.size() ? b.yields[i] : "(end)";
      if (x != y) {
        return Mismatch{"iteration yield " + std::to_string(i) +
                            " of this op: " + a_ + " " + x + ", " + b_ + " " +
                            y,
                        false};
      }
    }
    stats_.yields += a.yields.size();
    return std::nullopt;
  }

  static std::string start_text(const std::optional<mapcore::IterStart>& s) {
    if (!s) return "(none)";
    return std::to_string(s->bucket) + " " + std::to_string(s->offset);
  }

  OracleStats& stats_;
  std::string a_, b_;
  const bool taint_nan_deletes_;
  bool tainted_ = false;
  bool nan_in_map_ = false;
  std::array<bool, kMaxIterators> iter_tainted_{};
  std::string prev_a_header_, prev_b_header_;
  // The previous op's layouts are known (false after an op with no dump;
  // true before the first op: the implicit make 0 does not grow).
  bool prev_layout_known_ = true;
  unsigned b_seen_ = 0;  // B at the last header compared
  int64_t last_full_ok_ = -1;
};

Divergence make_divergence(const RecordComparison& cmp, std::size_t index,
                           const Op& op, const Mismatch& m, const GoRecord& a,
                           const GoRecord& b) {
  Divergence d;
  d.op_index = index;
  d.line = op.line;
  d.op_text = print_op(op);
  d.what = m.what;
  d.go_state = a.dump();
  d.mapcore_state = b.dump();
  d.exact = m.exact || cmp.last_full_ok() + 1 == static_cast<int64_t>(index);
  d.a_name = cmp.a_name();
  d.b_name = cmp.b_name();
  return d;
}

struct PassResult {
  std::optional<Divergence> divergence;
  std::optional<ReplayFailure> mapcore_failure;
  OracleStats stats;
  std::string go_version;
  int64_t last_full_ok = -1;
};

// Go streams its records; mapcore replays alongside, recording each op at
// the detail Go printed.
PassResult compare_pass(const Trace& go_trace, const Trace& mapcore_trace,
                        const OracleOptions& o, const FullDumpPolicy& policy) {
  PassResult p;
  GoRun go(o.go_binary, go_trace, policy);
  p.go_version = go.go_version();
  RecordComparison cmp(p.stats, "Go", "mapcore", o);
  MapcoreRecorder mapcore(mapcore_trace);
  ReplayOptions ro;
  ro.check_every = o.check_every;
  ro.record_yields = true;
  ro.after_op = [&](const OpEvent& ev) {
    std::optional<GoRecord> rec = go.next();
    if (!rec || rec->index != ev.index) {
      throw OracleError("Go and mapcore disagree on the op count at op " +
                        std::to_string(ev.index));
    }
    const GoRecord mine = mapcore.record(ev, rec->full);
    if (auto m = cmp.compare(ev.op, *rec, mine)) {
      p.divergence = make_divergence(cmp, ev.index, ev.op, *m, *rec, mine);
      throw StopReplay{};
    }
  };
  try {
    const ReplayResult r = replay(mapcore_trace, ro);
    if (!r.ok()) p.mapcore_failure = r.failure;
  } catch (const StopReplay&) {
  }
  p.last_full_ok = cmp.last_full_ok();
  if (!p.divergence && !p.mapcore_failure && go.next()) {
    throw OracleError("Go printed more records than mapcore ran ops");
  }
  return p;
}

// Go twice on the same pinned trace, in lockstep.
std::optional<Divergence> compare_go_runs(const Trace& t,
                                          const OracleOptions& o,
                                          OracleStats& stats) {
  GoRun first(o.go_binary, t, o.policy), second(o.go_binary, t, o.policy);
  RecordComparison cmp(stats, "Go run 1", "Go run 2", o);
  for (std::size_t i = 0;; ++i) {
    std::optional<GoRecord> a = first.next(), b = second.next();
    if (!a || !b) {
      if (a || b) throw OracleError("the two Go runs printed different counts");
      return std::nullopt;
    }
    if (auto m = cmp.compare(t.ops[i], *a, *b)) {
      return make_divergence(cmp, i, t.ops[i], *m, *a, *b);
    }
  }
}

// Which ops a mapcore run records in full, where no Go run decides: every op
// of a map of up to 128 buckets, growth edges, and every 2^B/32-th op
// otherwise (as the Go oracle prints; oracle/gomap/runner.go).
class MapcoreFullPolicy {
 public:
  bool full(const OpEvent& ev) {
    const std::string h = ev.dump_header();
    const unsigned b = header_b(h);
    const bool growing = header_growing(h);
    const bool edge = b != prev_b_ || growing != prev_growing_;
    prev_b_ = b;
    prev_growing_ = growing;
    const uint64_t buckets = uint64_t{1} << b;
    return edge || buckets <= 128 || ev.index % (buckets / 32) == 0;
  }

 private:
  unsigned prev_b_ = 0;
  bool prev_growing_ = false;
};

// mapcore twice on the same trace: the first run's records kept, the
// second's compared with them as they come.
std::optional<Divergence> compare_mapcore_runs(const Trace& t,
                                               const OracleOptions& o,
                                               OracleStats& stats) {
  std::vector<GoRecord> first;
  {
    MapcoreRecorder rec(t);
    MapcoreFullPolicy policy;
    ReplayOptions ro;
    ro.check_every = o.check_every;
    ro.record_yields = true;
    ro.after_op = [&](const OpEvent& ev) {
      first.push_back(rec.record(ev, policy.full(ev)));
    };
    replay(t, ro);
  }
  RecordComparison cmp(stats, "mapcore run 1", "mapcore run 2", o);
  MapcoreRecorder rec(t);
  std::optional<Divergence> d;
  ReplayOptions ro;
  ro.check_every = o.check_every;
  ro.record_yields = true;
  ro.after_op = [&](const OpEvent& ev) {
    if (ev.index >= first.size()) {
      throw OracleError("the second mapcore run ran more ops than the first");
    }
    const GoRecord& a = first[ev.index];
    const GoRecord b = rec.record(ev, a.full);
    if (auto m = cmp.compare(ev.op, a, b)) {
      d = make_divergence(cmp, ev.index, ev.op, *m, a, b);
      throw StopReplay{};
    }
  };
  try {
    replay(t, ro);
  } catch (const StopReplay&) {
  }
  return d;
}

// ---- two subjects through the C ABI ----

// Which ops of a subject comparison are dumped on both sides (see
// compare_subjects in differ.h).
class SubjectDumpPolicy {
 public:
  SubjectDumpPolicy(const FullDumpPolicy& p, std::size_t ops)
      : p_(p), ops_(ops) {}

  bool dump(std::size_t i, const Op& op) const {
    const auto index = static_cast<int64_t>(i);
    if (p_.every_op || (p_.from >= 0 && index >= p_.from && index <= p_.to)) {
      return true;
    }
    if (op.kind == OpKind::kMake || op.kind == OpKind::kClear ||
        i + 1 == ops_) {
      return true;
    }
    const uint64_t buckets = uint64_t{1} << b_;
    return buckets <= 128 || i % (buckets / 32) == 0;
  }
  // B of the last dump: the map can only have grown since.
  void saw(unsigned b) { b_ = b; }

 private:
  FullDumpPolicy p_;
  std::size_t ops_;
  unsigned b_ = 0;
};

// A subject's side of an op as a record in the Go oracle's words: its dump
// split into the header (hmap and pool lines) and the buckets, its own
// answer, its yields.
GoRecord subject_record(std::size_t index, const Op& op, const OpOutcome& out,
                        const SubjectRun& run, bool dumped) {
  GoRecord r;
  r.index = index;
  r.full = dumped;
  if (dumped) {
    const std::string dump = run.dump();
    const std::size_t hmap_end = dump.find('\n');
    const std::size_t pool_end = hmap_end == std::string::npos
                                     ? std::string::npos
                                     : dump.find('\n', hmap_end + 1);
    if (pool_end == std::string::npos) {
      throw OracleError("a subject's dump lacks its hmap and pool lines");
    }
    r.header = dump.substr(0, pool_end + 1);
    r.buckets = dump.substr(pool_end + 1);
  }
  r.yields = run.yields();
  switch (op.kind) {
    case OpKind::kPut:
      r.result = out.added ? "put new" : "put old";
      break;
    case OpKind::kGet:
      r.result = out.got ? "get " + format_trace_value(*out.got, 0)
                         : std::string("get missing");
      break;
    case OpKind::kDel:
      r.result = out.removed ? "del 1" : "del 0";
      break;
    default:
      break;
  }
  return r;
}

struct SubjectPass {
  SubjectComparison c;
  int64_t last_full_ok = -1;
};

// Both subjects in lockstep, comparing after each op.
SubjectPass subject_pass(const Subject& a, const Trace& ta, const Subject& b,
                         const Trace& tb, const OracleOptions& o,
                         const FullDumpPolicy& policy) {
  SubjectPass p;
  SubjectReplayOptions so;
  so.record_yields = true;
  SubjectRun ra(a, ta, so), rb(b, tb, so);
  RecordComparison cmp(p.c.stats, a.name(), b.name(), o);
  SubjectDumpPolicy dumps(policy, ta.ops.size());
  const Subject* side = &a;  // whose step is running, for a failure
  try {
    ra.start();
    side = &b;
    rb.start();
    for (std::size_t i = 0; i < ta.ops.size(); ++i) {
      const Op& op = ta.ops[i];
      const bool dumped = dumps.dump(i, op);
      side = &a;
      const OpOutcome oa = ra.step(i);
      side = &b;
      const OpOutcome ob = rb.step(i);
      const GoRecord x = subject_record(i, op, oa, ra, dumped);
      const GoRecord y = subject_record(i, tb.ops[i], ob, rb, dumped);
      if (dumped) dumps.saw(std::max(header_b(x.header), header_b(y.header)));
      if (auto m = cmp.compare(op, x, y)) {
        p.c.divergence = make_divergence(cmp, i, op, *m, x, y);
        break;
      }
    }
    if (!p.c.divergence) {
      side = &a;
      ra.finish();
      side = &b;
      rb.finish();
    }
  } catch (const ExecutionFailure& f) {
    p.c.failure = ReplayFailure::of(side == &a ? ta : tb, f);
    p.c.failing_side = side->name();
  }
  p.c.a_stats = ra.stats();
  p.last_full_ok = cmp.last_full_ok();
  return p;
}

}  // namespace

SubjectComparison compare_subjects(const Subject& a, const Trace& a_trace,
                                   const Subject& b, const Trace& b_trace,
                                   const OracleOptions& o) {
  if (a_trace.ops.size() != b_trace.ops.size()) {
    throw OracleError("the two sides' traces differ in length");
  }
  SubjectPass p = subject_pass(a, a_trace, b, b_trace, o, o.policy);
  if (p.c.divergence && !p.c.divergence->exact) {
    // Narrow it down: a dump at every op from the last op known equal.
    FullDumpPolicy window = o.policy;
    window.from = p.last_full_ok + 1;
    window.to = static_cast<int64_t>(p.c.divergence->op_index);
    SubjectPass narrow = subject_pass(a, a_trace, b, b_trace, o, window);
    if (narrow.c.divergence) p.c.divergence = narrow.c.divergence;
  }
  if (p.c.divergence) {
    Divergence& d = *p.c.divergence;
    d.reruns = o.reruns;
    for (int i = 0; i < o.reruns; ++i) {
      if (subject_pass(a, a_trace, b, b_trace, o, o.policy).c.divergence) {
        ++d.reruns_diverging;
      }
    }
  }
  return p.c;
}

Trace pin_iteration_starts(
    const Trace& t, const std::map<std::size_t, mapcore::IterStart>& starts) {
  Trace p = t;
  std::array<std::optional<std::size_t>, kMaxIterators> opener;
  for (std::size_t i = 0; i < p.ops.size(); ++i) {
    Op& op = p.ops[i];
    if (op.kind == OpKind::kMake) opener.fill(std::nullopt);
    if (op.kind == OpKind::kItOpen) opener[op.iter] = i;
    if (op.kind == OpKind::kItClose) opener[op.iter] = std::nullopt;
    const auto s = starts.find(i);
    if (s == starts.end()) continue;
    if (op.kind == OpKind::kIter) {
      op.start = s->second;
    } else if (op.kind == OpKind::kItNext && opener[op.iter]) {
      p.ops[*opener[op.iter]].start = s->second;
    } else {
      throw OracleError("Go reports an iteration start at op " +
                        std::to_string(i) + " (`" + print_op(op) +
                        "`), which begins no iteration");
    }
  }
  return p;
}

OracleReport compare_pinned(const Trace& go_trace, const Trace& mapcore_trace,
                            const OracleOptions& o) {
  OracleReport report;
  report.pinned = mapcore_trace;
  PassResult p = compare_pass(go_trace, mapcore_trace, o, o.policy);
  if (p.divergence && !p.divergence->exact) {
    // Narrow it down: full dumps from the last op known equal in full.
    FullDumpPolicy window = o.policy;
    window.from = p.last_full_ok + 1;
    window.to = static_cast<int64_t>(p.divergence->op_index);
    PassResult narrow = compare_pass(go_trace, mapcore_trace, o, window);
    if (narrow.divergence) p.divergence = narrow.divergence;
  }
  report.go_version = p.go_version;
  report.divergence = std::move(p.divergence);
  report.mapcore_failure = std::move(p.mapcore_failure);
  report.stats = p.stats;
  return report;
}

OracleReport run_oracle(const Trace& t, const OracleOptions& o) {
  if (const std::string why = why_not_runnable_on_go(t); !why.empty()) {
    throw OracleError(why);
  }
  const Trace pinned =
      pin_iteration_starts(t, go_iteration_starts(o.go_binary, t));
  OracleReport report = compare_pinned(pinned, pinned, o);
  if (report.divergence) {
    Divergence& d = *report.divergence;
    d.reruns = o.reruns;
    for (int i = 0; i < o.reruns; ++i) {
      if (compare_pinned(pinned, pinned, o).divergence) ++d.reruns_diverging;
    }
  }
  return report;
}

DeterminismReport check_determinism(const Trace& t, const OracleOptions& o) {
  if (const std::string why = why_not_runnable_on_go(t); !why.empty()) {
    throw OracleError(why);
  }
  DeterminismReport r;
  r.pinned = pin_iteration_starts(t, go_iteration_starts(o.go_binary, t));
  r.go = compare_go_runs(r.pinned, o, r.go_stats);
  r.mapcore = compare_mapcore_runs(r.pinned, o, r.mapcore_stats);
  return r;
}

std::string describe(const Divergence& d) {
  std::string out;
  if (d.nondeterministic()) {
    out = "nondeterministic: " + std::to_string(d.reruns_diverging) + " of " +
          std::to_string(d.reruns) +
          " reruns diverge (the oracle is not deterministic on this trace: "
          "a bug of the oracle or a taint rule missing, not a verdict on "
          "mapcore); the first run said: ";
  }
  out += "DIVERGENCE after op " + std::to_string(d.op_index);
  if (d.line > 0) out += " (line " + std::to_string(d.line) + ")";
  out += " `" + d.op_text + "`: " + d.what + "\n";
  if (!d.exact) {
    out +=
        "(the states may differ from an earlier op: the full re-run did "
        "not reproduce it)\n";
  }
  out += side_by_side(d.go_state, d.mapcore_state, 24, d.a_name, d.b_name);
  return out;
}

}  // namespace gomapfuzz::oracle
