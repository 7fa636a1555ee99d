/// @file event_calendar.hpp
/// Pending events by day, in two levels. Events for the current and the next month go straight
/// into their day's bucket; events further ahead are appended to their month's bucket and moved
/// into day buckets when that month becomes the next one. Appending to a few dozen month tails
/// rather than to one of thousands of day tails keeps scheduling within the cache, and each day's
/// events are delivered in the order they were scheduled either way: everything put in a month's
/// bucket was scheduled before the month was distributed, everything after it goes direct.
///
/// Buckets are chains of fixed-size blocks from a pool, so scheduling never copies a growing
/// array nor allocates once the pool is warm.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/cache_line.hpp"
#include "polku/calendar.hpp"

namespace polku {

/// Append-only chains of values in fixed-size blocks drawn from one pool.
template <class T, std::uint32_t BlockValues>
class BlockChains {
 public:
  struct Block {
    Block* next = nullptr;
    std::uint32_t count = 0;
    T values[BlockValues];
  };
  struct Chain {
    Block* head = nullptr;
    Block* tail = nullptr;
  };

  void append(Chain& chain, const T& value) {
    if (chain.tail == nullptr || chain.tail->count == BlockValues) {
      Block* block = take_block();
      (chain.tail == nullptr ? chain.head : chain.tail->next) = block;
      chain.tail = block;
    }
    chain.tail->values[chain.tail->count++] = value;
  }

  /// Keeps the values for which `keep(value)` holds, in order, packed into the chain's first
  /// blocks; the blocks left over return to the pool. Returns how many were kept.
  template <class Keep>
  std::size_t filter(Chain& chain, Keep keep) {
    // Writing never overtakes reading, so the values are moved within the same blocks.
    Block* out = chain.head;
    std::uint32_t written = 0;
    std::size_t kept = 0;
    for (Block* in = chain.head; in != nullptr; in = in->next) {
      const std::uint32_t count = in->count;
      for (std::uint32_t i = 0; i < count; ++i) {
        if (!keep(in->values[i])) continue;
        if (written == BlockValues) {
          out->count = written;
          out = out->next;
          written = 0;
        }
        out->values[written++] = in->values[i];
        ++kept;
      }
    }
    if (kept == 0) {
      release(chain);
      return 0;
    }
    out->count = written;
    Chain rest{out->next, chain.tail};
    out->next = nullptr;
    chain.tail = out;
    if (rest.head != nullptr) release(rest);
    return kept;
  }

  /// Asks for every cache line of `block` ahead of reading it.
  static void prefetch(const Block& block) noexcept {
    const auto* bytes = reinterpret_cast<const char*>(&block);
    for (std::size_t at = 0; at < sizeof(Block); at += engine::kCacheLine)
      __builtin_prefetch(bytes + at);
  }

  /// Returns the chain's blocks to the pool and empties it.
  void release(Chain& chain) {
    for (Block* block = chain.head; block != nullptr;) {
      Block* next = block->next;
      block->next = free_;
      free_ = block;
      block = next;
    }
    chain = Chain{};
  }

 private:
  /// Blocks are allocated this many at a time and never move.
  static constexpr std::size_t kBlocksPerChunk = 256;

  Block* take_block() {
    if (free_ == nullptr) {
      chunks_.push_back(std::make_unique<Block[]>(kBlocksPerChunk));
      for (std::size_t i = 0; i < kBlocksPerChunk; ++i) {
        chunks_.back()[i].next = free_;
        free_ = &chunks_.back()[i];
      }
    }
    Block* block = free_;
    free_ = block->next;
    block->next = nullptr;
    block->count = 0;
    return block;
  }

  std::vector<std::unique_ptr<Block[]>> chunks_;
  Block* free_ = nullptr;
};

template <class Event>
class EventCalendar {
 public:
  EventCalendar(Day first, Day last)
      : first_(first), days_(static_cast<std::size_t>(last - first + 1)) {
    const int first_month = month_index(first);
    month_of_.reserve(days_.size());
    for (Day d = first; d <= last; ++d)
      month_of_.push_back(static_cast<std::uint32_t>(month_index(d) - first_month));
    months_.resize(month_of_.back() + 1);
    make_near(1);  // the first month and the next are near from the start
  }

  /// Appends an event to a day within the calendar's range.
  void push(Day day, const Event& event) {
    ++pending_;
    const auto d = static_cast<std::size_t>(day - first_);
    const std::uint32_t month = month_of_[d];
    if (month < next_far_)
      day_chains_.append(days_[d], event);
    else
      month_chains_.append(months_[month], {day, event});
  }

