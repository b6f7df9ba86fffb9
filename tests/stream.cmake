# Streams and OACS: extras beyond the default cmocka test rule.

# comm_buffer's two-thread test.
find_package(Threads REQUIRED)
target_link_libraries(test_comm_buffer PRIVATE Threads::Threads)

# OpenAMPStream.hpp: a C++17 test, warnings as errors (also compiles the public C headers as C++).
add_executable(test_openampstream ${CMAKE_CURRENT_LIST_DIR}/test_openampstream.cpp)
target_link_libraries(test_openampstream PRIVATE amplink cmocka)
target_include_directories(test_openampstream PRIVATE ${PROJECT_SOURCE_DIR}/tests)
target_compile_options(test_openampstream PRIVATE ${AMP_WARNINGS})
set_target_properties(test_openampstream PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON
                                                    CXX_EXTENSIONS OFF)
add_test(NAME test_openampstream COMMAND test_openampstream)
set_tests_properties(test_openampstream PROPERTIES ENVIRONMENT "CMOCKA_MESSAGE_OUTPUT=stdout")
