#include "gomapfuzz/harness/subject_replay.h"

#include <array>
#include <bit>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/iteration_check.h"
#include "gomapfuzz/harness/model.h"

namespace gomapfuzz {
namespace {

// Tier b: config->alloc/free over a fault-injecting resource over a
// counting one, as the replayer stacks them for mapcore.
struct AbiAllocator {
  AbiAllocator() : faults(&counting) {}
  CountingResource counting;
  FaultInjectingResource faults;

  static void* alloc(void* ctx, size_t n, size_t align) {
    try {
      return static_cast<AbiAllocator*>(ctx)->faults.allocate(n, align);
    } catch (const std::bad_alloc&) {
      return nullptr;
    }
  }
  static void free(void* ctx, void* p, size_t n, size_t align) {
    static_cast<AbiAllocator*>(ctx)->faults.deallocate(p, n, align);
  }
};

// A trace key as the ABI carries it (the bytes live in `storage`).
gomapfuzz_key abi_key(const TraceKey& k, std::string& storage) {
  if (const auto* s = std::get_if<std::string>(&k)) {
    storage = *s;
  } else {
    const uint64_t bits = std::holds_alternative<double>(k)
                              ? std::bit_cast<uint64_t>(std::get<double>(k))
                              : std::get<uint64_t>(k);
    storage.assign(reinterpret_cast<const char*>(&bits), sizeof bits);
  }
  return {storage.data(), storage.size()};
}

TraceKey trace_key(gomapfuzz_key k, KeyType type) {
  if (type == KeyType::kString) {
    return std::string(static_cast<const char*>(k.data), k.len);
  }
  uint64_t bits = 0;
  std::memcpy(&bits, k.data, std::min<size_t>(k.len, sizeof bits));
  if (type == KeyType::kFloat64) return std::bit_cast<double>(bits);
  return bits;
}

class ReplayAbort {};

class SubjectRun {
 public:
  SubjectRun(const Subject& s, const Trace& t, const SubjectReplayOptions& o)
      : s_(s), abi_(s.abi()), trace_(t), opt_(o) {
    if (s.has(GOMAPFUZZ_TIER_ALLOCATOR) && o.faults.armed()) {
      for (uint64_t a : o.faults.fail_at) alloc_.faults.fail_at(a);
      alloc_.faults.fail_above_bytes(o.faults.byte_budget);
      alloc_.faults.fail_with_probability(o.faults.probability, o.faults.seed);
    }
  }

  SubjectReplayResult run() {
    result_.skipped = skipped_checks(s_);
    if (opt_.faults.armed() && !s_.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
      result_.skipped.push_back("the fault plan (needs tier b)");
    }
    try {
      make_map(0);
      for (index_ = 0; index_ < trace_.ops.size(); ++index_) step();
      index_ = trace_.ops.size();
      destroy_map();
    } catch (const ReplayAbort&) {
      close_iterators();
      if (map_) abi_.destroy(map_);
      map_ = nullptr;
    }
    result_.stats.alloc_attempts = alloc_.faults.attempts();
    result_.stats.peak_bytes = alloc_.counting.peak_bytes();
    return std::move(result_);
  }

 private:
  struct OpenIterator {
    void* it = nullptr;
    bool done = false;
    IterationCheck guarantees;
  };

  [[noreturn]] void fail(const std::string& reason) {
    ReplayFailure f = ReplayFailure::at(trace_, index_, reason);
    f.dump = dump();
    result_.failure = std::move(f);
    throw ReplayAbort{};
  }

  std::string dump() const {
    if (!map_ || !s_.has(GOMAPFUZZ_TIER_LAYOUT) || !abi_.dump) return "";
    std::string buf(1 << 16, '\0');
    size_t n = abi_.dump(map_, buf.data(), buf.size());
    if (n > buf.size()) {
      buf.resize(n);
      n = abi_.dump(map_, buf.data(), buf.size());
    }
    buf.resize(std::min(n, buf.size()));
    return buf;
  }

  // ---- map lifetime ----

  void make_map(int64_t hint) {
    destroy_map();
    gomapfuzz_config c{};
    c.key_kind = static_cast<uint32_t>(trace_.types.key);
    c.seed = trace_.seed + result_.stats.maps;
    if (s_.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
      c.alloc = &AbiAllocator::alloc;
      c.free = &AbiAllocator::free;
      c.alloc_ctx = &alloc_;
    }
    if (s_.has(GOMAPFUZZ_TIER_HASH)) {
      hasher_ = trace_.hasher.make();
      c.hash = [](void* ctx, const void* p, size_t n, uint64_t seed) {
        return static_cast<mapcore::DynamicHasher*>(ctx)->mem(p, n, seed);
      };
      c.hash_ctx = &hasher_;
    }
    ++result_.stats.maps;
    map_ = abi_.make(hint, &c);
    if (map_ == nullptr && alloc_.faults.failures() > failures_seen_) {
      // The fault hit make: Go cannot fail here; go on with make(0).
      note_fault();
      map_ = abi_.make(0, &c);
    }
    if (map_ == nullptr) fail("make returned NULL with no allocation failed");
    model_ = Model();
  }

