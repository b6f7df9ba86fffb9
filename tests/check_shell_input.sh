#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# ampctl's shell fed from a pipe: 1 MiB of seeded random bytes (seed 99 made
# libedit's readline() fault), a 1 MiB line, then a ping. Passes only if ampctl
# ends by itself (no signal, no sanitizer report), says the long line was
# refused, and still runs the ping after both.
#
# usage: check_shell_input.sh AMPCTL
set -u

ampctl=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir/input" <<'PY'
import random, sys
random.seed(99)
with open(sys.argv[1], "wb") as f:
    f.write(bytes(random.getrandbits(8) for _ in range(1 << 20)))
    f.write(b"\n" + b"a" * (1 << 20) + b"\n")
    f.write(b"ping after-the-long-line\nquit\n")
PY
"$ampctl" --spawn <"$dir/input" >"$dir/out" 2>"$dir/err"
rc=$?
tail -c 300 "$dir/err"
if grep -aq 'Sanitizer\|SEGV' "$dir/err"; then
	grep -a -m4 'Sanitizer\|SEGV\|#[0-3] ' "$dir/err"
	echo "check_shell_input: ampctl crashed"
	exit 1
fi
if [ $rc -gt 1 ]; then
	echo "check_shell_input: ampctl exited with status $rc (a signal if > 128)"
	exit 1
fi
if ! grep -aq 'line longer than' "$dir/err"; then
	echo "check_shell_input: the 1 MiB line was not refused"
	exit 1
fi
if ! grep -aq '^after-the-long-line$' "$dir/out"; then
	echo "check_shell_input: the ping after the long line did not run"
	exit 1
fi
exit 0
