// Go-geometry tests (see geometry.h). Per key family: hash the longest key
// stream once, then for each B scan its prefixes in ascending load order.
#include "gomapfuzz/spread/geometry.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>

#include "gomapfuzz/spread/parallel.h"
#include "gomapfuzz/spread/stats.h"
#include "mapcore/constants.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace gomapfuzz::spread {
namespace {

// A real map is skipped when the model predicts more probe steps than this
// (sum of c^2/2 over buckets: ~1 s of inserts); only degenerate hashes get
// there, and for them the model's verdict stands.
constexpr double kRealMapProbeLimit = 2e8;

uint64_t keys_for(double load, int b) {
  return static_cast<uint64_t>(std::ceil(load * std::ldexp(1.0, b)));
}

// One p-value of one configuration of one test.
struct Sample {
  std::string test;
  double p = 1;
  std::string statistic;
  std::string where;
};

std::string where_of(int b, double load) {
  return "B=" + std::to_string(b) + " load=" + fmt_num(load, 3);
}

std::string pct(double share) { return fmt_num(100 * share, 3) + "%"; }

struct BucketScan {
  std::vector<uint32_t> counts;  // keys per bucket
  double chi2 = 0;
  uint64_t overflowing = 0;  // buckets with > 8 keys
  uint64_t extra = 0;        // overflow buckets in all chains
  uint64_t max_chain = 1;
  double pairs = 0;  // sum C(c, 2): key pairs sharing a bucket
};

BucketScan scan_buckets(std::vector<uint32_t> counts, uint64_t n) {
  BucketScan s;
  const double m = static_cast<double>(counts.size());
  const double expect = static_cast<double>(n) / m;
  for (uint32_t c : counts) {
    const double d = c - expect;
    s.chi2 += d * d / expect;
    if (c > mapcore::kBucketCnt) ++s.overflowing;
    const uint64_t chain = chain_buckets(c);
    s.extra += chain - 1;
    s.max_chain = std::max(s.max_chain, chain);
    s.pairs += 0.5 * c * (c - 1.0);
  }
  s.counts = std::move(counts);
  return s;
}

// Pairs of keys in one bucket with equal tophash: counting sort by bucket,
// then a 256-entry tally per bucket.
uint64_t tophash_collisions(const uint64_t* hashes, uint64_t n,
                            const std::vector<uint32_t>& counts) {
  const uint64_t m = counts.size();
  std::vector<uint64_t> pos(m + 1, 0);
  for (uint64_t b = 0; b < m; ++b) pos[b + 1] = pos[b] + counts[b];
  std::vector<uint8_t> tops(n);
  std::vector<uint64_t> fill(pos.begin(), pos.end() - 1);
  const uint64_t mask = m - 1;
  for (uint64_t i = 0; i < n; ++i) {
    tops[fill[hashes[i] & mask]++] = mapcore::tophash_of(hashes[i]);
  }
  uint64_t collisions = 0;
  std::array<uint32_t, 256> seen{};
  for (uint64_t b = 0; b < m; ++b) {
    for (uint64_t i = pos[b]; i < pos[b + 1]; ++i)
      collisions += seen[tops[i]]++;
    for (uint64_t i = pos[b]; i < pos[b + 1]; ++i) seen[tops[i]] = 0;
  }
  return collisions;
}

// mapcore Hasher that returns the precomputed hash of key index k: the real
// map then sees exactly the hashes the model saw.
struct PrecomputedHasher {
  const uint64_t* hashes = nullptr;
  uint64_t mem(const void* p, std::size_t n, uint64_t) const {
    uint64_t k = 0;
    std::memcpy(&k, p, std::min<std::size_t>(n, 8));
    return hashes[k];
  }
  uint64_t mem64(uint64_t k, uint64_t) const { return hashes[k]; }
  uint64_t mem32(uint32_t k, uint64_t) const { return hashes[k]; }
};

// The chains of a map against the ideal hash: the share of overflowing
// buckets (two-sided, as overflow-share) and the number of overflow buckets
// (upper tail, as chain-mean), one p-value by Bonferroni over the two.
double chains_p(uint64_t overflowing, uint64_t extra, uint64_t m,
                double lambda) {
  const double p_share =
      binomial_two_sided(overflowing, m, ideal_overflow_share(lambda));
  const double p_extra = overflow_buckets_upper(extra, m, lambda);
  return std::min(1.0, 2 * std::min(p_share, p_extra));
}

std::string chains_text(uint64_t overflowing, uint64_t extra, uint64_t m,
                        double lambda) {
  return pct(double(overflowing) / m) + " overflowing vs " +
         pct(ideal_overflow_share(lambda)) + ", mean chain " +
         fmt_num(1.0 + double(extra) / m, 4) + " vs " +
         fmt_num(ideal_mean_chain(lambda), 4);
}

// Fill a real map past the load factor of B, finish its evacuation, and test
// its chains against the model and the ideal hash.
Sample realmap_sample(const uint64_t* hashes, int b, uint64_t seed) {
  const uint64_t n = keys_for(6.5, b) + 1;  // one more key forces the doubling
  Sample s{"realmap-doubled", 1, "",
           "B=" + std::to_string(b) + "->" + std::to_string(b + 1) +
               " n=" + std::to_string(n)};
  // The model of the doubled map, to predict the real map's cost.
  const uint64_t m2 = uint64_t{1} << (b + 1);
  std::vector<uint32_t> counts(m2, 0);
  for (uint64_t i = 0; i < n; ++i) ++counts[hashes[i] & (m2 - 1)];
  double probes = 0;
  for (uint32_t c : counts) probes += 0.5 * c * c;
  const double lambda = static_cast<double>(n) / m2;
  if (probes > kRealMapProbeLimit) {
    BucketScan scan = scan_buckets(std::move(counts), n);
    s.p = chains_p(scan.overflowing, scan.extra, m2, lambda);
    s.statistic = "p=" + fmt_p(s.p) + " (model: " +
                  chains_text(scan.overflowing, scan.extra, m2, lambda) +
                  "; real map skipped: ~" + fmt_num(probes, 2) + " probes)";
    return s;
  }
  using RealMap = mapcore::Map<uint64_t, uint8_t, PrecomputedHasher>;
  RealMap map(RealMap::Options{.hint = 0, .seed = seed, .hasher = {hashes}});
  for (uint64_t k = 0; k < n; ++k) map.put(k, 0);
  // Overwriting a key runs growWork like any assignment: it finishes Go's
  // incremental evacuation without changing the key set.
  for (uint64_t k = 0, steps = 0; mapcore::state(map).growing && steps < 4 * n;
       ++steps, k = (k + 1) % n) {
    map.put(k, 0);
  }
  const mapcore::MapStats st = mapcore::stats(map);
  // The model at the real map's B (same-size growth can keep B).
  const uint64_t m = uint64_t{1} << st.B;
  std::vector<uint64_t> model(2, 0);
  std::vector<uint32_t> mc(m, 0);
  for (uint64_t i = 0; i < n; ++i) ++mc[hashes[i] & (m - 1)];
  for (uint32_t c : mc) {
    const uint64_t len = chain_buckets(c);
    if (model.size() <= len) model.resize(len + 1, 0);
    ++model[len];
  }
  std::vector<uint64_t> real = st.chain_histogram;
  real.resize(std::max(real.size(), model.size()), 0);
  model.resize(real.size(), 0);
  if (st.growing || real != model) {
    s.p = 0;
    s.statistic = std::string("real map disagrees with the model (") +
                  (st.growing ? "still growing" : "chain histograms differ") +
                  "): battery bug";
    return s;
  }
  uint64_t overflowing = 0, extra = 0;
  for (std::size_t len = 2; len < real.size(); ++len) {
    overflowing += real[len];
    extra += (len - 1) * real[len];
  }
  const double lambda_real = static_cast<double>(n) / m;
  s.p = chains_p(overflowing, extra, m, lambda_real);
  s.statistic = "p=" + fmt_p(s.p) + " (real B=" + std::to_string(st.B) + ": " +
                chains_text(overflowing, extra, m, lambda_real) + "; == model)";
  return s;
}

struct FamilyOutcome {
  std::vector<Sample> samples;
  GeometryPlotData plot;
};

FamilyOutcome run_family(const HashUnderTest& h, KeyFamily f,
                         const GeometryOptions& o) {
  FamilyOutcome out;
  std::vector<double> loads = o.loads;
  std::sort(loads.begin(), loads.end());
  const double max_load = loads.back();
  const uint64_t total =
      std::max(keys_for(max_load, o.max_b), keys_for(6.5, o.max_b)) + 1;
  std::vector<uint64_t> hashes(total);
  const uint64_t map_seed = static_cast<uint32_t>(
      mapcore::SplitMix64::finalize(o.seed + 0x1000 + static_cast<int>(f)));
  hash_family(f, h, o.seed, map_seed, total, hashes.data());
  const int plot_b = std::clamp(o.plot_b, o.min_b, o.max_b);
  const double q = ideal_tophash_pair_collision();

  for (int b = o.min_b; b <= o.max_b; ++b) {
    const uint64_t m = uint64_t{1} << b;
    // Counts at B+1 granularity: bucket b's keys split into j and j + m.
    std::vector<uint32_t> counts2(2 * m, 0);
    uint64_t added = 0;
    for (double load : loads) {
      const uint64_t n = keys_for(load, b);
      for (; added < n; ++added) ++counts2[hashes[added] & (2 * m - 1)];
      std::vector<uint32_t> counts(m);
      for (uint64_t j = 0; j < m; ++j) counts[j] = counts2[j] + counts2[j + m];
      const double lambda = static_cast<double>(n) / m;
      const std::string where = where_of(b, load);
      BucketScan scan = scan_buckets(std::move(counts), n);

      const double p_chi = chi_square_upper(scan.chi2, m - 1.0);
      out.samples.push_back({"bucket-chi2", p_chi,
                             "p=" + fmt_p(p_chi) +
                                 " (chi2=" + fmt_num(scan.chi2, 6) +
                                 ", df=" + std::to_string(m - 1) + ")",
                             where});
      const double ideal = ideal_overflow_share(lambda);
      const double p_ovf = binomial_two_sided(scan.overflowing, m, ideal);
      out.samples.push_back({"overflow-share", p_ovf,
                             "p=" + fmt_p(p_ovf) + " (" +
                                 pct(double(scan.overflowing) / m) +
                                 " vs ideal " + pct(ideal) + ")",
                             where});
      const double p_mean = overflow_buckets_upper(scan.extra, m, lambda);
      out.samples.push_back(
          {"chain-mean", p_mean,
           "p=" + fmt_p(p_mean) + " (" +
               fmt_num(1.0 + double(scan.extra) / m, 5) + " vs ideal " +
               fmt_num(ideal_mean_chain(lambda), 5) + " buckets)",
           where});
      const double p_max = max_chain_upper(scan.max_chain, m, lambda);
      out.samples.push_back({"chain-max", p_max,
                             "p=" + fmt_p(p_max) + " (longest " +
                                 std::to_string(scan.max_chain) + " buckets)",
                             where});
      const uint64_t th = tophash_collisions(hashes.data(), n, scan.counts);
      const double th_expected = q * scan.pairs;
      const double p_th = poisson_upper(static_cast<double>(th), th_expected);
      out.samples.push_back({"tophash-coll", p_th,
                             "p=" + fmt_p(p_th) + " (" + std::to_string(th) +
                                 " vs " + fmt_num(th_expected, 6) +
                                 " expected)",
                             where});
      if (load == max_load) {
        // X/Y split of the next doubling: Y gets counts2[j + m].
        double chi2 = 0;
        uint64_t df = 0;
        for (uint64_t j = 0; j < m; ++j) {
          const double c = scan.counts[j];
          if (c == 0) continue;
          const double d = counts2[j + m] - c / 2;
          chi2 += d * d / (c / 4);
          ++df;
        }
        const double p_split = chi_square_upper(chi2, double(df));
        out.samples.push_back({"xy-split", p_split,
                               "p=" + fmt_p(p_split) +
                                   " (chi2=" + fmt_num(chi2, 6) +
                                   ", df=" + std::to_string(df) + ")",
                               where});
        if (b == plot_b) {
          out.plot.family = f;
          out.plot.b = b;
          out.plot.load = load;
          out.plot.n = n;
          for (uint32_t c : scan.counts) {
            if (out.plot.load_hist.size() <= c)
              out.plot.load_hist.resize(c + 1);
            ++out.plot.load_hist[c];
            const uint64_t len = chain_buckets(c);
            if (out.plot.chain_hist.size() <= len)
              out.plot.chain_hist.resize(len + 1);
            ++out.plot.chain_hist[len];
          }
        }
      }
    }
    if (b <= o.realmap_max_b) {
      out.samples.push_back(realmap_sample(hashes.data(), b, o.seed));
    }
  }
  return out;
}

const std::vector<std::pair<std::string, std::string>>& test_reasons() {
  static const std::vector<std::pair<std::string, std::string>> kWhy = {
      {"bucket-chi2",
       "Go's bucket is hash & (2^B-1); an ideal hash gives each bucket "
       "Poisson(n/2^B) keys. Chi-square of the 2^B loads, df 2^B-1, upper "
       "tail only (a too-even spread costs a map nothing)."},
      {"overflow-share",
       "a bucket holds 8 keys (kBucketCnt), then chains an overflow bucket. "
       "Ideal share P(Poisson(load) > 8): 20.8% at 6.5 (Go's map.go table: "
       "20.90%), 2.1% at 4.0. Exact binomial, two-sided: too many overflowing "
       "buckets cost probes; far too few means the keys pile into a few "
       "chains (a constant hash has one overflowing bucket of 2^B) or are "
       "placed by a regularity of the keys rather than by the hash."},
      {"chain-mean",
       "mean chain length in buckets (each chain is ceil(keys/8)), against "
       "the Poisson expectation: exact convolution up to 512 buckets, normal "
       "approximation above. Upper tail."},
      {"chain-max",
       "longest chain L: P(max >= L) = 1 - P(Poisson(load) <= 8(L-1))^(2^B) "
       "for an ideal hash."},
      {"tophash-coll",
       "Go compares the tophash (top 8 bits, values < 5 lifted by 5) before a "
       "key; equal tophashes in one bucket cost a full key compare. Given the "
       "loads, an ideal hash has sum C(c,2) * 266/65536 such pairs; Poisson "
       "upper tail."},
      {"xy-split",
       "on doubling, evacuate() sends a key of bucket b to b (X) or b+2^B (Y) "
       "by hash bit B: each key is a fair coin. Chi-square of the Y counts "
       "over the non-empty buckets at load 6.5 (the moment Go doubles)."},
      {"realmap-doubled",
       "a real mapcore::Map (Go 1.19's algorithms) filled to 6.5*2^B+1 keys, "
       "so that it doubles, with the incremental evacuation finished; its "
       "chain histogram must equal the model's (else the battery is wrong), "
       "and its chains are tested as in overflow-share and chain-mean (the "
       "smaller p-value, doubled)."},
      {"alpha",
       "every p-value is compared with family_alpha / (number of p-values in "
       "the section) (Bonferroni): an ideal hash fails some row with "
       "probability below family_alpha = 1e-3. Bad hashes score p-values "
       "far below any threshold (often 0)."},
  };
  return kWhy;
}

}  // namespace

