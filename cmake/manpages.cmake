# Man pages for the tools, generated from each tool's --help by help2man
# (Debian's help2man) plus a hand-written part in docs/man/<tool>.h2m.
# AMP_MAN_PAGES (ON in the release preset): build them, install them in the
# "tools" component. Needs to run the tools, so only in a native build.
option(AMP_MAN_PAGES "Generate the tools' man pages with help2man" OFF)
if(NOT AMP_MAN_PAGES)
  return()
endif()
find_program(AMP_HELP2MAN help2man)
if(NOT AMP_HELP2MAN)
  message(FATAL_ERROR "AMP_MAN_PAGES needs help2man (scripts/deps host installs it)")
endif()
set(AMP_MAN_OUT ${PROJECT_BINARY_DIR}/man)
file(MAKE_DIRECTORY ${AMP_MAN_OUT})
set(AMP_MAN_FILES "")
foreach(tool ampctl amp-slave amp-sim amp-rsc-check)
  set(h2m ${PROJECT_SOURCE_DIR}/docs/man/${tool}.h2m)
  set(page ${AMP_MAN_OUT}/${tool}.1)
  # Installed compressed, as Debian policy has man pages (gzip -9n: reproducible).
  add_custom_command(OUTPUT ${page}.gz
    COMMAND ${AMP_HELP2MAN} --no-info --no-discard-stderr --section=1
            --version-string=${PROJECT_VERSION} --source=amplink
            --include=${h2m} --output=${page} $<TARGET_FILE:${tool}>
    COMMAND gzip -9nf ${page}
    DEPENDS ${tool} ${h2m}
    COMMENT "man page ${tool}.1"
    VERBATIM)
  list(APPEND AMP_MAN_FILES ${page}.gz)
endforeach()
add_custom_target(amp_man_pages ALL DEPENDS ${AMP_MAN_FILES})
install(FILES ${AMP_MAN_FILES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tools)
