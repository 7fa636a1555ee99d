// The `polku` dispatcher: usage, --version, the command, and every error turned into an exit code.
#include "cli/cli.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <exception>
#include <string>
#include <vector>

#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "polku/errors.hpp"
#include "scenario/text.hpp"

namespace polku {

namespace {

constexpr const char* kUsage = R"(Usage:
  polku run SCENARIO.yaml [--out DIR] [--replications N] [--threads N] [--seed S] [--set path=value]...
                          [--db FILE] [--lang fi|en] [--quiet] [--plugin-path DIR]...
                          [--checkpoint-at DATE --checkpoint FILE] [--restore FILE] [--allow-large]
                          [--outputs FILE,FILE,...]
                          [--uncertainty]
  polku compare BASE.yaml VARIANT.yaml [--out DIR] [same options as run, without checkpoints]
                          [--set-variant path=value]...
  polku validate SCENARIO.yaml [--set path=value]...
  polku sensitivity SCENARIO.yaml [--out DIR] [--method morris|sobol|both] [--samples N]
                          [--trajectories R] [--bootstrap B] [--targets a,b,...] [--replications N]
                          [--threads N] [--seed S] [--set path=value]... [--lang fi|en] [--quiet]
  polku calibrate CALIBRATION.yaml [--out FILE] [--threads N] [--quiet]
  polku plugins [--json]
  polku serve [--host 127.0.0.1] [--port N] [--scenarios DIR] [--replications N] [--work-dir DIR]
  polku --help | --version

Commands:
  run        simulate a scenario; writes summary.csv, annual.csv, budget.csv, manifest.json,
             results.xlsx, results.sqlite (every replication's values too) and report.html to
             DIR (default runs/<scenario name>/); --outputs chooses among them and adds
             indicators.csv (every replication's values as CSV) on request: --outputs all
  compare    run two scenarios with the same seed and replications (paired, common random
             numbers); writes each run's outputs to DIR/base/ and DIR/variant/ and the paired
             differences to DIR/comparison.csv, results.xlsx and report.html
             (default DIR runs/<base>-vs-<variant>/); --set changes both scenarios,
             --set-variant only the variant
  sensitivity  Morris elementary effects and Sobol first-order and total indices (bootstrap
             intervals) of indicators per area and year to every uncertain parameter; writes
             sensitivity.csv, sensitivity.xlsx, sensitivity.html and manifest.json to DIR
             (default runs/<scenario name>-sensitivity/)
  validate   check a scenario against the plugins' parameter schemas without running it
  calibrate  fit named scenario parameters to named targets (NLopt, common random numbers);
             writes the fitted values as a scenario overlay (the file's `output`, or --out)
  plugins    list the available policy modules and their parameters
  serve      workshop mode: a web page on http://HOST:PORT/ (default 127.0.0.1:8470) for what-if
             questions on the base scenarios in DIR (default scenarios/): change levers, run,
             read the paired differences; each question downloads as a scenario overlay

A run longer than a century, estimated beyond 2e11 agent-days or beyond half the machine's
memory is refused unless --allow-large is given (`polku validate` prints the estimate).

--uncertainty (run, compare): each replication draws its own values of the uncertain assumptions
(`polku plugins` shows each one's distribution; a scenario's `uncertainty:` block overrides them),
so the 5-95 % ranges include parameter uncertainty. Under mpirun or srun, run, compare and
sensitivity spread replications and sample points over the processes; the first one writes.

Exit codes: 0 success, 2 bad input or usage, 1 internal error.
)";

/// Prints the problems, at most `kShownProblems` of them: a file of garbage would otherwise print
/// one line per line of it.
void report_problems(const std::vector<Problem>& problems, std::ostream& err) {
  constexpr std::size_t kShownProblems = 50;
  for (std::size_t i = 0; i < problems.size() && i < kShownProblems; ++i)
    err << "polku: error: " << printable(problems[i].str()) << '\n';
  if (problems.size() > kShownProblems)
    err << "polku: error: ... and " << problems.size() - kShownProblems
        << " more problems not shown\n";
}

}  // namespace

int run_cli(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "polku";
  for (const auto& a : args) command_line += " " + a;
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      out << kUsage;
      return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
      out << "polku " << POLKU_VERSION << " (" << git_revision() << ")\n";
      return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (std::find(args.begin(), args.end(), "--help") != args.end()) {
      out << kUsage;
      return 0;
    }
    if (command == "run") return cli::command_run(args, command_line, out, err);
    if (command == "compare") return cli::command_compare(args, command_line, out, err);
    if (command == "validate") return cli::command_validate(args, out, err);
    if (command == "plugins") return cli::command_plugins(args, out, err);
    if (command == "sensitivity")
      return cli::command_sensitivity(args, command_line, out, err);
    if (command == "calibrate") return cli::command_calibrate(args, out, err);
    if (command == "serve") return cli::command_serve(args, out, err);
    err << "polku: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const InputError& e) {
    report_problems(e.problems(), err);
    return 2;
  } catch (const boost::program_options::error& e) {
    err << "polku: error: " << printable(e.what()) << "\n\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    err << "polku: internal error: " << printable(e.what()) << '\n';
    return 1;
  }
}

}  // namespace polku
