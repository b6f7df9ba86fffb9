# Fault injection through amp-sim: each test passes only if amp-sim exits 0
# (it does so only when every count but reboots is zero and recovery stayed
# within 3 heartbeat periods) and prints the zero counts.
set(AMP_SIM ${CMAKE_CURRENT_SOURCE_DIR}/check_run.sh lost=0 $<TARGET_FILE:amp-sim>)
set(AMP_SIM_EX ${CMAKE_CURRENT_SOURCE_DIR}/check_run.sh failed=0 $<TARGET_FILE:amp-sim>)
set(AMP_SIM_ECHO ${CMAKE_CURRENT_SOURCE_DIR}/check_run.sh errors=0 $<TARGET_FILE:amp-sim>)
set(AMP_SOAK_ZEROS "deadlocks=0 lost=0 duplicated=0 reordered=0 corrupted=0")

add_test(NAME soak_lockstep_2000 COMMAND ${AMP_SIM} --lockstep --soak --reboots 2000 --seed 3)
set_tests_properties(soak_lockstep_2000 PROPERTIES PASS_REGULAR_EXPRESSION "${AMP_SOAK_ZEROS}"
                     FAIL_REGULAR_EXPRESSION "incomplete" TIMEOUT 400)

foreach(seed 1 2 3 4 5 6 7 8)
  add_test(NAME exhaustive_reboots_seed${seed} COMMAND ${AMP_SIM_EX} --lockstep --exhaustive --seed ${seed})
  set_tests_properties(exhaustive_reboots_seed${seed} PROPERTIES
                       PASS_REGULAR_EXPRESSION "failed=0")
endforeach()

add_test(NAME kill_soak_50 COMMAND ${AMP_SIM} --kill-soak 50 --seed 5)
set_tests_properties(kill_soak_50 PROPERTIES PASS_REGULAR_EXPRESSION "${AMP_SOAK_ZEROS}"
                     TIMEOUT 300 RUN_SERIAL TRUE)

add_test(NAME reboot_each_side COMMAND ${AMP_SIM_ECHO} --lockstep --messages 6 --reboot slave@2
                                       --reboot master@4 --seed 9)
set_tests_properties(reboot_each_side PROPERTIES PASS_REGULAR_EXPRESSION "messages=6 .*errors=0")

# Hostile-peer soak (issue 14 item 10): a seeded scribbler writes random bytes
# over the rings, descriptors, link block and pool while checked traffic runs;
# after each burst the channel must be back within 4 heartbeat periods and
# carry clean traffic (nothing lost, corrupted, duplicated or reordered).
# Longer runs: scripts/scribble-soak.
add_test(NAME scribble_soak COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_run.sh deadlocks=0
                                    $<TARGET_FILE:amp-sim> --lockstep --soak --scribble 10 --seed 3)
set_tests_properties(scribble_soak PROPERTIES
                     PASS_REGULAR_EXPRESSION "after lost=0 corrupted=0 duplicated=0 reordered=0"
                     TIMEOUT 120)
