/* SPDX-License-Identifier: BSD-3-Clause */
/* CMSDK APB UART, transmit only: the console of one mps2-an521 core. */
#include "board.h"

#define UART_BASE(n) (0x50200000u + (uint32_t)(n)*0x1000u) /* Secure alias */
#define CONSOLE_BAUD 115200u

#define UART_DATA    0u /* word offsets */
#define UART_STATE   1u
#define UART_CTRL    2u
#define UART_BAUDDIV 4u

#define UART_STATE_TXFULL (1u << 0)
#define UART_CTRL_TXEN	  (1u << 0)
#define UART_BAUDDIV_MIN  16u

static volatile uint32_t *regs;

void board_console_init(uint32_t n)
{
	uint32_t div = BOARD_SYSCLK_HZ / CONSOLE_BAUD;

	regs = (volatile uint32_t *)(uintptr_t)UART_BASE(n);
	regs[UART_CTRL] = 0u;
	regs[UART_BAUDDIV] = div < UART_BAUDDIV_MIN ? UART_BAUDDIV_MIN : div;
	regs[UART_CTRL] = UART_CTRL_TXEN;
}

int board_console_tx_full(void)
{
	return (regs[UART_STATE] & UART_STATE_TXFULL) != 0u;
}

void board_console_tx(uint8_t byte)
{
	regs[UART_DATA] = byte;
}
