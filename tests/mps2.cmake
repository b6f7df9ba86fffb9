# The mps2-an521 MHU driver is tested on the host against a register model;
# the host library does not contain ports/mps2_an521, so compile it in here.
target_sources(test_mhu PRIVATE ${PROJECT_SOURCE_DIR}/ports/mps2_an521/mhu.c)
target_include_directories(test_mhu PRIVATE ${PROJECT_SOURCE_DIR}/ports/mps2_an521)
