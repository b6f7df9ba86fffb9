/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Facts of the Arm SSE-200 subsystem, the same on every board built on it
 * (mps2-an521, Musca-B1): Secure aliases, as both cores run Secure with the
 * SAU off. Source: QEMU hw/arm/armsse.c (sse200_devices[], the MHU and
 * CPU_IDENTITY mappings, the 0x5xxxxxxx alias of 0x4xxxxxxx) and
 * hw/misc/iotkit-sysctl.c (INITSVTOR1, CPUWAIT); docs/porting.md.
 */
#ifndef SSE200_H
#define SSE200_H

#include <stdint.h>

/* System control: CPU1 boot address and its hold-in-wait bit. */
#define SSE200_SYSCTL_INITSVTOR1 0x50021114u
#define SSE200_SYSCTL_CPUWAIT	 0x50021118u
#define SSE200_CPUWAIT_CPU1	 (1u << 1)

/* Per-CPU register block: reads 0 on CPU0 and 1 on CPU1. */
#define SSE200_CPU_IDENTITY 0x5001F000u

/* Message Handling Units; each one has a line to each CPU at the same IRQ number. */
#define SSE200_MHU0_BASE 0x50003000u
#define SSE200_MHU1_BASE 0x50004000u
#define SSE200_MHU0_IRQ	 6u
#define SSE200_MHU1_IRQ	 7u

/* The subsystem's own interrupt lines (the vector table covers these). */
#define SSE200_NUM_IRQ 32u

/* CPU_IDENTITY: 0 on CPU0, 1 on CPU1. */
uint32_t sse200_cpu_id(void);

/*
 * Start CPU1 at the vector table at code_base after checking that a
 * plausible image is there: its initial SP inside [ram_base, ram_base +
 * ram_size], its reset vector a Thumb address inside [code_base, code_base +
 * code_size). AMP_ENOENT if not.
 */
int sse200_release_cpu1(uint32_t code_base, uint32_t code_size, uint32_t ram_base,
			uint32_t ram_size);
/* CPU1 has been released (CPUWAIT): by us before a soft reboot of ours, say. */
int sse200_cpu1_running(void);

/* The MHU interrupt handlers (vectors.c; default: fatal). */
void sse200_mhu0_irq_handler(void);
void sse200_mhu1_irq_handler(void);

#endif
