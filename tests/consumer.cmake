# Consumer tests (tests/consumer/run.sh): amplink used from outside the tree.
# consumer_release_install builds the release preset once (build/release: -O2,
# no sanitizers) and installs it into a temporary prefix; the tests that use
# the installed copy require that fixture. consumer_subdir builds amplink from
# the source tree inside its own project. The Debian packages are tested by
# scripts/test (they install onto the machine).
set(AMP_CONSUMER_RUN ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.sh)
set(AMP_CONSUMER_WORK ${CMAKE_CURRENT_BINARY_DIR}/consumer)

function(amp_add_consumer_test case)
  string(REPLACE "-" "_" name "consumer_${case}")
  add_test(NAME ${name}
           COMMAND ${AMP_CONSUMER_RUN} ${case} ${PROJECT_SOURCE_DIR} ${AMP_CONSUMER_WORK})
  # Their own compilers and programs, not the sanitizer build's environment.
  set_tests_properties(${name} PROPERTIES LABELS consumer ${ARGN})
endfunction()

amp_add_consumer_test(release-install FIXTURES_SETUP amp_installed RUN_SERIAL TRUE)
foreach(case no-sanitizer find-package pkg-config mismatch readme-example firmware-m4
             firmware-m4-subdir)
  amp_add_consumer_test(${case} FIXTURES_REQUIRED amp_installed)
endforeach()
amp_add_consumer_test(subdir)
amp_add_consumer_test(integration-sources)
if(AMP_SANITIZE)
  add_test(NAME consumer_sanitizer_install_refused
           COMMAND ${AMP_CONSUMER_RUN} sanitizer-install-refused ${PROJECT_SOURCE_DIR}
                   ${AMP_CONSUMER_WORK} ${PROJECT_BINARY_DIR})
  set_tests_properties(consumer_sanitizer_install_refused PROPERTIES LABELS consumer)
endif()
