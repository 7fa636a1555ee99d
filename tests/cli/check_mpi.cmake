# An MPI job of 2 processes gives byte-identical results to one process: run (with parameter
# uncertainty), compare and sensitivity. Run as:
#   cmake -DPOLKU=... -DMPIRUN=... -DSCENARIO_DIR=... -DWORK=... -P check_mpi.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
set(ENV{OMPI_MCA_rmaps_base_oversubscribe} 1)
set(mpi ${MPIRUN} -np 2 --oversubscribe)
set(scenario "${SCENARIO_DIR}/tiny-uncertain.yaml")

function(check_run name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (${rc}):\n${out}\n${err}")
  endif()
endfunction()

function(check_same a b)
  file(SHA256 "${a}" ha)
  file(SHA256 "${b}" hb)
  if(NOT ha STREQUAL hb)
    message(FATAL_ERROR "${a} and ${b} differ")
  endif()
  message(STATUS "identical: ${b}")
endfunction()

set(common --quiet --threads 1 --uncertainty --replications 5 --outputs all)
check_run(run1 ${POLKU} run ${scenario} --out ${WORK}/run1 ${common})
check_run(run2 ${mpi} ${POLKU} run ${scenario} --out ${WORK}/run2 ${common})
check_same(${WORK}/run1/summary.csv ${WORK}/run2/summary.csv)
check_same(${WORK}/run1/indicators.csv ${WORK}/run2/indicators.csv)
check_same(${WORK}/run1/parameter_draws.csv ${WORK}/run2/parameter_draws.csv)

check_run(cmp1 ${POLKU} compare ${SCENARIO_DIR}/tiny.yaml ${scenario} --out ${WORK}/cmp1 ${common})
check_run(cmp2 ${mpi} ${POLKU} compare ${SCENARIO_DIR}/tiny.yaml ${scenario} --out ${WORK}/cmp2 ${common})
check_same(${WORK}/cmp1/comparison.csv ${WORK}/cmp2/comparison.csv)

set(sa --quiet --threads 1 --samples 8 --trajectories 3 --bootstrap 20 --targets unemployed,inflow)
check_run(sa1 ${POLKU} sensitivity ${scenario} --out ${WORK}/sa1 ${sa})
check_run(sa2 ${mpi} ${POLKU} sensitivity ${scenario} --out ${WORK}/sa2 ${sa})
check_same(${WORK}/sa1/sensitivity.csv ${WORK}/sa2/sensitivity.csv)

# A failure in one process ends the job with exit code 2, not a hang.
execute_process(COMMAND ${mpi} ${POLKU} run ${scenario} --out ${WORK}/bad --seed x
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET TIMEOUT 60)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "a bad --seed under mpirun gave ${rc}, expected 2")
endif()
