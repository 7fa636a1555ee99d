# Runs polku with the out-of-tree plugins and checks their indicators reached the output: the
# registration counter's, and the new service kind's own stock, its place in the register's
# stocks and activation, and its cost in the ledger.
file(REMOVE_RECURSE "${OUT}")
execute_process(COMMAND "${POLKU}" run "${SCENARIO}" --plugin-path "${PLUGIN_DIR}" --out "${OUT}" --quiet
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "polku failed (${rc}): ${err}")
endif()

# The value of `indicator` for the total in the last month of summary.csv (mean column).
function(last_total indicator out_var)
  file(STRINGS "${OUT}/summary.csv" rows REGEX ",total,${indicator},")
  list(LENGTH rows n)
  if(n EQUAL 0)
    message(FATAL_ERROR "no ${indicator} rows in ${OUT}/summary.csv")
  endif()
  list(GET rows -1 last)
  string(REPLACE "," ";" cells "${last}")
  list(GET cells 4 mean)
  set(${out_var} "${mean}" PARENT_SCOPE)
endfunction()

foreach(indicator external_registrations in_service.mentoring mentoring_repeat_periods
                  exits.coaching_or_trial in_services service_cost_eur.mentoring)
  last_total(${indicator} value)
  if(NOT value GREATER 0)
    message(FATAL_ERROR "${indicator} is ${value}, expected more than 0")
  endif()
  message(STATUS "${indicator}: ${value}")
endforeach()
