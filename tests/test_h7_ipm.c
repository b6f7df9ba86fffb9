/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The STM32H747 HSEM mailbox as the IPM of two real amplink instances, on
 * the host: master (CM7) and slave (CM4) share a 64 KiB buffer and ring each
 * other through the driver running against the HSEM register model. The
 * handshake must complete, an echo session must carry messages both ways,
 * and a slave reboot (new driver instance, stale semaphores released) must
 * bring the channel back. Deterministic: a fake clock, a fixed schedule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "h7_board.h"
#include "h7_hsem.h"
#include "h7_model.h"
#include "h7_regs.h"

#define ROUNDS_MAX 20000u
#define MESSAGES   40u

struct side {
	struct h7_hsem hsem;
	struct amp amp;
	struct amp_port port;
	uint32_t coreid;
	unsigned line;
};

static _Alignas(64) uint8_t shm[H7_SRAM4_SIZE];
static struct side m7, m4;
static uint32_t now;

/* The master's echo client and the slave's echo server. */
static struct {
	struct amp_session *s;
	uint8_t msg[AMP_SESSION_PAYLOAD_MAX];
	uint32_t len, sent, received, bad, closed;
	uint8_t outstanding;
} cli;

static void on(const struct side *sd)
{
	h7m.core = sd->coreid;
}

static void op_notify(void *ctx)
{
	struct side *sd = ctx;

	on(sd);
	assert_int_equal(h7_hsem_notify(&sd->hsem), 0);
}

static int op_ipm_take(void *ctx)
{
	struct side *sd = ctx;

	on(sd);
	return h7_hsem_take(&sd->hsem);
}

static uint32_t op_now(void *ctx)
{
	(void)ctx;
	return now;
}

static const struct amp_port_ops ops = {
    .notify = op_notify,
    .ipm_take = op_ipm_take,
    .now_ms = op_now,
};

static void side_boot(struct side *sd, enum h7_core core, enum amp_role role)
{
	on(sd);
	if (core == H7_CORE_CM7)
		assert_int_equal(h7_hsem_init(&sd->hsem, h7_model_hsem_base(), core,
					      H7_SEM_KICK_M2S, H7_SEM_KICK_S2M),
				 0);
	else
		assert_int_equal(h7_hsem_init(&sd->hsem, h7_model_hsem_base(), core,
					      H7_SEM_KICK_S2M, H7_SEM_KICK_M2S),
				 0);
	h7_hsem_release_all(&sd->hsem);
	sd->port = (struct amp_port){
	    .ops = &ops, .ctx = sd, .shm = shm, .shm_size = sizeof(shm), .shm_pa = H7_SRAM4};
	assert_int_equal(amp_init(&sd->amp, role, &sd->port), 0);
}

static void srv_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	assert_int_equal(amp_session_send(s, data, len), 0);
}

static const struct amp_session_ops srv_ops = {.data = srv_rx};

static void cli_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)s;
	(void)priv;
	if (!cli.outstanding || len != cli.len || memcmp(data, cli.msg, len) != 0)
		cli.bad++;
	else
		cli.received++;
	cli.outstanding = 0;
}

static void cli_closed(struct amp_session *s, enum amp_close_reason why, void *priv)
{
	(void)s;
	(void)why;
	(void)priv;
	cli.s = NULL;
	cli.outstanding = 0;
	cli.closed++;
}

static const struct amp_session_ops cli_ops = {.data = cli_rx, .closed = cli_closed};

/* An interrupt is taken when its line is asserted, as the NVIC would. */
static void poll_side(struct side *sd)
{
	on(sd);
	if (h7_model_irq_line(sd->line))
		h7_hsem_irq(&sd->hsem);
	(void)amp_poll(&sd->amp);
}

static void client_step(void)
{
	uint32_t i;

	if (!amp_is_ready(&m7.amp))
		return;
	if (!cli.s) {
		assert_int_equal(
		    amp_session_open(amp_sessions(&m7.amp), "echo", &cli_ops, NULL, &cli.s), 0);
		return;
	}
	if (cli.outstanding || !amp_session_is_established(cli.s) || cli.received >= MESSAGES)
		return;
	cli.len = 1u + (cli.sent * 97u) % AMP_SESSION_PAYLOAD_MAX;
	for (i = 0; i < cli.len; i++)
		cli.msg[i] = (uint8_t)(cli.sent * 31u + i);
	if (amp_session_send(cli.s, cli.msg, cli.len) == AMP_OK) {
		cli.sent++;
		cli.outstanding = 1;
	}
}

static uint32_t run_until_echoed(uint32_t target)
{
	uint32_t r;

	for (r = 0; r < ROUNDS_MAX && cli.received < target; r++) {
		now++;
		poll_side(&m7);
		client_step();
		poll_side(&m4);
	}
	return r;
}

static int setup(void **state)
{
	(void)state;
	h7_model_reset();
	memset(shm, 0xA5, sizeof(shm)); /* power-up garbage */
	memset(&cli, 0, sizeof(cli));
	now = 1000;
	m7 = (struct side){.coreid = H7_HSEM_COREID_CM7, .line = 1};
	m4 = (struct side){.coreid = H7_HSEM_COREID_CM4, .line = 2};
	side_boot(&m4, H7_CORE_CM4, AMP_ROLE_SLAVE);
	assert_int_equal(amp_session_listen(amp_sessions(&m4.amp), "echo", &srv_ops, NULL), 0);
	side_boot(&m7, H7_CORE_CM7, AMP_ROLE_MASTER);
	return 0;
}

static void test_handshake_and_echo(void **state)
{
	(void)state;
	assert_true(run_until_echoed(MESSAGES) < ROUNDS_MAX);
	assert_int_equal(cli.received, MESSAGES);
	assert_int_equal(cli.bad, 0);
	assert_true(m7.hsem.stats.kicks > 0);
	assert_true(m4.hsem.stats.kicks > 0);
	assert_true(m7.hsem.stats.rings > 0 && m4.hsem.stats.rings > 0);
	assert_true(m7.hsem.stats.irqs > 0 && m4.hsem.stats.irqs > 0);
	assert_int_equal(m7.hsem.stats.kick_busy + m4.hsem.stats.kick_busy, 0);
	/* Every doorbell semaphore is free again. */
	assert_int_equal(h7m.hsem.r[H7_SEM_KICK_M2S], 0);
	assert_int_equal(h7m.hsem.r[H7_SEM_KICK_S2M], 0);
}

static void test_slave_reboot(void **state)
{
	(void)state;
	assert_true(run_until_echoed(MESSAGES / 2u) < ROUNDS_MAX);
	/* The CM4 resets between taking and releasing its doorbell semaphore. */
	h7m.core = H7_HSEM_COREID_CM4;
	assert_int_equal(h7_hsem_lock(&m4.hsem, H7_SEM_KICK_S2M, 0), 0);
	memset(&m4, 0, sizeof(m4));
	m4 = (struct side){.coreid = H7_HSEM_COREID_CM4, .line = 2};
	side_boot(&m4, H7_CORE_CM4, AMP_ROLE_SLAVE);
	assert_int_equal(amp_session_listen(amp_sessions(&m4.amp), "echo", &srv_ops, NULL), 0);
	assert_int_equal(h7m.hsem.r[H7_SEM_KICK_S2M], 0); /* released by the reboot */
	assert_true(run_until_echoed(MESSAGES) < ROUNDS_MAX);
	assert_int_equal(cli.received, MESSAGES);
	assert_true(cli.closed >= 1); /* the session died with the slave and was reopened */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_handshake_and_echo, setup),
	    cmocka_unit_test_setup(test_slave_reboot, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
