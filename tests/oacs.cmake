# SPDX-License-Identifier: BSD-3-Clause
# test_oacs_codec checks the OACS invariants that fuzz_oacs checks, with the
# same test code (fuzz/oacs_invariants.c: not part of the library).
target_sources(test_oacs_codec PRIVATE ${PROJECT_SOURCE_DIR}/fuzz/oacs_invariants.c)
target_include_directories(test_oacs_codec PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
