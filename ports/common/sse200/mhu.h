/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SSE-200 Message Handling Unit as an amplink doorbell. Each MHU has one
 * interrupt status register per CPU, written through SET/CLR registers; a
 * non-zero status raises that CPU's MHU interrupt (level). One bit of one
 * MHU is the doorbell: a core rings the peer by setting the bit in the peer's
 * block and takes its own doorbell by clearing the bit in its own block.
 *
 * The register block base is a parameter, so the driver runs on the host
 * against a register model (tests/test_mhu.c).
 */
#ifndef SSE200_MHU_H
#define SSE200_MHU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SSE200_MHU_CHANNELS 4u /* bits 0..3 of each status register are implemented */

/* CPU0INTR_STAT/SET/CLR at 0x00/0x04/0x08, CPU1INTR_STAT/SET/CLR at 0x10/0x14/0x18. */
struct sse200_mhu_regs {
	struct {
		uint32_t stat; /* read-only: pending bits for this CPU */
		uint32_t set;  /* write-only: 1 bits are ORed into stat */
		uint32_t clr;  /* write-only: 1 bits are cleared in stat */
		uint32_t reserved;
	} cpu[2];
};

#ifndef __cplusplus
_Static_assert(offsetof(struct sse200_mhu_regs, cpu[0].stat) == 0x00, "mhu: CPU0INTR_STAT");
_Static_assert(offsetof(struct sse200_mhu_regs, cpu[0].set) == 0x04, "mhu: CPU0INTR_SET");
_Static_assert(offsetof(struct sse200_mhu_regs, cpu[0].clr) == 0x08, "mhu: CPU0INTR_CLR");
_Static_assert(offsetof(struct sse200_mhu_regs, cpu[1].stat) == 0x10, "mhu: CPU1INTR_STAT");
_Static_assert(offsetof(struct sse200_mhu_regs, cpu[1].set) == 0x14, "mhu: CPU1INTR_SET");
_Static_assert(offsetof(struct sse200_mhu_regs, cpu[1].clr) == 0x18, "mhu: CPU1INTR_CLR");
_Static_assert(sizeof(struct sse200_mhu_regs) == 0x20, "mhu: register block");
#endif

struct sse200_mhu {
	volatile struct sse200_mhu_regs *regs;
	uint32_t self; /* our CPU number: the block we take from; the peer is the other */
	uint32_t mask; /* the doorbell bit */
	/* Set by the interrupt handler, cleared by sse200_mhu_take(). */
	volatile uint8_t pending;
};

/*
 * Bind to the MHU at base as CPU self (0 or 1) using channel (0..3), and drop
 * a doorbell left over from before our (re)start. AMP_EINVAL on bad arguments.
 */
int sse200_mhu_init(struct sse200_mhu *m, volatile void *base, uint32_t self, uint32_t channel);
/* Ring the peer's doorbell, after our earlier memory writes. */
void sse200_mhu_ring(struct sse200_mhu *m);
/* Interrupt handler body: move our doorbell from the register into m->pending. */
void sse200_mhu_irq(struct sse200_mhu *m);
/* 1 (and clear it) if the doorbell rang since the last call, else 0. Any context. */
int sse200_mhu_take(struct sse200_mhu *m);
/* 1 if the doorbell is pending, without taking it (the check before sleeping). */
int sse200_mhu_pending(const struct sse200_mhu *m);

#ifdef __cplusplus
}
#endif
#endif
