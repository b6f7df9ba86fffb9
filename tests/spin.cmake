# The promela model of the link handshake and the default session
# (spin/amplink.pml, docs/model.md), checked with spin, and the test that keeps
# the model's state names in step with the C enums.
find_program(AMP_SPIN spin)
find_program(AMP_SH sh REQUIRED)

add_test(NAME check_model_states
         COMMAND ${AMP_SH} ${PROJECT_SOURCE_DIR}/tests/check_model_states.sh ${PROJECT_SOURCE_DIR})

if(NOT AMP_SPIN)
  message(WARNING "spin not found: the spin_safety and spin_liveness tests are not registered")
  return()
endif()

# pan.c is plain C built with the host compiler, without the sanitizers and
# warning flags of the library. Up to ~1.5 GB and a whole core each: not next
# to each other (RESOURCE_LOCK).
function(amp_spin_test name kind workdir defs)
  add_test(NAME ${name} COMMAND ${AMP_SH} ${PROJECT_SOURCE_DIR}/spin/check.sh ${kind})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "CC=${CMAKE_C_COMPILER};SPIN_WORKDIR=${workdir};SPIN_DEFS=${defs}"
    TIMEOUT 300
    LABELS spin
    RESOURCE_LOCK amp_spin)
endfunction()

# -DCORRUPT (docs/model.md, corrupted publication): stray writes over what the
# master published, with smaller bounds than the full check (one stray write,
# one reboot of each side) so that it stays near a minute; these bounds still
# find both bugs the full check found (the master re-initialising under an
# attached slave, the slave refusing a re-used epoch number). The full
# bounds (two of each) run by hand: SPIN_DEFS=-DCORRUPT spin/check.sh.
foreach(kind safety liveness)
  amp_spin_test(spin_${kind} ${kind} ${CMAKE_CURRENT_BINARY_DIR}/spin "")
  amp_spin_test(spin_corrupt_${kind} ${kind} ${CMAKE_CURRENT_BINARY_DIR}/spin-corrupt
                "-DCORRUPT -DMAX_CORRUPT=1 -DMAX_M_REBOOTS=1 -DMAX_S_REBOOTS=1")
endforeach()