  void close_iterators() {
    for (auto& i : iters_) {
      if (i && i->it) abi_.iter_close(i->it);
      i.reset();
    }
  }

  void destroy_map() {
    close_iterators();
    if (!map_) return;
    abi_.destroy(map_);
    map_ = nullptr;
    if (s_.has(GOMAPFUZZ_TIER_ALLOCATOR) && alloc_.counting.live_bytes() != 0) {
      fail("leak: " + std::to_string(alloc_.counting.live_bytes()) +
           " bytes in " + std::to_string(alloc_.counting.live_blocks()) +
           " blocks outlive the destroyed map");
    }
  }

  // ---- one op ----

  void step() {
    const Op& op = trace_.ops[index_];
    ++result_.stats.ops;
    switch (op.kind) {
      case OpKind::kMake:
        make_map(op.hint);
        break;
      case OpKind::kPut:
        do_put(op);
        break;
      case OpKind::kGet:
        do_get(op);
        break;
      case OpKind::kDel:
        do_del(op);
        break;
      case OpKind::kClear:
        abi_.clear(map_);
        model_.clear();
        for (auto& i : iters_) {
          if (i) i->guarantees.note_clear();
        }
        break;
      case OpKind::kIter: {
        OpenIterator i;
        if (open_iterator(i)) {
          advance(i, UINT64_MAX);
          abi_.iter_close(i.it);
        }
        break;
      }
      case OpKind::kItOpen:
        if (iters_[op.iter] && iters_[op.iter]->it) {
          abi_.iter_close(iters_[op.iter]->it);
        }
        iters_[op.iter] = std::make_unique<OpenIterator>();
        if (!open_iterator(*iters_[op.iter])) iters_[op.iter].reset();
        break;
      case OpKind::kItNext:
        if (iters_[op.iter]) advance(*iters_[op.iter], op.steps);
        break;
      case OpKind::kItClose:
        if (iters_[op.iter] && iters_[op.iter]->it) {
          abi_.iter_close(iters_[op.iter]->it);
        }
        iters_[op.iter].reset();
        break;
    }
    check_size();
  }

  // An allocation failed inside the op just run: it must have been injected.
  void note_fault() {
    if (alloc_.faults.failures() == failures_seen_) {
      fail("reported an allocation failure, but no allocation failed");
    }
    failures_seen_ = alloc_.faults.failures();
    ++result_.stats.alloc_failures;
  }

  // After GOMAPFUZZ_NOMEM: nothing may have changed.
  void check_unchanged(const char* what) {
    note_fault();
    if (abi_.len(map_) != model_.size()) {
      fail(std::string(what) + " failed to allocate but changed the size (" +
           std::to_string(abi_.len(map_)) + ", was " +
           std::to_string(model_.size()) + ")");
    }
    std::string storage;
    for (const auto& [k, e] : model_.entries()) {
      uint64_t v = 0;
      if (abi_.get(map_, abi_key(k, storage), &v) != GOMAPFUZZ_OK ||
          v != e.value) {
        fail(std::string(what) + " failed to allocate and lost " +
             format_key(k));
      }
    }
  }

  // A silent failure (no NOMEM) of an injected fault is a bug too.
  void check_no_unreported_fault(const char* what) {
    if (alloc_.faults.failures() > failures_seen_) {
      fail(std::string(what) +
           ": an allocation failed and the subject did not report it "
           "(GOMAPFUZZ_NOMEM)");
    }
  }

  void do_put(const Op& op) {
    std::string storage;
    const int rc = abi_.put(map_, abi_key(op.key, storage), op.value);
    if (rc == GOMAPFUZZ_NOMEM) return check_unchanged("put");
    check_no_unreported_fault("put");
    const bool added = model_.put(op.key, op.value);
    if ((rc == GOMAPFUZZ_OK) != added) {
      fail(std::string("put: the subject says the key was ") +
           (rc == GOMAPFUZZ_OK ? "new" : "present") + ", the model says " +
           (added ? "new" : "present"));
    }
  }

