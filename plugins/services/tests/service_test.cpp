// Services: a capacity-limited service with a known queue, a dated capacity cut, and the effect of
// halving rehabilitative-work capacity on a small area.
#include <catch2/catch.hpp>
#include <cmath>

#include "support/scenario_runs.hpp"

using polku::test::RunOf;

namespace {

// Five job-seekers, nobody leaves the register; everyone is referred to rehabilitative work
// within days (rate 1/day) and each period lasts exactly 60 days; two seats.
const std::string kQueue = R"(name: queue
start: 2025-01-01
end: 2025-04-30
municipalities: [Alpha]
modules:
  jobseeker_stock: {}
  initial_stock: {jobseekers: 5, elapsed_days_max: 0, long_term_share: 0}
  rehabilitative_work:
    referral_rate: 1.0
    min_registered_days: 0
    lead_days: 0
    capacity_mode: seats
    seats: 2
    max_wait_days: 1000
    duration_min_days: 60
    duration_max_days: 60
    employment_after: 0
)";

}  // namespace

TEST_CASE("a capacity-limited service serves its queue first come, first served", "[services]") {
  const RunOf run(kQueue);
  // January: two start, three wait. February: nobody finishes yet (60-day periods).
  CHECK(run.at("starts.rehabilitative_work", "Alpha", "2025-01") == 2);
  CHECK(run.at("in_service.rehabilitative_work", "Alpha", "2025-01") == 2);
  CHECK(run.at("waiting.rehabilitative_work", "Alpha", "2025-01") == 3);
  CHECK(run.at("starts.rehabilitative_work", "Alpha", "2025-02") == 0);
  // Early March the first two finish and return to unemployment (and are referred again, to the
  // back of the queue); the two who waited longest take the seats.
  CHECK(run.at("starts.rehabilitative_work", "Alpha", "2025-03") == 2);
  CHECK(run.at("in_service.rehabilitative_work", "Alpha", "2025-03") == 2);
  CHECK(run.at("waiting.rehabilitative_work", "Alpha", "2025-03") == 3);
  // Activation rate from the counts: 2 in service, 3 unemployed.
  CHECK(run.at("activation_rate", "Alpha", "2025-03") == Approx(100.0 * 2 / 5));
}

TEST_CASE("a dated capacity cut takes effect as seats free", "[services]") {
  const RunOf run(kQueue, {{"modules.rehabilitative_work.capacity_schedule={2025-03-01: 0.5}"}});
  CHECK(run.at("in_service.rehabilitative_work", "Alpha", "2025-02") == 2);
  // From March one seat: when the two periods end, only one person starts.
  CHECK(run.at("starts.rehabilitative_work", "Alpha", "2025-03") == 1);
  CHECK(run.at("in_service.rehabilitative_work", "Alpha", "2025-03") == 1);
  CHECK(run.at("waiting.rehabilitative_work", "Alpha", "2025-03") == 4);
}

TEST_CASE("a capacity cut may end periods already begun", "[services]") {
  // From 1 February one seat. Ending periods: one of the two participants returns to
  // unemployment that day (and is referred again, to the queue); running out: both stay.
  const std::string cut = "modules.rehabilitative_work.capacity_schedule={2025-02-01: 0.5}";
  const RunOf ended(kQueue, {{cut}, {"modules.rehabilitative_work.capacity_cut=end_periods"}});
  const RunOf ran_out(kQueue, {{cut}});
  CHECK(ended.at("in_service.rehabilitative_work", "Alpha", "2025-01") == 2);
  CHECK(ended.at("in_service.rehabilitative_work", "Alpha", "2025-02") == 1);
  CHECK(ended.at("unemployed", "Alpha", "2025-02") == 4);
  CHECK(ended.at("waiting.rehabilitative_work", "Alpha", "2025-02") == 4);
  CHECK(ended.at("starts.rehabilitative_work", "Alpha", "2025-02") == 0);
  CHECK(ran_out.at("in_service.rehabilitative_work", "Alpha", "2025-02") == 2);
}

TEST_CASE("a referral lapses after the longest wait", "[services]") {
  const RunOf run(kQueue, {{"modules.rehabilitative_work.max_wait_days=20"}});
  // Three wait from early January; their referrals lapse before February.
  CHECK(run.at("referrals_lapsed.rehabilitative_work", "Alpha", "2025-01") +
            run.at("referrals_lapsed.rehabilitative_work", "Alpha", "2025-02") ==
        3);
  CHECK(run.at("waiting.rehabilitative_work", "Alpha", "2025-02") == 0);
}

TEST_CASE("halving rehabilitative-work capacity lowers its stock and the activation rate",
          "[services]") {
  const std::string scenario = std::string(POLKU_SOURCE_DIR) + "/tests/scenarios/pathways.yaml";
  std::ifstream in(scenario);
  const std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const RunOf base(yaml);
  const RunOf halved(yaml, {{"modules.rehabilitative_work.seats={Alpha: 80, Beta: 20}"}});
  CHECK(halved.total("in_service.rehabilitative_work") <
        0.8 * base.total("in_service.rehabilitative_work"));
  CHECK(halved.total("activation_rate") < base.total("activation_rate"));
  CHECK(halved.total("waiting.rehabilitative_work") > base.total("waiting.rehabilitative_work"));
}

