// Tail probabilities and ideal-hash expectations (see stats.h).
#include "gomapfuzz/spread/stats.h"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

namespace gomapfuzz::spread {
namespace {

// Boost.Math throws on overflow/evaluation errors; a tail that cannot be
// evaluated is, for a verdict, as good as zero (the statistic is extreme).
template <class F>
double guarded(F f) {
  try {
    const double v = f();
    if (std::isnan(v)) return 0;
    return std::clamp(v, 0.0, 1.0);
  } catch (const std::exception&) {
    return 0;
  }
}

// Beyond this many slots the Poisson tail is below 1e-300 for lambda <= 13.
constexpr uint64_t kMaxOverflowPerBucket = 16;

std::vector<double> overflow_pmf(double lambda) {
  // pmf of max(0, ceil(X/8) - 1), X ~ Poisson(lambda).
  std::vector<double> pmf(kMaxOverflowPerBucket + 1, 0.0);
  for (uint64_t k = 0; k <= kMaxOverflowPerBucket; ++k) {
    const double lo = k == 0 ? -1.0 : 8.0 * k;  // load range (lo, hi]
    const double hi = 8.0 * (k + 1);
    pmf[k] = poisson_cdf(hi, lambda) - (k == 0 ? 0 : poisson_cdf(lo, lambda));
  }
  return pmf;
}

}  // namespace

double chi_square_upper(double x, double df) {
  if (x <= 0) return 1;
  return guarded([&] { return boost::math::gamma_q(df / 2, x / 2); });
}

double poisson_upper(double k, double mean) {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  return guarded([&] { return boost::math::gamma_p(std::ceil(k), mean); });
}

double poisson_cdf(double k, double mean) {
  if (k < 0) return 0;
  if (mean <= 0) return 1;
  return guarded([&] { return boost::math::gamma_q(std::floor(k) + 1, mean); });
}

double poisson_pmf(uint64_t k, double mean) {
  return guarded([&] {
    return std::exp(static_cast<double>(k) * std::log(mean) - mean -
                    std::lgamma(static_cast<double>(k) + 1));
  });
}

double binomial_upper(uint64_t k, uint64_t n, double p) {
  if (k == 0) return 1;
  if (k > n) return 0;
  return guarded([&] {
    return boost::math::ibeta(static_cast<double>(k),
                              static_cast<double>(n - k + 1), p);
  });
}

double binomial_lower(uint64_t k, uint64_t n, double p) {
  if (k >= n) return 1;
  return guarded([&] {
    return boost::math::ibetac(static_cast<double>(k + 1),
                               static_cast<double>(n - k), p);
  });
}

double binomial_two_sided(uint64_t k, uint64_t n, double p) {
  return std::min(
      1.0, 2 * std::min(binomial_upper(k, n, p), binomial_lower(k, n, p)));
}

double normal_upper(double z) {
  return guarded([&] { return 0.5 * std::erfc(z / std::sqrt(2.0)); });
}

uint64_t chain_buckets(uint64_t load) { return load == 0 ? 1 : (load + 7) / 8; }

double ideal_overflow_share(double lambda) { return poisson_upper(9, lambda); }

double ideal_mean_chain(double lambda) {
  const auto pmf = overflow_pmf(lambda);
  double mean = 1;
  for (uint64_t k = 1; k < pmf.size(); ++k) mean += k * pmf[k];
  return mean;
}

double max_chain_upper(uint64_t L, uint64_t m, double lambda) {
  if (L <= 1) return 1;
  // A chain of >= L buckets holds > 8(L-1) keys.
  const double tail = poisson_upper(8.0 * (L - 1) + 1, lambda);
  return guarded(
      [&] { return -std::expm1(static_cast<double>(m) * std::log1p(-tail)); });
}

double overflow_buckets_upper(uint64_t observed, uint64_t m, double lambda) {
  const auto pmf = overflow_pmf(lambda);
  if (m > kExactChainSumMaxBuckets) {
    double mean = 0, sq = 0;
    for (uint64_t k = 0; k < pmf.size(); ++k) {
      mean += k * pmf[k];
      sq += double(k) * k * pmf[k];
    }
    const double var = sq - mean * mean;
    const double z = (observed - 0.5 - m * mean) / std::sqrt(m * var);
    return normal_upper(z);
  }
  std::vector<double> dist{1.0};
  for (uint64_t i = 0; i < m; ++i) {
    std::vector<double> next(dist.size() + pmf.size() - 1, 0.0);
    for (std::size_t a = 0; a < dist.size(); ++a) {
      if (dist[a] == 0) continue;
      for (std::size_t b = 0; b < pmf.size(); ++b)
        next[a + b] += dist[a] * pmf[b];
    }
    dist.swap(next);
  }
  double tail = 0;
  for (std::size_t s = observed; s < dist.size(); ++s) tail += dist[s];
  return std::clamp(tail, 0.0, 1.0);
}

double ideal_tophash_pair_collision() {
  constexpr double kLifted = 5;   // tophash values 5..9: two top bytes each
  constexpr double kPlain = 246;  // tophash values 10..255: one each
  return (kLifted * 4 + kPlain) / 65536.0;
}

double expected_collisions(double n, int bits) {
  const double m = std::ldexp(1.0, bits);
  // n - E[distinct] = n - m (1 - (1 - 1/m)^n), computed without cancellation.
  const double distinct = -m * std::expm1(n * std::log1p(-1.0 / m));
  return std::max(0.0, n - distinct);
}

GoCollisionBound go_collision_bound(uint64_t n) {
  constexpr double kSlop = 50.0;  // Go's SLOP
  GoCollisionBound b;
  const double pairs =
      static_cast<double>(n) * (static_cast<double>(n) - 1) / 2;
  b.expected = pairs / std::ldexp(1.0, 64);
  b.stddev = std::sqrt(b.expected);
  b.threshold = b.expected + kSlop * (3 * b.stddev + 1);
  return b;
}

AvalancheBand go_avalanche_band(int in_bits, int64_t reps) {
  constexpr int kHashBits = 64;
  const double cells = static_cast<double>(in_bits) * kHashBits;
  AvalancheBand band;
  double c = 0.0;
  // Go's loop, step for step (including its float accumulation of 0.1).
  while (std::pow(std::erf(c / std::sqrt(2.0)), cells) < 0.9999) c += 0.1;
  c *= 4.0;
  band.c = c;
  const double mean = 0.5 * static_cast<double>(reps);
  const double stddev = 0.5 * std::sqrt(static_cast<double>(reps));
  band.low = static_cast<int64_t>(mean - c * stddev);
  band.high = static_cast<int64_t>(mean + c * stddev);
  return band;
}

}  // namespace gomapfuzz::spread
