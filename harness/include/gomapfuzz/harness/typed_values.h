// Trace keys and values as mapcore's typed maps take them.
//
// A trace names its key type (uint64, string, float64) and a value size;
// mapcore::Map is typed at compile time. Everything that runs a trace on a
// typed map (the replayer, the property suite's MapUnderTest) converts
// through these two, so a trace means the same map operation everywhere.
#ifndef GOMAPFUZZ_HARNESS_TYPED_VALUES_H_
#define GOMAPFUZZ_HARNESS_TYPED_VALUES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "gomapfuzz/harness/trace.h"
#include "mapcore/bytes.h"
#include "mapcore/key_policy.h"

namespace gomapfuzz {

// TraceKey <-> the map's key argument (K is the map's key type:
// uint64_t, mapcore::GoString or double).
template <class K>
struct KeyConv;
template <>
struct KeyConv<uint64_t> {
  static uint64_t arg(const TraceKey& k) { return std::get<uint64_t>(k); }
  static TraceKey back(uint64_t k) { return k; }
};
template <>
struct KeyConv<mapcore::GoString> {
  static std::string_view arg(const TraceKey& k) {
    return std::get<std::string>(k);
  }
  static TraceKey back(std::string_view k) { return std::string(k); }
};
template <>
struct KeyConv<double> {
  static double arg(const TraceKey& k) { return std::get<double>(k); }
  static TraceKey back(double k) { return k; }
};

// A trace value (uint64) -> the map's value type: itself, or bytesN filled
// from it (mapcore::Bytes<N>::filled_from), so a value reads back the same.
// back() is the inverse: nullopt for bytes no trace value fills (a
// corrupted value), so a check in trace values misses no byte.
template <class V>
struct ValueConv;
template <>
struct ValueConv<uint64_t> {
  static uint64_t make(uint64_t v) { return v; }
  static std::optional<uint64_t> back(uint64_t v) { return v; }
};
template <std::size_t N>
struct ValueConv<mapcore::Bytes<N>> {
  static_assert(N >= 8, "a trace value needs 8 bytes to read back whole");
  static mapcore::Bytes<N> make(uint64_t v) {
    return mapcore::Bytes<N>::filled_from(v);
  }
  static std::optional<uint64_t> back(const mapcore::Bytes<N>& v) {
    const uint64_t prefix = v.prefix64();
    if (!(make(prefix) == v)) return std::nullopt;
    return prefix;
  }
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_TYPED_VALUES_H_
