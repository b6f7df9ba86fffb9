#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Run a command line that is wrong on purpose; pass only if the command exits
# with status 2 without running, and says what is wrong (MESSAGE, an extended
# regular expression, on standard error) followed by its usage line.
#
# usage: check_usage.sh MESSAGE COMMAND [ARG...]
set -u

message=$1
shift
err=$("$@" 2>&1 >/dev/null </dev/null)
rc=$?
printf '%s\n' "$err"
if [ $rc -ne 2 ]; then
	echo "check_usage: '$*' exited with status $rc, not 2"
	exit 1
fi
if ! printf '%s\n' "$err" | grep -Eq -- "$message"; then
	echo "check_usage: no '$message' on the standard error of '$*'"
	exit 1
fi
if ! printf '%s\n' "$err" | grep -Eq '^usage: '; then
	echo "check_usage: no usage line on the standard error of '$*'"
	exit 1
fi
exit 0
