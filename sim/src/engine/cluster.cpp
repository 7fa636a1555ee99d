#include "engine/cluster.hpp"

#include <boost/mpi/collectives/gather.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cstdlib>
#include <optional>

namespace polku::cluster {

namespace {
bool g_active = false;
}

bool launched_by_mpi() noexcept {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

struct Session::Impl {
  boost::mpi::environment environment;
  Impl(int& argc, char**& argv) : environment(argc, argv, false) {}
};

Session::Session(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  impl_ = std::make_unique<Impl>(argc, argv);
  g_active = true;
}

Session::~Session() { g_active = false; }

void Session::abort(int code) {
  if (impl_) boost::mpi::environment::abort(code);
  std::exit(code);
}

Share share() noexcept {
  if (!g_active) return {};
  const boost::mpi::communicator world;
  return {static_cast<std::uint32_t>(world.rank()), static_cast<std::uint32_t>(world.size())};
}

std::vector<std::string> gather(const std::string& mine) {
  if (!g_active) return {mine};
  const boost::mpi::communicator world;
  if (world.size() == 1) return {mine};
  std::vector<std::string> all;
  boost::mpi::gather(world, mine, all, 0);
  return all;
}

}  // namespace polku::cluster
