/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The seed's trace (SPEC section 4): in the lockstep harness, the handshake
 * and one echo must be exactly the 18 handshake steps in order, then the 8
 * echo steps in order, and nothing else, for every scheduler seed. Checked
 * for the whole stack (the echo on a session, as amp-sim runs it: control
 * traffic stays out of the trace) and for the link layer alone (the echo on
 * the default endpoint).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/amp.h"
#include "amp/crc.h"
#include "amp/session.h"
#include "amp/trace.h"
#include "amp_test.h"

#define M	  AMP_ROLE_MASTER
#define S	  AMP_ROLE_SLAVE
#define MAX_STEPS 20000u

static const char *const handshake_steps[18] = {
    "m.clear_virtio_status",
    "m.setup_virtio_region",
    "m.setup_ipm",
    "m.setup_vrings",
    "m.rpmsg_virtio_init_shm_pool",
    "m.rpmsg_init_vdev",
    "m.wait_for_slave_response_from_ns_setup",
    "s.setup_virtio_region",
    "s.setup_ipm",
    "s.setup_vrings",
    "s.rpmsg_virtio_init_shm_pool",
    "s.rpmsg_init_vdev",
    "s.ready",
    "s.register<ept=default>",
    "s.ipm_notify",
    "m.ipm_notified",
    "m.bind<ept=default>",
    "m.ready",
};

static const char *const echo_steps[8] = {
    "m.send(msg)", "m.ipm_notify", "s.ipm_notified", "s.recv(msg)",
    "s.send(msg)", "s.ipm_notify", "m.ipm_notified", "m.recv(msg)",
};

/* Seeds 1..SEED_RUN, then a few far-away ones. */
#define SEED_RUN 16u
static const uint64_t seeds_extra[] = {42u, 1000003u, 0xDEADBEEFull, 0xFFFFFFFFFFFFFFFFull};
#define NSEEDS (SEED_RUN + sizeof(seeds_extra) / sizeof(seeds_extra[0]))

static uint64_t seed_at(size_t i)
{
	return i < SEED_RUN ? (uint64_t)i + 1u : seeds_extra[i - SEED_RUN];
}

static struct test_trace trace;

static void assert_trace_is_seed_steps(const char *ept, uint32_t len)
{
	uint32_t i;

	if (trace.count != 26u)
		test_trace_print(&trace);
	assert_int_equal(trace.overflow, 0);
	assert_int_equal(trace.count, 26);
	for (i = 0; i < 18; i++) {
		assert_string_equal(trace.step[i], handshake_steps[i]);
		assert_int_equal(trace.role[i], trace.step[i][0] == 'm' ? M : S);
	}
	for (i = 0; i < 8; i++) {
		const char *step = echo_steps[i];

		assert_string_equal(trace.step[18 + i], step);
		assert_int_equal(trace.role[18 + i], step[0] == 'm' ? M : S);
		/* the message steps name the endpoint and the length */
		if (strstr(step, "(msg)")) {
			assert_string_equal(trace.ept[18 + i], ept);
			assert_int_equal(trace.len[18 + i], len);
		} else {
			assert_string_equal(trace.ept[18 + i], "");
		}
	}
}

/* ---- the whole stack: echo on a session, as amp-sim does it ---------------------- */

static struct amp_lockstep ls;

static struct {
	struct amp_session *ms;
	uint32_t echoed;
	uint32_t got;
	uint32_t got_len;
	uint8_t got_data[AMP_RPMSG_PAYLOAD_MAX];
} app;

static void slave_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	assert_int_equal(amp_session_send(s, data, len), AMP_OK);
	app.echoed++;
}

static void master_data(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)s;
	(void)priv;
	app.got++;
	app.got_len = (uint32_t)len;
	memcpy(app.got_data, data, len);
}

static const struct amp_session_ops slave_ops = {.data = slave_data};
static const struct amp_session_ops master_ops = {.data = master_data};

static void fill(uint8_t *p, uint32_t len, uint64_t seed)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 13u);
}

static void run_stack(uint64_t seed)
{
	uint8_t msg[AMP_SESSION_PAYLOAD_MAX];
	uint32_t n, len = 1u + (uint32_t)(seed % AMP_SESSION_PAYLOAD_MAX);

	memset(&app, 0, sizeof(app));
	assert_int_equal(amp_lockstep_init(&ls, seed), AMP_OK);
	test_trace_attach(&ls, &trace);
	assert_int_equal(amp_lockstep_boot(&ls, M), AMP_OK);
	assert_int_equal(
	    amp_session_open(amp_sessions(&ls.amp[M]), "echo", &master_ops, NULL, &app.ms), AMP_OK);
	test_run_alone(&ls, M, 10000u);
	assert_int_equal(amp_lockstep_boot(&ls, S), AMP_OK);
	assert_int_equal(amp_session_listen(amp_sessions(&ls.amp[S]), "echo", &slave_ops, NULL),
			 AMP_OK);
	for (n = 0; n < MAX_STEPS && !amp_session_is_established(app.ms); n++)
		amp_lockstep_step(&ls, amp_lockstep_pick(&ls));
	assert_true(amp_session_is_established(app.ms));
	assert_int_equal(trace.count, 18);
	fill(msg, len, seed);
	assert_int_equal(amp_session_send(app.ms, msg, len), AMP_OK);
	for (n = 0; n < MAX_STEPS && !app.got; n++)
		amp_lockstep_step(&ls, amp_lockstep_pick(&ls));
	assert_int_equal(app.echoed, 1);
	assert_int_equal(app.got, 1);
	assert_int_equal(app.got_len, len);
	assert_memory_equal(app.got_data, msg, len);
	/* the trace is the rpmsg layer's: the message with its session data header */
	assert_trace_is_seed_steps("echo", len + AMP_SESS_DATA_HDR_SIZE);
	amp_lockstep_fini(&ls);
}

