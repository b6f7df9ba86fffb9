/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Board services of one mps2-an521 core: console on the core's own UART, a
 * millisecond clock (SysTick), the MHU doorbell, sleeping on it, starting
 * CPU1, and the struct amp_port that hands all of this to amplink.
 */
#ifndef MPS2_BOARD_H
#define MPS2_BOARD_H

#include <stdint.h>

#include "amp/port.h"
#include "mps2_an521.h"

/* Exit codes of the QEMU tests (semihosting, master only). */
#define MPS2_EXIT_OK	0u
#define MPS2_EXIT_FAIL	1u /* a check failed */
#define MPS2_EXIT_FAULT 3u /* an unexpected exception */

/* Which CPU this image was built for (it stops with a message on the wrong one). */
#define MPS2_CPU_MASTER 0u
#define MPS2_CPU_SLAVE	1u

/*
 * Bring up this core's console, clock and doorbell, and enable their
 * interrupts. Must run first, once per boot (also after mps2_soft_reboot).
 */
void mps2_board_init(uint32_t image_cpu);
/* CPU_IDENTITY: 0 on CPU0, 1 on CPU1. */
uint32_t mps2_cpu_id(void);

void mps2_puts(const char *s);
void mps2_put_u32(uint32_t v);
void mps2_put_hex(uint32_t v);

uint32_t mps2_now_ms(void);
/* Ring the peer's doorbell / take ours (1 if it rang since the last take). */
void mps2_ring(void);
int mps2_take(void);
/*
 * Sleep until our doorbell is pending or timeout_ms has passed; returns 1 if
 * the doorbell is pending (it is not taken). The pending check and WFI run
 * with PRIMASK set, so a doorbell arriving between them still wakes WFI.
 */
int mps2_wait(uint32_t timeout_ms);

/*
 * Master: start CPU1 at the slave image's vector table (MPS2_CPU1_CODE_BASE)
 * after checking that a plausible image is there. AMP_ENOENT if not.
 */
int mps2_release_cpu1(void);
/* CPU1 has been released (CPUWAIT): by us before a soft reboot of ours, say. */
int mps2_cpu1_running(void);

/* The amplink port of this core: shared region, MHU doorbell, clock, wait, trace. */
void mps2_port_init(struct amp_port *port);

/* Stop this core (master: exit QEMU with code; slave: halt quietly). */
__attribute__((noreturn)) void mps2_stop(uint32_t code);

#endif
