/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reset handler and vector table, for either core: build with H7_IMAGE_CM7
 * or H7_IMAGE_CM4 defined. The linker script puts .isr_vector first in the
 * core's flash bank (0x08000000 for the CM7, 0x08100000 for the CM4), where
 * the option bytes BOOT_CM7_ADD0 / BOOT_CM4_ADD0 point by default.
 */
#include <stdint.h>

#include "cm_cpu.h"
#include "h7_io.h"
#include "h7_port.h"
#include "h7_regs.h"

#if defined(H7_IMAGE_CM7) == defined(H7_IMAGE_CM4)
#error "define exactly one of H7_IMAGE_CM7 and H7_IMAGE_CM4"
#endif

typedef void (*h7_handler)(void);

struct h7_vector_table {
	uint32_t *initial_sp;
	h7_handler exceptions[15]; /* Reset .. SysTick */
	h7_handler irq[H7_IRQ_COUNT];
};

/* From the linker script. */
extern uint32_t __stack_top[];
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];

int main(void);
void Reset_Handler(void);
void SysTick_Handler(void);

extern const struct h7_vector_table h7_vectors;

/* Exception number of the last unexpected exception, for the debugger. */
volatile uint32_t h7_fault_ipsr;

static void unexpected(void)
{
	h7_fault_ipsr = cpu_ipsr();
	/* Nothing sensible left to do on this core: park it where a debugger finds it. */
	for (;;) {
		h7_dsb();
		cpu_wfi();
	}
}

static uint32_t words(const uint32_t *start, const uint32_t *end)
{
	return (uint32_t)(((uintptr_t)end - (uintptr_t)start) / sizeof(uint32_t));
}

void Reset_Handler(void)
{
	uint32_t i, n;

#if defined(H7_IMAGE_CM7) && defined(__ARM_FP)
	/* Hard-float build: CP10/CP11 full access before any floating-point instruction. */
	h7_wr(H7_SCB_CPACR, h7_rd(H7_SCB_CPACR) | H7_SCB_CPACR_CP10_CP11);
	h7_dsb();
	h7_isb();
#endif
	n = words(__data_start, __data_end);
	for (i = 0; i < n; i++)
		__data_start[i] = __data_load[i];
	n = words(__bss_start, __bss_end);
	for (i = 0; i < n; i++)
		__bss_start[i] = 0;
	/* The option bytes already point VTOR here; a debugger-loaded image may not. */
	h7_wr(H7_SCB_VTOR, (uint32_t)(uintptr_t)&h7_vectors);
	h7_dsb();
	(void)main();
	unexpected();
}

#define V1  unexpected
#define V2  V1, V1
#define V4  V2, V2
#define V8  V4, V4
#define V16 V8, V8
#define V32 V16, V16
#define V64 V32, V32

#ifdef H7_IMAGE_CM7
#define VEC_HSEM1 h7_hsem_isr
#define VEC_HSEM2 unexpected
#else
#define VEC_HSEM1 unexpected
#define VEC_HSEM2 h7_hsem_isr
#endif

/* IRQ 0..124, HSEM1 (125), HSEM2 (126), IRQ 127..149. */
#define IRQ_VECTORS V64, V32, V16, V8, V4, V1, VEC_HSEM1, VEC_HSEM2, V16, V4, V2, V1

_Static_assert(sizeof((h7_handler[]){IRQ_VECTORS}) / sizeof(h7_handler) == H7_IRQ_COUNT,
	       "vector table: one entry per STM32H747 interrupt");

__attribute__((section(".isr_vector"), used)) const struct h7_vector_table h7_vectors = {
    .initial_sp = __stack_top,
    .exceptions =
	{
	    Reset_Handler,
	    unexpected, /* NMI */
	    unexpected, /* HardFault */
	    unexpected, /* MemManage */
	    unexpected, /* BusFault */
	    unexpected, /* UsageFault */
	    0,
	    0,
	    0,
	    0,
	    unexpected, /* SVCall */
	    unexpected, /* DebugMonitor */
	    0,
	    unexpected, /* PendSV */
	    SysTick_Handler,
	},
    .irq = {IRQ_VECTORS},
};
