/// @file serialization.hpp
/// Boost.Serialization of engine-owned types, for checkpoints. Bump a version (and branch on it
/// in `serialize`) whenever a serialized layout changes, so older checkpoints stay readable.
#pragma once

#include <boost/serialization/array.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>

#include "polku/agent.hpp"

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, polku::JobSeeker& a, unsigned /*version*/) {
  ar& a.key& a.epoch& a.registered& a.spell_start& a.status_since& a.municipality& a.status;
  ar& a.flags& a.age& a.benefit_type& a.service& a.service_phase& a.service_until;
  ar& a.next_meeting& a.plan_date& a.coach& a.need_group& a.tym_phase& a.tym_review;
  ar& a.benefit_days& a.reserved& a.benefit_days_as_of;
}

}  // namespace boost::serialization

BOOST_CLASS_VERSION(polku::JobSeeker, 1)
