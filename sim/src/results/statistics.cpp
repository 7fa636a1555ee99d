#include "results/statistics.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <string>

#include "polku/calendar.hpp"
#include "polku/errors.hpp"

namespace polku {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The periods of a run (months or years) and how to read one value of a period.
struct Periods {
  std::vector<std::string> labels;
  std::function<double(std::size_t rep, std::size_t period, const OutputArea&, std::size_t ind)>
      value;
};

Periods monthly_periods(const RunResults& results) {
  Periods p;
  for (int m = 0; m < results.months; ++m) p.labels.push_back(month_label(results.first_month + m));
  p.value = [&results](std::size_t rep, std::size_t period, const OutputArea& area,
                       std::size_t ind) {
    return results.area_value(rep, static_cast<int>(period), area, ind);
  };
  return p;
}

Periods annual_periods(const RunResults& results) {
  Periods p;
  auto years = years_of(results);
  for (const auto& y : years) p.labels.push_back(std::to_string(y.year));
  p.value = [&results, years = std::move(years)](std::size_t rep, std::size_t period,
                                                 const OutputArea& area, std::size_t ind) {
    return annual_value(results, rep, years[period], area, ind);
  };
  return p;
}

SummaryTable summarise_periods(const RunResults& results, const Periods& periods) {
  check_results_shape(results);
  SummaryTable t;
  t.periods = periods.labels;
  t.areas = results.areas;
  t.indicators = results.indicators;
  t.cells.reserve(t.periods.size() * t.areas.size() * t.indicators.size());
  std::vector<double> values;
  for (std::size_t p = 0; p < t.periods.size(); ++p)
    for (const auto& area : t.areas)
      for (std::size_t i = 0; i < t.indicators.size(); ++i) {
        values.clear();
        for (std::size_t r = 0; r < results.replications.size(); ++r)
          values.push_back(periods.value(r, p, area, i));
        t.cells.push_back(summarise(values));
      }
  return t;
}

/// Position of every name of `names` in `other`, or npos; names only in one side are listed.
template <class T, class Name>
std::vector<std::size_t> match_by_name(const std::vector<T>& names, const std::vector<T>& other,
                                       Name name_of, std::vector<std::string>& skipped) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < other.size(); ++i) position.emplace(name_of(other[i]), i);
  std::vector<std::size_t> result;
  for (const auto& n : names) {
    const auto found = position.find(name_of(n));
    if (found == position.end()) {
      skipped.push_back(name_of(n) + " (base only)");
      result.push_back(SummaryTable::npos);
    } else {
      result.push_back(found->second);
      position.erase(found);
    }
  }
  // What is left exists in the variant only; report in the variant's order.
  for (const auto& o : other)
    if (position.count(name_of(o)) != 0) skipped.push_back(name_of(o) + " (variant only)");
  return result;
}

ComparisonTable compare_periods(const RunResults& base, const Periods& base_periods,
                                const RunResults& variant, const Periods& variant_periods) {
  check_results_shape(base);
  check_results_shape(variant);
  ComparisonTable t;
  std::vector<std::string> unused;
  const auto period_of = match_by_name(
      base_periods.labels, variant_periods.labels, [](const std::string& s) { return s; }, unused);
  const auto area_of = match_by_name(
      base.areas, variant.areas, [](const OutputArea& a) { return a.name; }, t.skipped_areas);
  const auto indicator_of = match_by_name(
      base.indicators, variant.indicators, [](const IndicatorDef& d) { return d.name; },
      t.skipped_indicators);

  std::vector<std::size_t> base_periods_used, base_areas_used, base_indicators_used;
  for (std::size_t p = 0; p < period_of.size(); ++p)
    if (period_of[p] != SummaryTable::npos) {
      base_periods_used.push_back(p);
      t.periods.push_back(base_periods.labels[p]);
    }
  for (std::size_t a = 0; a < area_of.size(); ++a)
    if (area_of[a] != SummaryTable::npos) {
      base_areas_used.push_back(a);
      t.areas.push_back(base.areas[a].name);
    }
  for (std::size_t i = 0; i < indicator_of.size(); ++i)
    if (indicator_of[i] != SummaryTable::npos) {
      base_indicators_used.push_back(i);
      t.indicators.push_back(base.indicators[i]);
    }

  const std::size_t nb = base.replications.size();
  const std::size_t nv = variant.replications.size();
  t.paired_replications = std::min(nb, nv);
  std::vector<double> b(nb), v(nv), d(t.paired_replications);
  t.cells.reserve(t.periods.size() * t.areas.size() * t.indicators.size());
  for (const auto p : base_periods_used)
    for (const auto a : base_areas_used)
      for (const auto i : base_indicators_used) {
        for (std::size_t r = 0; r < nb; ++r) b[r] = base_periods.value(r, p, base.areas[a], i);
        for (std::size_t r = 0; r < nv; ++r)
          v[r] = variant_periods.value(r, period_of[p], variant.areas[area_of[a]], indicator_of[i]);
        // NaN (a ratio with a zero denominator) on either side makes the difference missing.
        for (std::size_t r = 0; r < d.size(); ++r) d[r] = v[r] - b[r];
        const Quantiles qb = summarise(b);
        const Quantiles qv = summarise(v);
        const Quantiles qd = summarise(d);
        t.cells.push_back({qb.mean, qv.mean, qd.mean, qd.p05, qd.p95});
      }
  return t;
}

}  // namespace

