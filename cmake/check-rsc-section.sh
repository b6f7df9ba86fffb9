#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The slave image must carry the resource table where Linux remoteproc looks
# for it: a loaded ELF section named .resource_table holding one struct
# amp_rsc_table_trace (140 bytes: the vdev and the slave's trace buffer).
#   check-rsc-section.sh OBJDUMP SLAVE.elf
# (The slave also validates the table's content at boot: "rsc: ..." on UART1.)
set -u
objdump=$1
elf=$2

line=$("$objdump" -h "$elf" | awk '$2 == ".resource_table" { print; getline; print }')
if [ -z "$line" ]; then
	echo "FAIL: $elf has no .resource_table section" >&2
	exit 1
fi
size=$(echo "$line" | awk 'NR == 1 { print $3 }')
if [ "$((0x$size))" -ne 140 ]; then
	echo "FAIL: .resource_table is $((0x$size)) bytes, want 140" >&2
	exit 1
fi
case $(echo "$line" | sed -n 2p) in
*ALLOC*LOAD*) ;;
*)
	echo "FAIL: .resource_table is not loaded: $line" >&2
	exit 1
	;;
esac
echo "PASS: $(echo "$line" | head -n 1)"
