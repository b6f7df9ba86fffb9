/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The link layer: the link block (crc, magic, version, geometry), both
 * handshake state machines one step at a time, and startup safety: a slave
 * must never attach to (or touch the rings of) a region whose master epoch is
 * odd, whose block is garbage, or that changes while it reads it. Driven by
 * the lockstep harness's region, ports and virtual clock; the link layer
 * alone, without the session layer above it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/crc.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp_test.h"
#include "link/link_internal.h"

#define M   AMP_ROLE_MASTER
#define S   AMP_ROLE_SLAVE
#define NUM AMP_CFG_VRING_NUM

static struct test_pair pr;
static struct test_trace trace;

static int setup(void **state)
{
	(void)state;
	if (test_pair_init(&pr, 3))
		return -1;
	test_trace_attach(&pr.ls, &trace);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_pair_fini(&pr);
	return 0;
}

static volatile struct amp_link_block *blk(void)
{
	return (volatile struct amp_link_block *)(volatile void *)(pr.ls.shm.region +
								   AMP_SHM_LINK_OFF);
}

static uint8_t status(void)
{
	return amp_rd8(pr.ls.shm.region + AMP_RSC_STATUS_OFF);
}

static struct amp_link *lm(void)
{
	return &pr.link[M];
}

static struct amp_link *lsl(void)
{
	return &pr.link[S];
}

/* ---- region snapshots: what the slave may write is its own line only ---- */

static uint8_t snap[AMP_CFG_SHM_SIZE];

static void snapshot(void)
{
	uint32_t i;

	for (i = 0; i < pr.ls.shm.size; i++)
		snap[i] = pr.ls.shm.region[i];
}

static int in_slave_line(uint32_t off)
{
	return off >= AMP_SHM_LINK_OFF + 64u && off < AMP_SHM_LINK_OFF + 128u;
}

/* Nothing but the slave's line of the link block changed since snapshot(). */
static void assert_only_slave_line_changed(void)
{
	uint32_t i;

	for (i = 0; i < pr.ls.shm.size; i++)
		if (!in_slave_line(i) && snap[i] != pr.ls.shm.region[i]) {
			print_error("region byte 0x%x changed: 0x%02x -> 0x%02x\n", i, snap[i],
				    pr.ls.shm.region[i]);
			fail();
		}
}

/* Step one role once; check the state it lands in and the steps it traced. */
static void step_expect(enum amp_role r, uint8_t state_after, const char *const *steps)
{
	uint32_t before = trace.count, n = 0;

	test_pair_step(&pr, r);
	assert_int_equal(pr.link[r].state, state_after);
	if (!AMP_CFG_TRACE)
		return;
	for (; steps && steps[n]; n++) {
		assert_true(before + n < trace.count);
		assert_string_equal(trace.step[before + n], steps[n]);
	}
	assert_int_equal(trace.count, before + n);
}

#define STEPS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- link block -------------------------------------------------------- */

static void crc32_check_value(void **state)
{
	(void)state;
	assert_int_equal(amp_crc32(0, "123456789", 9), 0xCBF43926u);
	assert_int_equal(amp_crc32(0, "", 0), 0);
	/* continuing a crc = one crc over the concatenation */
	assert_int_equal(amp_crc32(amp_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
}

/* Publish a layout with a master that stops right after m.setup_virtio_region. */
static void publish_layout(void)
{
	assert_int_equal(test_pair_boot(&pr, M), AMP_OK);
	test_pair_step(&pr, M);
	test_pair_step(&pr, M);
	assert_int_equal(lm()->state, AMP_LM_SETUP_IPM);
	pr.running[M] = 0;
}

static void rewrite_crc(void)
{
	amp_wr32(&blk()->crc, amp_link_block_crc(blk()));
}

static void link_block_check(void **state)
{
	volatile struct amp_link_block *b = blk();
	const uint32_t size = pr.ls.shm.size;

	(void)state;
	/* an all-zero region is not a link block */
	assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);
	publish_layout();
	assert_int_equal(amp_link_block_check(b, size), AMP_OK);
#if AMP_CFG_VRING_NUM == 16 && AMP_CFG_VRING_ALIGN == 64 && AMP_CFG_BUF_SIZE == 512 &&             \
    AMP_CFG_SHM_SIZE == 0x10000
	/* computed independently: zlib.crc32 of the 28 little-endian bytes */
	assert_int_equal(amp_link_block_crc(b), 0x72E07626u);
#endif
	/* live fields are not under the crc */
	amp_wr32(&b->master_epoch, 12345);
	amp_wr32(&b->master_seen_slave, 7);
	amp_wr32(&b->slave_epoch, 99);
	amp_wr32(&b->slave_ack, 98);
	assert_int_equal(amp_link_block_check(b, size), AMP_OK);
	/* the region size both cores were built for */
	assert_int_equal(amp_link_block_check(b, size / 2u), AMP_EPROTO);

	amp_wr32(&b->magic, AMP_LINK_MAGIC ^ 1u);
	assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);
	rewrite_crc();
	assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);
	amp_wr32(&b->magic, AMP_LINK_MAGIC);
	rewrite_crc();
	assert_int_equal(amp_link_block_check(b, size), AMP_OK);

	amp_wr16(&b->layout_version, AMP_LAYOUT_VERSION + 1u);
	rewrite_crc();
	assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);
	amp_wr16(&b->layout_version, AMP_LAYOUT_VERSION);
	rewrite_crc();

	/* crc: a flipped bit in the crc, or in any covered byte */
	amp_wr32(&b->crc, amp_rd32(&b->crc) ^ 0x100u);
	assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);
	rewrite_crc();
	{
		volatile uint8_t *raw = pr.ls.shm.region + AMP_SHM_LINK_OFF;
		uint32_t i;

		for (i = 0; i < AMP_LINK_CRC_LEN; i++) {
			raw[i] ^= 0x10u;
			assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);
			raw[i] ^= 0x10u;
		}
		assert_int_equal(amp_link_block_check(b, size), AMP_OK);
	}
}

/* A block with a right crc for a geometry this build does not have. */
static void link_block_geometry(void **state)
{
	volatile struct amp_link_block *b = blk();
	const uint32_t size = pr.ls.shm.size;

	(void)state;
	publish_layout();
#define TRY16(field, v)                                                                            \
	do {                                                                                       \
		uint16_t keep = amp_rd16(&b->field);                                               \
		amp_wr16(&b->field, (uint16_t)(v));                                                \
		rewrite_crc();                                                                     \
		assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);                       \
		amp_wr16(&b->field, keep);                                                         \
		rewrite_crc();                                                                     \
		assert_int_equal(amp_link_block_check(b, size), AMP_OK);                           \
	} while (0)
