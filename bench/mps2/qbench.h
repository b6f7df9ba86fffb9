/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The QEMU figure of bench/run: instructions per 16 B echo round trip on
 * mps2-an521, both cores together.
 *
 * The method: with -icount shift=0, QEMU's virtual clock advances one
 * nanosecond per instruction executed by either core (single-threaded TCG
 * runs the cores in turn and counts them into one clock; with sleep=off a
 * core in WFI costs nothing, and as long as one core runs the clock only
 * moves with instructions). The master reads that clock through its
 * SysTick (processor clock, BOARD_SYSCLK_HZ: 50 virtual ns a tick), so the
 * instructions both cores spent on N round trips are the virtual
 * nanoseconds between the first send and the last echo. A calibration loop
 * of known length checks the method on every run.
 */
#ifndef QBENCH_H
#define QBENCH_H

#define QBENCH_SESSION "qbench"
#define QBENCH_LEN     16u

#endif
