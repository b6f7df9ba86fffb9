/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Register facts of the mps2-an521 (SSE-200, two Cortex-M33) as modelled by
 * QEMU's "mps2-an521" machine, and the board services of the amplink port.
 */
#ifndef MPS2_AN521_H
#define MPS2_AN521_H

#include <stdint.h>

#include "memmap.h"

/* System control (SSE-200 sysctl): CPU1 boot address and its hold-in-wait bit. */
#define MPS2_SYSCTL_INITSVTOR1 0x50021114u
#define MPS2_SYSCTL_CPUWAIT    0x50021118u
#define MPS2_CPUWAIT_CPU1      (1u << 1)

/* Per-CPU register block: reads 0 on CPU0 and 1 on CPU1. */
#define MPS2_CPU_IDENTITY 0x5001F000u

/* Message Handling Units; each one has a line to each CPU at the same IRQ number. */
#define MPS2_MHU0_BASE 0x50003000u
#define MPS2_MHU1_BASE 0x50004000u
#define MPS2_MHU0_IRQ  6u
#define MPS2_MHU1_IRQ  7u

/* CMSDK APB UART n (the master prints on UART0, the slave on UART1). */
#define MPS2_UART_BASE(n) (0x50200000u + (uint32_t)(n)*0x1000u)

/* MAINCLK: the CPUs, SysTick (processor clock source) and the UARTs' PCLK. */
#define MPS2_SYSCLK_HZ 20000000u

/* Interrupt lines of the SSE-200 (the vector table covers these). */
#define MPS2_NUM_IRQ 32u

#endif
