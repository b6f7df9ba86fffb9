#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Run a command; pass only if it exits 0 AND its output has the word PATTERN
# (CTest's PASS_REGULAR_EXPRESSION alone would ignore the exit status).
#
# usage: check_run.sh PATTERN COMMAND [ARG...]
set -u

pattern=$1
shift
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ $rc -ne 0 ]; then
	echo "check_run: '$*' exited with status $rc"
	exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq "(^|[[:space:]])$pattern([[:space:]]|\$)"; then
	echo "check_run: no '$pattern' in the output of '$*'"
	exit 1
fi
exit 0
