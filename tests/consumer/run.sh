#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Consumer tests: amplink used from outside its tree, as a user would.
#
# usage: tests/consumer/run.sh CASE SOURCE_DIR WORK_DIR
#   release-install  build the release preset (build/release) once and install it into WORK_DIR/prefix
#   no-sanitizer     no __asan_/__ubsan_/__sanitizer symbol in anything installed
#   find-package     CMake project, find_package(amplink COMPONENTS posix): build, run the echo
#   pkg-config       plain cc with pkg-config --cflags --libs amplink-posix: build, run the echo
#   mismatch         a consumer defining AMP_CFG_VRING_NUM differently must not compile
#   readme-example   the C example of README.md compiles and links against the installed copy
#   subdir           CMake project with add_subdirectory(<amplink source>): build, run the echo
#   firmware-m4      Cortex-M4 image compiling amplink's sources (arm-none-eabi), table checked
#   firmware-m4-subdir  the same image with add_subdirectory(<amplink source>) cross-compiled
#   integration-sources  docs/integration.md lists exactly the library's sources (src/*/*.c)
#   sanitizer-install-refused BUILD_DIR
#                    cmake --install of a sanitizer build (build/host) stops with a message
#   deb              (root) cpack the Debian packages, dpkg -i, pkg-config consumer against /usr,
#                    README example, then dpkg -r (run by scripts/test, not by ctest)
# The cases after release-install use WORK_DIR/prefix (ctest orders them with a fixture).
set -euo pipefail

case_=$1
src=$(cd "$2" && pwd)
work=$3
prefix=$work/prefix
here=$src/tests/consumer
mkdir -p "$work"

say() { printf 'consumer %s: %s\n' "$case_" "$*"; }
fail() { say "FAIL: $*" >&2; exit 1; }

need_prefix() {
	[ -f "$prefix/lib/pkgconfig/amplink.pc" ] || fail "no installed copy in $prefix (run release-install)"
}

# pkg-config consumer: build the echo program with nothing but cc and pkg-config, run it.
pkg_config_echo() {  # pkg_config_echo <out dir>
	local out=$1
	rm -rf "$out" && mkdir -p "$out"
	say "pkg-config --cflags --libs amplink-posix: $(pkg-config --cflags --libs amplink-posix)"
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Wextra -Werror -o "$out/consumer_echo" "$here/echo.c" \
		$(pkg-config --cflags --libs amplink-posix)
	"$out/consumer_echo"
}

# The README's first C block, plus what the README leaves to the reader.
readme_example() {  # readme_example <out dir>
	local out=$1
	rm -rf "$out" && mkdir -p "$out"
	{
		echo '/* The README example, extracted by tests/consumer/run.sh. */'
		echo '#include <stddef.h>'
		echo '#include "amp/port.h"'
		echo 'void wait_for_ipm_interrupt(void);'
		echo 'void slave_main(const struct amp_port *port);'
		awk '/^```c$/ { on = 1; next } on && /^```$/ { exit } on { print }' "$src/README.md"
	} >"$out/readme.c"
	grep -q 'amp_init' "$out/readme.c" || fail "no C example found in README.md"
	cat >"$out/main.c" <<'C'
#include <stddef.h>
#include "amp/port.h"
void wait_for_ipm_interrupt(void);
void slave_main(const struct amp_port *port);
void wait_for_ipm_interrupt(void) {}
int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 99) /* never: link the example in, do not run it (it loops forever) */
		slave_main(NULL);
	return 0;
}
C
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -c -o "$out/readme.o" "$out/readme.c" \
		$(pkg-config --cflags amplink)
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Wextra -Werror -o "$out/readme" "$out/main.c" "$out/readme.o" \
		$(pkg-config --cflags --libs amplink)
	"$out/readme"
	say "README example compiles and links"
}

case $case_ in
release-install)
	cd "$src"
	cmake --preset release >/dev/null
	cmake --build --preset release
	rm -rf "$prefix"
	cmake --install build/release --prefix "$prefix" >/dev/null
	for tool in ampctl amp-slave amp-sim amp-rsc-check; do
		[ -x "$prefix/bin/$tool" ] || fail "$tool not installed"
		page=$prefix/share/man/man1/$tool.1.gz
		[ -f "$page" ] || fail "no man page $page"
		# help2man's page: the hand-written NAME and the tool's own --help text.
		text=$(zcat "$page")
		grep -q "^$tool \\\\- " <<<"$text" || fail "$page: no NAME line"
		grep -q '^usage: ' <<<"$text" || fail "$page: no usage line from --help"
	done
	say "installed build/release into $prefix"
	;;
