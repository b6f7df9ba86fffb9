/* SPDX-License-Identifier: BSD-3-Clause */
#include "clock.h"

#include "cpu.h"
#include "startup.h"

volatile uint32_t v8m_ticks_ms;

void v8m_systick_handler(void)
{
	v8m_ticks_ms++;
}

void v8m_clock_init(uint32_t cpu_hz)
{
	v8m_ticks_ms = 0u;
	*cpu_reg(CPU_SYST_RVR) = cpu_hz / 1000u - 1u;
	*cpu_reg(CPU_SYST_CVR) = 0u;
	*cpu_reg(CPU_SYST_CSR) =
	    CPU_SYST_CSR_ENABLE | CPU_SYST_CSR_TICKINT | CPU_SYST_CSR_CLKSOURCE;
}

void v8m_clock_stop(void)
{
	*cpu_reg(CPU_SYST_CSR) = 0u;
}