GeometryResult run_geometry(const HashUnderTest& h, const GeometryOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  GeometryResult result;
  std::vector<FamilyOutcome> outcomes(o.families.size());
  parallel_for(o.families.size(), o.jobs, [&](std::size_t i) {
    outcomes[i] =
        run_unit(o.on_unit, std::string(key_family_name(o.families[i])),
                 [&] { return run_family(h, o.families[i], o); });
  });

  uint64_t total = 0;
  for (const auto& fo : outcomes) total += fo.samples.size();
  const double alpha = o.family_alpha / std::max<uint64_t>(total, 1);
  const std::string threshold = "p >= " + fmt_p(alpha);

  // Rows ordered by test (in the order tests were produced), then family.
  std::vector<std::string> tests;
  for (const auto& [t, why] : test_reasons()) {
    if (t != "alpha") tests.push_back(t);
  }
  for (const auto& t : tests) {
    for (std::size_t i = 0; i < o.families.size(); ++i) {
      Row row;
      row.test = t;
      row.keys = std::string(key_family_name(o.families[i]));
      row.threshold = threshold;
      const Sample* worst = nullptr;
      for (const auto& s : outcomes[i].samples) {
        if (s.test != t) continue;
        ++row.configs;
        if (s.p < alpha) ++row.failed;
        if (worst == nullptr || s.p < worst->p) worst = &s;
      }
      if (worst == nullptr) continue;
      row.worst_p = worst->p;
      row.statistic = worst->statistic;
      row.where = worst->where;
      row.verdict = row.failed > 0 ? Verdict::kFail : Verdict::kPass;
      result.section.rows.push_back(row);
    }
  }
  for (auto& fo : outcomes) {
    if (!fo.plot.load_hist.empty()) result.plots.push_back(std::move(fo.plot));
  }
  std::string loads;
  for (double l : o.loads) loads += " " + fmt_num(l, 3);
  result.section.name = "Go geometry";
  result.section.header =
      "B=" + std::to_string(o.min_b) + ".." + std::to_string(o.max_b) +
      ", loads" + loads +
      " (3.25 = just after a doubling), real maps up to B=" +
      std::to_string(std::min(o.realmap_max_b, o.max_b)) + "; " +
      std::to_string(total) + " p-values, alpha per test " + fmt_p(alpha) +
      " (family-wise " + fmt_p(o.family_alpha) + ")";
  result.section.why = test_reasons();
  result.section.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

}  // namespace gomapfuzz::spread
