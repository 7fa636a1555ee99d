#include "results/sensitivity.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "polku/rng.hpp"
#include "results/quantiles.hpp"

namespace polku::sensitivity {

namespace {

/// Draws for the designs and the bootstrap: one Philox stream per purpose, keyed by the seed.
RandomStream stream(std::uint64_t seed, std::uint64_t purpose) {
  return RandomStream(replication_key(seed, 0), purpose, Day{0}, Stream::parameter_draw);
}

std::size_t below(RandomStream& rng, std::size_t n) {
  return std::min(n - 1, static_cast<std::size_t>(rng.uniform() * static_cast<double>(n)));
}

double quantile_of(std::vector<double> v, double p) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

MorrisDesign morris_design(std::size_t inputs, std::size_t trajectories, std::uint64_t seed,
                           std::size_t levels) {
  if (levels < 2) throw std::invalid_argument("Morris design needs at least 2 levels");
  MorrisDesign d;
  d.inputs = inputs;
  d.trajectories = trajectories;
  d.levels = levels;
  d.delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
  const double step = 1.0 / static_cast<double>(levels - 1);
  for (std::size_t t = 0; t < trajectories; ++t) {
    RandomStream rng = stream(seed, 0x4d6f72726973ULL + t);  // "Morris"
    std::vector<double> x(inputs);
    for (auto& xi : x) xi = static_cast<double>(below(rng, levels)) * step;
    std::vector<std::size_t> order(inputs);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = inputs; i > 1; --i) std::swap(order[i - 1], order[below(rng, i)]);
    d.points.push_back(x);
    for (const std::size_t i : order) {
      // Up by Δ where that stays within [0, 1], else down.
      const int dir = x[i] + d.delta <= 1.0 + 1e-12 ? 1 : -1;
      x[i] = std::clamp(x[i] + dir * d.delta, 0.0, 1.0);
      d.points.push_back(x);
      d.moved.push_back(i);
      d.direction.push_back(dir);
    }
  }
  return d;
}

MorrisIndices morris_indices(const MorrisDesign& d, const std::vector<double>& outputs) {
  if (outputs.size() != d.points.size())
    throw std::invalid_argument("Morris: one output per design point expected");
  const std::size_t k = d.inputs;
  std::vector<std::vector<double>> effects(k);
  for (std::size_t t = 0; t < d.trajectories; ++t)
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t before = t * (k + 1) + s;
      const double f0 = outputs[before], f1 = outputs[before + 1];
      if (!std::isfinite(f0) || !std::isfinite(f1)) continue;
      effects[d.moved[t * k + s]].push_back((f1 - f0) / (d.direction[t * k + s] * d.delta));
    }
  MorrisIndices m;
  for (const auto& e : effects) {
    const auto n = static_cast<double>(e.size());
    double mean = 0.0, abs_mean = 0.0;
    for (double x : e) {
      mean += x;
      abs_mean += std::abs(x);
    }
    mean = e.empty() ? std::nan("") : mean / n;
    abs_mean = e.empty() ? std::nan("") : abs_mean / n;
    double ss = 0.0;
    for (double x : e) ss += (x - mean) * (x - mean);
    m.mu.push_back(mean);
    m.mu_star.push_back(abs_mean);
    m.sigma.push_back(e.size() > 1 ? std::sqrt(ss / (n - 1.0)) : std::nan(""));
  }
  return m;
}

SobolDesign sobol_design(std::size_t inputs, std::size_t samples) {
  SobolDesign d;
  d.inputs = inputs;
  d.samples = samples;
  if (inputs == 0 || samples == 0) return d;
  boost::random::sobol qrng(2 * inputs);
  qrng.discard(2 * inputs);  // the origin
  // A coordinate of the sequence is a 64-bit integer; keep its 53 high bits and take the middle
  // of that cell.
  const auto unit = [&] {
    const std::uint64_t x = qrng() >> 11;
    return (static_cast<double>(x) + 0.5) / 9007199254740992.0;  // 2^53
  };
  Points a(samples, std::vector<double>(inputs)), b = a;
  for (std::size_t j = 0; j < samples; ++j) {
    for (std::size_t i = 0; i < inputs; ++i) a[j][i] = unit();
    for (std::size_t i = 0; i < inputs; ++i) b[j][i] = unit();
  }
  d.points = a;
  d.points.insert(d.points.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < inputs; ++i)
    for (std::size_t j = 0; j < samples; ++j) {
      auto p = a[j];
      p[i] = b[j][i];
      d.points.push_back(std::move(p));
    }
  return d;
}

