// A run's manifest, report and files: what `run` and `compare` write of each run.
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/build_info.hpp"
#include "cli/common.hpp"
#include "output/manifest.hpp"
#include "output/progress_line.hpp"

namespace polku::cli {

namespace {

// Scalars keep their YAML spelling unless they read as numbers or booleans.
nlohmann::json to_json(const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      return nullptr;
    case ConfigNode::Kind::sequence: {
      auto array = nlohmann::json::array();
      for (const auto& item : node.items) array.push_back(to_json(item));
      return array;
    }
    case ConfigNode::Kind::map: {
      nlohmann::json result = nlohmann::json::object();
      for (const auto& [key, value] : node.entries) result[key] = to_json(value);
      return result;
    }
    case ConfigNode::Kind::scalar:
      break;
  }
  if (!node.quoted) {
    if (node.scalar == "true") return true;
    if (node.scalar == "false") return false;
    auto parsed = nlohmann::json::parse(node.scalar, nullptr, false);
    if (parsed.is_number()) return parsed;
  }
  return node.scalar;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

std::vector<PluginDoc> plugin_docs(const LoadedScenario& s) {
  std::vector<PluginDoc> docs;
  for (const auto& m : s.modules) {
    const PluginDescriptor& d = *m.plugin;
    PluginDoc doc{d.name, d.version, d.description, {}};
    for (const auto& p : d.parameters)
      doc.parameters.push_back(
          {p.name, to_string(p.type), p.default_yaml, p.unit, bounds_text(p), p.doc});
    docs.push_back(std::move(doc));
  }
  return docs;
}

/// The law values the scenario marks `verify:` and its labour-market path, for the caveats of the
/// outputs. A dated value is reported once under its parameter for each distinct note.
Caveats caveats_of(const Scenario& scenario) {
  Caveats c;
  const auto relative = [&](const std::string& file) {
    std::error_code ec;
    const auto rel = std::filesystem::relative(file, scenario.file.parent_path(), ec);
    return ec || rel.empty() ? file : rel.string();
  };
  for (const LawSource& law : scenario.law_sources) {
    if (law.verify.empty()) continue;
    std::string caveat = law.parameter + " (" + relative(law.where.file) + ":" +
                         std::to_string(law.where.line) + "): " + law.verify;
    const bool noted =
        std::any_of(c.verify_values.begin(), c.verify_values.end(), [&](const std::string& v) {
          return v.starts_with(law.parameter + " (") && v.ends_with("): " + law.verify);
        });
    if (!noted) c.verify_values.push_back(std::move(caveat));
  }
  if (const ConfigNode* modules = scenario.resolved.find("modules"))
    if (const ConfigNode* exit = modules->find("employment_exit"))
      if (const ConfigNode* path = exit->find("tightness");
          path && path->is_map() && !path->entries.empty())
        c.macro_path =
            "modules.employment_exit.tightness: " + std::to_string(path->entries.size()) +
            " dated values (" + relative(path->entries.front().second.where.file) + ")";
  const bool pays_benefits =
      std::any_of(scenario.modules.begin(), scenario.modules.end(),
                  [](const ModuleSpec& m) { return m.plugin == "benefits"; });
  c.member_shares_assumed = pays_benefits && scenario.municipalities.size() > 1;
  // The first year whose published long-term shares the calibrated model does not reproduce
  // (docs/heterogeneity.md: 10/2024 and 10/2025; the published series begin in 9/2024).
  const Day first_year_not_reproduced = day_from_ymd(2024, 1, 1);
  c.duration_structure_of_2019 = pays_benefits && scenario.end >= first_year_not_reproduced;
  return c;
}

/// Every replication's drawn value (or factor) of every uncertain parameter.
void write_parameter_draws(const std::filesystem::path& file, const Scenario& scenario,
                           const RunOutcome& outcome) {
  std::ofstream out(file, std::ios::binary);
  out << "replication,parameter,value,kind\n";
  out.precision(17);
  for (std::size_t r = 0; r < outcome.parameter_draws.size(); ++r)
    for (std::size_t i = 0; i < scenario.uncertainty.size(); ++i)
      out << r << ',' << scenario.uncertainty[i].path << ',' << outcome.parameter_draws[r][i] << ','
          << (scenario.uncertainty[i].factor ? "factor" : "value") << '\n';
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

RunReport write_run_outputs(const std::filesystem::path& dir, const LoadedScenario& s,
                            const RunOutcome& outcome, PluginHost& host,
                            const std::string& command_line, const std::string& restored_from,
                            const CommonSettings& common, std::ostream& err) {
  const Scenario& scenario = s.scenario;
  Manifest manifest;
  manifest.polku_version = POLKU_VERSION;
  manifest.git_revision = git_revision();
  manifest.scenario_name = scenario.name;
  manifest.scenario_file = s.file.string();
  manifest.scenario_sha256 = sha256_hex(read_file(s.file));
  manifest.resolved_sha256 = sha256_hex(to_yaml(scenario.resolved));
  manifest.parameters = to_json(scenario.resolved);
  manifest.law_values = nlohmann::json::array();
  for (const LawSource& law : scenario.law_sources)
    manifest.law_values.push_back({{"parameter", law.parameter},
                                   {"date", law.date},
                                   {"reference", law.reference},
                                   {"verify", law.verify}});
  manifest.indicators = nlohmann::ordered_json::array();
  for (const IndicatorDef& def : outcome.results.indicators)
    manifest.indicators.push_back({{"name", def.name},
                                   {"measure", to_string(def.description.measure)},
                                   {"unit_fi", def.description.unit_fi},
                                   {"unit_en", def.description.unit_en},
                                   {"label_fi", def.description.label_fi},
                                   {"label_en", def.description.label_en},
                                   {"declared_by", def.declared_by}});
  manifest.seed = scenario.seed;
  manifest.replications = scenario.replications;
  manifest.threads = outcome.threads;
  for (const auto& m : s.modules) {
    const auto& loaded = host.load(m.plugin->name);
    manifest.plugins.push_back({m.plugin->name, m.plugin->version, loaded.file.string()});
  }
  manifest.wall_time_seconds = outcome.wall_seconds;
  manifest.simulated_agent_days = outcome.agent_days;
  manifest.created_utc = utc_now();
  manifest.restored_from = restored_from;
  manifest.command_line = command_line;
  const bool drawn = outcome.results.parameter_uncertainty;
  if (drawn) {
    nlohmann::ordered_json u;
    u["interval"] = interval_kind_text(scenario.uncertainty.size(), false);
    u["parameters"] = nlohmann::ordered_json::array();
    for (const auto& p : scenario.uncertainty)
      u["parameters"].push_back(
          {{"path", p.path}, {"distribution", p.describe()}, {"declared_by", p.declared_by}});
    u["draws_file"] = "parameter_draws.csv";
    manifest.uncertainty = std::move(u);
  }
  std::ostringstream manifest_text;
  write_manifest(manifest, manifest_text);
  std::string manifest_json = std::move(manifest_text).str();

  Provenance provenance{sha256_hex(manifest_json),
                        scenario.name,
                        s.file.string(),
                        scenario.seed,
                        scenario.replications,
                        POLKU_VERSION,
                        git_revision(),
                        manifest.created_utc,
                        drawn ? scenario.uncertainty.size() : 0};
  RunReport report =
      make_run_report(outcome.results, std::move(provenance), manifest.parameters, plugin_docs(s));
  report.manifest_json = std::move(manifest_json);
  report.caveats = caveats_of(scenario);
  std::vector<const Writer*> chosen;
  for (const Writer* writer : registered_writers())
    if (common.wants(*writer, false)) chosen.push_back(writer);
  ProgressLine line(err, scenario.name, !common.quiet && ::isatty(2) == 1);
  // Each writer writes files of its own from the same report: they run side by side on the run's
  // threads, the registry's last (the database, the workbook, the report: the slowest) first.
  std::mutex line_mutex;
  std::size_t written = 0;
  line.show("writing " + std::to_string(chosen.size()) + " files");
  tbb::task_arena arena(static_cast<int>(std::max(1u, outcome.threads)));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, chosen.size(), [&](std::size_t k) {
      const Writer& writer = *chosen[chosen.size() - 1 - k];
      writer.write_run(report, dir, common.write);
      std::lock_guard lock(line_mutex);
      line.show("written " + std::string(writer.name()) + " (" + std::to_string(++written) + "/" +
                std::to_string(chosen.size()) + ")");
    }, tbb::simple_partitioner{});
  });
  if (drawn) write_parameter_draws(dir / "parameter_draws.csv", scenario, outcome);
  return report;
}

}  // namespace polku::cli
