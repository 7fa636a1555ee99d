// jobseeker_stock: month-end stocks of job-seekers, unemployed and long-term unemployed.
//
// Counts are kept per municipality as agents register, change status and leave, so the month-end
// indicators cost nothing per agent. Long-term unemployment starts on a scheduled milestone day.
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/vector.hpp>

#include "polku/plugin.hpp"

namespace polku::jobseeker_stock {
namespace {

class JobseekerStock final : public Module {
 public:
  explicit JobseekerStock(const ModuleConfig& config)
      : threshold_(static_cast<Day>(config.params.integer("long_term_threshold_days"))),
        registered_(config.municipalities.size(), 0),
        unemployed_(config.municipalities.size(), 0),
        long_term_(config.municipalities.size(), 0) {}

  void declare(Registry& registry) override {
    milestone_ = registry.event_kind("jobseeker_stock.long_term");
    jobseekers_id_ = registry.indicator("jobseekers", Measure::stock);
    unemployed_id_ = registry.indicator("unemployed", Measure::stock);
    long_term_id_ = registry.indicator("long_term_unemployed", Measure::stock);
  }

  void on_register(Simulation& sim, AgentRef a) override {
    JobSeeker& s = sim.agent(a);
    ++registered_[s.municipality];
    if (s.status == Status::unemployed) start_counting_unemployed(sim, a);
  }

  void on_status_change(Simulation& sim, AgentRef a, Status before) override {
    JobSeeker& s = sim.agent(a);
    if (before == Status::unemployed) stop_counting_unemployed(s);
    if (s.status == Status::unemployed) start_counting_unemployed(sim, a);
  }

  void on_deregister(Simulation& sim, AgentRef a, ExitReason /*why*/) override {
    JobSeeker& s = sim.agent(a);
    --registered_[s.municipality];
    if (s.status == Status::unemployed) stop_counting_unemployed(s);
  }

  void on_event(Simulation& sim, AgentRef a, EventKind /*kind*/) override {
    JobSeeker& s = sim.agent(a);
    // The milestone is stale if the spell it was scheduled for has ended meanwhile.
    if (s.status != Status::unemployed || sim.today() - s.spell_start < threshold_) return;
    if ((s.flags & flag::long_term) == 0) {
      s.flags |= flag::long_term;
      ++long_term_[s.municipality];
    }
  }

  void end_month(Simulation& sim) override {
    for (MunicipalityId m = 0; m < registered_.size(); ++m) {
      sim.set(jobseekers_id_, m, registered_[m]);
      sim.set(unemployed_id_, m, unemployed_[m]);
      sim.set(long_term_id_, m, long_term_[m]);
    }
  }

  void save(boost::archive::binary_oarchive& ar) const override { ar << registered_ << unemployed_ << long_term_; }
  void load(boost::archive::binary_iarchive& ar) override { ar >> registered_ >> unemployed_ >> long_term_; }

 private:
  void start_counting_unemployed(Simulation& sim, AgentRef a) {
    JobSeeker& s = sim.agent(a);
    ++unemployed_[s.municipality];
    const Day long_term_from = s.spell_start + threshold_;
    if (long_term_from <= sim.today()) {
      s.flags |= flag::long_term;
      ++long_term_[s.municipality];
    } else {
      s.flags &= static_cast<std::uint8_t>(~flag::long_term);
      sim.schedule(a, long_term_from, milestone_);
    }
  }

  void stop_counting_unemployed(JobSeeker& s) {
    --unemployed_[s.municipality];
    if ((s.flags & flag::long_term) != 0) --long_term_[s.municipality];
  }

  Day threshold_;
  std::vector<std::int64_t> registered_;
  std::vector<std::int64_t> unemployed_;
  std::vector<std::int64_t> long_term_;
  EventKind milestone_ = 0;
  IndicatorId jobseekers_id_ = 0;
  IndicatorId unemployed_id_ = 0;
  IndicatorId long_term_id_ = 0;
};

PluginDescriptor describe() {
  return {
      .name = "jobseeker_stock",
      .version = "1.0.0",
      .description = "Month-end stocks: job-seekers, unemployed, long-term unemployed.",
      .priority = 90,
      .parameters =
          {
              {.name = "long_term_threshold_days",
               .type = ParamType::integer,
               .default_yaml = "365",
               .unit = "days",
               .min = 1.0,
               .max = 3650.0,
               .doc = "Continuous unemployment after which a job-seeker counts as long-term "
                      "unemployed (statistical definition: 12 months; domain brief section 3)."},
          },
      .create = [](const ModuleConfig& c) -> std::unique_ptr<Module> {
        return std::make_unique<JobseekerStock>(c);
      },
  };
}

}  // namespace
}  // namespace polku::jobseeker_stock

POLKU_PLUGIN(polku::jobseeker_stock::describe)
