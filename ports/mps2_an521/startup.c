/* SPDX-License-Identifier: BSD-3-Clause */
#include "startup.h"

#include "amp/errors.h"
#include "cpu.h"

/* From the linker script (image.ld.S). */
extern uint32_t __stack_bottom[];
extern uint32_t __stack_top[];
extern const uint32_t __data_load[];
extern uint32_t __data_start[];
extern uint32_t __data_end[];
extern uint32_t __bss_start[];
extern uint32_t __bss_end[];

__attribute__((noreturn)) void mps2_reset_handler(void);
void mps2_default_handler(void);

void mps2_default_handler(void)
{
	mps2_fatal(cpu_ipsr());
}

#define WEAK_DEFAULT __attribute__((weak, alias("mps2_default_handler")))
void mps2_systick_handler(void) WEAK_DEFAULT;
void mps2_mhu0_irq_handler(void) WEAK_DEFAULT;
void mps2_mhu1_irq_handler(void) WEAK_DEFAULT;

#define D   mps2_default_handler
#define D4  D, D, D, D
#define D16 D4, D4, D4, D4

/* exc[i] is exception i + 1. */
#define EXC_RESET 0

__attribute__((section(".vectors"), used)) const struct mps2_vectors mps2_vectors = {
    .initial_sp = __stack_top,
    .exc =
	{
	    mps2_reset_handler,	  /* 1 reset */
	    D4,			  /* 2 NMI, 3 HardFault, 4 MemManage, 5 BusFault */
	    D4,			  /* 6 UsageFault, 7 SecureFault, 8, 9 reserved */
	    D4,			  /* 10 reserved, 11 SVCall, 12 DebugMonitor, 13 */
	    D,			  /* 14 PendSV */
	    mps2_systick_handler, /* 15 SysTick */
	},
    .irq =
	{
	    D4, D, D,		   /* 0..5 */
	    mps2_mhu0_irq_handler, /* 6 */
	    mps2_mhu1_irq_handler, /* 7 */
	    D4, D4, D16,	   /* 8..31 */
	},
};

_Static_assert(MPS2_MHU0_IRQ == 6u && MPS2_MHU1_IRQ == 7u && MPS2_NUM_IRQ == 32u,
	       "vector table rows match the IRQ numbers");

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

void mps2_reset_handler(void)
{
	/* A stack overflow faults instead of running into other memory. */
	__asm__ volatile("msr msplim, %0" : : "r"(__stack_bottom));
	*cpu_reg(CPU_SCB_VTOR) = (uint32_t)(uintptr_t)&mps2_vectors;
	*cpu_reg(CPU_SCB_SHCSR) |= CPU_SCB_SHCSR_FAULTS;
	cpu_dsb();
	cpu_isb();
	init_ram();
	(void)main();
	mps2_fatal(0u);
}

int mps2_soft_reboot(void)
{
	uint32_t i;

	if (cpu_ipsr() != 0u)
		return AMP_EPERM;
	cpu_irq_disable();
	*cpu_reg(CPU_SYST_CSR) = 0u;
	*cpu_reg(CPU_SCB_ICSR) = CPU_SCB_ICSR_PENDSTCLR;
	for (i = 0; i < (MPS2_NUM_IRQ + 31u) / 32u; i++) {
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
			 : "r"(0u), "r"(mps2_vectors.initial_sp), "r"(mps2_vectors.exc[EXC_RESET])
			 : "memory");
	__builtin_unreachable();
}
