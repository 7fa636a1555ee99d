// Prints a scenario with its whole `extends` chain merged in, as one YAML document: seeds for the
// scenario fuzzer that reach every plugin's parameters, which the files alone (mostly overlays)
// do not. Usage: flatten_scenario SCENARIO.yaml > OUT.yaml
#include <cstdio>
#include <exception>
#include <iostream>

#include "scenario/config_tree.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: flatten_scenario SCENARIO.yaml\n";
    return 2;
  }
  try {
    std::cout << polku::to_yaml(polku::load_scenario_tree(argv[1]));
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 2;
  }
  return 0;
}