#define TRY32(field, v)                                                                            \
	do {                                                                                       \
		uint32_t keep = amp_rd32(&b->field);                                               \
		amp_wr32(&b->field, (uint32_t)(v));                                                \
		rewrite_crc();                                                                     \
		assert_int_equal(amp_link_block_check(b, size), AMP_EPROTO);                       \
		amp_wr32(&b->field, keep);                                                         \
		rewrite_crc();                                                                     \
		assert_int_equal(amp_link_block_check(b, size), AMP_OK);                           \
	} while (0)
	TRY16(vring_num, NUM * 2u);
	TRY16(buf_size, AMP_CFG_BUF_SIZE / 2u);
	TRY16(vring_align, AMP_CFG_VRING_ALIGN * 2u);
	TRY32(shm_size, size + 4096u);
	TRY32(vring0_off, AMP_SHM_VRING0_OFF + 64u);
	TRY32(vring1_off, AMP_SHM_VRING1_OFF - 64u);
	TRY32(pool_off, AMP_SHM_POOL_OFF + AMP_CFG_BUF_SIZE);
	TRY32(pool_off, 0xFFFFFFFFu);
#undef TRY16
#undef TRY32
}

static void link_init_checks(void **state)
{
	struct amp_link l;
	struct amp_port p = pr.ls.port[M].port;
	struct amp_port_ops ops = *p.ops;

	(void)state;
	assert_int_equal(amp_link_init(NULL, &p, M), AMP_EINVAL);
	assert_int_equal(amp_link_init(&l, NULL, M), AMP_EINVAL);
	assert_int_equal(amp_link_init(&l, &p, (enum amp_role)2), AMP_EINVAL);
	p.ops = &ops;
	ops.notify = NULL;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_EINVAL);
	ops = *pr.ls.port[M].port.ops;
	ops.ipm_take = NULL;
	assert_int_equal(amp_link_init(&l, &p, S), AMP_EINVAL);
	ops = *pr.ls.port[M].port.ops;
	ops.now_ms = NULL;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_EINVAL);
	ops = *pr.ls.port[M].port.ops;
	p.shm_size = AMP_SHM_LAYOUT_END - 1u;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_ERANGE);
	p.shm_size = pr.ls.shm.size;
	p.shm = pr.ls.shm.region + 4;
	p.shm_size -= 4;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_ERANGE);
	p = pr.ls.port[M].port;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_OK);
	assert_int_equal(amp_link_poll(NULL), AMP_EINVAL);
	assert_false(amp_link_is_ready(NULL));
}

/* ---- the state machines, step by step ---------------------------------------- */

static void master_states_in_order(void **state)
{
	volatile struct amp_link_block *b = blk();
	uint32_t i, before;

	(void)state;
	assert_int_equal(test_pair_boot(&pr, M), AMP_OK);
	assert_int_equal(lm()->state, AMP_LM_BOOT);
	/* a fresh (zeroed) region: nobody to wait for */
	step_expect(M, AMP_LM_SETUP_REGION, STEPS("m.clear_virtio_status"));
	assert_int_equal(amp_rd32(&b->master_epoch), 1);
	assert_int_equal(status(), 0);
	assert_int_equal(pr.ls.shm.mbox->bell[S], 1);
	step_expect(M, AMP_LM_SETUP_IPM, STEPS("m.setup_virtio_region"));
	assert_int_equal(amp_link_block_check(b, pr.ls.shm.size), AMP_OK);
	assert_int_equal(amp_rd32(&b->master_seen_slave), AMP_LINK_ACK_NONE);
	step_expect(M, AMP_LM_SETUP_VRINGS, STEPS("m.setup_ipm"));
	step_expect(M, AMP_LM_INIT_POOL, STEPS("m.setup_vrings"));
	assert_int_equal(amp_rd32(&b->master_epoch), 1);
	step_expect(M, AMP_LM_INIT_VDEV, STEPS("m.rpmsg_virtio_init_shm_pool"));
	/* every receive buffer posted */
	assert_int_equal(lm()->rpmsg.rx.in_flight, NUM);
	assert_int_equal(status(), 0);
	pr.ls.shm.mbox->bell[S] = 0;
	step_expect(M, AMP_LM_WAIT_NS,
		    STEPS("m.rpmsg_init_vdev", "m.wait_for_slave_response_from_ns_setup"));
	assert_int_equal(amp_rd32(&b->master_epoch), 2);
	assert_int_equal(status(), AMP_LINK_STATUS_OK);
	assert_int_equal(pr.ls.shm.mbox->bell[S], 1);
	/* no slave: it waits, as a state, and every poll returns */
	before = trace.count;
	for (i = 0; i < 1000; i++)
		assert_int_equal(test_pair_step(&pr, M), 0);
	assert_int_equal(lm()->state, AMP_LM_WAIT_NS);
	assert_int_equal(trace.count, before);
	assert_false(amp_link_is_ready(lm()));
	assert_int_equal(lm()->stats.reinits, 1);
	assert_int_equal(lm()->stats.ack_timeouts, 0);
}

static struct {
	uint32_t up, down, last_reason;
} ev[2];

static void event_cb(struct amp_link *l, int up, int reason, void *priv)
{
	(void)l;
	(void)priv;
	if (up) {
		ev[l->role].up++;
	} else {
		ev[l->role].down++;
		ev[l->role].last_reason = (uint32_t)reason;
	}
}

static void boot(enum amp_role r)
{
	assert_int_equal(test_pair_boot(&pr, r), AMP_OK);
	amp_link_set_event_cb(&pr.link[r], event_cb, NULL);
}

static void slave_states_in_order(void **state)
{
	volatile struct amp_link_block *b = blk();

	(void)state;
	memset(ev, 0, sizeof(ev));
	boot(M);
	test_pair_alone(&pr, M, 1000);
	assert_int_equal(lm()->state, AMP_LM_WAIT_NS);
	boot(S);
	step_expect(S, AMP_LS_SETUP_IPM, STEPS("s.setup_virtio_region"));
	/* the doorbells the master rang before we booted are stale: dropped here */
	assert_int_equal(pr.ls.shm.mbox->bell[S], 1);
	step_expect(S, AMP_LS_SETUP_VRINGS, STEPS("s.setup_ipm"));
	assert_int_equal(pr.ls.shm.mbox->bell[S], 0);
	step_expect(S, AMP_LS_INIT_POOL, STEPS("s.setup_vrings"));
	step_expect(S, AMP_LS_INIT_VDEV,
		    STEPS("s.rpmsg_virtio_init_shm_pool", "s.rpmsg_init_vdev"));
	assert_int_equal(lsl()->rpmsg.up, 0);
	step_expect(S, AMP_LS_ATTACHED, NULL);
	assert_int_equal(lsl()->rpmsg.up, 1);
	assert_int_equal(lsl()->epoch, 2);
	assert_int_equal(amp_rd32(&b->slave_ack), 2);
	assert_int_equal(amp_rd32(&b->slave_epoch), 1);
	step_expect(S, AMP_LS_REGISTER, STEPS("s.ready"));
	step_expect(S, AMP_LS_READY, STEPS("s.register<ept=default>", "s.ipm_notify"));
	assert_true(amp_link_is_ready(lsl()));
	assert_int_equal(ev[S].up, 1);
	/* the master binds the default endpoint and is ready */
	step_expect(M, AMP_LM_READY, STEPS("m.ipm_notified", "m.bind<ept=default>", "m.ready"));
	assert_true(amp_link_is_ready(lm()));
	assert_int_equal(ev[M].up, 1);
	assert_int_equal(lm()->default_ept->dest, lsl()->default_ept->addr);
	assert_int_equal(amp_link_epoch(lm()), 2);
	assert_int_equal(amp_link_epoch(lsl()), 2);
	/* idle from here on; the master binds the slave epoch once the announcement is in */
	assert_int_equal(test_pair_step(&pr, M), 0);
	assert_int_equal(amp_rd32(&b->master_seen_slave), 1);
	assert_int_equal(test_pair_step(&pr, S), 0);
	assert_int_equal(ev[M].down + ev[S].down, 0);
}

