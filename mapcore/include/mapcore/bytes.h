// Bytes<N>: a fixed-size byte array, Go's [N]byte, as a key or value type.
//
// Used to model keys and values of any size, including the > 128-byte case
// that Go stores out of line.
#ifndef MAPCORE_BYTES_H_
#define MAPCORE_BYTES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mapcore {

template <std::size_t N>
struct Bytes {
  std::array<uint8_t, N> b{};

  friend bool operator==(const Bytes&, const Bytes&) = default;

  // The trace format's convention: the 8 little-endian bytes of v, repeated
  // and truncated to fill N bytes.
  static Bytes filled_from(uint64_t v) {
    Bytes out;
    for (std::size_t i = 0; i < N; ++i) {
      out.b[i] = static_cast<uint8_t>(v >> (8 * (i % 8)));
    }
    return out;
  }
  // The first min(N, 8) bytes as a little-endian integer.
  uint64_t prefix64() const {
    uint64_t v = 0;
    std::memcpy(&v, b.data(), N < 8 ? N : 8);
    return v;
  }
};

}  // namespace mapcore

#endif  // MAPCORE_BYTES_H_
