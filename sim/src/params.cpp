#include "polku/params.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace polku {

const char* to_string(ParamType t) noexcept {
  switch (t) {
    case ParamType::boolean:
      return "boolean";
    case ParamType::integer:
      return "integer";
    case ParamType::real:
      return "real";
    case ParamType::string:
      return "string";
    case ParamType::date:
      return "date";
    case ParamType::real_list:
      return "real_list";
    case ParamType::per_municipality:
      return "per_municipality";
    case ParamType::dated_values:
      return "dated_values";
    case ParamType::dated_lists:
      return "dated_lists";
  }
  // Only reachable through a cast from an out-of-range integer.
  return "unknown";
}

}  // namespace polku

namespace polku {

const char* to_string(DistributionKind k) noexcept {
  switch (k) {
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::triangular:
      return "triangular";
    case DistributionKind::truncated_normal:
      return "normal";
    case DistributionKind::log_normal:
      return "lognormal";
    case DistributionKind::discrete:
      return "discrete";
  }
  return "unknown";
}

namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double normal_quantile(double p) {
  return -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * std::clamp(p, 1e-300, 1.0 - 1e-16));
}
/// Quantile of a normal(mu, sd) cut to [lo, hi] (lo and hi already on the normal's scale).
double truncated_normal_quantile(double u, double mu, double sd, double lo, double hi) {
  if (sd <= 0.0) return std::clamp(mu, lo, hi);
  const double a = normal_cdf((lo - mu) / sd);
  const double b = normal_cdf((hi - mu) / sd);
  if (b - a < 1e-300) return std::clamp(mu, lo, hi);  // support far in a tail
  return std::clamp(mu + sd * normal_quantile(a + u * (b - a)), lo, hi);
}

std::string number(double x) {
  std::ostringstream out;
  out << std::setprecision(6) << x;
  return out.str();
}

}  // namespace

double Distribution::quantile(double u, double value) const {
  const double c = std::isnan(centre) ? value : centre;
  switch (kind) {
    case DistributionKind::uniform:
      return min + u * (max - min);
    case DistributionKind::triangular: {
      if (max <= min) return min;
      const double m = std::clamp(c, min, max);
      const double split = (m - min) / (max - min);
      return u < split ? min + std::sqrt(u * (max - min) * (m - min))
                       : max - std::sqrt((1.0 - u) * (max - min) * (max - m));
    }
    case DistributionKind::truncated_normal:
      return truncated_normal_quantile(u, c, spread, min, max);
    case DistributionKind::log_normal:
      if (c <= 0.0 || min <= 0.0) return std::clamp(c, min, max);
      return std::exp(
          truncated_normal_quantile(u, std::log(c), spread, std::log(min), std::log(max)));
    case DistributionKind::discrete: {
      if (values.empty()) return value;
      double total = 0.0;
      for (std::size_t i = 0; i < values.size(); ++i) total += weights.empty() ? 1.0 : weights[i];
      double cumulative = 0.0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        cumulative += (weights.empty() ? 1.0 : weights[i]) / total;
        if (u <= cumulative) return values[i];
      }
      return values.back();
    }
  }
  return value;
}

std::string Distribution::describe(double value) const {
  const double c = std::isnan(centre) ? value : centre;
  const auto centre_text = [&] { return std::isnan(c) ? std::string("the value") : number(c); };
  std::string range = "[";
  range += number(min);
  range += ", ";
  range += number(max);
  range += "]";
  switch (kind) {
    case DistributionKind::uniform:
      return "uniform " + range;
    case DistributionKind::triangular:
      return "triangular " + range + " mode " + centre_text();
    case DistributionKind::truncated_normal:
      return "normal mean " + centre_text() + " sd " + number(spread) + " in " + range;
    case DistributionKind::log_normal:
      return "lognormal median " + centre_text() + " sigma " + number(spread) + " in " + range;
    case DistributionKind::discrete: {
      std::string s = "discrete {";
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i != 0) s += ", ";
        s += number(values[i]);
        if (!weights.empty()) s += ": " + number(weights[i]);
      }
      return s + "}";
    }
  }
  return "unknown";
}

}  // namespace polku
