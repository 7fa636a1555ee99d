# A fragment made from a user's own aggregates (tests/data/aggregates-example.csv) is a valid
# scenario base: synthesise it, extend it from a small scenario, and validate and run that.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${PYTHON}" "${SOURCE}/scripts/synthesise_population.py" --aggregates
                        "${SOURCE}/tests/data/aggregates-example.csv" --name example --out-dir "${WORK}"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "synthesis failed: ${err}")
endif()
file(WRITE "${WORK}/scenario.yaml" "name: aggregates-example
extends: example.yaml
start: 2025-01-31
end: 2025-01-31
modules:
  person_attributes: {}
  jobseeker_stock: {}
  employment_exit: {}
  rehabilitative_work: {capacity_mode: seats}
")
execute_process(COMMAND "${POLKU}" run "${WORK}/scenario.yaml" --out "${WORK}/run" --quiet --outputs all
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the scenario built on the aggregates does not run: ${err}")
endif()
file(STRINGS "${WORK}/run/indicators.csv" rows REGEX ",1,2025-01,Alpha,in_service.rehabilitative_work,")
# A one-day run: those in the service on the start day are all still in it.
if(NOT rows MATCHES ",90$")
  message(FATAL_ERROR "expected the given 90 in rehabilitative work in Alpha, got ${rows}")
endif()
# The given long-term share (0.4 of 1 200): Binomial, standard deviation 17, so 400-560 is over
# four of them either side.
file(STRINGS "${WORK}/run/indicators.csv" rows REGEX ",1,2025-01,Alpha,long_term_unemployed,")
string(REGEX MATCH "[0-9]+$" long_term "${rows}")
if(NOT long_term OR long_term LESS 400 OR long_term GREATER 560)
  message(FATAL_ERROR "expected about 480 long-term unemployed in Alpha (share 0.4), got '${rows}'")
endif()
