/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * QEMU benchmark, CPU0: bring the link and a "qbench" session up, warm up,
 * check the clock with a loop of known length, then time QBENCH_ROUND_TRIPS
 * echoes of 16 bytes (qbench.h says how). Prints on UART0:
 *
 *   qbench: calibration ns_per_insn=<x.xxx>
 *   qbench: rt16 round_trips=<n> insns_per_rt=<x.x>
 *
 * and exits QEMU with 0, or prints "qbench: FAIL: ..." and exits with 1.
 */
#include <stdint.h>

#include "amp/amp.h"
#include "board.h"
#include "node.h"
#include "cpu.h"
#include "qbench.h"

#ifndef QBENCH_ROUND_TRIPS
#define QBENCH_ROUND_TRIPS 1000u
#endif
#define WARMUP_ROUND_TRIPS 32u
#define SETUP_TIMEOUT_MS   2000u
#define ECHO_TIMEOUT_MS	   100u
#define IDLE_WAIT_MS	   10u
#define CALIB_LOOPS	   100000u /* of two instructions each */

#define TICKS_PER_MS (BOARD_SYSCLK_HZ / 1000u)
#define NS_PER_TICK  (1000000000u / BOARD_SYSCLK_HZ)

static struct amp amp;
static struct amp_port port;
static struct amp_session *session;
static volatile uint32_t echoes;

static void fail(const char *why)
{
	sse200_puts("qbench: FAIL: ");
	sse200_puts(why);
	sse200_puts("\n");
	sse200_stop(SSE200_EXIT_FAIL);
}

/* SysTick ticks since boot: the millisecond count and the down-counter, read consistently. */
static uint64_t clock_ticks(void)
{
	uint32_t ms, cvr;

	do {
		ms = sse200_now_ms();
		cvr = *cpu_reg(CPU_SYST_CVR);
	} while (ms != sse200_now_ms());
	return (uint64_t)ms * TICKS_PER_MS + (TICKS_PER_MS - 1u - cvr);
}

/* value / div with `decimals` digits after the point. */
static void put_fixed(uint64_t value, uint64_t div, uint32_t decimals)
{
	uint64_t scale = 1, q;
	uint32_t i;

	for (i = 0; i < decimals; i++)
		scale *= 10u;
	q = value * scale / div;
	sse200_put_u32((uint32_t)(q / scale));
	sse200_puts(".");
	for (i = decimals; i > 0; i--) {
		uint64_t p = 1;
		uint32_t k;

		for (k = 1; k < i; k++)
			p *= 10u;
		sse200_put_u32((uint32_t)((q / p) % 10u));
	}
}

static void on_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)s;
	(void)data;
	(void)priv;
	if (len != QBENCH_LEN)
		fail("echo of the wrong length");
	echoes++;
}

static const struct amp_session_ops ops = {
    .opened = NULL,
    .data = on_data,
    .closed = NULL,
};

static void poll_once(void)
{
	if (amp_poll(&amp) == 0)
		(void)sse200_wait(IDLE_WAIT_MS);
}

static void bring_up(void)
{
	uint32_t t0 = sse200_now_ms();

	while (!amp_is_ready(&amp)) {
		if (sse200_now_ms() - t0 >= SETUP_TIMEOUT_MS)
			fail("no handshake");
		poll_once();
	}
	if (amp_session_open(amp_sessions(&amp), QBENCH_SESSION, &ops, NULL, &session))
		fail("session open");
	while (!amp_session_is_established(session)) {
		if (sse200_now_ms() - t0 >= SETUP_TIMEOUT_MS)
			fail("no session");
		poll_once();
	}
}

static void round_trip(const uint8_t *msg)
{
	uint32_t want = echoes + 1u, t0 = sse200_now_ms();

	if (amp_session_send(session, msg, QBENCH_LEN) != AMP_OK)
		fail("send");
	while (echoes != want) {
		if (sse200_now_ms() - t0 >= ECHO_TIMEOUT_MS)
			fail("no echo");
		poll_once();
	}
}

/* Ticks for CALIB_LOOPS iterations of a two-instruction loop (subs, bne). */
static uint64_t calibrate(void)
{
	uint32_t n = CALIB_LOOPS;
	uint64_t t0 = clock_ticks();

	__asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
	return clock_ticks() - t0;
}

int main(void)
{
	static uint8_t msg[QBENCH_LEN];
	uint64_t t0, ticks;
	uint32_t i;

	sse200_board_init(SSE200_CPU_MASTER);
	sse200_port_init(&port);
	if (amp_init(&amp, AMP_ROLE_MASTER, &port))
		fail("amp_init");
	if (sse200_start_slave())
		fail("no slave image");
	bring_up();
	for (i = 0; i < QBENCH_LEN; i++)
		msg[i] = (uint8_t)(i * 7u + 3u);
	for (i = 0; i < WARMUP_ROUND_TRIPS; i++)
		round_trip(msg);

	ticks = calibrate();
	sse200_puts("qbench: calibration ns_per_insn=");
	put_fixed(ticks * NS_PER_TICK, 2u * CALIB_LOOPS, 3);
	sse200_puts("\n");

	t0 = clock_ticks();
	for (i = 0; i < QBENCH_ROUND_TRIPS; i++)
		round_trip(msg);
	ticks = clock_ticks() - t0;
	sse200_puts("qbench: rt16 round_trips=");
	sse200_put_u32(QBENCH_ROUND_TRIPS);
	sse200_puts(" insns_per_rt=");
	put_fixed(ticks * NS_PER_TICK, QBENCH_ROUND_TRIPS, 1);
	sse200_puts("\n");
	sse200_stop(SSE200_EXIT_OK);
}
