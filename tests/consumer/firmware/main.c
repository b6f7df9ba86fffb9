/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The slave of a firmware project that vendors amplink, on the Cortex-M4 of
 * an STM32H747: what such a project writes itself. The resource table for a
 * Linux (or amplink) master, the port hooks amplink needs, and the loop. The
 * doorbell here is a word per direction in shared SRAM that the other side
 * sets and this side reads and clears (a board with an IPM peripheral rings
 * it instead: HSEM interrupts on the STM32H747, docs/stm32h747.md); the clock
 * is SysTick at 1 kHz. The Cortex-M4 has no data cache: no cache hooks.
 */
#include <stdint.h>
#include <string.h>

#include "amp/amp.h"
#include "amp/shm.h"

#define CPU_HZ	     200000000u
#define SYST_CSR     (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR     (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR     (*(volatile uint32_t *)0xE000E018u)
#define SHM_BUS_ADDR 0x38000000u

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
extern uint8_t __amp_shm_start[], __amp_shm_size[];

void Reset_Handler(void);
void SysTick_Handler(void);
void Default_Handler(void);

/* The rpmsg vdev and its two vrings, where the master puts them in the region. */
__attribute__((section(".resource_table"), used)) const struct amp_rsc_table fw_rsc_table =
    AMP_RSC_TABLE_INIT(SHM_BUS_ADDR + AMP_SHM_VRING0_OFF, SHM_BUS_ADDR + AMP_SHM_VRING1_OFF,
		       AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN);

/* [0]: rung for the master, [1]: rung for us (the slave). */
__attribute__((section(".amp_doorbell"))) volatile uint32_t fw_doorbell[2];

static volatile uint32_t ticks_ms;

__attribute__((section(".isr_vector"), used)) void (*const fw_vectors[16])(void) = {
    (void (*)(void)) & __stack_top,
    Reset_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    0,
    0,
    0,
    0,
    Default_Handler,
    Default_Handler,
    0,
    Default_Handler,
    SysTick_Handler,
};

static void ring_master(void *ctx)
{
	(void)ctx;
	amp_doorbell_mb(); /* our shared-memory writes complete before the ring */
	fw_doorbell[0] = 1u;
	__asm__ volatile("sev");
}

static int take_doorbell(void *ctx)
{
	(void)ctx;
	if (!fw_doorbell[1])
		return 0;
	fw_doorbell[1] = 0u;
	return 1;
}

static uint32_t now_ms(void *ctx)
{
	(void)ctx;
	return ticks_ms;
}

static const struct amp_port_ops port_ops = {
    .notify = ring_master,
    .ipm_take = take_doorbell,
    .now_ms = now_ms,
};

static struct amp amp;

static void on_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	(void)amp_session_send(s, data, len); /* AMP_ENOBUFS: the master sends one at a time */
}

static const struct amp_session_ops echo_ops = {.data = on_data};

static void slave_main(void)
{
	struct amp_port port = {
	    .ops = &port_ops,
	    .shm = __amp_shm_start,
	    .shm_size = (uint32_t)(uintptr_t)__amp_shm_size,
	    .shm_pa = SHM_BUS_ADDR,
	};

	if (amp_init(&amp, AMP_ROLE_SLAVE, &port) != AMP_OK ||
	    amp_session_listen(amp_sessions(&amp), "echo", &echo_ops, NULL) != AMP_OK)
		for (;;)
			__asm__ volatile("bkpt #0");
	for (;;)
		if (!amp_poll(&amp))
			__asm__ volatile("wfe");
}

void SysTick_Handler(void)
{
	ticks_ms++;
}

void Default_Handler(void)
{
	for (;;)
		__asm__ volatile("bkpt #1");
}

void Reset_Handler(void)
{
	memcpy(&__data_start, &__data_load,
	       (size_t)((uintptr_t)&__data_end - (uintptr_t)&__data_start));
	memset(&__bss_start, 0, (size_t)((uintptr_t)&__bss_end - (uintptr_t)&__bss_start));
	SYST_RVR = CPU_HZ / 1000u - 1u;
	SYST_CVR = 0u;
	SYST_CSR = 7u; /* processor clock, interrupt, enable */
	slave_main();
}