static void trace_stack_session_echo(void **state)
{
	size_t i;

	(void)state;
	if (!AMP_CFG_TRACE)
		skip();
	for (i = 0; i < NSEEDS; i++)
		run_stack(seed_at(i));
}

/* ---- the link layer alone: echo on the default endpoint -------------------------- */

static struct test_pair pr;

static int link_slave_echo(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)src;
	(void)priv;
	assert_int_equal(amp_rpmsg_try_send(ept, data, len), AMP_OK);
	app.echoed++;
	return 0;
}

static int link_master_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)src;
	(void)priv;
	app.got++;
	app.got_len = (uint32_t)len;
	memcpy(app.got_data, data, len);
	return 0;
}

static void run_link(uint64_t seed)
{
	uint8_t msg[AMP_RPMSG_PAYLOAD_MAX];
	uint32_t n, len = AMP_RPMSG_PAYLOAD_MAX - (uint32_t)(seed % 64u);

	memset(&app, 0, sizeof(app));
	assert_int_equal(test_pair_init(&pr, seed), AMP_OK);
	test_trace_attach(&pr.ls, &trace);
	assert_true(test_pair_handshake(&pr));
	amp_link_set_default_cb(&pr.link[M], link_master_rx, NULL);
	amp_link_set_default_cb(&pr.link[S], link_slave_echo, NULL);
	/* a few idle polls of both: nothing is traced while nothing happens */
	test_pair_random(&pr, 50);
	assert_int_equal(trace.count, 18);
	fill(msg, len, seed);
	assert_int_equal(amp_rpmsg_try_send(pr.link[M].default_ept, msg, len), AMP_OK);
	for (n = 0; n < MAX_STEPS && !app.got; n++)
		test_pair_step(&pr, test_pair_pick(&pr));
	assert_int_equal(app.got, 1);
	assert_int_equal(app.got_len, len);
	assert_memory_equal(app.got_data, msg, len);
	assert_trace_is_seed_steps("default", len);
	test_pair_fini(&pr);
}

static void trace_link_default_echo(void **state)
{
	size_t i;

	(void)state;
	if (!AMP_CFG_TRACE)
		skip();
	for (i = 0; i < NSEEDS; i++)
		run_link(seed_at(i));
}

/* ---- bad arguments (trace.h, and the other src/common helpers: crc.h, errors.h) ---- */

#if AMP_CFG_TRACE
static uint32_t hook_calls;

static void count_trace(void *ctx, const char *step, const char *ept, uint32_t len)
{
	(void)ctx;
	(void)ept;
	(void)len;
	assert_non_null(step);
	hook_calls++;
}
#endif

static void test_trace_rejects_bad_args(void **state)
{
#if AMP_CFG_TRACE
	static const struct amp_port_ops no_hook = {0};
	static const struct amp_port_ops hook = {.trace = count_trace};
	struct amp_port port = {0};

	(void)state;
	hook_calls = 0;
	amp_trace_emit(NULL, "m.ready", NULL, 0);
	amp_trace_emit_ept(NULL, "m.bind", "default");
	/* a zeroed port, then one without a trace hook */
	amp_trace_emit(&port, "m.ready", NULL, 0);
	amp_trace_emit_ept(&port, "m.bind", "default");
	port.ops = &no_hook;
	amp_trace_emit(&port, "m.ready", NULL, 0);
	amp_trace_emit_ept(&port, "m.bind", "default");
	/* NULL names: nothing traced, nothing read through them */
	port.ops = &hook;
	amp_trace_emit(&port, NULL, "default", 3);
	amp_trace_emit_ept(&port, NULL, "default");
	amp_trace_emit_ept(&port, "m.bind", NULL);
	assert_int_equal(hook_calls, 0);
	/* the hook works: the calls above were refused, not lost */
	amp_trace_emit(&port, "m.ready", NULL, 0);
	amp_trace_emit_ept(&port, "m.bind", "default");
	assert_int_equal(hook_calls, 2);
#else
	(void)state;
	skip();
#endif
}

static void test_crc_rejects_bad_args(void **state)
{
	(void)state;
	/* NULL data is no data, whatever len says */
	assert_int_equal(amp_crc32(0, NULL, 0), 0);
	assert_int_equal(amp_crc32(0x12345678u, NULL, 9), 0x12345678u);
	assert_int_equal(amp_crc32(amp_crc32(0, "1234", 4), NULL, SIZE_MAX),
			 amp_crc32(0, "1234", 4));
}

static void test_errors_strerror_any_code(void **state)
{
	const int odd[] = {1, 42, AMP_ERANGE - 1, -1000, INT32_MIN, INT32_MAX};
	size_t i;
	int e;

	(void)state;
	for (e = AMP_ERANGE; e <= AMP_OK; e++)
		assert_int_equal(strncmp(amp_strerror(e), "AMP_", 4), 0);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		assert_string_equal(amp_strerror(odd[i]), "AMP_E?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(trace_stack_session_echo),
	    cmocka_unit_test(trace_link_default_echo),
	    cmocka_unit_test(test_trace_rejects_bad_args),
	    cmocka_unit_test(test_crc_rejects_bad_args),
	    cmocka_unit_test(test_errors_strerror_any_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
