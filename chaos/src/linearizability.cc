// Wing & Gong's linearizability search with Lowe's memoization, per key
// (see linearizability.h). The events of one key's ops form a doubly linked
// list in time order; linearizing an op lifts its call and return out of
// the list, backtracking puts them back.
#include "gomapfuzz/chaos/linearizability.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "gomapfuzz/harness/model.h"

namespace gomapfuzz::chaos {
namespace {

// The state of one key under the sequential specification: its value, or
// nullopt when absent.
using KeyState = std::optional<uint64_t>;

// The harness Model, restricted to one key: the state after `op`, or
// nullopt when the model would have answered differently.
std::optional<KeyState> step(const KeyState& state, const HistOp& op) {
  Model m;
  if (state) m.put(op.key, *state);
  switch (op.kind) {
    case HistKind::kPut:
      if (m.put(op.key, op.value) != op.flag) return std::nullopt;
      break;
    case HistKind::kGet:
      if (m.get(op.key) != op.got) return std::nullopt;
      break;
    case HistKind::kDel:
      if (m.del(op.key) != op.flag) return std::nullopt;
      break;
    case HistKind::kStore:
      m.put(op.key, op.value);
      break;
    case HistKind::kDelete:
      m.del(op.key);
      break;
    case HistKind::kLoadOrStore: {
      const std::optional<uint64_t> had = m.get(op.key);
      const bool loaded = had.has_value();
      if (loaded != op.flag || op.got != (loaded ? *had : op.value))
        return std::nullopt;
      if (!loaded) m.put(op.key, op.value);
      break;
    }
    case HistKind::kLoadAndDelete: {
      const std::optional<uint64_t> had = m.get(op.key);
      if (had.has_value() != op.flag || (had && op.got != had))
        return std::nullopt;
      m.del(op.key);
      break;
    }
    case HistKind::kRange:
      return std::nullopt;  // split into per-key loads (range_check.h)
  }
  return m.get(op.key);
}

struct Node {
  int op = -1;
  bool call = false;
  Node* prev = nullptr;
  Node* next = nullptr;
  Node* match = nullptr;  // a call's return
};

void lift(Node* e) {
  e->prev->next = e->next;
  if (e->next) e->next->prev = e->prev;
  Node* m = e->match;
  m->prev->next = m->next;
  if (m->next) m->next->prev = m->prev;
}

void unlift(Node* e) {
  Node* m = e->match;
  m->prev->next = m;
  if (m->next) m->next->prev = m;
  e->prev->next = e;
  if (e->next) e->next->prev = e;
}

// (ops linearized so far, state): the memo of states already explored.
struct Explored {
  std::vector<uint64_t> linearized;
  KeyState state;
  friend bool operator==(const Explored&, const Explored&) = default;
};
struct ExploredHash {
  std::size_t operator()(const Explored& e) const {
    uint64_t h = e.state ? *e.state * 0x9e3779b97f4a7c15 + 1 : 0;
    for (uint64_t w : e.linearized) h = (h ^ w) * 0x100000001b3;
    return static_cast<std::size_t>(h);
  }
};

enum class Verdict { kLinearizable, kViolation, kUnknown };

class KeySearch {
 public:
  KeySearch(const std::vector<const HistOp*>& ops, uint64_t max_steps)
      : ops_(ops), max_steps_(max_steps), nodes_(2 * ops.size() + 1) {
    link_events();
  }

