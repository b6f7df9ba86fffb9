/* SPDX-License-Identifier: BSD-3-Clause */
/* Musca-B1 facts and drivers the SSE-200 code (ports/common/sse200) asks of a board. */
#ifndef BOARD_H
#define BOARD_H

#include <stdint.h>

/* MAINCLK: the CPUs and SysTick (processor clock source); QEMU musca.c SYSCLK_FRQ. */
#define BOARD_SYSCLK_HZ 40000000u

/* The console of a core: PL011 UART n (the master prints on UART0, the slave on UART1). */
void board_console_init(uint32_t n);
/* Its transmit FIFO (or holding register) is full / send one byte. */
int board_console_tx_full(void);
void board_console_tx(uint8_t byte);

#endif
