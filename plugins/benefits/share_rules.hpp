/// @file share_rules.hpp
/// The municipal financing share of unemployment benefits, one object per legal regime.
///
/// Each regime decides what share of a paid day the home municipality pays. Regimes are chosen by
/// date (the benefits module's `share_rule`), and every regime configured keeps its own counters of
/// each person up to date whether or not it is in force, so a date may switch regimes without
/// losing history. A new regime (the next reform) is one more class here and a code for
/// `share_rule`; its bands get indicators of their own, named by index so that changing a band's
/// start does not rename them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "polku/agent.hpp"
#include "polku/calendar.hpp"
#include "polku/params.hpp"

namespace polku::benefits {

/// Benefit paid, as the ledger and the share rules see it: the person's type, with the general
/// benefit replacing labour market subsidy and basic allowance from its first date.
enum Category : int { kSubsidy = 0, kBasic = 1, kEarnings = 2, kGeneral = 3, kCategories = 4 };

/// The benefits module's record of one person (one agent field, "benefits.counters").
struct Counters {
  BenefitType type = BenefitType::none;  ///< paid now (the entitlement until it changes)
  std::uint16_t days = 0;  ///< paid days since the last reset: the allowance period, 2025 rule
  Day as_of = kNoDay;      ///< day up to which the counters are accrued
  std::uint16_t days_2024_rule = 0;  ///< labour market subsidy days paid while unemployed
  std::uint8_t level_2024_rule = 0;  ///< the 2024 rule's share level reached (0: none)
  bool paid = false;  ///< contributes to the aggregates (recorded, so it can be withdrawn exactly)
  bool paid_in_service = false;
};

/// The share of one paid day: the rate of the share base, and the band (-1: no share).
struct DayShare {
  double rate = 0;
  int band = -1;
};

class ShareRule {
 public:
  virtual ~ShareRule() = default;
  /// The value of `share_rule` that puts this regime in force.
  [[nodiscard]] virtual int code() const noexcept = 0;
  /// How many share bands it has; band k is reported as
  /// `municipal_share_eur.rule_<code>_band_<k+1>`.
  [[nodiscard]] virtual std::size_t bands() const noexcept = 0;

  /// Counters of someone registering today after `paid_before` payment days without a break since
  /// `spell_start` (`history` of them in earlier spells); `allowance_days` is the allowance period.
  virtual void on_registration(Counters& /*c*/, Day /*spell_start*/, Day /*today*/,
                               std::int64_t /*paid_before*/, std::int64_t /*history*/,
                               double /*allowance_days*/) const {}
  /// `days` payment days were paid since the last settlement (before it updates `paid`).
  virtual void accrue(Counters& /*c*/, std::int64_t /*days*/) const {}
  /// What the calendar brings today (e.g. a level from the first day of a month).
  virtual void settle(Counters& /*c*/, Day /*today*/) const {}
  /// The employment condition was met: the regime's counters start again.
  virtual void reset(Counters& /*c*/) const {}
  /// The share of a day of `category` paid on `today` while the regime is in force.
  [[nodiscard]] virtual DayShare share(const Counters& c, Category category, Day today) const = 0;
  /// The days on which the regime's tables change (each rate is recomputed then).
  [[nodiscard]] virtual std::vector<Day> change_days() const { return {}; }
  /// The next day after `today` on which the person's share changes by itself, or kNoDay.
  [[nodiscard]] virtual Day next_change(const Counters& /*c*/, Day /*today*/) const {
    return kNoDay;
  }
};

/// No municipal share (before 2015's rule, or a scenario without one). Code 0.
[[nodiscard]] std::unique_ptr<ShareRule> no_share();

/// Until 31.12.2024 (Act 555/1998 s. 14 b): labour market subsidy only; after the payment period
/// in which `thresholds[k]` days were paid during unemployment the share is `rates[k]` from the
/// next period; days in services carry no share. Code 2024. Both tables are dated (the table in
/// force on a day applies; the first one before its date) and must give the same dates.
[[nodiscard]] std::unique_ptr<ShareRule> share_2024(DatedLists thresholds, DatedLists rates);

/// From 1.1.2025 (Act 555/1998 as amended by HE 207/2022): every benefit's basic part, by paid
/// day number since the last reset, band k from day `starts[k]` at `rates[k]`; days in services
/// count. Code 2025. Dated tables as for the 2024 rule.
[[nodiscard]] std::unique_ptr<ShareRule> share_2025(DatedLists starts, DatedLists rates);

/// The 2024 rule's day counter stops here: its last threshold (1 000 days) lies well below.
inline constexpr std::int64_t kMaxDays2024Rule = 0x0FFF;
/// The 2024 rule has at most this many levels.
inline constexpr std::size_t kMaxLevels2024Rule = 2;

}  // namespace polku::benefits