/* ---- startup safety ------------------------------------------------------------ */

/* Run the slave alone for n polls; it must stay in s.rpmsg_init_vdev, off the rings. */
static void slave_stays_off(uint32_t n)
{
	uint32_t i;

	snapshot();
	for (i = 0; i < n; i++) {
		test_pair_step(&pr, S);
		assert_int_equal(lsl()->state, AMP_LS_INIT_VDEV);
		assert_int_equal(lsl()->rpmsg.up, 0);
	}
	assert_only_slave_line_changed();
}

static void slave_waits_while_master_epoch_odd(void **state)
{
	volatile struct amp_link_block *b = blk();
	uint32_t i;

	(void)state;
	/* the master set up everything but m.rpmsg_init_vdev: epoch still odd */
	boot(M);
	for (i = 0; i < 5; i++)
		test_pair_step(&pr, M);
	assert_int_equal(lm()->state, AMP_LM_INIT_VDEV);
	assert_int_equal(amp_rd32(&b->master_epoch) & 1u, 1);
	/* even with a status byte that already says DRIVER_OK */
	amp_wr8(pr.ls.shm.region + AMP_RSC_STATUS_OFF, AMP_LINK_STATUS_OK);
	boot(S);
	test_pair_steps(&pr, S, 4);
	slave_stays_off(500);
	/* it said so: the odd epoch is acknowledged */
	assert_int_equal(amp_rd32(&b->slave_ack), amp_rd32(&b->master_epoch));
	assert_int_equal(amp_rd32(&b->slave_epoch), 0);
	/* once the epoch is even the slave attaches */
	test_pair_step(&pr, M);
	assert_int_equal(test_pair_until_ready(&pr, 10000), 1);
	assert_int_equal(lsl()->epoch, 2);
}

static void slave_ignores_garbage(void **state)
{
	uint32_t seed;

	(void)state;
	for (seed = 1; seed <= 24; seed++) {
		amp_posix_shm_scramble(&pr.ls.shm, seed);
		/* half of the runs with an even epoch, so the block check is what stops it */
		if (seed & 1u)
			amp_wr32(&blk()->master_epoch, amp_rd32(&blk()->master_epoch) & ~1u);
		/* and a status that claims DRIVER_OK */
		amp_wr8(pr.ls.shm.region + AMP_RSC_STATUS_OFF, 0xFF);
		boot(S);
		test_pair_steps(&pr, S, 4);
		slave_stays_off(200);
		if (seed & 1u)
			assert_true(lsl()->stats.bad_block > 0);
	}
}

/* A right link block with DRIVER_OK and an even epoch, but a resource table to refuse. */
static void slave_refuses_bad_resource_table(void **state)
{
	volatile uint8_t *rsc = pr.ls.shm.region + AMP_SHM_RSC_OFF;
	const uint32_t offs[] = {
	    0,	     /* version */
	    20 + 4,  /* virtio id */
	    20 + 12, /* features */
	    20 + 25, /* number of vrings */
	    20 + 28, /* vring0 da */
	    20 + 36, /* vring0 num */
	    20 + 52, /* vring1 align */
	    20 + 48, /* vring1 da */
	};
	uint32_t i;

	(void)state;
	boot(M);
	test_pair_alone(&pr, M, 1000);
	assert_int_equal(lm()->state, AMP_LM_WAIT_NS);
	pr.running[M] = 0;
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		uint8_t keep = rsc[offs[i]];

		rsc[offs[i]] = (uint8_t)(keep ^ 0x03u);
		boot(S);
		test_pair_steps(&pr, S, 4);
		slave_stays_off(20);
		assert_true(lsl()->stats.bad_rsc > 0);
		rsc[offs[i]] = keep;
	}
	/* a status with FAILED set is not OK either */
	amp_wr8(rsc + AMP_RSC_STATUS_OFF, AMP_LINK_STATUS_OK | AMP_VIRTIO_S_FAILED);
	boot(S);
	test_pair_steps(&pr, S, 4);
	slave_stays_off(20);
	amp_wr8(rsc + AMP_RSC_STATUS_OFF, AMP_LINK_STATUS_OK);
	test_pair_step(&pr, S);
	assert_int_equal(lsl()->state, AMP_LS_ATTACHED);
}

/* ---- torn read: the master epoch moves while the slave reads ------------------ */

static struct {
	int armed;
	uint32_t set_epoch;
	uint32_t fired;
} tear;

static const struct amp_port_ops *posix_ops;

static void tearing_invalidate(void *ctx, const volatile void *addr, size_t len)
{
	(void)len;
	/* the slave invalidates the resource table just before it copies it */
	if (tear.armed && addr == (const volatile void *)(pr.ls.shm.region + AMP_SHM_RSC_OFF)) {
		tear.armed = 0;
		tear.fired++;
		amp_wr32(&blk()->master_epoch, tear.set_epoch);
	}
	if (posix_ops->cache_invalidate)
		posix_ops->cache_invalidate(ctx, addr, len);
}

static struct amp_port_ops tearing_ops;

static void boot_tearing_slave(void)
{
	posix_ops = pr.ls.port[S].port.ops;
	tearing_ops = *posix_ops;
	tearing_ops.cache_invalidate = tearing_invalidate;
	pr.ls.port[S].port.ops = &tearing_ops;
	memset(&tear, 0, sizeof(tear));
	boot(S);
	test_pair_steps(&pr, S, 4);
	assert_int_equal(lsl()->state, AMP_LS_INIT_VDEV);
}

static void torn_read_retries(void **state)
{
	(void)state;
	boot(M);
	test_pair_alone(&pr, M, 1000);
	assert_int_equal(amp_rd32(&blk()->master_epoch), 2);
	boot_tearing_slave();
	/* the epoch moves on (2 -> 4) between the two reads: no attach this time */
	tear.armed = 1;
	tear.set_epoch = 4;
	test_pair_step(&pr, S);
	assert_int_equal(tear.fired, 1);
	assert_int_equal(lsl()->stats.torn_reads, 1);
	assert_int_equal(lsl()->state, AMP_LS_INIT_VDEV);
	assert_int_equal(lsl()->rpmsg.up, 0);
	assert_int_equal(amp_rd32(&blk()->slave_ack), 0);
	/* the next read is stable: it attaches, to the epoch it read */
	test_pair_step(&pr, S);
	assert_int_equal(lsl()->state, AMP_LS_ATTACHED);
	assert_int_equal(lsl()->epoch, 4);
	assert_int_equal(lsl()->stats.torn_reads, 1);
	/* the master (still at 2) sees a slave it did not expect and starts over: both converge */
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	assert_int_equal(lsl()->epoch, amp_rd32(&blk()->master_epoch));
	assert_int_equal(lm()->epoch, lsl()->epoch);
}

