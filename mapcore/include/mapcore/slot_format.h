// How the layout dump writes a slot's key and value (corpus/README.md).
//
// The Go oracle prints the same text for the real runtime, so these rules are
// a contract: integers in decimal, float64 as its bits, strings quoted with
// printable ASCII kept and every other byte as \xHH. Stale slots are printed
// from memory without following pointers, since what they point at may be
// gone (Go's GC would keep it; mapcore frees it).
#ifndef MAPCORE_SLOT_FORMAT_H_
#define MAPCORE_SLOT_FORMAT_H_

#include <bit>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>

#include "mapcore/bytes.h"
#include "mapcore/key_policy.h"

namespace mapcore {

// "abc" with \\, \" and \xHH for bytes outside printable ASCII.
std::string quote_bytes(std::string_view s);

template <class T>
struct SlotFormat;

template <class T>
requires std::is_integral_v<T>
struct SlotFormat<T> {
  static std::string format(const T& v, bool) {
    if constexpr (std::is_signed_v<T>) {
      return std::to_string(static_cast<long long>(v));
    } else {
      return std::to_string(static_cast<unsigned long long>(v));
    }
  }
};

template <>
struct SlotFormat<double> {
  static std::string format(const double& v, bool) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "f%016" PRIx64, std::bit_cast<uint64_t>(v));
    return buf;
  }
};

// A string header, owned or shared: the same text, so that the dumps of
// GoString and SharedString maps compare with ==.
template <class S>
struct StringSlotFormat {
  static std::string format(const S& s, bool live) {
    if (s.len == 0) return "\"\"";
    if (live) return quote_bytes(s.view());
    return (s.ptr ? "old/" : "nil/") + std::to_string(s.len);
  }
};
template <>
struct SlotFormat<GoString> : StringSlotFormat<GoString> {};
template <>
struct SlotFormat<SharedString> : StringSlotFormat<SharedString> {};

template <std::size_t N>
struct SlotFormat<Bytes<N>> {
  static std::string format(const Bytes<N>& v, bool) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "b%0*" PRIx64, int(2 * (N < 8 ? N : 8)),
                  v.prefix64());
    return buf;
  }
};

// A slot holding a pointer (out-of-line key or value): "nil", or "*" and the
// pointee when the slot is live.
template <class T>
std::string format_slot(T* const& p, bool live) {
  if (p == nullptr) return "nil";
  if (!live) return "*";
  return "*" + SlotFormat<T>::format(*p, true);
}
template <class T>
std::string format_slot(const T& v, bool live) {
  return SlotFormat<T>::format(v, live);
}

}  // namespace mapcore

#endif  // MAPCORE_SLOT_FORMAT_H_
