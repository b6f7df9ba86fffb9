# The library: every layer folder under src/ that exists. Each layer is one
# folder; its .c files are compiled into the one static library `amplink`.
set(AMP_LAYERS common virtio rpmsg rsc link session stream oacs stack api)

set(AMP_LIB_SOURCES "")
foreach(layer ${AMP_LAYERS})
  file(GLOB layer_sources ${CMAKE_CURRENT_LIST_DIR}/../src/${layer}/*.c)
  list(SORT layer_sources)
  list(APPEND AMP_LIB_SOURCES ${layer_sources})
endforeach()

# Kept for targets that compile amplink headers without linking the library.
set(AMP_CONFIG_DEFINES
    AMP_CFG_TRACE=${AMP_CFG_TRACE}
    AMP_CFG_VRING_NUM=${AMP_CFG_VRING_NUM}
    AMP_CFG_MAX_EPT=${AMP_CFG_MAX_EPT})

# Every knob a public header has a default for (config.h, and openamp.h's
# pools): name and default.
set(AMP_CFG_DEFAULT_LINES "")
foreach(h config.h openamp.h)
  file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/../include/amp/${h} lines REGEX "^#define AMP_CFG_[A-Z0-9_]+ ")
  list(APPEND AMP_CFG_DEFAULT_LINES ${lines})
endforeach()
set(AMP_CFG_KNOBS "")
foreach(line ${AMP_CFG_DEFAULT_LINES})
  string(REGEX MATCH "^#define (AMP_CFG_[A-Z0-9_]+) +([^ ]+)" _ "${line}")
  list(APPEND AMP_CFG_KNOBS ${CMAKE_MATCH_1})
  set(AMP_CFG_DEFAULT_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
endforeach()
set(AMP_CONFIG_BUILD_IN ${CMAKE_CURRENT_LIST_DIR}/config_build.h.in)

# amp_add_library(<name> [extra compile definitions...])
# The configuration it is built with (the AMP_CFG_* CMake variables, and any
# AMP_CFG_<knob>=<value> among the extra definitions) is written to a generated
# amp/config_build.h that include/amp/config.h includes: every user of the
# library, in this tree or installed, sees the same sizes, and one that
# defines a knob differently stops with an #error.
function(amp_add_library name)
  set(defs "")
  foreach(knob ${AMP_CFG_KNOBS})
    set(value_${knob} ${AMP_CFG_DEFAULT_${knob}})
    if(DEFINED ${knob})
      set(value_${knob} ${${knob}})
    endif()
  endforeach()
  set(given "")
  foreach(d ${ARGN})
    if(d MATCHES "^(AMP_CFG_[A-Z0-9_]+)=(.*)$" AND CMAKE_MATCH_1 IN_LIST AMP_CFG_KNOBS)
      set(value_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
      list(APPEND given ${CMAKE_MATCH_1})
    else()
      list(APPEND defs ${d})
    endif()
  endforeach()
  # A lean build (AMP_CFG_LEAN) keeps the lean defaults of config.h (the
  # knobs whose default names AMP_CFG_LEAN) over the project-wide cache
  # values; only its own extra definitions change them.
  if(NOT value_AMP_CFG_LEAN STREQUAL "0")
    foreach(knob ${AMP_CFG_KNOBS})
      if(AMP_CFG_DEFAULT_${knob} MATCHES "AMP_CFG_LEAN" AND NOT knob IN_LIST given)
        set(value_${knob} ${AMP_CFG_DEFAULT_${knob}})
      endif()
    endforeach()
  endif()
  set(AMP_CONFIG_BUILD_BODY "")
  foreach(knob ${AMP_CFG_KNOBS})
    set(v ${value_${knob}})
    string(APPEND AMP_CONFIG_BUILD_BODY
      "#if defined(${knob}) && (${knob}) != (${v})\n"
      "#error \"amplink was built with ${knob}=${v}: build with the same value, or rebuild amplink\"\n"
      "#endif\n"
      "#undef ${knob}\n"
      "#define ${knob} ${v}\n")
  endforeach()
  set(gen ${PROJECT_BINARY_DIR}/amp-config/${name})
  configure_file(${AMP_CONFIG_BUILD_IN} ${gen}/amp/config_build.h @ONLY)

  add_library(${name} STATIC ${AMP_LIB_SOURCES})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${gen}>
    $<INSTALL_INTERFACE:include>)
  target_compile_definitions(${name} PUBLIC ${defs})
  target_compile_options(${name} PRIVATE ${AMP_LIB_WARNINGS})
  set_target_properties(${name} PROPERTIES AMP_CONFIG_BUILD_H ${gen}/amp/config_build.h)
endfunction()
