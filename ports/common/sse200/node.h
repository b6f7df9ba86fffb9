/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Board services of one core of a dual-core SSE-200 board on QEMU: console
 * (the port's driver), a millisecond clock (SysTick), the MHU doorbell,
 * sleeping on it, starting CPU1, stopping (semihosting exit), and the
 * struct amp_port that hands all of this to amplink.
 *
 * The port folder supplies the facts: memmap.h (windows of both images,
 * shared region, test plan, stack) and board.h (clock rate, console driver).
 */
#ifndef SSE200_NODE_H
#define SSE200_NODE_H

#include <stdint.h>

#include "amp/port.h"

/* Exit codes of the QEMU tests (semihosting, master only). */
#define SSE200_EXIT_OK	  0u
#define SSE200_EXIT_FAIL  1u /* a check failed */
#define SSE200_EXIT_FAULT 3u /* an unexpected exception */

/* Which CPU an image was built for (it stops with a message on the wrong one). */
#define SSE200_CPU_MASTER 0u
#define SSE200_CPU_SLAVE  1u

/*
 * Bring up this core's console, clock and doorbell, and enable their
 * interrupts. Must run first, once per boot (also after a soft reboot).
 */
void sse200_board_init(uint32_t image_cpu);

void sse200_puts(const char *s);
void sse200_put_u32(uint32_t v);
void sse200_put_hex(uint32_t v);

uint32_t sse200_now_ms(void);
/* Ring the peer's doorbell / take ours (1 if it rang since the last take). */
void sse200_ring(void);
int sse200_take(void);
/* Sleep until our doorbell is pending or timeout_ms has passed; 1 if pending (not taken). */
int sse200_wait(uint32_t timeout_ms);

/* Master: start CPU1 at the slave image (memmap.h), AMP_ENOENT if none is there. */
int sse200_start_slave(void);

/* The amplink port of this core: shared region, MHU doorbell, clock, wait, trace. */
void sse200_port_init(struct amp_port *port);

/* Stop this core (master: exit QEMU with code; slave: halt quietly). */
__attribute__((noreturn)) void sse200_stop(uint32_t code);

#endif
