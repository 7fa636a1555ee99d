#include "share_rules.hpp"

#include <algorithm>

#include "benefit_rules.hpp"

namespace polku::benefits {
namespace {

class NoShare final : public ShareRule {
 public:
  [[nodiscard]] int code() const noexcept override { return 0; }
  [[nodiscard]] std::size_t bands() const noexcept override { return 0; }
  [[nodiscard]] DayShare share(const Counters& /*c*/, Category /*category*/,
                               Day /*today*/) const override {
    return {};
  }
};

class Share2024 final : public ShareRule {
 public:
  Share2024(DatedLists thresholds, DatedLists rates)
      : thresholds_(std::move(thresholds)), rates_(std::move(rates)) {}

  [[nodiscard]] int code() const noexcept override { return 2024; }
  [[nodiscard]] std::size_t bands() const noexcept override { return kMaxLevels2024Rule; }

  // Allowance days first (up to the allowance period), then labour market subsidy; a level
  // applies from the payment period (month) after the one in which its threshold was reached.
  void on_registration(Counters& c, Day spell_start, Day today, std::int64_t paid_before,
                       std::int64_t history, double allowance_days) const override {
    if (paid_before <= 0 || c.type == BenefitType::none) return;
    std::int64_t offset = 0;
    if (c.type != BenefitType::labour_market_subsidy) {
      offset = static_cast<std::int64_t>(allowance_days);
      if (paid_before <= offset) return;
    }
    const std::int64_t count = paid_before - offset;
    const std::vector<double>& thresholds = thresholds_.at(today);
    int level = 0;
    for (std::size_t k = 0; k < levels(today); ++k) {
      const auto threshold = static_cast<std::int64_t>(thresholds[k]);
      if (count < threshold) break;
      const std::int64_t in_this_spell = offset + threshold - history;
      if (in_this_spell <= 0) {  // reached in an earlier spell
        level = static_cast<int>(k) + 1;
        continue;
      }
      const Day reached = nth_payment_day(spell_start, in_this_spell);
      if (month_index(reached) < month_index(today)) level = static_cast<int>(k) + 1;
    }
    set(c, count, level);
  }

  void accrue(Counters& c, std::int64_t days) const override {
    if (counts(c)) set(c, c.days_2024_rule + days, c.level_2024_rule);
  }

  void settle(Counters& c, Day today) const override {
    const std::size_t level = c.level_2024_rule;
    if (level < levels(today) && c.days_2024_rule >= thresholds_.at(today)[level] &&
        today == first_day_of_month(month_index(today)))
      set(c, c.days_2024_rule, static_cast<int>(level) + 1);
  }

  void reset(Counters& c) const override { set(c, 0, 0); }

  [[nodiscard]] DayShare share(const Counters& c, Category category, Day today) const override {
    // Labour market subsidy (or the general benefit replacing it) only; no share for days in
    // services.
    if ((category != kSubsidy && category != kGeneral) || c.paid_in_service ||
        c.level_2024_rule == 0)
      return {};
    return {rates_.at(today)[c.level_2024_rule - 1u], c.level_2024_rule - 1};
  }

  [[nodiscard]] Day next_change(const Counters& c, Day today) const override {
    const std::size_t level = c.level_2024_rule;
    if (level >= levels(today)) return kNoDay;
    const auto threshold = static_cast<std::int64_t>(thresholds_.at(today)[level]);
    if (c.days_2024_rule >= threshold) return first_day_of_month(month_index(today) + 1);
    if (!counts(c)) return kNoDay;
    const Day reached = nth_payment_day(today, threshold - c.days_2024_rule);
    return first_day_of_month(month_index(reached) + 1);
  }

  [[nodiscard]] std::vector<Day> change_days() const override { return thresholds_.dates; }

 private:
  [[nodiscard]] std::size_t levels(Day today) const noexcept {
    return std::min(kMaxLevels2024Rule, thresholds_.at(today).size());
  }
  /// Labour market subsidy days paid during unemployment count.
  [[nodiscard]] static bool counts(const Counters& c) noexcept {
    return c.type == BenefitType::labour_market_subsidy && c.paid && !c.paid_in_service;
  }
  static void set(Counters& c, std::int64_t count, int level) noexcept {
    c.days_2024_rule = static_cast<std::uint16_t>(std::min(count, kMaxDays2024Rule));
    c.level_2024_rule = static_cast<std::uint8_t>(level);
  }

  DatedLists thresholds_, rates_;
};

class Share2025 final : public ShareRule {
 public:
  Share2025(DatedLists starts, DatedLists rates)
      : starts_(std::move(starts)), rates_(std::move(rates)) {}

  [[nodiscard]] int code() const noexcept override { return 2025; }
  /// The most bands any dated table has: band k keeps its indicator across tables.
  [[nodiscard]] std::size_t bands() const noexcept override {
    std::size_t most = 0;
    for (const auto& starts : starts_.lists) most = std::max(most, starts.size());
    return most;
  }
  [[nodiscard]] std::vector<Day> change_days() const override { return starts_.dates; }

  [[nodiscard]] DayShare share(const Counters& c, Category /*category*/,
                               Day today) const override {
    const int band = band_of(starts_.at(today), std::int64_t{c.days} + 1);
    if (band < 0) return {};
    return {rates_.at(today)[static_cast<std::size_t>(band)], band};
  }

  [[nodiscard]] Day next_change(const Counters& c, Day today) const override {
    if (!c.paid) return kNoDay;
    const std::int64_t day_number = std::int64_t{c.days} + 1;
    for (const double start : starts_.at(today))
      if (start > static_cast<double>(day_number) && start < 1e8)
        return nth_payment_day(today, static_cast<std::int64_t>(start) - day_number + 1);
    return kNoDay;
  }

 private:
  DatedLists starts_, rates_;
};

}  // namespace

std::unique_ptr<ShareRule> no_share() { return std::make_unique<NoShare>(); }

std::unique_ptr<ShareRule> share_2024(DatedLists thresholds, DatedLists rates) {
  return std::make_unique<Share2024>(std::move(thresholds), std::move(rates));
}

std::unique_ptr<ShareRule> share_2025(DatedLists starts, DatedLists rates) {
  return std::make_unique<Share2025>(std::move(starts), std::move(rates));
}

}  // namespace polku::benefits
