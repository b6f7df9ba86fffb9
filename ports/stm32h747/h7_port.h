/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The amp_port of each STM32H747 core: SRAM4 as the shared region, the HSEM
 * mailbox as IPM, SysTick as the clock, D-cache maintenance on the CM7
 * (the CM4 has no data cache), WFI sleep, and the trace ring.
 */
#ifndef H7_PORT_H
#define H7_PORT_H

#include <stdint.h>

#include "amp/port.h"
#include "h7_hsem.h"

struct h7_port {
	struct amp_port port;
	struct h7_hsem hsem;
	enum h7_core core;
};

/* The shared region the linker scripts reserve in SRAM4 (section .amp_shm). */
extern uint8_t __amp_shm_start[];
extern uint8_t __amp_shm_end[];

/*
 * Fill p for this core: release any HSEM semaphore a previous run of this
 * core left locked, set up the mailbox. The interrupt stays off until
 * h7_port_irq_enable(). Returns 0 or a negative AMP_E* code.
 */
int h7_port_init(struct h7_port *p, enum h7_core core);
void h7_port_irq_enable(struct h7_port *p);

/* Sleep (WFI) unless a doorbell is already pending; SysTick bounds it to 1 ms. */
void h7_port_idle(struct h7_port *p);

#ifdef H7_IMAGE_CM7
/*
 * CM7: MPU region for the shared SRAM4, then caches on. Write-through where
 * the core's revision allows it (h7_mpu_shm_setup(): not before r1p2, Arm
 * erratum 1259864) and the build does not ask for non-cacheable; else
 * non-cacheable, and p's cache hooks are dropped. Returns 0 (write-through),
 * 1 (non-cacheable) or a negative AMP_E* code.
 */
int h7_port_memory_init(struct h7_port *p);
#endif

/* The HSEM interrupt handler of this core (HSEM1 on the CM7, HSEM2 on the CM4). */
void h7_hsem_isr(void);

#endif
