#include "polku/rng.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace polku;

TEST_CASE("Philox4x32-10 matches the Random123 known-answer vector", "[rng]") {
  // kat_vectors: philox4x32 10, counter 0, key 0 -> 6627e8d5 e169c58d bc57ac4c 9b00dbd8.
  // With key 0 and subject, day and stream 0, the first block of a stream is that counter.
  RandomStream s(Philox::key_type{{0, 0}}, 0, 0, std::uint16_t{0});
  CHECK(s() == 0x6627e8d5u);
  CHECK(s() == 0xe169c58du);
  CHECK(s() == 0xbc57ac4cu);
  CHECK(s() == 0x9b00dbd8u);
}

TEST_CASE("a stream is a pure function of key, subject, day and stream", "[rng]") {
  const auto key = replication_key(42, 3);
  RandomStream a(key, 17, 100, Stream::employment_exit);
  RandomStream b(key, 17, 100, Stream::employment_exit);
  for (int i = 0; i < 10; ++i) CHECK(a() == b());
  // Any change of coordinate gives other numbers.
  const auto first = [](RandomStream s) { return s(); };
  const auto base = first(RandomStream(key, 17, 100, Stream::employment_exit));
  CHECK(first(RandomStream(key, 18, 100, Stream::employment_exit)) != base);
  CHECK(first(RandomStream(key, 17, 101, Stream::employment_exit)) != base);
  CHECK(first(RandomStream(key, 17, 100, Stream::inflow_count)) != base);
  CHECK(first(RandomStream(replication_key(42, 4), 17, 100, Stream::employment_exit)) != base);
  CHECK(first(RandomStream(replication_key(43, 3), 17, 100, Stream::employment_exit)) != base);
}

TEST_CASE("uniform draws lie above 0 and at most 1, with mean one half", "[rng]") {
  RandomStream s(replication_key(1, 0), 5, 0, Stream::initial_stock);
  double sum = 0.0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    REQUIRE(u > 0.0);
    REQUIRE(u <= 1.0);
    sum += u;
  }
  // Standard error sqrt(1/12/n) = 0.00091; allow 4 of them.
  CHECK(sum / n == Approx(0.5).margin(0.0037));
}

TEST_CASE("subject identities do not collide", "[rng]") {
  std::set<std::uint64_t> seen;
  for (std::uint16_t m = 0; m < 20; ++m) {
    for (std::uint32_t i = 0; i < 50; ++i) seen.insert(subject::initial(m, i));
    for (Day d = 20000; d < 20010; ++d)
      for (std::uint16_t k = 0; k < 5; ++k) seen.insert(subject::arrival(d, m, k));
    seen.insert(subject::municipality(m));
  }
  CHECK(seen.size() == 20 * (50 + 10 * 5 + 1));
}
