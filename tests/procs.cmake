# amp-sim end to end (the Foundation issue's "Done when"):
# two_process_echo: master and slave as two processes over POSIX shared
#   memory, 10,000 echo messages with every byte checked; passes only if
#   amp-sim exits 0 and its summary says errors=0.
# lockstep_trace_cli: the printed step order of --lockstep --trace
#   --messages 1 is exactly the seed's 18 handshake steps and 8 echo steps,
#   for several scheduler seeds.
if(TARGET amp-sim)
  add_test(NAME two_process_echo
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_run.sh errors=0
                   $<TARGET_FILE:amp-sim> --messages 10000 --timeout 60)
  set_tests_properties(two_process_echo PROPERTIES TIMEOUT 90)

  add_test(NAME lockstep_trace_cli
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_trace.sh $<TARGET_FILE:amp-sim>
                   1 2 3 7 42 12345)
  set_tests_properties(lockstep_trace_cli PROPERTIES TIMEOUT 60)
endif()