  Verdict run() {
    std::vector<uint64_t> linearized((ops_.size() + 63) / 64);
    std::unordered_set<Explored, ExploredHash> explored;
    struct Frame {
      Node* call;
      KeyState state;
    };
    std::vector<Frame> stack;
    KeyState state;  // absent before the first op
    Node* entry = head()->next;
    while (head()->next != nullptr) {
      if (++steps_ > max_steps_) return Verdict::kUnknown;
      if (!entry->call) {
        // A return whose op found no place before it: undo the last choice.
        if (stack.empty()) return Verdict::kViolation;
        const Frame f = stack.back();
        stack.pop_back();
        state = f.state;
        flip(linearized, f.call->op);
        unlift(f.call);
        entry = f.call->next;
        continue;
      }
      const std::optional<KeyState> next = step(state, *ops_[entry->op]);
      bool lifted = false;
      if (next) {
        flip(linearized, entry->op);
        if (explored.insert({linearized, *next}).second) {
          stack.push_back({entry, state});
          state = *next;
          lift(entry);
          entry = head()->next;
          lifted = true;
        } else {
          flip(linearized, entry->op);
        }
      }
      if (!lifted) entry = entry->next;
    }
    return Verdict::kLinearizable;
  }

  uint64_t steps() const { return steps_; }

 private:
  Node* head() { return &nodes_.back(); }

  static void flip(std::vector<uint64_t>& bits, int i) {
    bits[static_cast<std::size_t>(i) / 64] ^= uint64_t{1} << (i % 64);
  }

  // Calls and returns in time order behind a head sentinel.
  void link_events() {
    std::vector<std::pair<uint64_t, Node*>> events;
    for (std::size_t i = 0; i < ops_.size(); ++i) {
      Node* c = &nodes_[2 * i];
      Node* r = &nodes_[2 * i + 1];
      c->op = r->op = static_cast<int>(i);
      c->call = true;
      c->match = r;
      events.emplace_back(ops_[i]->call, c);
      events.emplace_back(ops_[i]->ret, r);
    }
    std::sort(events.begin(), events.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    Node* prev = head();
    for (const auto& [time, n] : events) {
      prev->next = n;
      n->prev = prev;
      prev = n;
    }
  }

  const std::vector<const HistOp*>& ops_;
  uint64_t max_steps_;
  uint64_t steps_ = 0;
  std::vector<Node> nodes_;  // 2 per op, then the head
};

// Ops (sorted by call) overlapping another op of the list.
uint64_t count_overlapping(std::vector<const HistOp*> ops) {
  std::sort(ops.begin(), ops.end(),
            [](const HistOp* a, const HistOp* b) { return a->call < b->call; });
  std::vector<bool> overlaps(ops.size());
  uint64_t latest_ret = 0;  // of the ops called before this one
  std::size_t latest = 0;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (i > 0 && latest_ret > ops[i]->call) {
      overlaps[i] = true;
      overlaps[latest] = true;
    }
    if (ops[i]->ret > latest_ret) {
      latest_ret = ops[i]->ret;
      latest = i;
    }
  }
  return static_cast<uint64_t>(
      std::count(overlaps.begin(), overlaps.end(), true));
}

}  // namespace

History ops_of_key(const History& h, uint64_t key) {
  History out;
  for (const HistOp& op : h) {
    if (op.key == key) out.push_back(op);
  }
  std::sort(out.begin(), out.end(),
            [](const HistOp& a, const HistOp& b) { return a.call < b.call; });
  return out;
}

LinReport check_linearizable(const History& h, const LinOptions& o) {
  LinReport r;
  r.ops = h.size();
  std::map<uint64_t, std::vector<const HistOp*>> by_key;
  for (const HistOp& op : h) by_key[op.key].push_back(&op);
  for (const auto& [key, ops] : by_key) {
    ++r.keys;
    r.overlapping_ops += count_overlapping(ops);
    if (ops.size() > o.max_ops_per_key) {
      ++r.keys_unchecked;
      continue;
    }
    KeySearch search(ops, o.max_steps_per_key);
    const Verdict v = search.run();
    r.steps += search.steps();
    if (v == Verdict::kUnknown) ++r.keys_unchecked;
    if (v == Verdict::kViolation && !r.violation_key) {
      r.violation_key = key;
      r.violation = ops_of_key(h, key);
    }
  }
  return r;
}

}  // namespace gomapfuzz::chaos
