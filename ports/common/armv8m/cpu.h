/* SPDX-License-Identifier: BSD-3-Clause */
/* Armv8-M core registers and instructions the firmware needs (not used on the host). */
#ifndef V8M_CPU_H
#define V8M_CPU_H

#include <stdint.h>

#include "cm_cpu.h"

/* System Control Space (the core's own registers, banked per CPU). */
#define CPU_SYST_CSR   0xE000E010u /* SysTick control and status */
#define CPU_SYST_RVR   0xE000E014u /* SysTick reload value */
#define CPU_SYST_CVR   0xE000E018u /* SysTick current value */
#define CPU_NVIC_ISER0 0xE000E100u
#define CPU_NVIC_ICER0 0xE000E180u
#define CPU_NVIC_ICPR0 0xE000E280u
#define CPU_SCB_ICSR   0xE000ED04u
#define CPU_SCB_VTOR   0xE000ED08u
#define CPU_SCB_SHCSR  0xE000ED24u
#define CPU_SCB_CFSR   0xE000ED28u

#define CPU_SYST_CSR_ENABLE    (1u << 0)
#define CPU_SYST_CSR_TICKINT   (1u << 1)
#define CPU_SYST_CSR_CLKSOURCE (1u << 2) /* 1: processor clock */
#define CPU_SCB_ICSR_PENDSTCLR (1u << 25)
#define CPU_SCB_SHCSR_FAULTS   (7u << 16) /* MemManage, BusFault, UsageFault enables */

static inline volatile uint32_t *cpu_reg(uint32_t addr)
{
	return (volatile uint32_t *)(uintptr_t)addr;
}

static inline void cpu_dsb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline void cpu_isb(void)
{
	__asm__ volatile("isb sy" ::: "memory");
}

static inline void cpu_nvic_enable(uint32_t irq)
{
	*cpu_reg(CPU_NVIC_ISER0 + 4u * (irq / 32u)) = 1u << (irq % 32u);
}

#endif
