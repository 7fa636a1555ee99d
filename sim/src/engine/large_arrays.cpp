#include "engine/large_arrays.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace polku {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

[[nodiscard]] bool on_huge_pages(std::size_t bytes) noexcept { return bytes >= kHugePage; }

[[nodiscard]] std::align_val_t small_alignment(std::size_t align) noexcept {
  return std::align_val_t{std::max(align, alignof(std::max_align_t))};
}

}  // namespace

void* allocate_large(std::size_t bytes, std::size_t align) {
  if (!on_huge_pages(bytes))
    return ::operator new(std::max<std::size_t>(bytes, 1), small_alignment(align));
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: without huge pages the memory works the same
#endif
  return p;
}

void free_large(void* p, std::size_t bytes, std::size_t align) noexcept {
  if (p == nullptr) return;
  if (on_huge_pages(bytes))
    std::free(p);  // NOLINT(cppcoreguidelines-no-malloc): paired with aligned_alloc above
  else
    ::operator delete(p, small_alignment(align));
}

}  // namespace polku