static void torn_read_master_reinitialising(void **state)
{
	(void)state;
	boot(M);
	test_pair_alone(&pr, M, 1000);
	pr.running[M] = 0;
	boot_tearing_slave();
	/* the master starts a re-initialisation (odd epoch) while the slave reads */
	tear.armed = 1;
	tear.set_epoch = 3;
	test_pair_step(&pr, S);
	assert_int_equal(lsl()->stats.torn_reads, 1);
	assert_int_equal(lsl()->rpmsg.up, 0);
	/* then it keeps off, and acknowledges the odd epoch */
	slave_stays_off(50);
	assert_int_equal(amp_rd32(&blk()->slave_ack), 3);
	assert_int_equal(amp_rd32(&blk()->slave_epoch), 0);
}

/* ---- boot orders and reboots ------------------------------------------------------ */

static void slave_boots_first(void **state)
{
	static const char *const handshake[] = {
	    "s.setup_virtio_region",
	    "s.setup_ipm",
	    "s.setup_vrings",
	    "s.rpmsg_virtio_init_shm_pool",
	    "s.rpmsg_init_vdev",
	    "m.clear_virtio_status",
	    "m.setup_virtio_region",
	    "m.setup_ipm",
	    "m.setup_vrings",
	    "m.rpmsg_virtio_init_shm_pool",
	    "m.rpmsg_init_vdev",
	    "m.wait_for_slave_response_from_ns_setup",
	    "s.ready",
	    "s.register<ept=default>",
	    "s.ipm_notify",
	    "m.ipm_notified",
	    "m.bind<ept=default>",
	    "m.ready",
	};
	uint32_t i, n = 0;

	(void)state;
	boot(S);
	snapshot();
	test_pair_steps(&pr, S, 300);
	assert_int_equal(lsl()->state, AMP_LS_INIT_VDEV);
	assert_int_equal(trace.count, AMP_CFG_TRACE ? 5 : 0);
	assert_only_slave_line_changed();
	boot(M);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	/* a doorbell the master rang while the slave waited may show as s.ipm_notified */
	for (i = 0; i < trace.count; i++) {
		if (!strcmp(trace.step[i], "s.ipm_notified") && n < 12)
			continue;
		assert_true(n < sizeof(handshake) / sizeof(handshake[0]));
		assert_string_equal(trace.step[i], handshake[n]);
		n++;
	}
	assert_int_equal(n, AMP_CFG_TRACE ? sizeof(handshake) / sizeof(handshake[0]) : 0);
	assert_int_equal(lm()->stats.ack_timeouts, 0);
	assert_int_equal(lm()->stats.reinits, 1);
}

static void slave_previous_life_asks_for_reinit(void **state)
{
	volatile struct amp_link_block *b = blk();
	uint32_t i;

	(void)state;
	memset(ev, 0, sizeof(ev));
	boot(M);
	test_pair_alone(&pr, M, 1000);
	boot(S);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	assert_int_equal(amp_rd32(&b->slave_ack), 2);
	assert_int_equal(amp_rd32(&b->slave_epoch), 1);
	/* the slave reboots; the master keeps running but is not polled yet */
	boot(S);
	pr.ls.shm.mbox->bell[M] = 0;
	test_pair_steps(&pr, S, 4);
	snapshot();
	for (i = 0; i < 100; i++) {
		test_pair_step(&pr, S);
		assert_int_equal(lsl()->state, AMP_LS_INIT_VDEV);
		assert_int_equal(lsl()->rpmsg.up, 0);
	}
	/* the rings were not its to continue: it did not touch them, and asked once */
	assert_only_slave_line_changed();
	assert_int_equal(amp_rd32(&b->slave_ack), AMP_LINK_ACK_NONE);
	assert_int_equal(amp_rd32(&b->slave_epoch), 2);
	assert_int_equal(pr.ls.shm.mbox->bell[M], 1);
	/* the master re-initialises under a new epoch; the slave attaches to that */
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	assert_int_equal(amp_rd32(&b->master_epoch), 4);
	assert_int_equal(lsl()->epoch, 4);
	assert_int_equal(lm()->stats.reinits, 2);
	assert_int_equal(lm()->stats.peer_resets, 1);
	assert_int_equal(ev[M].up, 2);
	assert_int_equal(ev[M].down, 1);
	assert_int_equal(ev[M].last_reason, AMP_LINK_DOWN_PEER_RESET);
	assert_int_equal(lm()->default_ept->dest, lsl()->default_ept->addr);
}

static void master_ack_timeout_slave_absent(void **state)
{
	uint32_t t0, steps = 0;

	(void)state;
	boot(M);
	test_pair_alone(&pr, M, 1000);
	boot(S);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	/* the slave hangs; the master reboots */
	pr.running[S] = 0;
	boot(M);
	t0 = pr.ls.now_ms;
	step_expect(M, AMP_LM_WAIT_SLAVE_ACK, STEPS("m.clear_virtio_status"));
	assert_int_equal(amp_rd32(&blk()->master_epoch), 3);
	while (lm()->state == AMP_LM_WAIT_SLAVE_ACK) {
		int work;

		assert_true(steps < 10000u);
		work = test_pair_step(&pr, M);
		steps++;
		if (lm()->state == AMP_LM_WAIT_SLAVE_ACK) {
			/* waiting is a state: the poll returns, idle */
			assert_int_equal(work, 0);
			assert_true(pr.ls.now_ms - t0 <= AMP_CFG_LINK_ACK_TIMEOUT_MS);
		}
	}
	assert_true(pr.ls.now_ms - t0 >= AMP_CFG_LINK_ACK_TIMEOUT_MS);
	assert_int_equal(lm()->state, AMP_LM_SETUP_REGION);
	assert_int_equal(lm()->stats.ack_timeouts, 1);
	/* and goes on to wait for a slave, as after a cold start */
	test_pair_alone(&pr, M, 1000);
	assert_int_equal(lm()->state, AMP_LM_WAIT_NS);
	assert_int_equal(amp_rd32(&blk()->master_epoch), 4);
}

static void master_reboot_slave_acknowledges(void **state)
{
	(void)state;
	memset(ev, 0, sizeof(ev));
	boot(M);
	test_pair_alone(&pr, M, 1000);
	boot(S);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	boot(M);
	test_pair_step(&pr, M);
	assert_int_equal(lm()->state, AMP_LM_WAIT_SLAVE_ACK);
	/* the running slave lets go at once: no timeout */
	test_pair_step(&pr, S);
	assert_int_equal(amp_rd32(&blk()->slave_ack), 3);
	assert_int_equal(lsl()->rpmsg.up, 0);
	assert_int_equal(ev[S].down, 1);
	assert_int_equal(ev[S].last_reason, AMP_LINK_DOWN_PEER_RESET);
	test_pair_step(&pr, M);
	assert_int_equal(lm()->state, AMP_LM_SETUP_REGION);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	assert_int_equal(lm()->stats.ack_timeouts, 0);
	assert_int_equal(lsl()->epoch, 4);
	assert_int_equal(lsl()->stats.peer_resets, 1);
	assert_int_equal(ev[S].up, 2);
}

/* ---- argument checks (docs/security.md): every public call of link.h and amp_posix.h ---- */

static int dummy_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)src;
	(void)priv;
	return 0;
}

