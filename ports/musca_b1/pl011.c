/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Arm PL011 UART, transmit only: the console of one Musca-B1 core. UART0 at
 * 0x40105000, UART1 at 0x40106000 (QEMU musca.c b1_ppcs[]), used through
 * their Secure aliases. Registers: Arm PrimeCell UART (PL011) TRM, DDI0183.
 */
#include "board.h"

#define UART_BASE(n)  (0x50105000u + (uint32_t)(n)*0x1000u)
#define CONSOLE_BAUD  115200u
#define UART_CLOCK_HZ BOARD_SYSCLK_HZ /* not modelled by QEMU; a divisor is written anyway */

#define UARTDR	 (0x000u / 4u) /* word offsets */
#define UARTFR	 (0x018u / 4u)
#define UARTIBRD (0x024u / 4u)
#define UARTFBRD (0x028u / 4u)
#define UARTLCRH (0x02Cu / 4u)
#define UARTCR	 (0x030u / 4u)

#define UARTFR_TXFF    (1u << 5)
#define UARTLCRH_WLEN8 (3u << 5)
#define UARTCR_UARTEN  (1u << 0)
#define UARTCR_TXE     (1u << 8)

static volatile uint32_t *regs;

void board_console_init(uint32_t n)
{
	/* Divisor = clock / (16 * baud), as 16.6 fixed point, rounded. */
	uint32_t div64 = (4u * UART_CLOCK_HZ + CONSOLE_BAUD / 2u) / CONSOLE_BAUD;

	regs = (volatile uint32_t *)(uintptr_t)UART_BASE(n);
	regs[UARTCR] = 0u;
	regs[UARTIBRD] = div64 >> 6;
	regs[UARTFBRD] = div64 & 0x3Fu;
	regs[UARTLCRH] = UARTLCRH_WLEN8; /* 8N1; written after the divisors, which it latches */
	regs[UARTCR] = UARTCR_UARTEN | UARTCR_TXE;
}

int board_console_tx_full(void)
{
	return (regs[UARTFR] & UARTFR_TXFF) != 0u;
}

void board_console_tx(uint8_t byte)
{
	regs[UARTDR] = byte;
}
