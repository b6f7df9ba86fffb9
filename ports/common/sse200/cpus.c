/* SPDX-License-Identifier: BSD-3-Clause */
#include "amp/errors.h"
#include "cpu.h"
#include "sse200.h"

uint32_t sse200_cpu_id(void)
{
	return *cpu_reg(SSE200_CPU_IDENTITY);
}

static int in_window(uint32_t addr, uint32_t base, uint32_t size)
{
	return addr >= base && addr - base < size;
}

int sse200_release_cpu1(uint32_t code_base, uint32_t code_size, uint32_t ram_base,
			uint32_t ram_size)
{
	const volatile uint32_t *vt = (const volatile uint32_t *)(uintptr_t)code_base;
	uint32_t sp = vt[0];
	uint32_t pc = vt[1];

	/* Initial SP: 8-byte aligned, inside (or at the end of) CPU1's RAM. */
	if ((sp & 7u) || !in_window(sp - 1u, ram_base, ram_size))
		return AMP_ENOENT;
	/* Reset vector: a Thumb address inside CPU1's code window. */
	if (!(pc & 1u) || !in_window(pc, code_base, code_size))
		return AMP_ENOENT;
	*cpu_reg(SSE200_SYSCTL_INITSVTOR1) = code_base;
	cpu_dsb();
	*cpu_reg(SSE200_SYSCTL_CPUWAIT) &= ~SSE200_CPUWAIT_CPU1;
	return AMP_OK;
}

int sse200_cpu1_running(void)
{
	return (*cpu_reg(SSE200_SYSCTL_CPUWAIT) & SSE200_CPUWAIT_CPU1) == 0u;
}
