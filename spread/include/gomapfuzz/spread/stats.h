// The statistics behind every verdict: tail probabilities of the chi-square,
// Poisson, binomial and normal distributions, the ideal-hash expectations of
// Go's bucket geometry, and the two bounds Go's runtime/hash_test.go uses.
//
// Tail probabilities come from Boost.Math's regularized incomplete gamma and
// beta functions (header-only, in Debian's libboost1.74-dev, which
// libboost-container-dev already pulls in). Every function returns a value in
// [0, 1] and never throws: an underflow is reported as 0, which any threshold
// treats as "far beyond".
//
// The ideal hash model: n keys thrown independently and uniformly into m =
// 2^B buckets. A bucket's load is Binomial(n, 1/m), which for the sizes here
// (m >= 8, n/m = 3.25..6.5) is Poisson(lambda = n/m) to within a fraction of
// a percent; Go's own map.go table (20.90% overflowing buckets at 6.5) is
// reproduced by P(Poisson(6.5) > 8) = 20.8%.
#ifndef GOMAPFUZZ_SPREAD_STATS_H_
#define GOMAPFUZZ_SPREAD_STATS_H_

#include <cstdint>
#include <vector>

namespace gomapfuzz::spread {

// P(X >= x) for X ~ chi-square with df degrees of freedom.
double chi_square_upper(double x, double df);
// P(X >= k) for X ~ Poisson(mean).
double poisson_upper(double k, double mean);
// P(X <= k) for X ~ Poisson(mean).
double poisson_cdf(double k, double mean);
// P(X = k) for X ~ Poisson(mean).
double poisson_pmf(uint64_t k, double mean);
// P(X >= k) for X ~ Binomial(n, p).
double binomial_upper(uint64_t k, uint64_t n, double p);
// P(X <= k) for X ~ Binomial(n, p).
double binomial_lower(uint64_t k, uint64_t n, double p);
// Two-sided p-value of k successes in Binomial(n, p): twice the smaller tail.
double binomial_two_sided(uint64_t k, uint64_t n, double p);
// P(Z >= z) for a standard normal Z.
double normal_upper(double z);

// Chain length in buckets of a bucket holding `load` keys: Go fills the 8
// slots of a bucket before it links an overflow bucket, and an insert-only
// chain has no holes, so the chain is ceil(load / 8) buckets (at least 1).
uint64_t chain_buckets(uint64_t load);

// P(a bucket has an overflow chain) = P(load > 8) under Poisson(lambda).
double ideal_overflow_share(double lambda);
// Expected chain length (buckets) of one bucket under Poisson(lambda).
double ideal_mean_chain(double lambda);

// P(the longest of m chains has >= L buckets), buckets independent
// Poisson(lambda) (the multinomial's negative dependence only lowers it).
double max_chain_upper(uint64_t L, uint64_t m, double lambda);

// P(sum over m buckets of their overflow buckets >= observed): exact (by
// convolution) for m <= kExactChainSumMaxBuckets, normal approximation above
// (the sum of >= 1024 independent terms; its skew is then below 0.1).
inline constexpr uint64_t kExactChainSumMaxBuckets = 512;
double overflow_buckets_upper(uint64_t observed, uint64_t m, double lambda);

// Probability that two keys with independent uniform hashes get the same
// tophash: Go lifts top bytes 0..4 to 5..9 (tophash_of), so tophash values
// 5..9 have probability 2/256 and 10..255 have 1/256: (5*4 + 246) / 65536.
double ideal_tophash_pair_collision();

// Expected number of colliding hashes (n minus distinct values) when n
// values fall uniformly into 2^bits bins.
double expected_collisions(double n, int bits);

// Go's HashSet.check (runtime/hash_test.go): with n 64-bit hashes, the
// expected collisions are pairs/2^64; Go fails the test above
// expected + 50 * (3 * sqrt(expected) + 1) (SLOP = 50).
struct GoCollisionBound {
  double expected = 0;
  double stddev = 0;
  double threshold = 0;
};
GoCollisionBound go_collision_bound(uint64_t n);

// Go's avalanche band (avalancheTest1): find c (steps of 0.1) with
// erf(c/sqrt 2)^(in_bits*64) >= 0.9999, multiply by 4 ("allowed slack"); a
// cell (input bit, output bit) fails outside REP/2 +- c*sqrt(REP)/2.
struct AvalancheBand {
  double c = 0;
  int64_t low = 0;
  int64_t high = 0;
};
AvalancheBand go_avalanche_band(int in_bits, int64_t reps);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_STATS_H_
