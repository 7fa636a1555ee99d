/// @file cluster.hpp
/// The processes of a distributed run (MPI through Boost.MPI). A process started by an MPI
/// launcher (mpirun, srun) joins the job; any other process runs alone, exactly as without MPI.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/runner.hpp"

namespace polku::cluster {

/// Whether an MPI launcher started this process (judged from the variables it sets).
[[nodiscard]] bool launched_by_mpi() noexcept;

/// MPI for the lifetime of the object when `launched_by_mpi()`; nothing otherwise. One per
/// process, made in `main`.
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  /// Ends every process of the job with `code` (after a failure in one of them, so the others do
  /// not wait forever for its part).
  [[noreturn]] void abort(int code);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// This process's rank and the number of processes; {0, 1} outside an MPI job.
[[nodiscard]] Share share() noexcept;

/// Every process's `mine`, in rank order, on the first process; an empty list on the others.
/// Outside an MPI job: {mine}.
[[nodiscard]] std::vector<std::string> gather(const std::string& mine);

}  // namespace polku::cluster
