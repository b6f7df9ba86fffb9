/* SPDX-License-Identifier: BSD-3-Clause */
#include "semihost.h"

#include "cpu.h"

#define SEMIHOST_SYS_EXIT_EXTENDED    0x20u
#define SEMIHOST_ADP_APPLICATION_EXIT 0x20026u /* ADP_Stopped_ApplicationExit */

void v8m_semihost_exit(uint32_t code)
{
	/* The 32-bit SYS_EXIT takes no code; the extended call takes {reason, code}. */
	uint32_t block[2] = {SEMIHOST_ADP_APPLICATION_EXIT, code};
	register uint32_t r0 __asm__("r0") = SEMIHOST_SYS_EXIT_EXTENDED;
	register uint32_t *r1 __asm__("r1") = block;

	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	/* Reached only if a debugger ignores the call: stop here. */
	cpu_irq_disable();
	for (;;)
		cpu_wfi();
}
