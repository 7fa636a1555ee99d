#include "engine/large_arrays.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace polku {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

[[nodiscard]] bool on_huge_pages(std::size_t bytes) noexcept { return bytes >= kHugePage; }

[[nodiscard]] std::size_t whole_huge_pages(std::size_t bytes) noexcept {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

[[nodiscard]] std::align_val_t small_alignment(std::size_t align) noexcept {
  return std::align_val_t{std::max(align, alignof(std::max_align_t))};
}

}  // namespace

void* allocate_large(std::size_t bytes, std::size_t align) {
  if (!on_huge_pages(bytes))
    return ::operator new(std::max<std::size_t>(bytes, 1), small_alignment(align));
  const std::size_t rounded = whole_huge_pages(bytes);
#if defined(__linux__)
  // Mapped directly, not through malloc: freed, the memory goes back to the system at once
  // (malloc keeps freed blocks of this size in its heap once it has raised its mmap threshold,
  // so each doubling of the population would leave the previous arrays resident). One huge page
  // more is mapped and the ends trimmed, so the block starts on a huge page.
  void* mapped = ::mmap(nullptr, rounded + kHugePage, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  auto* const start = static_cast<std::byte*>(mapped);
  const auto address = reinterpret_cast<std::uintptr_t>(start);
  const std::size_t head = (kHugePage - address % kHugePage) % kHugePage;
  if (head > 0) ::munmap(start, head);
  ::munmap(start + head + rounded, kHugePage - head);
  ::madvise(start + head, rounded, MADV_HUGEPAGE);  // a hint: without huge pages it works the same
  return start + head;
#else
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
  return p;
#endif
}

void free_large(void* p, std::size_t bytes, std::size_t align) noexcept {
  if (p == nullptr) return;
  if (!on_huge_pages(bytes)) {
    ::operator delete(p, small_alignment(align));
    return;
  }
#if defined(__linux__)
  ::munmap(p, whole_huge_pages(bytes));
#else
  std::free(p);  // NOLINT(cppcoreguidelines-no-malloc): paired with aligned_alloc above
#endif
}

}  // namespace polku
