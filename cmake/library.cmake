# The library: every layer folder under src/ that exists. Each layer is one
# folder; its .c files are compiled into the one static library `amplink`.
set(AMP_LAYERS common virtio rpmsg rsc link session stream oacs stack api)

set(AMP_LIB_SOURCES "")
foreach(layer ${AMP_LAYERS})
  file(GLOB layer_sources ${CMAKE_CURRENT_LIST_DIR}/../src/${layer}/*.c)
  list(SORT layer_sources)
  list(APPEND AMP_LIB_SOURCES ${layer_sources})
endforeach()

set(AMP_CONFIG_DEFINES
    AMP_CFG_TRACE=${AMP_CFG_TRACE}
    AMP_CFG_VRING_NUM=${AMP_CFG_VRING_NUM}
    AMP_CFG_MAX_EPT=${AMP_CFG_MAX_EPT})

# amp_add_library(<name> [extra compile definitions...])
function(amp_add_library name)
  add_library(${name} STATIC ${AMP_LIB_SOURCES})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  target_compile_definitions(${name} PUBLIC ${AMP_CONFIG_DEFINES} ${ARGN})
  target_compile_options(${name} PRIVATE ${AMP_LIB_WARNINGS})
endfunction()
