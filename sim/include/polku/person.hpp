/// @file person.hpp
/// Who a job-seeker is: the fields the person_attributes module keeps, by name, for the modules
/// that read them (hazards, targeting, the pilot rule). Without that module in a scenario the
/// views read zero: no age, no flags, no benefit.
#pragma once

#include <cstdint>
#include <limits>

#include "polku/agent.hpp"

namespace polku::person {

/// Age in whole years at registration (0: unknown), `std::uint8_t`.
inline constexpr const char* kAge = "person_attributes.age";
/// The benefit the person is entitled to on registering, `BenefitType`; the benefits module keeps
/// the one paid now ("benefits.type").
inline constexpr const char* kBenefitType = "person_attributes.benefit_type";
/// Flags.
inline constexpr const char* kForeignLanguage = "person_attributes.foreign_language";
inline constexpr const char* kPartialWorkAbility = "person_attributes.partial_work_ability";
inline constexpr const char* kVocationalEducation = "person_attributes.vocational_education";
inline constexpr const char* kRarelyReferred = "person_attributes.rarely_referred";
inline constexpr const char* kPilotCustomer = "person_attributes.pilot_customer";
/// The day one became, or will become, a pilot customer, `Day`: 0 when one is not a customer and
/// is not expected to become one, `kPilotDayOpen` when one may become one on a day not known yet
/// (a rule assessed again each month).
inline constexpr const char* kPilotCustomerDay = "person_attributes.pilot_customer_day";
inline constexpr Day kPilotDayOpen = std::numeric_limits<Day>::max();

/// Age in years on `day`: recorded at registration, advancing with the calendar.
[[nodiscard]] constexpr double age_on(std::uint8_t age_at_registration, const JobSeeker& s,
                                      Day day) noexcept {
  return age_at_registration + (day - s.registered) / kDaysPerYear;
}

}  // namespace polku::person
