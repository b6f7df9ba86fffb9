#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Run a master/slave image pair on a QEMU machine and check the result:
#   qemu-test.sh --machine NAME [--plan-addr ADDR] [--reboot WHO:EVENT:COUNT]
#                MASTER.elf SLAVE.elf OUTDIR EXPECT [EXIT_CODE]
# Passes when QEMU exits (semihosting) with EXIT_CODE (default 0) within the
# timeout and each UART log contains the lines of EXPECT.uart0 / EXPECT.uart1
# in that order (other lines may come in between). An expected line ending in
# '*' matches any line that starts with the text before the '*'. The logs stay
# in OUTDIR. QEMU_TIMEOUT (seconds, default 20) bounds the wall time.
#
# --machine: QEMU's -M (mps2-an521, musca-b1); the master is loaded with
# -kernel, the slave with the generic loader, UART0 and UART1 go to files.
# --reboot: the test plan of the images (apps/firmware/fw_app.h): core WHO
# (master, slave) reboots itself once when its count of EVENT (echo:
# messages, stream: bytes, oacs: replies) reaches COUNT. The QEMU loader
# writes it at ADDR (--plan-addr, the board's BOARD_TESTPLAN_BASE) before the
# cores start. cmake/firmware.cmake passes both from the port.
set -u

usage() {
	echo "usage: $0 --machine NAME [--plan-addr ADDR] [--reboot WHO:EVENT:COUNT]" \
		"MASTER.elf SLAVE.elf OUTDIR EXPECT [EXIT_CODE]" >&2
	exit 2
}

plan_magic=0x4E414C50 # FW_PLAN_MAGIC
machine=""
plan_addr=""
plan_args=""
while [ $# -ge 2 ]; do
	case $1 in
	--machine) machine=$2 ;;
	--plan-addr) plan_addr=$2 ;;
	*) break ;;
	esac
	shift 2
done
[ -n "$machine" ] || usage
if [ "${1:-}" = "--reboot" ]; then
	if [ -z "$plan_addr" ]; then
		echo "$0: --reboot needs --plan-addr" >&2
		exit 2
	fi
	if [ $# -lt 2 ]; then
		echo "$0: --reboot needs WHO:EVENT:COUNT" >&2
		exit 2
	fi
	spec=$2
	shift 2
	rest=${spec#*:}
	count=${rest#*:}
	case ${spec%%:*} in master) who=1 ;; slave) who=2 ;; *) who= ;; esac
	case ${rest%%:*} in echo) event=1 ;; stream) event=2 ;; oacs) event=3 ;; *) event= ;; esac
	case $count in "" | *[!0-9]* | ?????????*) count= ;; esac
	if [ -z "$who" ] || [ -z "$event" ] || [ -z "$count" ] || [ "$count" -gt 16777215 ]; then
		echo "$0: --reboot WHO:EVENT:COUNT with WHO master|slave, EVENT echo|stream|oacs," \
			"COUNT 0..16777215" >&2
		exit 2
	fi
	plan=$(((who << 28) | (event << 24) | count))
	plan_args=$(printf -- '-device loader,addr=%s,data=0x%08x%08x,data-len=8' \
		"$plan_addr" "$plan" "$plan_magic")
fi

[ $# -ge 4 ] || usage
master=$1
slave=$2
out=$3
expect=$4
want_rc=${5:-0}
qemu=${QEMU:-qemu-system-arm}

if ! command -v "$qemu" >/dev/null 2>&1; then
	echo "FAIL: $qemu not found (Debian: apt-get install qemu-system-arm)" >&2
	exit 1
fi

mkdir -p "$out"
rm -f "$out/uart0.log" "$out/uart1.log" "$out/qemu.log"

# -icount shift=0: one instruction per virtual ns, deterministic interleaving of the
# two cores; sleep=off: when both cores sleep in WFI, virtual time jumps to the next
# timer instead of waiting for the wall clock.
# shellcheck disable=SC2086 # plan_args is empty or one -device option, no spaces inside
timeout "${QEMU_TIMEOUT:-20}" "$qemu" -M "$machine" -display none -monitor none \
	-icount shift=0,sleep=off \
	-serial "file:$out/uart0.log" -serial "file:$out/uart1.log" \
	-semihosting -kernel "$master" -device "loader,file=$slave" $plan_args \
	>"$out/qemu.log" 2>&1
rc=$?

status=0
if [ "$rc" -ne "$want_rc" ]; then
	case $rc in
	124) why="timeout" ;;
	134) why="a core locked up" ;;
	*) why="exit code $rc" ;;
	esac
	echo "FAIL: QEMU: $why, want exit code $want_rc" >&2
	status=1
fi

# Are the expected lines a subsequence of the log's lines?
check_log() { # log expect
	awk -v log_name="$1" '
		BEGIN { n = 0; i = 0 }
		NR == FNR { want[n++] = $0; next }
		{ sub(/\r$/, "") }
		i < n && (want[i] ~ /\*$/ ? index($0, substr(want[i], 1, length(want[i]) - 1)) == 1 \
				: $0 == want[i]) { i++ }
		END {
			if (i < n) {
				printf "FAIL: %s: missing (in order) \"%s\" (%d of %d lines found)\n",
					log_name, want[i], i, n > "/dev/stderr"
				exit 1
			}
		}' "$2" "$1"
}

for u in uart0 uart1; do
	if [ ! -f "$expect.$u" ]; then
		continue
	fi
	if [ ! -f "$out/$u.log" ]; then
		echo "FAIL: no $out/$u.log" >&2
		status=1
	elif ! check_log "$out/$u.log" "$expect.$u"; then
		status=1
	fi
done

if [ "$status" -ne 0 ]; then
	for f in uart0.log uart1.log qemu.log; do
		echo "---- $out/$f (last 40 lines)" >&2
		tail -n 40 "$out/$f" >&2 2>/dev/null
	done
	exit 1
fi
echo "PASS: exit code $rc, $(wc -l <"$out/uart0.log") lines on UART0, $(wc -l <"$out/uart1.log") on UART1"
