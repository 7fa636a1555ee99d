// polku: the command-line entry point. Everything lives in the polku_app library so tests can run
// the same code in-process.
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) { return polku::run_cli(argc, argv, std::cout, std::cerr); }
