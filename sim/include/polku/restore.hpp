/// @file restore.hpp
/// Reading a module's own state back from a checkpoint without trusting its sizes. A checkpoint's
/// checksum catches damage, not a file made on purpose, and a module indexes its per-municipality
/// counts by what the engine's agents hold: a count vector of the wrong size would be written out
/// of bounds. `load_same_shape` refuses such a state with an InputError instead.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polku/errors.hpp"

namespace polku {

namespace detail {

/// Values other than vectors have no shape to check; a module gives an overload, found by
/// argument-dependent lookup, for a struct that holds vectors.
template <class T>
bool same_shape(const T& /*saved*/, const T& /*wanted*/) noexcept {
  return true;
}

template <class T>
bool same_shape(const std::vector<T>& saved, const std::vector<T>& wanted) noexcept {
  if (saved.size() != wanted.size()) return false;
  for (std::size_t i = 0; i < saved.size(); ++i)
    if (!same_shape(saved[i], wanted[i])) return false;
  return true;
}

}  // namespace detail

/// Reads `value` (saved with `ar << value`) from a checkpoint; the saved value must have the
/// sizes `value` has now, as this scenario built it. @throws InputError naming `what` otherwise.
template <class Archive, class T>
void load_same_shape(Archive& ar, T& value, std::string_view what) {
  T saved;
  ar >> saved;
  if (!detail::same_shape(saved, value))
    throw InputError("the checkpoint's " + std::string(what) +
                     " do not have this scenario's sizes (one per municipality, service or band)");
  value = std::move(saved);
}

}  // namespace polku
