#pragma once
// Inline parts of params.hpp kept out of the way of readers of the interface.

#include "polku/errors.hpp"

namespace polku {

template <class T>
const T& ParamValues::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw ModelError("parameter '" + name + "' was not declared");
  const T* v = std::get_if<T>(&it->second);
  if (v == nullptr) throw ModelError("parameter '" + name + "' read with the wrong type");
  return *v;
}

}  // namespace polku
