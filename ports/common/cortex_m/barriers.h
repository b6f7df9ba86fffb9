/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amplink's barriers on Cortex-M (Armv7-M and Armv8-M), the port contract of
 * include/amp/port.h: a port selects this file with
 * AMP_PORT_BARRIERS="<path>/barriers.h" on the library (cmake/firmware.cmake,
 * ports/stm32h747/CMakeLists.txt).
 *
 * The M-profile architecture manuals (Armv7-M ARM DDI0403, Armv8-M ARM
 * DDI0553) define DMB and DSB with the option SY only: the other encodings
 * (ISH, OSH, ...) are reserved there, and a C11 fence compiles to "dmb ish".
 * A DMB orders every explicit memory access before it against every one after
 * it; a DSB also waits for the earlier ones to complete, which is what a
 * doorbell needs when the shared memory and the doorbell register sit on
 * different bus slaves (SRAM4 and HSEM on the STM32H747, SRAM and the MHU on
 * the SSE-200).
 */
#ifndef AMP_CORTEX_M_BARRIERS_H
#define AMP_CORTEX_M_BARRIERS_H

#define amp_rmb()	  __asm__ volatile("dmb sy" ::: "memory")
#define amp_wmb()	  __asm__ volatile("dmb sy" ::: "memory")
#define amp_mb()	  __asm__ volatile("dmb sy" ::: "memory")
#define amp_doorbell_mb() __asm__ volatile("dsb sy" ::: "memory")

#endif
