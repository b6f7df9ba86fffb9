/* SPDX-License-Identifier: BSD-3-Clause */
#include "uart.h"

#define UART_DATA    0u /* word offsets */
#define UART_STATE   1u
#define UART_CTRL    2u
#define UART_BAUDDIV 4u

#define UART_STATE_TXFULL (1u << 0)
#define UART_CTRL_TXEN	  (1u << 0)
#define UART_BAUDDIV_MIN  16u

/* A stuck transmitter costs a dropped character, never a hung core. */
#define UART_TX_SPIN 100000u

void mps2_uart_init(struct mps2_uart *u, uintptr_t base, uint32_t pclk_hz, uint32_t baud)
{
	uint32_t div = baud ? pclk_hz / baud : 0u;

	u->regs = (volatile uint32_t *)base;
	u->regs[UART_CTRL] = 0u;
	u->regs[UART_BAUDDIV] = div < UART_BAUDDIV_MIN ? UART_BAUDDIV_MIN : div;
	u->regs[UART_CTRL] = UART_CTRL_TXEN;
}

void mps2_uart_putc(struct mps2_uart *u, char c)
{
	uint32_t spin = UART_TX_SPIN;

	while ((u->regs[UART_STATE] & UART_STATE_TXFULL) && spin)
		spin--;
	if (spin)
		u->regs[UART_DATA] = (uint8_t)c;
}

void mps2_uart_puts(struct mps2_uart *u, const char *s)
{
	while (*s)
		mps2_uart_putc(u, *s++);
}

void mps2_uart_put_u32(struct mps2_uart *u, uint32_t v)
{
	char buf[11];
	uint32_t i = sizeof(buf) - 1u;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	mps2_uart_puts(u, &buf[i]);
}

void mps2_uart_put_hex(struct mps2_uart *u, uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift;

	mps2_uart_puts(u, "0x");
	for (shift = 28; shift >= 0; shift -= 4)
		mps2_uart_putc(u, digits[(v >> shift) & 0xFu]);
}
