#include "gomapfuzz/oracle/differ.h"

#include <array>
#include <cinttypes>
#include <cstdio>
#include <utility>

#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/oracle/dump_compare.h"

namespace gomapfuzz::oracle {
namespace {

// Thrown from the replayer's after_op once a divergence is recorded: the
// replayer unwinds (destroying its map before its iterators' owner goes)
// and the rest of the trace is not run.
struct StopReplay {};

// From B = 16 on, incrnoverflow counts with probability 1/2^(B-15).
constexpr unsigned kRandomNoverflowB = 16;

// The model's answer, in the words of the Go oracle's result lines.
std::string format_trace_value(uint64_t v, int value_bytes) {
  if (value_bytes == 0) return std::to_string(v);
  // Every bytesN has N >= 8: its first 8 bytes are v, little-endian.
  char buf[24];
  std::snprintf(buf, sizeof buf, "b%016" PRIx64, v);
  return buf;
}

// Compares one op's Go record with mapcore after the same op.
class Comparison {
 public:
  Comparison(GoRun& go, const Trace& t, OracleStats& stats)
      : go_(go), trace_(t), stats_(stats) {}

  void on_op(const OpEvent& ev) {
    std::optional<GoRecord> rec = go_.next();
    if (!rec || rec->index != ev.index) {
      throw OracleError("Go and mapcore disagree on the op count at op " +
                        std::to_string(ev.index));
    }
    ++stats_.ops;
    const Op& op = ev.op;
    note_taint_before(op);
    check_result(ev, *rec);
    check_layout(ev, *rec);
    check_iteration(ev, *rec);
    note_taint_after(op);
  }

  const std::optional<Divergence>& divergence() const { return divergence_; }
  // The last op whose whole layout was compared and equal; -1 if none.
  int64_t last_full_ok() const { return last_full_ok_; }

 private:
  // Records the divergence and stops the replay. `exact`: the compared
  // fields are compared at every op, so this op is the first to differ.
  [[noreturn]] void diverge(const OpEvent& ev, const std::string& what,
                            std::string go_state, std::string mc_state,
                            bool exact = false) {
    Divergence d;
    d.op_index = ev.index;
    d.line = ev.op.line;
    d.op_text = print_op(ev.op);
    d.what = what;
    d.go_state = std::move(go_state);
    d.mapcore_state = std::move(mc_state);
    d.exact = exact || last_full_ok_ + 1 == static_cast<int64_t>(ev.index);
    divergence_ = std::move(d);
    throw StopReplay{};
  }

  // ---- NaN taint (see differ.h) ----

  void note_taint_before(const Op& op) {
    switch (op.kind) {
      case OpKind::kMake:
        tainted_ = false;
        iter_tainted_.fill(false);
        break;
      case OpKind::kItOpen:
        iter_tainted_[op.iter] = tainted_;
        break;
      case OpKind::kPut:
        if (is_nan_key(op.key)) {
          tainted_ = true;
          iter_tainted_.fill(true);  // every open iterator, and none is open
        }
        break;
      default:
        break;
    }
  }

  void note_taint_after(const Op& op) {
    // A clear leaves both maps zeroed at the same B: if their layouts agree
    // (check_layout compared them), nothing random remains.
    if (op.kind == OpKind::kClear && tainted_ && clear_layouts_equal_) {
      tainted_ = false;
    }
    if (tainted_) ++stats_.nan_ops;
  }

  // ---- results ----

  void check_result(const OpEvent& ev, const GoRecord& rec) {
    const Op& op = ev.op;
    std::optional<std::string> want;
    switch (op.kind) {
      case OpKind::kMake:
        model_ = Model();
        break;
      case OpKind::kClear:
        model_.clear();
        break;
      case OpKind::kPut:
        want = model_.put(op.key, op.value) ? "put new" : "put old";
        break;
      case OpKind::kGet: {
        const auto v = model_.get(op.key);
        want = v ? "get " + format_trace_value(*v, trace_.types.value_bytes)
                 : "get missing";
        break;
      }
      case OpKind::kDel:
        want = model_.del(op.key) ? "del 1" : "del 0";
        break;
      default:
        break;
    }
    if (want) ++stats_.results;
    if (rec.result != want) {
      diverge(ev,
              "result: Go says '" + rec.result.value_or("(none)") +
                  "', the model (which mapcore matches) says '" +
                  want.value_or("(none)") + "'",
              rec.dump(), mapcore_state(ev, rec));
    }
  }

  // mapcore's dump at the detail Go printed (a full record or the header).
  static std::string mapcore_state(const OpEvent& ev, const GoRecord& rec) {
    return rec.full ? ev.dump() : ev.dump_header();
  }

  // ---- layout ----