static void test_link_rejects_bad_args(void **state)
{
	static struct amp_link z, l;
	struct amp_port p = pr.ls.port[M].port;
	static const struct amp_port_ops no_ops;
	int priv = 0;

	(void)state;
	/* amp_link_init: what link_init_checks does not cover */
	p.ops = NULL;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_EINVAL);
	p.ops = &no_ops;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_EINVAL);
	p = pr.ls.port[M].port;
	p.shm = NULL;
	assert_int_equal(amp_link_init(&l, &p, M), AMP_EINVAL);

	/* NULL */
	assert_int_equal(amp_link_poll(NULL), AMP_EINVAL);
	assert_int_equal(amp_link_is_ready(NULL), 0);
	amp_link_set_default_cb(NULL, dummy_rx, &priv);
	amp_link_set_event_cb(NULL, event_cb, &priv);
	assert_int_equal(amp_link_epoch(NULL), 0);
	amp_link_restart(NULL);
	assert_int_equal(amp_link_block_crc(NULL), 0);
	assert_int_equal(amp_link_block_check(NULL, pr.ls.shm.size), AMP_EINVAL);

	/* a zeroed (never initialised) link: refused, and left as it was */
	memset(&z, 0, sizeof(z));
	assert_int_equal(amp_link_poll(&z), AMP_EINVAL);
	assert_int_equal(amp_link_is_ready(&z), 0);
	assert_int_equal(amp_link_epoch(&z), 0);
	amp_link_set_default_cb(&z, dummy_rx, &priv);
	amp_link_set_event_cb(&z, event_cb, &priv);
	amp_link_restart(&z);
	assert_true(test_all_zero(&z, sizeof(z)));

	/* the same calls on an initialised link do their work */
	assert_int_equal(amp_link_init(&l, &pr.ls.port[M].port, M), AMP_OK);
	amp_link_set_default_cb(&l, dummy_rx, &priv);
	amp_link_set_event_cb(&l, event_cb, &priv);
	assert_ptr_equal(l.default_cb, dummy_rx);
	assert_ptr_equal(l.default_priv, &priv);
	assert_ptr_equal(l.event_cb, event_cb);
	assert_ptr_equal(l.event_priv, &priv);
	amp_link_restart(&l);
	assert_int_equal(l.epoch, AMP_LINK_ACK_NONE);
}

