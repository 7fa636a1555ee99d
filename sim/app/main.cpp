// polku: the command-line entry point. Everything lives in the polku_app library so tests can run
// the same code in-process.
#include <iostream>

#include "cli/cli.hpp"
#include "engine/cluster.hpp"

int main(int argc, char** argv) {
  // Started by mpirun or srun: join the MPI job (replications and samples spread over the
  // processes); otherwise run alone, without MPI.
  polku::cluster::Session mpi(argc, argv);
  const int code = polku::run_cli(argc, argv, std::cout, std::cerr);
  // A process that failed ends the job: the others would wait for its part forever.
  if (code != 0 && polku::cluster::share().ranks > 1) {
    std::cout.flush();
    std::cerr.flush();
    mpi.abort(code);
  }
  return code;
}
