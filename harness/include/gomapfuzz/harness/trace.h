// The op-trace: the project's one format for a sequence of map operations.
//
// Fuzz inputs decode to it, RapidCheck commands print as it, chaos failures
// are saved as it, the corpus stores it, and the Go oracle runs it on the real
// runtime. The text form is specified in corpus/README.md; parse_trace and
// print_trace are its only reader and writer.
#ifndef GOMAPFUZZ_HARNESS_TRACE_H_
#define GOMAPFUZZ_HARNESS_TRACE_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mapcore/hash/hashers.h"
#include "mapcore/raw_map.h"

namespace gomapfuzz {

enum class KeyType : uint8_t { kUint64, kString, kFloat64 };

// The value sizes a trace may use (bytesN); 0 means uint64.
inline constexpr int kValueByteSizes[] = {8,   16,  32,  64,  128,
                                          129, 200, 256, 1024};

struct TraceTypes {
  KeyType key = KeyType::kUint64;
  int value_bytes = 0;  // 0: uint64, else N of bytesN

  friend bool operator==(const TraceTypes&, const TraceTypes&) = default;
};

struct HasherSpec {
  mapcore::HashFamily family = mapcore::HashFamily::kGoFallback;
  uint64_t param = mapcore::kDefaultHashKey;

  mapcore::DynamicHasher make() const { return {family, param}; }
  friend bool operator==(const HasherSpec&, const HasherSpec&) = default;
};

using TraceKey = std::variant<uint64_t, std::string, double>;

enum class OpKind : uint8_t {
  kMake,
  kPut,
  kGet,
  kDel,
  kClear,
  kIter,
  kItOpen,
  kItNext,
  kItClose,
  // Go's sync.Map only (a trace with the `syncmap` header): put, get and
  // del are Store, Load and Delete; these are LoadOrStore, LoadAndDelete
  // and a whole Range.
  kLoadOrStore,
  kLoadAndDelete,
  kRange,
};
inline constexpr int kMaxIterators = 16;

// The map op a sync.Map op is at most (load-or-store may put, load-and-
// delete may delete, range iterates); every other op is itself. What costs
// or judges ops by their kind (budgets, laws) reads this.
constexpr OpKind map_op_of(OpKind k) {
  switch (k) {
    case OpKind::kLoadOrStore:
      return OpKind::kPut;
    case OpKind::kLoadAndDelete:
      return OpKind::kDel;
    case OpKind::kRange:
      return OpKind::kIter;
    default:
      return k;
  }
}

struct Op {
  OpKind kind = OpKind::kGet;
  TraceKey key = uint64_t{0};               // put, get, del
  uint64_t value = 0;                       // put
  int64_t hint = 0;                         // make
  int iter = 0;                             // it-*: iterator number
  uint64_t steps = 1;                       // it-next
  std::optional<mapcore::IterStart> start;  // iter, it-open
  int line = 0;                             // source line, 0 when generated

  friend bool operator==(const Op&, const Op&) = default;
};

struct Trace {
  TraceTypes types;
  HasherSpec hasher;
  uint64_t seed = 0;
  // The `syncmap` header: the ops run on a sync.Map (syncmap/), not a map.
  bool syncmap = false;
  std::vector<Op> ops;

  friend bool operator==(const Trace&, const Trace&) = default;
};

// A parse error; what() reads "NAME:LINE: message" ("NAME: message" for
// the file as a whole), one line of printable ASCII: pieces of the input
// are cut to 80 bytes and other bytes shown as \xHH.
class TraceError : public std::runtime_error {
 public:
  TraceError(const std::string& name, int line, const std::string& message);
  int line() const { return line_; }

 private:
  int line_;
};

// Go's bucket size (t.bucketsize) for the trace's types: 8 tophash bytes,
// 8 keys, 8 values, the overflow pointer; slots over 128 bytes hold a
// pointer.
uint64_t bucket_size_for(const TraceTypes& types);

// Bounds that keep a hostile file from exhausting memory.
inline constexpr std::size_t kMaxTraceBytes = 64u << 20;
inline constexpr std::size_t kMaxTraceOps = 4'000'000;
inline constexpr int64_t kMaxTraceHint = int64_t{1} << 24;  // ~2.6e6 buckets

// Parses a trace. `name` prefixes error messages. Throws TraceError.
Trace parse_trace(std::string_view text, std::string_view name = "trace");

// Reads and parses a file: a clear TraceError for a missing, unreadable,
// huge, binary or malformed file.
Trace read_trace_file(const std::string& path);

// The text form; parse_trace(print_trace(t)) == t (lines aside).
std::string print_trace(const Trace& t);
std::string print_op(const Op& op);
std::string format_key(const TraceKey& k);
std::string_view key_type_name(KeyType k);
std::string value_type_name(int value_bytes);

// Whether text looks like a trace (its first meaningful line is the magic).
bool looks_like_trace(std::string_view text);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_TRACE_H_