/* The POSIX port's public calls (amp_posix.h). */
static void test_link_posix_rejects_bad_args(void **state)
{
	static struct amp_posix_shm zshm, shm;
	static struct amp_posix_port pp;
	struct amp_posix_mailbox mbox;
	struct amp_link l;
	char long_name[sizeof(zshm.name) + 1];

	(void)state;
	memset(long_name, 'x', sizeof(long_name));
	long_name[0] = '/';
	long_name[sizeof(long_name) - 1u] = '\0';

	assert_int_equal(amp_posix_shm_create(NULL, "/amp-h2-bad", 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_open(NULL, "/amp-h2-bad", 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_attach(NULL, "/amp-h2-bad", 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_anon(NULL, 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_create(&shm, NULL, 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_open(&shm, "no-slash", 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_attach(&shm, long_name, 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_create(&shm, "/amp-h2-bad", 0), AMP_EINVAL);
	/* what shm_open() would refuse with EINVAL is refused first, and said why */
	assert_int_equal(amp_posix_shm_create(&shm, "/", 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_create(&shm, "/a/b", 4096), AMP_EINVAL);
	assert_int_equal(amp_posix_shm_attach(&shm, "/..", 4096), AMP_EINVAL);
	assert_non_null(amp_posix_shm_name_problem(long_name));
	long_name[AMP_POSIX_SHM_NAME_MAX] = '\0'; /* 255 characters: the longest accepted */
	assert_null(amp_posix_shm_name_problem(long_name));
	assert_null(amp_posix_shm_name_problem("/amp-h2-bad"));
	assert_int_equal(amp_posix_shm_anon(&shm, 0), AMP_EINVAL);
	/* a refused open leaves nothing mapped and no descriptor */
	assert_null(shm.region);
	assert_null(shm.map_base);
	assert_int_equal(shm.fd, -1);

	/* close, scramble, unlink, ring: NULL or not mapped is a no-op */
	amp_posix_shm_close(NULL);
	memset(&zshm, 0, sizeof(zshm));
	amp_posix_shm_close(&zshm); /* fd 0 is not ours: stdin stays open */
	assert_true(test_all_zero(&zshm, sizeof(zshm)));
	amp_posix_shm_close(&shm); /* after a refused open */
	assert_int_equal(shm.fd, -1);
	amp_posix_shm_unlink(NULL);
	amp_posix_shm_scramble(NULL, 1);
	amp_posix_shm_scramble(&zshm, 1);
	amp_posix_ring(NULL, S);
	amp_posix_ring(&zshm, S);
	assert_true(test_all_zero(&zshm, sizeof(zshm)));
	/* a role out of range would ring past bell[]: into sleeping[] */
	memcpy(&mbox, pr.ls.shm.mbox, sizeof(mbox));
	amp_posix_ring(&pr.ls.shm, (enum amp_role)2);
	assert_memory_equal(&mbox, pr.ls.shm.mbox, sizeof(mbox));

	/* port_init: pp NULL is a no-op; a bad shm or role gives a port amp_init refuses */
	amp_posix_port_init(NULL, &pr.ls.shm, M);
	memset(&pp, 0xA5, sizeof(pp));
	amp_posix_port_init(&pp, NULL, M);
	assert_null(pp.port.ops);
	assert_int_equal(amp_link_init(&l, &pp.port, M), AMP_EINVAL);
	memset(&pp, 0xA5, sizeof(pp));
	amp_posix_port_init(&pp, &zshm, M);
	assert_null(pp.port.ops);
	assert_int_equal(amp_link_init(&l, &pp.port, M), AMP_EINVAL);
	memset(&pp, 0xA5, sizeof(pp));
	amp_posix_port_init(&pp, &pr.ls.shm, (enum amp_role)2);
	assert_null(pp.port.ops);
	assert_int_equal(amp_link_init(&l, &pp.port, M), AMP_EINVAL);
	/* and a good one works */
	amp_posix_port_init(&pp, &pr.ls.shm, M);
	assert_non_null(pp.port.ops);
	assert_int_equal(amp_link_init(&l, &pp.port, M), AMP_OK);
}

static uint32_t epts_in_use(const struct amp_link *l)
{
	uint32_t i, n = 0;

	for (i = 0; i < AMP_CFG_MAX_EPT; i++)
		n += l->rpmsg.ept[i].in_use;
	return n;
}

/*
 * The peer destroys its default endpoint (a name-service DESTROY): ours stays
 * the link's, unbound, and binds again on the next announcement; no second
 * "default" endpoint, no dangling pointer.
 */
static void peer_destroys_default_ept(void **state)
{
	uint8_t ns[sizeof(struct amp_rpmsg_ns_msg)];
	struct amp_ept *mine;
	uint32_t before;

	(void)state;
	boot(M);
	boot(S);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	mine = lm()->default_ept;
	assert_non_null(mine);
	assert_true(amp_rpmsg_ept_is_bound(mine));
	before = epts_in_use(lm());

	amp_rpmsg_ns_encode(ns, AMP_LINK_DEFAULT_EPT, lsl()->default_ept->addr,
			    AMP_RPMSG_NS_DESTROY);
	assert_int_equal(
	    amp_rpmsg_try_sendto(lsl()->default_ept, AMP_RPMSG_NS_ADDR, ns, sizeof(ns)), AMP_OK);
	test_pair_steps(&pr, M, 20);
	assert_ptr_equal(lm()->default_ept, mine);
	assert_int_equal(mine->in_use, 1);
	assert_false(amp_rpmsg_ept_is_bound(mine));
	assert_int_equal(amp_rpmsg_try_send(mine, "x", 1), AMP_ENOTREADY);
	assert_int_equal(epts_in_use(lm()), before);

	assert_int_equal(amp_rpmsg_ept_announce(lsl()->default_ept), AMP_OK);
	test_pair_steps(&pr, M, 20);
	assert_ptr_equal(lm()->default_ept, mine);
	assert_true(amp_rpmsg_ept_is_bound(mine));
	assert_int_equal(epts_in_use(lm()), before);
	assert_int_equal(amp_rpmsg_try_send(mine, "x", 1), AMP_OK);
}

/* ---- a peer that breaks the rings (docs/security.md): down at once, then recovered ---- */

static volatile uint8_t *vring_at(uint32_t off)
{
	return pr.ls.shm.region + off;
}

static volatile struct amp_vring_used *used_of(uint32_t vring_off)
{
	return (volatile struct amp_vring_used *)(volatile void *)vring_at(
	    vring_off + AMP_VRING_USED_OFF(NUM, AMP_CFG_VRING_ALIGN));
}

static volatile struct amp_vring_avail *avail_of(uint32_t vring_off)
{
	return (volatile struct amp_vring_avail *)(volatile void *)vring_at(
	    vring_off + AMP_VRING_AVAIL_OFF(NUM));
}

static void ready_pair(void)
{
	memset(ev, 0, sizeof(ev));
	boot(M);
	test_pair_alone(&pr, M, 1000);
	boot(S);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	/* the master binds the slave epoch on its next look */
	test_pair_steps(&pr, M, 4);
}

/*
 * READY does not read the peer's epoch on every poll (issue 15): on a
 * doorbell that brought no message, and at least every
 * AMP_CFG_LINK_CHECK_MS. A restart that rings is seen at once, one whose
 * doorbell is lost within a period; the slave moves no message on the rings
 * in between (the master leaves them alone until the ack, docs/model.md).
 */
static void restarted_master_wait_for_ack(uint32_t *ack)
{
	/* a check now, so that the next one is a period away */
	pr.ls.now_ms += AMP_CFG_LINK_CHECK_MS;
	(void)amp_link_poll(lsl());
	assert_int_equal(lsl()->check_at, pr.ls.now_ms + AMP_CFG_LINK_CHECK_MS);
	*ack = amp_rd32(&blk()->slave_ack);
	boot(M);
	(void)amp_link_poll(lm());
	assert_int_equal(lm()->state, AMP_LM_WAIT_SLAVE_ACK);
}

static void slave_lets_go_then_ready(uint32_t ack)
{
	assert_int_not_equal(amp_rd32(&blk()->slave_ack), ack);
	assert_int_equal(lsl()->rpmsg.up, 0);
	(void)amp_link_poll(lm());
	assert_int_equal(lm()->state, AMP_LM_SETUP_REGION);
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
	assert_int_equal(lm()->stats.ack_timeouts, 0);
}

static void slave_checks_master_epoch_when_due(void **state)
{
	const struct amp_port *sp;
	uint32_t i, ack;

	(void)state;
	ready_pair();
	sp = lsl()->port;
	/* the restart's doorbell is lost: seen at the deadline, not before */
	restarted_master_wait_for_ack(&ack);
	(void)sp->ops->ipm_take(sp->ctx);
	for (i = 0; i < 100; i++)
		(void)amp_link_poll(lsl());
	assert_int_equal(amp_rd32(&blk()->slave_ack), ack);
	assert_int_equal(lsl()->state, AMP_LS_READY);
	pr.ls.now_ms += AMP_CFG_LINK_CHECK_MS;
	(void)amp_link_poll(lsl());
	slave_lets_go_then_ready(ack);
	/* the restart rings: seen at the first poll, the clock standing still */
	restarted_master_wait_for_ack(&ack);
	(void)amp_link_poll(lsl());
	slave_lets_go_then_ready(ack);
}

/* One poll of r after the ring was broken: down as a protocol error, nothing left pending. */
static void one_poll_takes_it_down(enum amp_role r)
{
	test_pair_step(&pr, r);
	assert_false(amp_link_is_ready(&pr.link[r]));
	assert_int_equal(pr.link[r].stats.ring_errors, 1);
	assert_int_equal(ev[r].down, 1);
	assert_int_equal(ev[r].last_reason, AMP_LINK_DOWN_PROTOCOL);
	assert_int_equal(amp_rpmsg_rx_pending(&pr.link[r].rpmsg), 0);
	/* and both sides are back on fresh rings, well before any heartbeat */
	assert_int_equal(test_pair_until_ready(&pr, 4000), 1);
	assert_int_equal(lm()->default_ept->dest, lsl()->default_ept->addr);
	assert_int_equal(amp_rpmsg_try_send(lm()->default_ept, "x", 1), AMP_OK);
}

static void master_used_index_out_of_range(void **state)
{
	volatile struct amp_vring_used *u = used_of(AMP_SHM_VRING0_OFF);

	(void)state;
	ready_pair();
	amp_wr16(&u->idx, (uint16_t)(amp_rd16(&u->idx) + 100u));
	one_poll_takes_it_down(M);
}

static void master_used_id_never_posted(void **state)
{
	volatile struct amp_vring_used *u = used_of(AMP_SHM_VRING0_OFF);
	uint16_t idx;

	(void)state;
	ready_pair();
	idx = amp_rd16(&u->idx);
	amp_wr32(&u->ring[idx & (NUM - 1u)].id, NUM + 3u);
	amp_wr32(&u->ring[idx & (NUM - 1u)].len, 20u);
	amp_wr16(&u->idx, (uint16_t)(idx + 1u));
	one_poll_takes_it_down(M);
}

static void slave_avail_index_out_of_range(void **state)
{
	volatile struct amp_vring_avail *a = avail_of(AMP_SHM_VRING1_OFF);

	(void)state;
	ready_pair();
	amp_wr16(&a->idx, (uint16_t)(amp_rd16(&a->idx) + 100u));
	one_poll_takes_it_down(S);
}

/* ---- a receive descriptor changed in the region (issue 14 item 6) ---- */

static struct {
	uint32_t count, stale;
	uint8_t last[AMP_RPMSG_PAYLOAD_MAX];
	size_t last_len;
	int hold;
	void *held;
} mrx;

static int master_rx(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)src;
	(void)priv;
	mrx.count++;
	if (len && ((const uint8_t *)data)[0] == 'o')
		mrx.stale++;
	memcpy(mrx.last, data, len);
	mrx.last_len = len;
	if (mrx.hold && amp_rpmsg_hold_rx_buffer(ept, data) == AMP_OK)
		mrx.held = data;
	return 0;
}

/* Ready, the slave knows where to send, the master records what it gets. */
static void ready_pair_talking(void)
{
	memset(&mrx, 0, sizeof(mrx));
	ready_pair();
	amp_link_set_default_cb(lm(), master_rx, NULL);
	assert_int_equal(amp_rpmsg_try_send(lm()->default_ept, "x", 1), AMP_OK);
	test_pair_steps(&pr, S, 4);
	assert_int_equal(lsl()->default_ept->dest, lm()->default_ept->addr);
}

static void slave_says(const char *what)
{
	assert_int_equal(amp_rpmsg_try_send(lsl()->default_ept, what, strlen(what) + 1u), AMP_OK);
	test_pair_steps(&pr, M, 2);
}

static volatile struct amp_vring_desc *rx_desc(uint32_t id)
{
	return (volatile struct amp_vring_desc *)(volatile void *)vring_at(AMP_SHM_VRING0_OFF) + id;
}

static uint64_t rx_buf_pa(uint32_t id)
{
	return (uint64_t)AMP_POSIX_SHM_PA + AMP_SHM_POOL_OFF + id * AMP_CFG_BUF_SIZE;
}

/*
 * Every receive buffer holds an old message; then each descriptor is pointed
 * at the next buffer. The slave's next message lands elsewhere: the master
 * must not hand over the old one it finds at its own buffer, but report the
 * loss (link down, protocol) and recover.
 */
static void redirected_rx_descriptor_never_stale(void **state)
{
	uint32_t i;

	(void)state;
	ready_pair_talking();
	for (i = 0; i < 2u * NUM; i++)
		slave_says("old");
	assert_int_equal(mrx.count, 2u * NUM);
	mrx.stale = 0;
	for (i = 0; i < NUM; i++)
		amp_wr64(&rx_desc(i)->addr, rx_buf_pa((i + 1u) % NUM));
	slave_says("new");
	assert_int_equal(mrx.stale, 0);
	assert_int_equal(ev[M].down, 1);
	assert_int_equal(ev[M].last_reason, AMP_LINK_DOWN_PROTOCOL);
	assert_int_equal(lm()->stats.ring_errors, 1);
	assert_int_equal(test_pair_until_ready(&pr, 4000), 1);
	for (i = 0; i < NUM; i++)
		assert_true(amp_rd64(&rx_desc(i)->addr) == rx_buf_pa(i));
}

/* Changed while the master holds the buffer: re-posting it writes it again. */
static void rx_descriptor_healed_on_repost(void **state)
{
	uint32_t i, id;

	(void)state;
	ready_pair_talking();
	mrx.hold = 1;
	slave_says("held");
	assert_non_null(mrx.held);
	mrx.hold = 0;
	id = (uint32_t)(((volatile uint8_t *)mrx.held - AMP_RPMSG_HDR_SIZE -
			 (pr.ls.shm.region + AMP_SHM_POOL_OFF)) /
			AMP_CFG_BUF_SIZE);
	assert_true(id < NUM);
	amp_wr64(&rx_desc(id)->addr, rx_buf_pa((id + 1u) % NUM));
	assert_int_equal(amp_rpmsg_release_rx_buffer(&lm()->rpmsg, mrx.held), AMP_OK);
	assert_true(amp_rd64(&rx_desc(id)->addr) == rx_buf_pa(id));
	/* every buffer goes round twice: all delivered, the link never went down */
	for (i = 0; i < 2u * NUM; i++) {
		char m[8] = {'n', (char)('a' + i % 26u), 0};

		slave_says(m);
		assert_int_equal(mrx.last_len, 3);
		assert_memory_equal(mrx.last, m, 3);
	}
	assert_int_equal(mrx.count, 2u * NUM + 1u);
	assert_int_equal(ev[M].down + ev[S].down, 0);
}

/* ---- a corrupted published byte (issue 14 item 5) ---- */

/* Byte offsets in the region, each one of what the master published. */
static const uint32_t published_bytes[] = {
    AMP_RSC_STATUS_OFF,			 /* virtio status */
    AMP_SHM_LINK_OFF + 0u,		 /* link-block magic */
    AMP_SHM_LINK_OFF + 1u,		 /* magic, another byte */
    AMP_SHM_LINK_OFF + AMP_LINK_CRC_LEN, /* crc */
    AMP_SHM_RSC_OFF + 0u,		 /* resource-table version */
    AMP_SHM_LINK_OFF + 32u,		 /* master epoch (odd: "initialising") */
    AMP_SHM_RSC_OFF + 20u + 28u,	 /* vring0 da */
};
#define N_PUBLISHED (sizeof(published_bytes) / sizeof(published_bytes[0]))

/* Poll the master alone until it waits for a slave (past the dead one's ack timeout). */
static void master_until_wait_ns(void)
{
	uint32_t n;

	for (n = 0; n < 10000u && lm()->state != AMP_LM_WAIT_NS; n++)
		test_pair_step(&pr, M);
	test_pair_alone(&pr, M, 1000);
	assert_int_equal(lm()->state, AMP_LM_WAIT_NS);
}

/* The slave died; the master gave up on it (heartbeat) and waits for a new one. */
static void master_waits_for_a_new_slave(void)
{
	ready_pair();
	pr.running[S] = 0;
	amp_link_restart(lm());
	master_until_wait_ns();
}

/* The slave reboots into the corrupted region: back within a few heartbeat periods. */
static void corrupted_published_byte_recovers(void **state)
{
	uint32_t i, worst = 0;

	(void)state;
	for (i = 0; i < N_PUBLISHED; i++) {
		volatile uint8_t *p = pr.ls.shm.region + published_bytes[i];
		uint32_t t0;

		master_waits_for_a_new_slave();
		amp_wr8(p, (uint8_t)(amp_rd8(p) ^ 0x01u));
		boot(S);
		t0 = pr.ls.now_ms;
		assert_int_equal(test_pair_until_ready(&pr, 4u * 3u * AMP_CFG_HEARTBEAT_MS *
								AMP_LOCKSTEP_STEPS_PER_MS),
				 1);
		if (pr.ls.now_ms - t0 > worst)
			worst = pr.ls.now_ms - t0;
		assert_int_equal(lm()->default_ept->dest, lsl()->default_ept->addr);
	}
	print_message("# worst recovery %u ms (heartbeat %u ms)\n", worst, AMP_CFG_HEARTBEAT_MS);
	assert_true(worst <= 3u * AMP_CFG_HEARTBEAT_MS);
}

/* The master notices alone, at once: it publishes again. */
static void master_republishes_corrupted_block(void **state)
{
	uint32_t i;

	(void)state;
	for (i = 0; i < N_PUBLISHED; i++) {
		volatile uint8_t *p = pr.ls.shm.region + published_bytes[i];
		uint32_t before;

		master_waits_for_a_new_slave();
		before = lm()->stats.republished;
		amp_wr8(p, (uint8_t)(amp_rd8(p) ^ 0x01u));
		test_pair_step(&pr, M);
		assert_int_equal(lm()->stats.republished, before + 1u);
		master_until_wait_ns();
		assert_int_equal(lm()->stats.republished, before + 1u);
		assert_int_equal(amp_link_block_check(blk(), pr.ls.shm.size), AMP_OK);
		assert_int_equal(status(), AMP_LINK_STATUS_OK);
	}
}

/* The slave notices alone (the master is not polled): it asks for fresh rings, in bounded time. */
static void slave_asks_when_nothing_to_attach_to(void **state)
{
	uint32_t s0, t0;

	(void)state;
	master_waits_for_a_new_slave();
	pr.running[M] = 0;
	amp_wr8(pr.ls.shm.region + AMP_SHM_LINK_OFF + AMP_LINK_CRC_LEN,
		(uint8_t)(amp_rd8(pr.ls.shm.region + AMP_SHM_LINK_OFF + AMP_LINK_CRC_LEN) ^ 0x80u));
	boot(S);
	s0 = amp_rd32(&blk()->slave_epoch);
	t0 = pr.ls.now_ms;
	pr.ls.shm.mbox->bell[M] = 0;
	while (amp_rd32(&blk()->slave_epoch) == s0) {
		assert_true(pr.ls.now_ms - t0 <= AMP_CFG_LINK_STALL_MS + 1u);
		test_pair_step(&pr, S);
		assert_int_equal(lsl()->rpmsg.up, 0);
	}
	assert_int_equal(amp_rd32(&blk()->slave_ack), AMP_LINK_ACK_NONE);
	assert_int_equal(pr.ls.shm.mbox->bell[M], 1);
	/* the master, polled again, starts over and the slave attaches */
	pr.running[M] = 1;
	assert_int_equal(test_pair_until_ready(&pr, 20000), 1);
}

/*
 * A stray write spoilt the block while a slave is attached, then the master
 * rebooted (spin -DCORRUPT, docs/model.md): slave_ack still names the
 * attached epoch, so the master waits for the slave to let go before it
 * writes new rings, whatever the block says.
 */
static void master_reboot_over_corrupted_block_waits(void **state)
{
	volatile uint8_t *crc = pr.ls.shm.region + AMP_SHM_LINK_OFF + AMP_LINK_CRC_LEN;
	uint32_t t0;

	(void)state;
	ready_pair();
	assert_int_equal(amp_rd32(&blk()->slave_ack), 2);
	amp_wr8(crc, (uint8_t)(amp_rd8(crc) ^ 0x01u));
	boot(M);
	t0 = pr.ls.now_ms;
	step_expect(M, AMP_LM_WAIT_SLAVE_ACK, STEPS("m.clear_virtio_status"));
	/* the slave is not polled: nothing but the master's words moves until the timeout */
	snapshot();
	while (lm()->state == AMP_LM_WAIT_SLAVE_ACK) {
		assert_true(pr.ls.now_ms - t0 <= AMP_CFG_LINK_ACK_TIMEOUT_MS);
		test_pair_step(&pr, M);
	}
	assert_int_equal(lm()->state, AMP_LM_SETUP_REGION);
	assert_memory_equal(snap, (const uint8_t *)(uintptr_t)pr.ls.shm.region, pr.ls.shm.size);
	assert_int_equal(lm()->stats.ack_timeouts, 1);
}

/*
 * The same, with the slave running: it lets go at once, then attaches to the
 * next even epoch although that has the number it was on (the master counts
 * from 1 again over a block it cannot read), with no stall on either side.
 */
static void slave_attaches_after_master_reboot_over_corrupted_block(void **state)
{
	volatile uint8_t *crc = pr.ls.shm.region + AMP_SHM_LINK_OFF + AMP_LINK_CRC_LEN;

	(void)state;
	ready_pair();
	amp_wr8(crc, (uint8_t)(amp_rd8(crc) ^ 0x01u));
	boot(M);
	test_pair_step(&pr, M);
	assert_int_equal(amp_rd32(&blk()->master_epoch), 1);
	test_pair_step(&pr, S);
	assert_int_equal(amp_rd32(&blk()->slave_ack), 1);
	assert_int_equal(ev[S].last_reason, AMP_LINK_DOWN_PEER_RESET);
	assert_int_equal(test_pair_until_ready(&pr, 4000), 1);
	assert_int_equal(lsl()->epoch, 2);
	assert_int_equal(lm()->stats.ack_timeouts, 0);
	assert_int_equal(lsl()->stats.stalls, 0);
	assert_int_equal(lm()->default_ept->dest, lsl()->default_ept->addr);
}

/* ---- a descriptor the slave accepts lies in the pool (issue 14 item 9) ---- */

static void slave_refuses_descriptor_outside_pool(void **state)
{
	const uint32_t at[] = {AMP_SHM_LINK_OFF, AMP_SHM_RSC_OFF, AMP_SHM_VRING1_OFF,
			       AMP_SHM_POOL_OFF - 64u};
	uint8_t keep[AMP_SHM_POOL_OFF];
	uint32_t i, k;

	(void)state;
	ready_pair_talking();
	for (k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		uint32_t bad = lsl()->rpmsg.tx.stats.bad_addr;
		for (i = 0; i < NUM; i++)
			amp_wr64(&rx_desc(i)->addr, (uint64_t)AMP_POSIX_SHM_PA + at[k]);
		memcpy(keep, (const uint8_t *)(uintptr_t)pr.ls.shm.region, sizeof(keep));
		assert_int_equal(amp_rpmsg_try_send(lsl()->default_ept, "x", 2), AMP_ENOBUFS);
		assert_int_equal(lsl()->rpmsg.tx.stats.bad_addr, bad + NUM);
		/* nothing before the pool was written but the rings' own words */
		assert_memory_equal(keep, (const uint8_t *)(uintptr_t)pr.ls.shm.region,
				    AMP_SHM_VRING0_OFF);
		/* the master takes them back (empty) and posts them again, rewritten */
		test_pair_steps(&pr, M, 4);
		test_pair_steps(&pr, S, 4);
	}
	slave_says("in the pool");
	assert_int_equal(mrx.last_len, sizeof("in the pool"));
	assert_int_equal(ev[M].down + ev[S].down, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(crc32_check_value),
	    T(link_block_check),
	    T(link_block_geometry),
	    T(link_init_checks),
	    T(master_states_in_order),
	    T(slave_states_in_order),
	    T(slave_waits_while_master_epoch_odd),
	    T(slave_ignores_garbage),
	    T(slave_refuses_bad_resource_table),
	    T(torn_read_retries),
	    T(torn_read_master_reinitialising),
	    T(slave_boots_first),
	    T(slave_previous_life_asks_for_reinit),
	    T(master_ack_timeout_slave_absent),
	    T(master_reboot_slave_acknowledges),
	    T(slave_checks_master_epoch_when_due),
	    T(test_link_rejects_bad_args),
	    T(test_link_posix_rejects_bad_args),
	    T(peer_destroys_default_ept),
	    T(master_used_index_out_of_range),
	    T(master_used_id_never_posted),
	    T(slave_avail_index_out_of_range),
	    T(redirected_rx_descriptor_never_stale),
	    T(rx_descriptor_healed_on_repost),
	    T(corrupted_published_byte_recovers),
	    T(master_republishes_corrupted_block),
	    T(slave_asks_when_nothing_to_attach_to),
	    T(master_reboot_over_corrupted_block_waits),
	    T(slave_attaches_after_master_reboot_over_corrupted_block),
	    T(slave_refuses_descriptor_outside_pool),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