  void do_get(const Op& op) {
    std::string storage;
    uint64_t v = 0;
    const int rc = abi_.get(map_, abi_key(op.key, storage), &v);
    const auto want = model_.get(op.key);
    if ((rc == GOMAPFUZZ_OK) != want.has_value()) {
      fail(std::string("get: the subject ") +
           (rc == GOMAPFUZZ_OK ? "found" : "did not find") +
           " the key, the model " + (want ? "has" : "does not have") + " it");
    }
    if (want && v != *want) {
      fail("get: wrong value " + std::to_string(v) +
           " (the model: " + std::to_string(*want) + ")");
    }
  }

  void do_del(const Op& op) {
    std::string storage;
    const int rc = abi_.erase(map_, abi_key(op.key, storage));
    if (rc == GOMAPFUZZ_NOMEM) return check_unchanged("del");
    check_no_unreported_fault("del");
    if ((rc == GOMAPFUZZ_OK) != model_.del(op.key)) {
      fail(std::string("del: the subject says the key was ") +
           (rc == GOMAPFUZZ_OK ? "present" : "absent") +
           ", the model disagrees");
    }
  }

  bool open_iterator(OpenIterator& i) {
    i.it = abi_.iter_open(map_);
    if (i.it == nullptr) {
      check_unchanged("it-open");
      return false;
    }
    check_no_unreported_fault("it-open");
    // Through the ABI a range starts at iter_open (a subject may take its
    // snapshot there); mapcore's replayer starts it at the first step, as
    // Go's mapiterinit. Either way the guarantees are the same.
    ++result_.stats.iterations;
    i.guarantees.start(model_);
    return true;
  }

  void advance(OpenIterator& i, uint64_t steps) {
    for (uint64_t s = 0; s < steps && !i.done; ++s) {
      gomapfuzz_key k{};
      uint64_t v = 0;
      if (abi_.iter_next(i.it, &k, &v) != GOMAPFUZZ_OK) {
        i.done = true;
        if (const std::string e = i.guarantees.finish(model_); !e.empty()) {
          fail(e);
        }
        return;
      }
      ++result_.stats.yields;
      if (const std::string e =
              i.guarantees.yield(model_, trace_key(k, trace_.types.key),
                                 [v](uint64_t want) { return v == want; });
          !e.empty()) {
        fail(e);
      }
    }
  }

  void check_size() {
    if (const int64_t n = abi_.len(map_); n != model_.size()) {
      fail("size: the subject says " + std::to_string(n) + ", the model " +
           std::to_string(model_.size()));
    }
  }

  const Subject& s_;
  const gomapfuzz_subject_v1& abi_;
  const Trace& trace_;
  const SubjectReplayOptions& opt_;
  AbiAllocator alloc_;
  mapcore::DynamicHasher hasher_;
  void* map_ = nullptr;
  Model model_;
  std::array<std::unique_ptr<OpenIterator>, kMaxIterators> iters_;
  std::size_t index_ = 0;
  uint64_t failures_seen_ = 0;
  SubjectReplayResult result_;
};

}  // namespace

std::vector<std::string> skipped_checks(const Subject& s) {
  std::vector<std::string> out = {
      "invariant checker and growth laws (they read mapcore's typed layout; "
      "gomapfuzz repro runs them on mapcore)"};
  if (!s.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
    out.push_back("allocation faults and the leak check (need tier b)");
  }
  if (!s.has(GOMAPFUZZ_TIER_LAYOUT)) {
    out.push_back("layout dumps in reports (need tier c)");
  }
  if (!s.has(GOMAPFUZZ_TIER_HASH)) {
    out.push_back("adversarial hashers (need tier d)");
  }
  return out;
}

std::string why_not_runnable(const Subject& s, const Trace& t) {
  if (!s.supports(t.types.key)) {
    return s.name() + " does not take " +
           std::string(key_type_name(t.types.key)) + " keys";
  }
  if (t.types.value_bytes != 0) {
    return "ABI version 1 carries uint64 values, not " +
           value_type_name(t.types.value_bytes);
  }
  if (!s.has(GOMAPFUZZ_TIER_HASH) &&
      !(t.hasher.family == mapcore::HashFamily::kGoFallback)) {
    return s.name() + " hashes keys itself (no tier d): the trace's hasher " +
           std::string(mapcore::hash_family_name(t.hasher.family)) +
           " cannot apply";
  }
  return "";
}

SubjectReplayResult replay_on_subject(const Subject& s, const Trace& t,
                                      const SubjectReplayOptions& o) {
  if (const std::string why = why_not_runnable(s, t); !why.empty()) {
    SubjectReplayResult r;
    r.failure = ReplayFailure{0, 0, "(header)", "cannot run: " + why, {}, {}};
    return r;
  }
  return SubjectRun(s, t, o).run();
}

}  // namespace gomapfuzz
