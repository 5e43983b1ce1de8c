// Go 1.19's size-class tables, copied from runtime/sizeclasses.go (generated
// there by mksizeclasses.go; Go is BSD-licensed, see README). Only the three
// tables roundupsize reads are kept.
#include "mapcore/size_classes.h"

#include <array>
#include <cstdint>

namespace mapcore {
namespace {

constexpr uint64_t kMaxSmallSize =
    32768;                                // _MaxSmallSize: larger is page-sized
constexpr uint64_t kSmallSizeDiv = 8;     // granularity up to smallSizeMax
constexpr uint64_t kSmallSizeMax = 1024;  // below: size_to_class8
constexpr uint64_t kLargeSizeDiv = 128;   // granularity above: size_to_class128
constexpr uint64_t kPageSize = 8192;      // _PageSize = 1 << _PageShift(13)

constexpr std::array<uint16_t, 68> kClassToSize = {
    0,     8,     16,    24,    32,    48,    64,    80,    96,    112,
    128,   144,   160,   176,   192,   208,   224,   240,   256,   288,
    320,   352,   384,   416,   448,   480,   512,   576,   640,   704,
    768,   896,   1024,  1152,  1280,  1408,  1536,  1792,  2048,  2304,
    2688,  3072,  3200,  3456,  4096,  4864,  5376,  6144,  6528,  6784,
    6912,  8192,  9472,  9728,  10240, 10880, 12288, 13568, 14336, 16384,
    18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
};

constexpr std::array<uint8_t, 129> kSizeToClass8 = {
    0,  1,  2,  3,  4,  5,  5,  6,  6,  7,  7,  8,  8,  9,  9,  10, 10, 11, 11,
    12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 19, 19, 20,
    20, 20, 20, 21, 21, 21, 21, 22, 22, 22, 22, 23, 23, 23, 23, 24, 24, 24, 24,
    25, 25, 25, 25, 26, 26, 26, 26, 27, 27, 27, 27, 27, 27, 27, 27, 28, 28, 28,
    28, 28, 28, 28, 28, 29, 29, 29, 29, 29, 29, 29, 29, 30, 30, 30, 30, 30, 30,
    30, 30, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
};

constexpr std::array<uint8_t, 249> kSizeToClass128 = {
    32, 33, 34, 35, 36, 37, 37, 38, 38, 39, 39, 40, 40, 40, 41, 41, 41, 42,
    43, 43, 44, 44, 44, 44, 44, 45, 45, 45, 45, 45, 45, 46, 46, 46, 46, 47,
    47, 47, 47, 47, 47, 48, 48, 48, 49, 49, 50, 51, 51, 51, 51, 51, 51, 51,
    51, 51, 51, 52, 52, 52, 52, 52, 52, 52, 52, 52, 52, 53, 53, 54, 54, 54,
    54, 55, 55, 55, 55, 55, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 57,
    57, 57, 57, 57, 57, 57, 57, 57, 57, 58, 58, 58, 58, 58, 58, 59, 59, 59,
    59, 59, 59, 59, 59, 59, 59, 59, 59, 59, 59, 59, 59, 60, 60, 60, 60, 60,
    60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 61, 61, 61, 61, 61, 62, 62,
    62, 62, 62, 62, 62, 62, 62, 62, 62, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    63, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 64, 64, 64, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65,
    65, 65, 65, 65, 65, 65, 65, 65, 66, 66, 66, 66, 66, 66, 66, 66, 66, 66,
    66, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67,
    67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67, 67,
};

constexpr uint64_t div_round_up(uint64_t n, uint64_t a) {
  return (n + a - 1) / a;
}

}  // namespace

uint64_t go_roundupsize(uint64_t size) {
  if (size < kMaxSmallSize) {
    if (size <= kSmallSizeMax - 8) {
      return kClassToSize[kSizeToClass8[div_round_up(size, kSmallSizeDiv)]];
    }
    return kClassToSize[kSizeToClass128[div_round_up(size - kSmallSizeMax,
                                                     kLargeSizeDiv)]];
  }
  if (size + kPageSize < size) return size;  // would overflow: Go returns size
  return (size + kPageSize - 1) & ~(kPageSize - 1);
}

}  // namespace mapcore