namespace {

/// The indices from rows `rows` (indices into 0..N−1, repeats allowed).
void estimate(const SobolDesign& d, const std::vector<double>& f,
              const std::vector<std::size_t>& rows, std::vector<double>& first,
              std::vector<double>& total, double& mean, double& variance) {
  const std::size_t n = d.samples, k = d.inputs;
  // Two passes: euro outputs have means far above their spread.
  double sum = 0.0;
  for (const std::size_t j : rows) sum += f[j] + f[n + j];
  const auto m = static_cast<double>(2 * rows.size());
  mean = sum / m;
  double squares = 0.0;
  for (const std::size_t j : rows)
    squares += (f[j] - mean) * (f[j] - mean) + (f[n + j] - mean) * (f[n + j] - mean);
  variance = squares / (m - 1.0);
  first.assign(k, 0.0);
  total.assign(k, 0.0);
  if (variance <= 0.0) return;
  for (std::size_t i = 0; i < k; ++i) {
    double s = 0.0, st = 0.0;
    for (const std::size_t j : rows) {
      const double fa = f[j], fb = f[n + j], fab = f[(2 + i) * n + j];
      s += (fb - mean) * (fab - fa);  // centred: same expectation, far less variance
      st += (fa - fab) * (fa - fab);
    }
    first[i] = s / static_cast<double>(rows.size()) / variance;
    total[i] = st / (2.0 * static_cast<double>(rows.size())) / variance;
  }
}

}  // namespace

SobolIndices sobol_indices(const SobolDesign& d, const std::vector<double>& outputs,
                           std::size_t bootstrap, std::uint64_t seed) {
  if (outputs.size() != d.samples * (d.inputs + 2))
    throw std::invalid_argument("Sobol: one output per design point expected");
  // Rows with a missing output (a ratio with nothing to divide) are left out.
  std::vector<std::size_t> rows;
  for (std::size_t j = 0; j < d.samples; ++j) {
    bool finite = std::isfinite(outputs[j]) && std::isfinite(outputs[d.samples + j]);
    for (std::size_t i = 0; i < d.inputs; ++i)
      finite = finite && std::isfinite(outputs[(2 + i) * d.samples + j]);
    if (finite) rows.push_back(j);
  }
  SobolIndices out;
  out.first.resize(d.inputs);
  out.total.resize(d.inputs);
  if (rows.size() < 2) {
    for (auto* v : {&out.first, &out.total})
      for (auto& x : *v) x = {std::nan(""), std::nan(""), std::nan("")};
    out.mean = out.variance = std::nan("");
    return out;
  }
  std::vector<double> first, total;
  estimate(d, outputs, rows, first, total, out.mean, out.variance);
  std::vector<std::vector<double>> boot_first(d.inputs), boot_total(d.inputs);
  std::vector<std::size_t> resample(rows.size());
  std::vector<double> bf, bt;
  double bm = 0.0, bv = 0.0;
  for (std::size_t b = 0; b < bootstrap; ++b) {
    RandomStream rng = stream(seed, (0x426f6f74ULL << 32) + b);  // "Boot", one stream per resample
    for (auto& r : resample) r = rows[below(rng, rows.size())];
    estimate(d, outputs, resample, bf, bt, bm, bv);
    for (std::size_t i = 0; i < d.inputs; ++i) {
      boot_first[i].push_back(bf[i]);
      boot_total[i].push_back(bt[i]);
    }
  }
  for (std::size_t i = 0; i < d.inputs; ++i) {
    out.first[i] = {first[i], bootstrap ? quantile_of(boot_first[i], 0.025) : first[i],
                    bootstrap ? quantile_of(boot_first[i], 0.975) : first[i]};
    out.total[i] = {total[i], bootstrap ? quantile_of(boot_total[i], 0.025) : total[i],
                    bootstrap ? quantile_of(boot_total[i], 0.975) : total[i]};
  }
  return out;
}

}  // namespace polku::sensitivity
