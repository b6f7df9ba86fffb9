/* SPDX-License-Identifier: BSD-3-Clause */
#include "startup.h"

#include "amp/errors.h"
#include "cpu.h"

/* Interrupt Controller Type Register: INTLINESNUM + 1 groups of 32 lines. */
#define CPU_ICTR	     0xE000E004u
#define CPU_ICTR_INTLINESNUM 0xFu

/* From the linker script (image.ld.S). */
extern uint32_t __stack_bottom[];
extern uint32_t __stack_top[];
extern const uint32_t __data_load[];
extern uint32_t __data_start[];
extern uint32_t __data_end[];
extern uint32_t __bss_start[];
extern uint32_t __bss_end[];

__attribute__((noreturn)) void v8m_reset_handler(void);

void v8m_default_handler(void)
{
	v8m_fatal(cpu_ipsr());
}

/* ports/common/cortex_m/clock.c; an image without the clock keeps the default. */
void cm_clock_systick_isr(void) __attribute__((weak, alias("v8m_default_handler")));

#define D  v8m_default_handler
#define D4 D, D, D, D

#define EXC_RESET 0

__attribute__((section(".vectors"), used)) const struct v8m_vectors v8m_vectors = {
    .initial_sp = __stack_top,
    .exc =
	{
	    v8m_reset_handler,	  /* 1 reset */
	    D4,			  /* 2 NMI, 3 HardFault, 4 MemManage, 5 BusFault */
	    D4,			  /* 6 UsageFault, 7 SecureFault, 8, 9 reserved */
	    D4,			  /* 10 reserved, 11 SVCall, 12 DebugMonitor, 13 */
	    D,			  /* 14 PendSV */
	    cm_clock_systick_isr, /* 15 SysTick */
	},
};

/* Linker symbols are distinct objects to C: size the copies as integers. */
static uint32_t words_between(const void *start, const void *end)
{
	return (uint32_t)(((uintptr_t)end - (uintptr_t)start) / sizeof(uint32_t));
}

static void init_ram(void)
{
	uint32_t n = words_between(__data_start, __data_end);
	uint32_t i;

	for (i = 0; i < n; i++)
		__data_start[i] = __data_load[i];
	n = words_between(__bss_start, __bss_end);
	for (i = 0; i < n; i++)
		__bss_start[i] = 0u;
}

void v8m_reset_handler(void)
{
	/* A stack overflow faults instead of running into other memory. */
	__asm__ volatile("msr msplim, %0" : : "r"(__stack_bottom));
	*cpu_reg(CPU_SCB_VTOR) = (uint32_t)(uintptr_t)&v8m_vectors;
	*cpu_reg(CPU_SCB_SHCSR) |= CPU_SCB_SHCSR_FAULTS;
	cpu_dsb();
	cpu_isb();
	init_ram();
	(void)main();
	v8m_fatal(0u);
}

int v8m_soft_reboot(void)
{
	uint32_t i, groups;

	if (cpu_ipsr() != 0u)
		return AMP_EPERM;
	cpu_irq_disable();
	*cpu_reg(CPU_SYST_CSR) = 0u;
	*cpu_reg(CPU_SCB_ICSR) = CPU_SCB_ICSR_PENDSTCLR;
	groups = (*cpu_reg(CPU_ICTR) & CPU_ICTR_INTLINESNUM) + 1u;
	for (i = 0; i < groups; i++) {
		*cpu_reg(CPU_NVIC_ICER0 + 4u * i) = 0xFFFFFFFFu;
		*cpu_reg(CPU_NVIC_ICPR0 + 4u * i) = 0xFFFFFFFFu;
	}
	cpu_dsb();
	cpu_isb();
	/* As after a hardware reset: PRIMASK clear, nothing enabled that could fire. */
	cpu_irq_enable();
	__asm__ volatile("msr msplim, %0\n\t"
			 "msr msp, %1\n\t"
			 "isb\n\t"
			 "bx %2"
			 :
			 : "r"(0u), "r"(v8m_vectors.initial_sp), "r"(v8m_vectors.exc[EXC_RESET])
			 : "memory");
	__builtin_unreachable();
}
