/// @file fields.hpp
/// Agent fields owned by modules.
///
/// A module keeps what it knows about each person (a coach, a day counter, a phase) in agent
/// fields it registers in `Module::declare`. The engine lays out every field of a replication side
/// by side in one row per person, so the hooks of several modules that touch one person (a status
/// change, a deregistration) share a cache line or two instead of missing once per field. It
/// resets a row to the fields' initial values when a person registers, and saves and restores each
/// field in checkpoints. Adding a field needs no change to the engine or to any other module.
///
///     // in declare(): the owner gets the only handle that writes
///     coach_ = registry.agent_field<std::uint32_t>("coach");           // "counselling.coach"
///     // any other module gets a read-only view by the qualified name
///     age_ = registry.field_view<std::uint8_t>("person_attributes.age");
///
///     coach_(sim, a) = 7;                 // owner: read and write
///     if (age_(sim, a) < 30) ...          // others: read
///
/// Yes/no attributes are flags: one bit each in a shared word, with the same ownership rules
/// (`agent_flag`, `flag_view`). A view of a field or flag that no module in the scenario owns
/// reads the initial value (zero) and says so with `owned() == false`.
///
/// Handles are plain values: copy them into the module. They are valid for the replication whose
/// registry made them; field addresses are looked up on each access, so they stay valid as the
/// population grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <vector>

#include "polku/agent.hpp"

namespace polku {

class Simulation;
class Registry;

using FieldId = std::uint16_t;
inline constexpr FieldId kNoField = 0xFFFF;

namespace detail {
/// The row storage of one replication, shared with the handles: per field its address in the
/// first person's row (null for a flag, whose bit lives in the flag word, field 0), and the bytes
/// from one person's row to the next. The engine refreshes the addresses whenever the population
/// grows.
struct AgentColumns {
  std::vector<std::byte*> base;
  std::vector<std::uint8_t> owned;  ///< 1 when a module in the scenario owns the field
  std::size_t stride = 0;
};
inline constexpr FieldId kFlagWords = 0;
[[nodiscard]] inline const AgentColumns& columns_of(const Simulation& sim) noexcept;

/// Where field `id` of person `a` is.
template <class T>
[[nodiscard]] inline T* field_at(const Simulation& sim, FieldId id, AgentRef a) noexcept {
  const AgentColumns& c = columns_of(sim);
  return reinterpret_cast<T*>(c.base[id] + static_cast<std::size_t>(a) * c.stride);
}
}  // namespace detail

/// The type of a field, as the registry checks it: a view must read what the owner writes.
struct FieldType {
  std::size_t size;
  std::size_t align;
  const char* name;  ///< `typeid(T).name()`: the same in every module built by one compiler
};

template <class T>
class AgentField;

/// Read access to a field, for any module.
template <class T>
class AgentFieldView {
  static_assert(std::is_trivially_copyable_v<T>, "agent fields are plain values");

 public:
  AgentFieldView() = default;
  [[nodiscard]] T operator()(const Simulation& sim, AgentRef a) const noexcept {
    return *detail::field_at<const T>(sim, id_, a);
  }
  /// Whether a module in the scenario owns (writes) the field; if not, it reads its initial value.
  [[nodiscard]] bool owned(const Simulation& sim) const noexcept {
    return detail::columns_of(sim).owned[id_] != 0;
  }
  /// Asks the processor to fetch the agent's value into the cache, for a loop that will read it
  /// a few steps later (a queue worked through in order).
  void prefetch(const Simulation& sim, AgentRef a) const noexcept {
    __builtin_prefetch(detail::field_at<const T>(sim, id_, a));
  }

 private:
  friend class Registry;
  friend class AgentField<T>;
  explicit AgentFieldView(FieldId id) noexcept : id_(id) {}
  FieldId id_ = kNoField;
};

/// Read and write access to a field: only the module that registered it has one.
template <class T>
class AgentField {
  static_assert(std::is_trivially_copyable_v<T>, "agent fields are plain values");

 public:
  AgentField() = default;
  [[nodiscard]] T& operator()(Simulation& sim, AgentRef a) const noexcept {
    return *detail::field_at<T>(sim, id_, a);
  }
  [[nodiscard]] T operator()(const Simulation& sim, AgentRef a) const noexcept {
    return *detail::field_at<const T>(sim, id_, a);
  }
  /// A read-only handle to the same field.
  [[nodiscard]] AgentFieldView<T> view() const noexcept { return AgentFieldView<T>(id_); }

 private:
  friend class Registry;
  explicit AgentField(FieldId id) noexcept : id_(id) {}
  FieldId id_ = kNoField;
};

/// Read access to a yes/no attribute.
class AgentFlagView {
 public:
  AgentFlagView() = default;
  [[nodiscard]] bool operator()(const Simulation& sim, AgentRef a) const noexcept {
    return (*word(sim, a) & mask_) != 0;
  }
  [[nodiscard]] bool owned(const Simulation& sim) const noexcept {
    return detail::columns_of(sim).owned[id_] != 0;
  }
  /// Asks the processor to fetch the agent's flags (every flag of the agent: one word).
  void prefetch(const Simulation& sim, AgentRef a) const noexcept {
    __builtin_prefetch(word(sim, a));
  }

 protected:
  friend class Registry;
  AgentFlagView(FieldId id, std::uint32_t mask) noexcept : id_(id), mask_(mask) {}
  [[nodiscard]] static std::uint32_t* word(const Simulation& sim, AgentRef a) noexcept {
    return detail::field_at<std::uint32_t>(sim, detail::kFlagWords, a);
  }
  FieldId id_ = kNoField;
  std::uint32_t mask_ = 0;
};

/// Read and write access to a yes/no attribute, for the module that registered it.
class AgentFlag : public AgentFlagView {
 public:
  AgentFlag() = default;
  void set(Simulation& sim, AgentRef a, bool on) const noexcept {
    std::uint32_t& bits = *word(sim, a);
    bits = on ? bits | mask_ : bits & ~mask_;
  }
  /// A read-only handle to the same flag.
  [[nodiscard]] AgentFlagView view() const noexcept { return *this; }

 private:
  friend class Registry;
  AgentFlag(FieldId id, std::uint32_t mask) noexcept : AgentFlagView(id, mask) {}
};

}  // namespace polku