  /// Calls `visit(event)` for the events of `day` in the order they were scheduled, including any
  /// scheduled for the same day while visiting, and `ahead(event)` for the event `kLookahead`
  /// places further on (to prefetch what it will touch). Then frees the day's blocks. Days are
  /// drained in order.
  template <class Ahead, class Visit>
  void drain(Day day, Ahead ahead, Visit visit) {
    const auto d = static_cast<std::size_t>(day - first_);
    make_near(month_of_[d] + 1);
    auto& chain = days_[d];
    // Both the count and the link are read anew: a visit may append to this day.
    for (const auto* block = chain.head; block != nullptr; block = block->next) {
      // The day's blocks were filled weeks ago and lie anywhere in the pool: the next one is
      // fetched whole while this one is delivered.
      if (const auto* next = block->next; next != nullptr) day_chains_.prefetch(*next);
      for (std::uint32_t i = 0; i < block->count; ++i) {
        // The event kLookahead places on, in this block or at the start of the next.
        const std::uint32_t later = i + kLookahead;
        if (later < block->count)
          ahead(block->values[later]);
        else if (const auto* next = block->next;
                 next != nullptr && later - block->count < next->count)
          ahead(next->values[later - block->count]);
        visit(block->values[i]);
      }
      pending_ -= block->count;
    }
    day_chains_.release(chain);
  }

  /// Events scheduled and not yet drained.
  [[nodiscard]] std::size_t pending() const noexcept { return pending_; }

  /// Drops the events after `day` for which `keep(event)` is false, keeping the order of the
  /// rest. Returns how many are pending.
  template <class Keep>
  std::size_t compact(Day day, Keep keep) {
    pending_ = 0;
    const auto from = static_cast<std::size_t>(day - first_) + 1;
    for (std::size_t d = from; d < days_.size() && month_of_[d] < next_far_; ++d)
      pending_ += day_chains_.filter(days_[d], keep);
    for (std::size_t m = next_far_; m < months_.size(); ++m)
      pending_ += month_chains_.filter(months_[m], [&](const Dated& e) { return keep(e.event); });
    return pending_;
  }

  /// Calls `visit(event)` for the events pending on `day`, in the order they were scheduled (for
  /// checkpoints).
  template <class Visit>
  void for_each(Day day, Visit visit) const {
    const auto d = static_cast<std::size_t>(day - first_);
    if (month_of_[d] >= next_far_) {  // still in its month's bucket
      for (const auto* block = months_[month_of_[d]].head; block != nullptr; block = block->next)
        for (std::uint32_t i = 0; i < block->count; ++i)
          if (block->values[i].day == day) visit(block->values[i].event);
      return;
    }
    for (const auto* block = days_[d].head; block != nullptr; block = block->next)
      for (std::uint32_t i = 0; i < block->count; ++i) visit(block->values[i]);
  }

  [[nodiscard]] std::uint64_t count(Day day) const {
    std::uint64_t n = 0;
    for_each(day, [&](const Event&) { ++n; });
    return n;
  }

 private:
  // Far enough that a row fetched arrives in time even when a run of stale events (skipped at
  // once) comes between; 16 measured a little faster than 8 on the national model, 32 no faster.
  static constexpr std::uint32_t kLookahead = 16;

  struct Dated {
    Day day;
    Event event;
  };

  /// Moves the events of every month up to `last` from its bucket to their days.
  void make_near(std::uint32_t last) {
    const auto end = std::min<std::uint32_t>(last + 1, static_cast<std::uint32_t>(months_.size()));
    for (; next_far_ < end; ++next_far_) {
      auto& chain = months_[next_far_];
      for (const auto* block = chain.head; block != nullptr; block = block->next)
        for (std::uint32_t i = 0; i < block->count; ++i)
          day_chains_.append(days_[static_cast<std::size_t>(block->values[i].day - first_)],
                             block->values[i].event);
      month_chains_.release(chain);
    }
  }

  // About a kilobyte a block: a day or a month of a national run fills dozens of them.
  using DayChains = BlockChains<Event, 84>;
  using MonthChains = BlockChains<Dated, 64>;

  Day first_;
  std::vector<std::uint32_t> month_of_;  ///< month (from the first) of each day
  DayChains day_chains_;
  MonthChains month_chains_;
  std::vector<typename DayChains::Chain> days_;
  std::vector<typename MonthChains::Chain> months_;
  std::uint32_t next_far_ = 0;  ///< months before this one go straight into day buckets
  std::size_t pending_ = 0;
};

}  // namespace polku
