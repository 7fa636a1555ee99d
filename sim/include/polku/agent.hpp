/// @file agent.hpp
/// The engine's part of a job-seeker: identity, registration, status, home and the service that
/// holds the person. Everything else about a person belongs to the module that keeps it, as an
/// agent field of its own (fields.hpp).
///
/// Modules read this record through `Simulation::agent` and change it only through `Simulation`
/// (set_status, move_home, claim_service, release_service, restart_spell, deregister), so the
/// engine can tell every interested module what changed.
#pragma once

#include <cstdint>
#include <type_traits>

#include "polku/calendar.hpp"

namespace polku {

using MunicipalityId = std::uint16_t;

/// A service kind registered at run time by the module that provides it (`Registry::service_kind`);
/// 0 means none. Built-in kinds keep the stable numbers 1-7 (their random streams depend on them).
using ServiceKindId = std::uint8_t;
inline constexpr ServiceKindId kNoService = 0;

/// Registration status (domain brief §3). Kept by the engine; changed through `Simulation`.
enum class Status : std::uint8_t {
  vacant = 0,          ///< slot not in use (deregistered agent)
  unemployed,          ///< unemployed or fully laid off
  in_service,          ///< in an employment-promoting service
  employed_jobseeker,  ///< registered but employed (part-time, short-term)
  outside_labour_force,
};
inline constexpr int kStatusCount = 5;

/// Why a job-seeker left the register or an unemployment spell ended (domain brief §3, the end
/// reasons of long-term unemployment spells in Statistics Finland table TTV15).
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

/// Benefit family of a job-seeker (domain brief section 5): the vocabulary the person-attribute and
/// benefit modules share.
enum class BenefitType : std::uint8_t {
  none = 0,               ///< no unemployment benefit (e.g. waiting period, not entitled)
  labour_market_subsidy,  ///< Kela, means-tested
  basic_allowance,        ///< Kela
  earnings_related,       ///< unemployment fund: basic part + earnings part
};
inline constexpr int kBenefitTypeCount = 4;

struct JobSeeker {
  std::uint64_t key = 0;      ///< stable identity for random streams; equal across scenarios (CRN)
  Day registered = kNoDay;    ///< start of the current registration
  Day spell_start = kNoDay;   ///< start of the current unemployment spell
  Day status_since = kNoDay;  ///< when the current status began; stamps status-bound events
  MunicipalityId municipality = 0;  ///< home municipality
  Status status = Status::vacant;
  ServiceKindId service = kNoService;  ///< the service kind holding the person (referred, waiting
                                       ///< or in it), claimed through `Simulation::claim_service`
};

/// Mean length of a year in days (ages and yearly rates).
inline constexpr double kDaysPerYear = 365.25;

/// The 16-bit stamp of an agent's current status period. Modules pass it as the payload of
/// events that only make sense while the status lasts, and ignore an event whose payload no
/// longer matches: a status change silently invalidates them, whoever made it.
[[nodiscard]] constexpr std::uint16_t status_stamp(const JobSeeker& s) noexcept {
  return static_cast<std::uint16_t>(static_cast<std::uint32_t>(s.status_since) & 0xFFFFu);
}

static_assert(std::is_trivially_copyable_v<JobSeeker>);
static_assert(sizeof(JobSeeker) <= 32, "the engine's hot record stays half a cache line");

/// A handle to an agent slot in the population of one replication.
using AgentRef = std::uint32_t;

}  // namespace polku