  void check_layout(const OpEvent& ev, const GoRecord& rec) {
    std::string go_header = rec.header;
    std::string mc_header = ev.dump_header();
    const unsigned b = std::max(header_b(go_header), header_b(mc_header));
    stats_.max_b = std::max(stats_.max_b, b);
    const bool mask = b >= kRandomNoverflowB;
    if (mask) {
      ++stats_.noverflow_masked;
      go_header = mask_noverflow(go_header);
      mc_header = mask_noverflow(mc_header);
    }
    ++stats_.header_compares;
    if (tainted_) {
      check_nan_header(ev, rec, go_header, mc_header);
      return;
    }
    if (go_header != mc_header) {
      diverge(ev, "hmap/pool lines differ", rec.dump(), mapcore_state(ev, rec));
    }
    if (!rec.full) return;
    ++stats_.full_compares;
    std::string go_dump = rec.dump();
    std::string mc_dump = ev.dump();
    if (mask) {
      go_dump = mask_noverflow(go_dump);
      mc_dump = mask_noverflow(mc_dump);
    }
    if (go_dump != mc_dump)
      diverge(ev, "bucket layout differs", rec.dump(), ev.dump());
    last_full_ok_ = static_cast<int64_t>(ev.index);
  }

  // With NaN keys in the map: count and hash0 only; at a clear, the whole
  // layout decides whether the randomness is gone.
  void check_nan_header(const OpEvent& ev, const GoRecord& rec,
                        const std::string& go_header,
                        const std::string& mc_header) {
    for (const char* field : {"count", "hash0"}) {
      if (header_field(go_header, field) != header_field(mc_header, field)) {
        diverge(ev,
                std::string(field) +
                    " differs (NaN keys in the map: only count and hash0 are "
                    "compared)",
                rec.dump(), mapcore_state(ev, rec), /*exact=*/true);
      }
    }
    clear_layouts_equal_ =
        ev.op.kind == OpKind::kClear && rec.full && rec.dump() == ev.dump();
  }

  // ---- iteration ----

  bool iteration_tainted(const Op& op) const {
    if (op.kind == OpKind::kItNext) return iter_tainted_[op.iter] || tainted_;
    return tainted_;
  }

  void check_iteration(const OpEvent& ev, const GoRecord& rec) {
    const Op& op = ev.op;
    if (op.kind != OpKind::kIter && op.kind != OpKind::kItNext) return;
    if (iteration_tainted(op)) return;
    if (rec.start) {
      ++stats_.starts;
      if (!ev.iter_start || !(*ev.iter_start == *rec.start)) {
        diverge(ev,
                "iteration start: Go " + start_text(rec.start) + ", mapcore " +
                    start_text(ev.iter_start),
                rec.dump(), mapcore_state(ev, rec));
      }
    }
    const auto& go = rec.yields;
    const auto& mc = ev.yields;
    for (std::size_t i = 0; i < std::max(go.size(), mc.size()); ++i) {
      const std::string g = i < go.size() ? go[i] : "(end)";
      const std::string m = i < mc.size() ? mc[i] : "(end)";
      if (g != m) {
        diverge(ev,
                "iteration yield " + std::to_string(i) + " of this op: Go " +
                    g + ", mapcore " + m,
                rec.dump(), mapcore_state(ev, rec));
      }
    }
    stats_.yields += go.size();
  }

  static std::string start_text(const std::optional<mapcore::IterStart>& s) {
    if (!s) return "(none)";
    return std::to_string(s->bucket) + " " + std::to_string(s->offset);
  }

  GoRun& go_;
  const Trace& trace_;
  OracleStats& stats_;
  Model model_;
  bool tainted_ = false;
  bool clear_layouts_equal_ = false;
  std::array<bool, kMaxIterators> iter_tainted_{};
  int64_t last_full_ok_ = -1;
  std::optional<Divergence> divergence_;
};

struct PassResult {
  std::optional<Divergence> divergence;
  std::optional<ReplayFailure> mapcore_failure;
  OracleStats stats;
  std::string go_version;
  int64_t last_full_ok = -1;
};

PassResult compare_pass(const Trace& go_trace, const Trace& mapcore_trace,
                        const OracleOptions& o, const FullDumpPolicy& policy) {
  PassResult p;
  GoRun go(o.go_binary, go_trace, policy);
  p.go_version = go.go_version();
  Comparison cmp(go, mapcore_trace, p.stats);
  ReplayOptions ro;
  ro.check_every = o.check_every;
  ro.record_yields = true;
  ro.after_op = [&cmp](const OpEvent& ev) { cmp.on_op(ev); };
  try {
    const ReplayResult r = replay(mapcore_trace, ro);
    if (!r.ok()) p.mapcore_failure = r.failure;
  } catch (const StopReplay&) {
  }
  p.divergence = cmp.divergence();
  p.last_full_ok = cmp.last_full_ok();
  if (!p.divergence && !p.mapcore_failure && go.next()) {
    throw OracleError("Go printed more records than mapcore ran ops");
  }
  return p;
}

}  // namespace

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
  return compare_pinned(pinned, pinned, o);
}

std::string describe(const Divergence& d) {
  std::string out = "DIVERGENCE after op " + std::to_string(d.op_index);
  if (d.line > 0) out += " (line " + std::to_string(d.line) + ")";
  out += " `" + d.op_text + "`: " + d.what + "\n";
  if (!d.exact) {
    out +=
        "(the states may differ from an earlier op: the full re-run did "
        "not reproduce it)\n";
  }
  out += side_by_side(d.go_state, d.mapcore_state);
  return out;
}

}  // namespace gomapfuzz::oracle
