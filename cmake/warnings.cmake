# Warnings for everything; the library adds -Wconversion on top (cmake/library.cmake).
set(AMP_WARNINGS -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wcast-align -Wundef)
set(AMP_LIB_WARNINGS ${AMP_WARNINGS} -Wconversion -Wsign-conversion -Wstrict-prototypes
    -Wmissing-prototypes)
