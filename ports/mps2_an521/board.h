/* SPDX-License-Identifier: BSD-3-Clause */
/* mps2-an521 facts and drivers the SSE-200 code (ports/common/sse200) asks of a board. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

/* MAINCLK: the CPUs, SysTick (processor clock source) and the UARTs' PCLK (QEMU mps2-tz.c). */
#define BOARD_SYSCLK_HZ 20000000u

/* The console of a core: CMSDK APB UART n (the master prints on UART0, the slave on UART1). */
void board_console_init(uint32_t n);
/* Its transmit FIFO (or holding register) is full / send one byte. */
int board_console_tx_full(void);
void board_console_tx(uint8_t byte);

#endif
