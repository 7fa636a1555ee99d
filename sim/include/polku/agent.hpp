/// @file agent.hpp
/// The hot state of one job-seeker: fixed size, trivially copyable, at most 64 bytes, so a
/// national population of several hundred thousand fits in cache-friendly arrays.
///
/// Fields are grouped by the module family that owns them. A module writes only the fields it
/// owns (see the phase rules in plugin.hpp); everyone may read everything.
#pragma once

#include <cstdint>
#include <type_traits>

#include "polku/calendar.hpp"

namespace polku {

using MunicipalityId = std::uint16_t;

/// Registration status (domain brief §3). Kept by the engine; changed through `Simulation`.
enum class Status : std::uint8_t {
  vacant = 0,          ///< slot not in use (deregistered agent)
  unemployed,          ///< unemployed or fully laid off
  in_service,          ///< in an employment-promoting service
  employed_jobseeker,  ///< registered but employed (part-time, short-term)
  outside_labour_force,
};
inline constexpr int kStatusCount = 5;

/// Why a job-seeker left the register (domain brief §3, table TTV15 end reasons).
enum class ExitReason : std::uint8_t {
  open_market,
  subsidised_job,
  own_job,
  training,
  other_education,
  coaching_or_trial,
  rehabilitative_work,
  self_motivated_study,
  outside_labour_force,
};
inline constexpr int kExitReasonCount = 9;

/// Service kinds (design brief indicator names `in_service.<kind>`).
enum class ServiceKind : std::uint8_t {
  none = 0,
  labour_market_training,
  coaching,
  wage_subsidy,
  work_trial,
  rehabilitative_work,
  self_motivated_study,
  integration_training,
};
inline constexpr int kServiceKindCount = 8;

/// Benefit family of a job-seeker (domain brief section 5).
enum class BenefitType : std::uint8_t {
  none = 0,               ///< no unemployment benefit (e.g. waiting period, not entitled)
  labour_market_subsidy,  ///< Kela, means-tested
  basic_allowance,        ///< Kela
  earnings_related,       ///< unemployment fund: basic part + earnings part
};
inline constexpr int kBenefitTypeCount = 4;

/// How entering a service ends an unemployment spell, in the end-reason classification of
/// long-term unemployment spells (Statistics Finland table TTV15).
[[nodiscard]] constexpr ExitReason spell_end_reason(ServiceKind k) noexcept {
  switch (k) {
    case ServiceKind::labour_market_training:
    case ServiceKind::integration_training:
      return ExitReason::training;
    case ServiceKind::coaching:
    case ServiceKind::work_trial:
      return ExitReason::coaching_or_trial;
    case ServiceKind::wage_subsidy:
      return ExitReason::subsidised_job;
    case ServiceKind::rehabilitative_work:
      return ExitReason::rehabilitative_work;
    case ServiceKind::self_motivated_study:
      return ExitReason::self_motivated_study;
    case ServiceKind::none:
      break;
  }
  return ExitReason::outside_labour_force;
}

/// Attribute flags in `JobSeeker::flags`.
namespace flag {
inline constexpr std::uint8_t long_term = 1u << 0;  ///< continuously unemployed >= threshold
inline constexpr std::uint8_t foreign_language = 1u
                                                 << 1;  ///< mother tongue not Finnish/Swedish/Sami
inline constexpr std::uint8_t partial_work_ability = 1u << 2;
inline constexpr std::uint8_t vocational_education = 1u << 3;
inline constexpr std::uint8_t pilot_customer = 1u << 4;
inline constexpr std::uint8_t tym_customer = 1u << 5;     ///< in multi-sector support (TYM)
inline constexpr std::uint8_t rarely_referred = 1u << 6;  ///< hardly ever referred to services
inline constexpr std::uint8_t laid_off = 1u << 7;  ///< temporarily laid off (employment_exit)
}  // namespace flag

struct JobSeeker {
  // Identity and registration (engine).
  std::uint64_t key = 0;      ///< stable identity for random streams; equal across scenarios (CRN)
  std::uint32_t epoch = 0;    ///< bumped to cancel this agent's pending events
  Day registered = kNoDay;    ///< start of the current registration
  Day spell_start = kNoDay;   ///< start of the current unemployment spell
  Day status_since = kNoDay;  ///< when the current status began; stamps status-bound events
  MunicipalityId municipality = 0;  ///< home municipality
  Status status = Status::vacant;
  std::uint8_t flags = 0;
  // Person (population synthesis).
  std::uint8_t age = 0;  ///< years at registration
  BenefitType benefit_type = BenefitType::none;
  // Services and meetings (pathway modules).
  ServiceKind service = ServiceKind::none;
  std::uint8_t service_phase = 0;  ///< sub-state owned by the module of `service` (waiting, in)
  Day service_until = kNoDay;      ///< end of the current service
  Day next_meeting = kNoDay;       ///< next statutory meeting due
  Day plan_date = kNoDay;          ///< last employment plan update
  std::uint32_t coach = 0;         ///< named counsellor id (0 = none)
  std::uint8_t need_group = 0;     ///< assessed service need (counselling module)
  std::uint8_t tym_phase = 0;      ///< phase in multi-sector support (TYM module)
  Day tym_review = kNoDay;         ///< next TYM step (TYM module)
  // Benefits (financing modules): paid days counted in closed form between events.
  std::uint16_t benefit_days = 0;   ///< paid days on the current counter
  std::uint16_t reserved = 0;       ///< benefits module: 2024-rule counter, its band, paid state
  Day benefit_days_as_of = kNoDay;  ///< day up to which `benefit_days` is accrued
};

/// Mean length of a year in days (ages and yearly rates).
inline constexpr double kDaysPerYear = 365.25;

/// Age in years on `day`: `age` is recorded at registration and advances with the calendar.
[[nodiscard]] constexpr double age_on(const JobSeeker& s, Day day) noexcept {
  return s.age + (day - s.registered) / kDaysPerYear;
}

/// The 16-bit stamp of an agent's current status period. Modules pass it as the payload of
/// events that only make sense while the status lasts, and ignore an event whose payload no
/// longer matches: a status change silently invalidates them, whoever made it.
[[nodiscard]] constexpr std::uint16_t status_stamp(const JobSeeker& s) noexcept {
  return static_cast<std::uint16_t>(static_cast<std::uint32_t>(s.status_since) & 0xFFFFu);
}

static_assert(std::is_trivially_copyable_v<JobSeeker>);
static_assert(sizeof(JobSeeker) <= 64, "hot agent state must fit one cache line");

/// A handle to an agent slot in the population of one replication.
using AgentRef = std::uint32_t;

}  // namespace polku