no-sanitizer)
	need_prefix
	found=0 n=0
	for f in "$prefix"/lib/*.a "$prefix"/bin/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		# Static symbols of libraries and programs, and a program's dynamic imports.
		hits=$( (nm -A "$f" 2>/dev/null; [ -x "$f" ] && nm -D "$f" 2>/dev/null) |
			grep -E '__(asan|ubsan|sanitizer|tsan|lsan)_' || true)
		if [ -n "$hits" ]; then
			printf '%s\n' "$hits" | head -3
			found=1
		fi
	done
	[ $n -gt 0 ] || fail "nothing installed in $prefix"
	[ $found -eq 0 ] || fail "sanitizer symbols in the installed files above"
	say "no sanitizer symbol in $n installed libraries and tools"
	;;
integration-sources)
	# The list a Makefile or IDE project copies from the guide (between the fences after "### Sources").
	listed=$(awk '/^### Sources/ { on = 1 } on && /^```/ { n++; next } n == 1 { print } n == 2 { exit }' \
		"$src/docs/integration.md" | grep -o 'src/[a-z_0-9]*/[a-z_0-9]*\.c' | sort)
	actual=$(cd "$src" && ls src/*/*.c | sort)
	if [ "$listed" != "$actual" ]; then
		diff <(printf '%s\n' "$listed") <(printf '%s\n' "$actual") || true
		fail "docs/integration.md's source list (<) is not src/*/*.c (>)"
	fi
	say "docs/integration.md lists the $(wc -l <<<"$actual") sources"
	;;
sanitizer-install-refused)
	build=$4
	rm -rf "$work/host-prefix"
	if out=$(cmake --install "$build" --prefix "$work/host-prefix" 2>&1); then
		fail "a sanitizer build installed into $work/host-prefix"
	fi
	grep -q 'sanitizer (test) build: install from the release preset' <<<"$out" ||
		fail "no clear message: $out"
	[ ! -e "$work/host-prefix/lib" ] || fail "a sanitizer build left files in $work/host-prefix/lib"
	say "cmake --install of the sanitizer build refused"
	;;
find-package)
	need_prefix
	rm -rf "$work/find-package"
	cmake -S "$here/find_package" -B "$work/find-package" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
	cmake --build "$work/find-package"
	"$work/find-package/consumer_echo"
	;;
pkg-config)
	need_prefix
	export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
	pkg_config_echo "$work/pkg-config"
	;;
mismatch)
	need_prefix
	export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
	mkdir -p "$work/mismatch"
	# shellcheck disable=SC2046
	if out=$(cc -std=c11 -DAMP_CFG_VRING_NUM=32 -c -o "$work/mismatch/echo.o" "$here/echo.c" \
		$(pkg-config --cflags amplink-posix) 2>&1); then
		fail "a consumer with AMP_CFG_VRING_NUM=32 compiled against a library built with 16"
	fi
	grep -q 'amplink was built with AMP_CFG_VRING_NUM=16' <<<"$out" ||
		fail "no clear message: $out"
	say "AMP_CFG_VRING_NUM=32 stops the build: $(printf '%s\n' "$out" | grep -m1 -o 'amplink was built.*')"
	;;
readme-example)
	need_prefix
	export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
	readme_example "$work/readme"
	;;
subdir)
	rm -rf "$work/subdir"
	cmake -S "$here/subdir" -B "$work/subdir" -DAMPLINK_SOURCE_DIR="$src" >/dev/null
	cmake --build "$work/subdir" -j2
	"$work/subdir/consumer_echo"
	;;
firmware-m4 | firmware-m4-subdir)
	need_prefix
	command -v arm-none-eabi-gcc >/dev/null || fail "arm-none-eabi-gcc missing (scripts/deps firmware)"
	subdir=OFF
	[ "$case_" = firmware-m4-subdir ] && subdir=ON
	rm -rf "${work:?}/$case_"
	cmake -S "$here/firmware" -B "$work/$case_" -DAMPLINK_SOURCE_DIR="$src" \
		-DAMPLINK_SUBDIR=$subdir -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchain-arm-none-eabi.cmake" \
		-DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
	cmake --build "$work/$case_" -j2
	elf=$work/$case_/firmware_m4.elf
	grep -q 'Machine:.*ARM' <<<"$(arm-none-eabi-readelf -h "$elf")" || fail "not an Arm image"
	arm-none-eabi-size "$elf"
	# The installed checker: what Linux remoteproc would say of the image.
	"$prefix/bin/amp-rsc-check" "$elf"
	;;
deb)
	if [ "$(id -u)" -ne 0 ]; then
		say "SKIPPED: installing the packages with dpkg -i needs root"
		exit 0
	fi
	cd "$src"
	cmake --preset release >/dev/null
	cmake --build --preset release
	rm -rf build/release/packages
	cpack --config build/release/CPackConfig.cmake -B build/release/packages >/dev/null
	mapfile -t debs < <(ls build/release/packages/*.deb)
	[ ${#debs[@]} -eq 2 ] || fail "expected 2 packages, got: ${debs[*]}"
	for d in "${debs[@]}"; do
		say "$(basename "$d"): $(stat -c %s "$d") bytes"
		dpkg-deb --field "$d" Package Version Depends | sed 's/^/  /'
	done
	trap 'dpkg -r amplink-tools libamplink-dev >/dev/null 2>&1 || true' EXIT
	dpkg -i "${debs[@]}" >/dev/null
	unset PKG_CONFIG_PATH
	say "pkg-config --libs amplink: $(pkg-config --libs amplink)"
	grep -q -- '-I/usr/' <<<"$(pkg-config --cflags amplink-posix)" || fail "amplink-posix.pc not under /usr"
	pkg_config_echo "$work/deb-pkg-config"
	readme_example "$work/deb-readme"
	for tool in ampctl amp-slave amp-sim amp-rsc-check; do
		[ -x "/usr/bin/$tool" ] || fail "/usr/bin/$tool not installed"
		[ -f "/usr/share/man/man1/$tool.1.gz" ] ||
			fail "man page of $tool not installed"
	done
	/usr/bin/ampctl --spawn ping packaged
	say "packages install, build and run against /usr; removing them"
	;;
*)
	echo "usage: $0 CASE SOURCE_DIR WORK_DIR (see the top of this file)" >&2
	exit 2
	;;
esac
