# ampctl against a spawned POSIX slave: the issue's acceptance commands.
set(AMPCTL $<TARGET_FILE:ampctl>)
add_test(NAME ampctl_ping COMMAND ${AMPCTL} --spawn ping hello)
set_tests_properties(ampctl_ping PROPERTIES PASS_REGULAR_EXPRESSION "^hello\nround trip: [0-9.]+ ms")
add_test(NAME ampctl_info COMMAND ${AMPCTL} --spawn info)
set_tests_properties(ampctl_info PROPERTIES
                     PASS_REGULAR_EXPRESSION "role: +slave.*library: +amplink.*rpmsg buffers: +16 x 512")
add_test(NAME ampctl_json_stats COMMAND sh -c "$<TARGET_FILE:ampctl> --spawn --json stats | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"command\"]==\"stats\" and \"missed_heartbeats\" in d'")
add_test(NAME ampctl_sessions COMMAND ${AMPCTL} --spawn --json sessions)
set_tests_properties(ampctl_sessions PROPERTIES PASS_REGULAR_EXPRESSION "\"name\":\"oacs\",\"state\":\"established\"")
add_test(NAME ampctl_shell COMMAND sh -c "printf 'ping one two\\ninfo\\nquit\\n' | $<TARGET_FILE:ampctl> --spawn")
set_tests_properties(ampctl_shell PROPERTIES PASS_REGULAR_EXPRESSION "one two.*role: +slave")
# Random bytes and a 1 MiB line on a pipe: no crash, the long line refused, the shell goes on.
add_test(NAME ampctl_shell_binary_input
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/check_shell_input.sh $<TARGET_FILE:ampctl>)
