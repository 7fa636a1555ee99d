/// @file large_arrays.hpp
/// Memory for a replication's population rows (each person's engine record and module fields):
/// tens of megabytes read at random, one person at a time. An array of a huge page or more
/// is placed on transparent huge pages where the system offers them (Linux, `madvise`), so that
/// reaching a person costs a cache miss but seldom a page walk as well.
#pragma once

#include <cstddef>
#include <utility>

namespace polku {

/// Allocates `bytes` aligned to `align` (at most 64), uninitialised; huge pages for large sizes.
/// @throws std::bad_alloc
[[nodiscard]] void* allocate_large(std::size_t bytes, std::size_t align);
/// Frees what `allocate_large(bytes, align)` returned.
void free_large(void* p, std::size_t bytes, std::size_t align) noexcept;

/// An uninitialised block from allocate_large that frees itself (move-only).
class LargeBuffer {
 public:
  LargeBuffer() = default;
  LargeBuffer(std::size_t bytes, std::size_t align)
      : data_(static_cast<std::byte*>(allocate_large(bytes, align))),
        bytes_(bytes),
        align_(align) {}
  LargeBuffer(LargeBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), bytes_(other.bytes_), align_(other.align_) {}
  LargeBuffer& operator=(LargeBuffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(bytes_, other.bytes_);
    std::swap(align_, other.align_);
    return *this;
  }
  LargeBuffer(const LargeBuffer&) = delete;
  LargeBuffer& operator=(const LargeBuffer&) = delete;
  ~LargeBuffer() { free_large(data_, bytes_, align_); }
  [[nodiscard]] std::byte* data() const noexcept { return data_; }

 private:
  std::byte* data_ = nullptr;
  std::size_t bytes_ = 0;
  std::size_t align_ = 1;
};

}  // namespace polku
