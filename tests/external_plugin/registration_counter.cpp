// An out-of-tree module: counts registrations per municipality and month.
#include <polku/plugin.hpp>

namespace {

class RegistrationCounter final : public polku::Module {
 public:
  explicit RegistrationCounter(const polku::ModuleConfig& config)
      : weight_(config.params.real("weight")) {}
  void declare(polku::Registry& registry) override {
    id_ = registry.indicator("external_registrations", polku::Measure::flow);
  }
  void on_register(polku::Simulation& sim, polku::AgentRef a) override {
    sim.add(id_, sim.agent(a).municipality, weight_);
  }

 private:
  double weight_;
  polku::IndicatorId id_ = 0;
};

polku::PluginDescriptor describe() {
  return {.name = "registration_counter",
          .version = "0.1.0",
          .description = "Counts registrations (out-of-tree example).",
          .priority = 200,
          .parameters = {{.name = "weight",
                          .type = polku::ParamType::real,
                          .default_yaml = "1",
                          .unit = "",
                          .min = 0.0,
                          .max = 10.0,
                          .doc = "Weight of one registration."}},
          .create = [](const polku::ModuleConfig& c) -> std::unique_ptr<polku::Module> {
            return std::make_unique<RegistrationCounter>(c);
          },
          .indicators = {{.name = "external_registrations",
                          .measure = polku::IndicatorMeasure::flow,
                          .unit_fi = "henkilöä",
                          .unit_en = "persons",
                          .label_fi = "Rekisteröitymiset",
                          .label_en = "Registrations",
                          .group = polku::IndicatorGroup::flows}}};
}

}  // namespace

POLKU_PLUGIN(describe)
