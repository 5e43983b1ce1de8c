// Collision counts and window distributions of a hash set (see
// hash_set_checks.h).
#include "gomapfuzz/spread/hash_set_checks.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "gomapfuzz/spread/stats.h"

namespace gomapfuzz::spread {
namespace {

// Below this, std::sort beats four counting passes over 2^16 buckets.
constexpr std::size_t kRadixMinSize = 1 << 15;
constexpr int kDigitBits = 16;
constexpr std::size_t kRadix = std::size_t{1} << kDigitBits;
// Every window bin expects at least this many hashes, so the chi-square
// approximation is sound (Cochran's rule asks for >= 5).
constexpr double kMinPerBin = 16;
constexpr int kMaxWindowBits = 16;
constexpr int kWindowStep = 8;

template <class T>
void radix_sort(std::vector<T>& v) {
  if (v.size() < kRadixMinSize) {
    std::sort(v.begin(), v.end());
    return;
  }
  std::vector<T> tmp(v.size());
  std::vector<std::size_t> count(kRadix);
  for (int shift = 0; shift < int(sizeof(T) * 8); shift += kDigitBits) {
    std::fill(count.begin(), count.end(), 0);
    for (T x : v) ++count[(x >> shift) & (kRadix - 1)];
    std::size_t sum = 0;
    for (auto& c : count) {
      const std::size_t here = c;
      c = sum;
      sum += here;
    }
    for (T x : v) tmp[count[(x >> shift) & (kRadix - 1)]++] = x;
    v.swap(tmp);
  }
}

std::vector<WindowResult> window_checks(const std::vector<uint64_t>& h) {
  std::vector<WindowResult> out;
  const double n = static_cast<double>(h.size());
  if (n < 2 * kMinPerBin) return out;
  const int w =
      std::clamp(static_cast<int>(std::floor(std::log2(n / kMinPerBin))), 1,
                 kMaxWindowBits);
  std::vector<int> offsets;
  for (int off = 0; off < 64; off += kWindowStep) offsets.push_back(off);
  if (64 - w != offsets.back()) offsets.push_back(64 - w);  // the tophash end
  const uint64_t bins = uint64_t{1} << w;
  const uint64_t mask = bins - 1;
  std::vector<std::vector<uint32_t>> counts(offsets.size(),
                                            std::vector<uint32_t>(bins, 0));
  for (uint64_t x : h) {
    for (std::size_t k = 0; k < offsets.size(); ++k) {
      ++counts[k][std::rotr(x, offsets[k]) & mask];
    }
  }
  const double expect = n / static_cast<double>(bins);
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    double chi2 = 0;
    for (uint32_t c : counts[k]) chi2 += (c - expect) * (c - expect) / expect;
    out.push_back({offsets[k], w, chi2,
                   chi_square_upper(chi2, static_cast<double>(bins - 1))});
  }
  return out;
}

}  // namespace

void sort_hashes(std::vector<uint64_t>& v) { radix_sort(v); }
void sort_hashes(std::vector<uint32_t>& v) { radix_sort(v); }

HashSetChecks check_hash_set(std::vector<uint64_t>& hashes) {
  HashSetChecks r;
  r.n = hashes.size();
  r.windows = window_checks(hashes);
  {
    std::vector<uint32_t> low(hashes.size());
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      low[i] = static_cast<uint32_t>(hashes[i]);
    }
    sort_hashes(low);
    r.coll_low32 = duplicates_sorted(low);
  }
  sort_hashes(hashes);
  r.coll64 = duplicates_sorted(hashes);
  // Sorted by the full value, equal high halves are adjacent too.
  for (std::size_t i = 1; i < hashes.size(); ++i) {
    r.coll_high32 += (hashes[i] >> 32) == (hashes[i - 1] >> 32);
  }
  return r;
}

}  // namespace gomapfuzz::spread