void check_results_shape(const RunResults& results) {
  if (results.months < 0) {
    throw ModelError("results: negative number of months (" + std::to_string(results.months) + ")");
  }
  const std::size_t expected = static_cast<std::size_t>(results.months) *
                               results.municipality_count * results.indicators.size();
  for (std::size_t r = 0; r < results.replications.size(); ++r) {
    const std::size_t actual = results.replications[r].values.size();
    if (actual != expected) {
      throw ModelError("results: replication " + std::to_string(r + 1) + " holds " +
                       std::to_string(actual) + " values, expected " + std::to_string(expected) +
                       " (months × municipalities × indicators)");
    }
  }
  for (const auto& area : results.areas) {
    for (const auto member : area.members) {
      if (member >= results.municipality_count) {
        throw ModelError("results: area '" + area.name + "' refers to municipality " +
                         std::to_string(member) + " of " +
                         std::to_string(results.municipality_count));
      }
    }
  }
  for (const auto& def : results.indicators) {
    if (def.aggregation != Aggregation::ratio) {
      continue;
    }
    for (const IndicatorId part : {def.numerator, def.denominator}) {
      if (part >= results.indicators.size() ||
          results.indicators[part].aggregation != Aggregation::sum) {
        throw ModelError("results: ratio indicator '" + def.name + "' refers to indicator " +
                         std::to_string(part) + ", which is not a summed indicator");
      }
    }
  }
}

std::vector<YearSpan> years_of(const RunResults& results) {
  std::vector<YearSpan> years;
  for (int m = 0; m < results.months; ++m) {
    const int index = results.first_month + m;
    const int year = index >= 0 ? index / 12 : (index - 11) / 12;  // floor division
    if (years.empty() || years.back().year != year) years.push_back({year, m, 0});
    ++years.back().months;
  }
  return years;
}

double annual_value(const RunResults& results, std::size_t replication, const YearSpan& year,
                    const OutputArea& area, std::size_t indicator) {
  const auto part = [&](std::size_t ind) {
    double sum = 0.0;
    for (int m = year.first_month; m < year.first_month + year.months; ++m)
      sum += results.area_value(replication, m, area, ind);
    return results.indicators[ind].measure == Measure::flow
               ? sum
               : sum / static_cast<double>(year.months);
  };
  const auto& def = results.indicators[indicator];
  if (def.aggregation != Aggregation::ratio) return part(indicator);
  const double den = part(def.denominator);
  return den == 0.0 ? kNaN : def.scale * part(def.numerator) / den;
}

std::size_t SummaryTable::indicator_index(const std::string& name) const {
  for (std::size_t i = 0; i < indicators.size(); ++i)
    if (indicators[i].name == name) return i;
  return npos;
}

SummaryTable monthly_summary(const RunResults& results) {
  return summarise_periods(results, monthly_periods(results));
}

SummaryTable annual_summary(const RunResults& results) {
  return summarise_periods(results, annual_periods(results));
}

ComparisonTable compare_monthly(const RunResults& base, const RunResults& variant) {
  return compare_periods(base, monthly_periods(base), variant, monthly_periods(variant));
}

ComparisonTable compare_annual(const RunResults& base, const RunResults& variant) {
  return compare_periods(base, annual_periods(base), variant, annual_periods(variant));
}

}  // namespace polku
