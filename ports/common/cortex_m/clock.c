/* SPDX-License-Identifier: BSD-3-Clause */
#include "clock.h"

/* SysTick (Armv7-M and Armv8-M ARM, "The system timer, SysTick"). */
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u

#define SYST_CSR_ENABLE	   (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2) /* 1: processor clock */

volatile uint32_t cm_clock_ticks_ms;

void cm_clock_init(uint32_t cpu_hz)
{
	cm_io_wr(CM_SYST_CSR, 0u);
	cm_clock_ticks_ms = 0u;
	cm_io_wr(SYST_RVR, cpu_hz / 1000u - 1u);
	cm_io_wr(SYST_CVR, 0u); /* also clears COUNTFLAG */
	cm_io_wr(CM_SYST_CSR, SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE);
}

void cm_clock_systick_isr(void)
{
	cm_clock_count_period();
}

void cm_clock_stop(void)
{
	cm_io_wr(CM_SYST_CSR, 0u);
}
