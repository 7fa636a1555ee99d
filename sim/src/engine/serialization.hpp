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
  ar& a.key& a.registered& a.spell_start& a.status_since& a.municipality& a.status& a.service;
}

}  // namespace boost::serialization

BOOST_CLASS_VERSION(polku::JobSeeker, 2)