TEST_CASE("an age target uses the age on the day, not at registration", "[services]") {
  // Everyone is 30-49 on the start day after three years on the register (so under 30 when
  // registering, for some): an under-30 service refers nobody. With everyone 17-24, everyone.
  const std::string scenario = R"(name: age-target
start: 2025-01-01
end: 2025-01-31
municipalities: [Alpha]
modules:
  person_attributes: {share_under_25: 0, share_25_29: 0, share_30_49: 1, share_50_64: 0}
  jobseeker_stock: {}
  initial_stock: {jobseekers: 500, elapsed_days_min: 1100, elapsed_days_max: 1100,
                  long_term_share: 1}
  coaching: {target_group: under_30, referral_rate: 1.0, min_registered_days: 0, lead_days: 0}
)";
  CHECK(RunOf(scenario).at("referrals.coaching", "Alpha", "2025-01") == 0);
  const RunOf young(scenario, {{"modules.person_attributes.share_under_25=1"},
                               {"modules.person_attributes.share_30_49=0"}});
  // Everyone at least once (short coaching periods end within the month and refer again).
  CHECK(young.at("referrals.coaching", "Alpha", "2025-01") >= 500);
}

namespace {

// 1 000 job-seekers per municipality registering on the start day, nobody leaving the register.
// Alpha's are pilot customers from the start, Beta's from day 15 (16.1.), Gamma's and Delta's
// never. Work trials last longer than the run, so starts are first referrals.
const std::string kCustomers = R"(name: pilot-customers
start: 2025-01-01
end: 2025-02-28
replications: 1
municipalities: [Alpha, Beta, Gamma, Delta]
modules:
  person_attributes:
    pilot_municipalities: 1
    pilot_from: 2025-01-01
    pilot_until: 2025-12-31
    pilot_rule: target_groups
    target_after_days: {Alpha: 0, Beta: 15, default: -1}
  jobseeker_stock: {}
  initial_stock: {jobseekers: 1000, elapsed_days_max: 0, long_term_share: 0}
  work_trial:
    referral_rate: 0.01
    min_registered_days: 0
    lead_days: 0
    duration_min_days: 400
    duration_max_days: 400
)";

}  // namespace

TEST_CASE("pilot customers and municipalities may be referred faster", "[services]") {
  const RunOf run(kCustomers, {{"modules.work_trial.pilot_customer_factor=3"},
                               {"modules.work_trial.referral_factor={Delta: 3, default: 1}"}});
  // Referred by the 31st: 1 - exp(-hazard integrated over 30 days), Binomial(1000, p) with a
  // standard deviation of at most 16; the margins are about four of them.
  CHECK(run.at("starts.work_trial", "Gamma", "2025-01") ==
        Approx(1000 * (1 - std::exp(-0.3))).margin(60));
  CHECK(run.at("starts.work_trial", "Alpha", "2025-01") ==
        Approx(1000 * (1 - std::exp(-0.9))).margin(60));
  // Beta: 15 days at the base rate, then 15 at three times it.
  CHECK(run.at("starts.work_trial", "Beta", "2025-01") ==
        Approx(1000 * (1 - std::exp(-0.6))).margin(60));
  CHECK(run.at("starts.work_trial", "Delta", "2025-01") ==
        Approx(1000 * (1 - std::exp(-0.9))).margin(60));
  // Activation among pilot customers is counted among them only.
  CHECK(run.at("pilot_customers_in_services", "Alpha", "2025-01") ==
        run.at("in_service.work_trial", "Alpha", "2025-01"));
  CHECK(run.at("pilot_customers_in_services", "Gamma", "2025-01") == 0);
}

TEST_CASE("a service for pilot customers only refers them from the day they join", "[services]") {
  const RunOf run(kCustomers, {{"modules.work_trial.target_group=pilot_customer"},
                               {"modules.work_trial.referral_rate=1"}});
  // Alpha: everyone within days. Beta: from the 16th, everyone by the month's end. Gamma and
  // Delta never join.
  CHECK(run.at("starts.work_trial", "Alpha", "2025-01") == 1000);
  CHECK(run.at("starts.work_trial", "Beta", "2025-01") == 1000);
  CHECK(run.at("starts.work_trial", "Gamma", "2025-02") == 0);
  CHECK(run.at("in_service.work_trial", "Delta", "2025-02") == 0);
}

TEST_CASE("a pilot customers' factor leaves everyone else's referrals as they were", "[services]") {
  // Common random numbers: Gamma's and Delta's people draw the same referral times either way.
  const RunOf plain(kCustomers);
  const RunOf boosted(kCustomers, {{"modules.work_trial.pilot_customer_factor=3"}});
  for (const char* m : {"Gamma", "Delta"})
    for (const char* month : {"2025-01", "2025-02"})
      CHECK(plain.at("starts.work_trial", m, month) == boosted.at("starts.work_trial", m, month));
  CHECK(boosted.at("starts.work_trial", "Alpha", "2025-01") >
        plain.at("starts.work_trial", "Alpha", "2025-01") + 200);
}
