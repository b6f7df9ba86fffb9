# C++: the facade example (apps/cpp-example, C++17, warnings as errors) runs
# both cores in lockstep; the test checks what it printed.
if(TARGET amp-cpp-example)
  add_test(NAME cpp_example COMMAND amp-cpp-example)
  set_tests_properties(cpp_example PROPERTIES
    PASS_REGULAR_EXPRESSION "got \"HELLO FROM C\\+\\+17\".*65536 bytes echoed, 0 mismatches.*read\\(\\) 'Z'.*every byte delivered.*cpp-example: PASS"
    FAIL_REGULAR_EXPRESSION "FAIL")
endif()

# Every public header compiles as C++ (and together: no clash of names).
add_executable(headers_cxx headers_cxx.cpp)
target_link_libraries(headers_cxx PRIVATE amplink)
target_compile_options(headers_cxx PRIVATE -Wall -Wextra -Werror)
set_target_properties(headers_cxx PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON)
add_test(NAME headers_cxx COMMAND headers_cxx)
