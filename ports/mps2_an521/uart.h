/* SPDX-License-Identifier: BSD-3-Clause */
/* CMSDK APB UART, transmit only: the console of one core. */
#ifndef MPS2_UART_H
#define MPS2_UART_H

#include <stdint.h>

struct mps2_uart {
	volatile uint32_t *regs;
};

void mps2_uart_init(struct mps2_uart *u, uintptr_t base, uint32_t pclk_hz, uint32_t baud);
void mps2_uart_putc(struct mps2_uart *u, char c);
void mps2_uart_puts(struct mps2_uart *u, const char *s);
void mps2_uart_put_u32(struct mps2_uart *u, uint32_t v);
void mps2_uart_put_hex(struct mps2_uart *u, uint32_t v);

#endif
