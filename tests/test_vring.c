/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vring, both roles on one ring in an anonymous mapping with guard pages:
 * empty, full, 16-bit index wraparound, and every bad value a peer can
 * write (index, id, address, length, chain flags). A bad entry must be
 * counted and dropped; the ring sits at the very end of the region so any
 * access past it lands in the guard page and faults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "amp/errors.h"
#include "amp/shm.h"
#include "amp/virtio.h"
#include "amp_posix.h"

#define SHM_SIZE 0x10000u
#define PA	 0x38000000u
#define NUM	 16u
#define ALIGN	 64u
#define RING_OFF (SHM_SIZE - 512u) /* the ring ends 58 bytes before the guard page */
#define BUF_OFF	 0x1000u
#define BUF_LEN	 512u

struct fixture {
	struct amp_posix_shm shm;
	struct amp_port port;
	struct amp_vring drv;
	struct amp_vring dev;
	uint32_t notifies;
	uint32_t now;
};

static struct fixture fx;

static void t_notify(void *ctx)
{
	((struct fixture *)ctx)->notifies++;
}

static int t_ipm_take(void *ctx)
{
	(void)ctx;
	return 0;
}

static uint32_t t_now_ms(void *ctx)
{
	return ((struct fixture *)ctx)->now++;
}

static const struct amp_port_ops t_ops = {
    .notify = t_notify,
    .ipm_take = t_ipm_take,
    .now_ms = t_now_ms,
};

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	if (amp_posix_shm_anon(&fx.shm, SHM_SIZE))
		return -1;
	fx.port.ops = &t_ops;
	fx.port.ctx = &fx;
	fx.port.shm = fx.shm.region;
	fx.port.shm_size = SHM_SIZE;
	fx.port.shm_pa = PA;
	if (amp_vring_attach(&fx.drv, &fx.port, RING_OFF, NUM, ALIGN) ||
	    amp_vring_attach(&fx.dev, &fx.port, RING_OFF, NUM, ALIGN))
		return -1;
	amp_vring_drv_reset(&fx.drv);
	amp_vring_dev_reset(&fx.dev);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	amp_posix_shm_close(&fx.shm);
	return 0;
}

static uint64_t buf_pa(uint16_t id)
{
	return (uint64_t)PA + BUF_OFF + (uint64_t)id * BUF_LEN;
}

/* The driver posts descriptor id with a buffer (no publish). */
static void post(uint16_t id, uint64_t addr, uint32_t len, uint16_t flags)
{
	amp_vring_drv_set_desc(&fx.drv, id, addr, len, flags);
	assert_int_equal(amp_vring_drv_post(&fx.drv, id), AMP_OK);
}

static void post_good(uint16_t id)
{
	post(id, buf_pa(id), BUF_LEN, AMP_VRING_DESC_F_WRITE);
}

static int dev_take(uint16_t *id, volatile uint8_t **buf, uint32_t *len)
{
	return amp_vring_dev_take_avail(&fx.dev, id, buf, len);
}

static int drv_take(uint16_t *id, uint32_t *len)
{
	return amp_vring_drv_take_used(&fx.drv, id, len);
}

static void assert_stats(const struct amp_vring *vr, uint32_t idx, uint32_t id, uint32_t addr,
			 uint32_t len, uint32_t chain)
{
	assert_int_equal(vr->stats.bad_idx, idx);
	assert_int_equal(vr->stats.bad_id, id);
	assert_int_equal(vr->stats.bad_addr, addr);
	assert_int_equal(vr->stats.bad_len, len);
	assert_int_equal(vr->stats.bad_chain, chain);
}

/* What a hostile driver or device can write straight into the ring. */
static void poke_avail_idx(uint16_t v)
{
	amp_wr16(&fx.drv.avail->idx, v);
}

static void poke_avail_slot(uint16_t slot, uint16_t id)
{
	amp_wr16(&fx.drv.avail->ring[slot & (NUM - 1u)], id);
}

static void poke_used(uint16_t slot, uint32_t id, uint32_t len)
{
	amp_wr32(&fx.dev.used->ring[slot & (NUM - 1u)].id, id);
	amp_wr32(&fx.dev.used->ring[slot & (NUM - 1u)].len, len);
}

static void poke_used_idx(uint16_t v)
{
	amp_wr16(&fx.dev.used->idx, v);
}

/* ---- attach ------------------------------------------------------------- */

static void attach_checks_geometry(void **state)
{
	struct amp_port small;
	struct amp_vring vr;

	(void)state;
	assert_int_equal(amp_vring_attach(NULL, &fx.port, 0x400, NUM, ALIGN), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, NULL, 0x400, NUM, ALIGN), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, 0, ALIGN), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, 1, ALIGN), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, 12, ALIGN), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, 2 * AMP_CFG_VRING_NUM, ALIGN),
			 AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, NUM, 0), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, NUM, 2), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, NUM, 48), AMP_EINVAL);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x408, NUM, ALIGN), AMP_EINVAL);
	/* the used ring must be aligned in bus addresses */
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x410, NUM, ALIGN), AMP_ERANGE);
	/* the ring would run into the guard page */
	assert_int_equal(amp_vring_attach(&vr, &fx.port, SHM_SIZE - 448u, NUM, ALIGN), AMP_ERANGE);
	/* a region that ends exactly at the ring's last byte, and one byte before it */
	small = fx.port;
	small.shm_size = 0x400u + AMP_VRING_SIZE(NUM, ALIGN);
	assert_int_equal(amp_vring_attach(&vr, &small, 0x400, NUM, ALIGN), AMP_OK);
	small.shm_size--;
	assert_int_equal(amp_vring_attach(&vr, &small, 0x400, NUM, ALIGN), AMP_ERANGE);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, SHM_SIZE, NUM, ALIGN), AMP_ERANGE);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0xFFFFFFC0u, NUM, ALIGN), AMP_ERANGE);
	assert_int_equal(amp_vring_attach(&vr, &fx.port, 0x400, NUM, ALIGN), AMP_OK);
	assert_int_equal(vr.size, AMP_VRING_SIZE(NUM, ALIGN));
	assert_ptr_equal(vr.desc, fx.port.shm + 0x400);
	assert_ptr_equal(vr.avail, fx.port.shm + 0x400 + 16u * NUM);
	assert_ptr_equal(vr.used, fx.port.shm + 0x400 + AMP_VRING_USED_OFF(NUM, ALIGN));
}

/* ---- normal traffic ----------------------------------------------------- */

static void empty_ring(void **state)
{
	volatile uint8_t *buf = NULL;
	uint16_t id = 0x1234;
	uint32_t len = 0x5678;

	(void)state;
	assert_int_equal(amp_vring_dev_pending(&fx.dev), 0);
	assert_int_equal(amp_vring_drv_pending(&fx.drv), 0);
	assert_int_equal(dev_take(&id, &buf, &len), 0);
	assert_int_equal(drv_take(&id, &len), 0);
	assert_null(buf);
	assert_int_equal(id, 0x1234);
	assert_int_equal(len, 0x5678);
	/* posted but not published: still empty for the device */
	post_good(0);
	assert_int_equal(dev_take(&id, &buf, &len), 0);
	assert_int_equal(amp_vring_dev_pending(&fx.dev), 0);
	amp_vring_drv_publish(&fx.drv);
	assert_int_equal(amp_vring_dev_pending(&fx.dev), 1);
	assert_stats(&fx.dev, 0, 0, 0, 0, 0);
	assert_stats(&fx.drv, 0, 0, 0, 0, 0);
}

static void full_ring(void **state)
{
	volatile uint8_t *buf;
	uint16_t id, i, round;
	uint32_t len;

	(void)state;
	for (round = 0; round < 3; round++) {
		for (i = 0; i < NUM; i++)
			post_good(i);
		assert_int_equal(fx.drv.in_flight, NUM);
		/* every descriptor is in flight: nothing more can be posted */
		for (i = 0; i < NUM; i++)
			assert_int_equal(amp_vring_drv_post(&fx.drv, i), AMP_EINVAL);
		assert_int_equal(amp_vring_drv_post(&fx.drv, NUM), AMP_EINVAL);
		assert_int_equal(amp_vring_drv_post(&fx.drv, 0xFFFF), AMP_EINVAL);
		amp_vring_drv_publish(&fx.drv);
		for (i = 0; i < NUM; i++) {
			assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
			assert_int_equal(id, i);
			assert_ptr_equal(buf, fx.port.shm + BUF_OFF + i * BUF_LEN);
			assert_int_equal(len, BUF_LEN);
			memset((void *)(uintptr_t)buf, (int)i, len);
		}
		assert_int_equal(dev_take(&id, &buf, &len), 0);
		for (i = 0; i < NUM; i++)
			amp_vring_dev_put_used(&fx.dev, (uint16_t)(NUM - 1u - i), i + 1u);
		assert_int_equal(amp_vring_drv_pending(&fx.drv), 0);
		amp_vring_dev_publish(&fx.dev);
		assert_int_equal(amp_vring_drv_pending(&fx.drv), 1);
		for (i = 0; i < NUM; i++) {
			assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
			assert_int_equal(id, NUM - 1u - i);
			assert_int_equal(len, i + 1u);
		}
		assert_int_equal(drv_take(&id, &len), 0);
		assert_int_equal(fx.drv.in_flight, 0);
	}
	assert_stats(&fx.dev, 0, 0, 0, 0, 0);
	assert_stats(&fx.drv, 0, 0, 0, 0, 0);
}

/* More than 2^16 entries through the ring, in batches of every size 1..num. */
static void index_wraparound(void **state)
{
	const uint32_t total = 2u * 65536u + 77u;
	volatile uint8_t *buf;
	uint32_t done = 0, batch = 0, len, i;
	uint16_t id, next_id = 0;

	(void)state;
	while (done < total) {
		uint32_t n = 1u + batch++ % NUM;
		uint16_t first = next_id;

		if (n > total - done)
			n = total - done;
		for (i = 0; i < n; i++)
			post_good((uint16_t)((first + i) % NUM));
		next_id = (uint16_t)((first + n) % NUM);
		amp_vring_drv_publish(&fx.drv);
		for (i = 0; i < n; i++) {
			assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
			assert_int_equal(id, (first + i) % NUM);
			buf[0] = (uint8_t)(done + i);
			amp_vring_dev_put_used(&fx.dev, id, 1u + (done + i) % BUF_LEN);
		}
		assert_int_equal(dev_take(&id, &buf, &len), 0);
		amp_vring_dev_publish(&fx.dev);
		for (i = 0; i < n; i++) {
			assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
			assert_int_equal(id, (first + i) % NUM);
			assert_int_equal(len, 1u + (done + i) % BUF_LEN);
		}
		assert_int_equal(drv_take(&id, &len), 0);
		done += n;
	}
	assert_int_equal(amp_rd16(&fx.drv.avail->idx), total & 0xFFFFu);
	assert_int_equal(amp_rd16(&fx.dev.used->idx), total & 0xFFFFu);
	assert_int_equal(fx.drv.in_flight, 0);
	assert_stats(&fx.dev, 0, 0, 0, 0, 0);
	assert_stats(&fx.drv, 0, 0, 0, 0, 0);
}

/* ---- device side: what a hostile driver can post ------------------------ */

struct desc_case {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	int good;
};

static void read_all(const volatile uint8_t *buf, uint32_t len)
{
	uint32_t i, sum = 0;

	for (i = 0; i < len; i++)
		sum += buf[i];
	(void)sum;
}

/* Post one descriptor; the device must take it (good) or give it back empty. */
static void check_desc(const struct desc_case *c)
{
	volatile uint8_t *buf = NULL;
	uint16_t id = 0xAAAA;
	uint32_t len = 0xBBBB;
	int got;

	post(3, c->addr, c->len, c->flags);
	amp_vring_drv_publish(&fx.drv);
	got = dev_take(&id, &buf, &len);
	if (c->good) {
		assert_int_equal(got, AMP_VRING_GOT);
		assert_int_equal(id, 3);
		assert_int_equal(len, c->len);
		/* all of it lies in the region: reading every byte must not fault */
		assert_ptr_equal(buf, fx.port.shm + (c->addr - PA));
		read_all(buf, len);
		amp_vring_dev_put_used(&fx.dev, id, len);
	} else {
		assert_int_equal(got, AMP_VRING_DROPPED);
		assert_null(buf);
	}
	amp_vring_dev_publish(&fx.dev);
	/* a dropped buffer comes back to the driver at once, empty */
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(id, 3);
	assert_int_equal(len, c->good ? c->len : 0u);
	assert_int_equal(dev_take(&id, &buf, &len), 0);
}

static void desc_outside_region(void **state)
{
	const uint64_t end = (uint64_t)PA + SHM_SIZE;
	const struct desc_case cases[] = {
	    {end - BUF_LEN, BUF_LEN, AMP_VRING_DESC_F_WRITE, 1}, /* ends on the last byte */
	    {end - 4u, 4u, 0, 1},
	    {(uint64_t)PA, SHM_SIZE, 0, 1},	 /* the whole region */
	    {end - BUF_LEN, BUF_LEN + 1u, 0, 0}, /* last byte + 1 */
	    {end - 4u, 8u, 0, 0},
	    {end, 4u, 0, 0}, /* starts at the first byte past */
	    {end + 0x1000u, 4u, 0, 0},
	    {(uint64_t)PA - 4u, 8u, 0, 0}, /* starts before */
	    {(uint64_t)PA - BUF_LEN, BUF_LEN, 0, 0},
	    {0, BUF_LEN, 0, 0},
	    {(uint64_t)PA, SHM_SIZE + 1u, 0, 0},
	    {(uint64_t)PA + BUF_OFF, 0xFFFFFFFFu, 0, 0}, /* offset + len overflows 32 bits */
	    {(uint64_t)PA + 0xFFFFu * 4u, 0xFFFF0000u, 0, 0},
	    {(uint64_t)PA + BUF_OFF + (1ull << 32), 4u, 0, 0}, /* upper half of the address */
	    {(uint64_t)PA + BUF_OFF + 0xFFFFFFFF00000000ull, 4u, 0, 0},
	    {0xFFFFFFFFFFFFFFFCull, 4u, 0, 0},
	    {(uint64_t)PA + BUF_OFF, 0, 0, 0}, /* empty buffer */
	};
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check_desc(&cases[i]);
		bad += !cases[i].good;
		assert_int_equal(fx.dev.stats.bad_addr, bad);
	}
	assert_stats(&fx.dev, 0, 0, (uint32_t)bad, 0, 0);
	assert_stats(&fx.drv, 0, 0, 0, 0, 0);
}

static void desc_misaligned(void **state)
{
	const uint64_t base = (uint64_t)PA + BUF_OFF;
	uint32_t k;

	(void)state;
	for (k = 1; k < 4; k++) {
		struct desc_case c = {base + k, 16u, 0, 0};

		check_desc(&c);
	}
	{
		struct desc_case c = {base + 4u, 16u, 0, 1};

		check_desc(&c);
	}
	assert_stats(&fx.dev, 0, 0, 3, 0, 0);
}

/* A descriptor that names another one (or itself): never followed. */
static void desc_chain_and_indirect(void **state)
{
	const struct desc_case cases[] = {
	    {(uint64_t)PA + BUF_OFF, BUF_LEN, AMP_VRING_DESC_F_NEXT, 0},
	    {(uint64_t)PA + BUF_OFF, BUF_LEN, AMP_VRING_DESC_F_NEXT | AMP_VRING_DESC_F_WRITE, 0},
	    {(uint64_t)PA + BUF_OFF, BUF_LEN, AMP_VRING_DESC_F_INDIRECT, 0},
	    {(uint64_t)PA + BUF_OFF, 16u, AMP_VRING_DESC_F_INDIRECT | AMP_VRING_DESC_F_NEXT, 0},
	    /* a chain flag on a descriptor that is also out of the region */
	    {(uint64_t)PA + SHM_SIZE, BUF_LEN, AMP_VRING_DESC_F_NEXT, 0},
	};
	size_t i;

	(void)state;
	/* Descriptor 3 loops to itself, 5 -> 6 -> 5 loops between two. */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		amp_vring_drv_set_desc(&fx.drv, 3, cases[i].addr, cases[i].len, cases[i].flags);
		amp_wr16(&fx.drv.desc[3].next, 3);
		assert_int_equal(amp_vring_drv_post(&fx.drv, 3), AMP_OK);
		amp_vring_drv_publish(&fx.drv);
		{
			volatile uint8_t *buf = NULL;
			uint16_t id;
			uint32_t len;

			assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_DROPPED);
			assert_null(buf);
			amp_vring_dev_publish(&fx.dev);
			assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
			assert_int_equal(id, 3);
			assert_int_equal(len, 0);
		}
		assert_int_equal(fx.dev.stats.bad_chain, i + 1u);
	}
	amp_vring_drv_set_desc(&fx.drv, 5, (uint64_t)PA + BUF_OFF, BUF_LEN, AMP_VRING_DESC_F_NEXT);
	amp_wr16(&fx.drv.desc[5].next, 6);
	amp_vring_drv_set_desc(&fx.drv, 6, (uint64_t)PA + BUF_OFF, BUF_LEN, AMP_VRING_DESC_F_NEXT);
	amp_wr16(&fx.drv.desc[6].next, 5);
	amp_vring_drv_post(&fx.drv, 5);
	amp_vring_drv_post(&fx.drv, 6);
	amp_vring_drv_publish(&fx.drv);
	{
		volatile uint8_t *buf = NULL;
		uint16_t id;
		uint32_t len;

		assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_DROPPED);
		assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_DROPPED);
		assert_int_equal(dev_take(&id, &buf, &len), 0);
		assert_null(buf);
	}
	assert_stats(&fx.dev, 0, 0, 0, 0, 7);
}

static void avail_index_jumps_ahead(void **state)
{
	volatile uint8_t *buf = NULL;
	uint16_t id, i;
	uint32_t len;

	(void)state;
	/* one good entry first, so last_seen is not zero */
	post_good(0);
	amp_vring_drv_publish(&fx.drv);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
	/* given back, so that the driver may make it available again below */
	amp_vring_dev_put_used(&fx.dev, id, 0);
	/* num + 1 ahead: the ring is unusable, nothing is consumed */
	poke_avail_idx((uint16_t)(1u + NUM + 1u));
	assert_int_equal(dev_take(&id, &buf, &len), AMP_EPROTO);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_EPROTO);
	assert_int_equal(fx.dev.last_seen, 1);
	assert_int_equal(fx.dev.stats.bad_idx, 2);
	/* far ahead, and behind (0xFFFF ahead) */
	poke_avail_idx(0x8001u);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_EPROTO);
	poke_avail_idx(0);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_EPROTO);
	assert_int_equal(fx.dev.stats.bad_idx, 4);
	assert_int_equal(fx.dev.shadow_idx, 1);
	/* exactly num ahead is legal: num entries, each checked */
	for (i = 0; i < NUM; i++)
		poke_avail_slot((uint16_t)(1u + i), (uint16_t)((i + 1u) % NUM));
	poke_avail_idx((uint16_t)(1u + NUM));
	for (i = 0; i < NUM; i++) {
		int got = dev_take(&id, &buf, &len);

		/* only descriptor 0 was set up; the others have address 0, length 0 */
		if ((i + 1u) % NUM == 0)
			assert_int_equal(got, AMP_VRING_GOT);
		else
			assert_int_equal(got, AMP_VRING_DROPPED);
	}
	assert_int_equal(dev_take(&id, &buf, &len), 0);
	assert_stats(&fx.dev, 4, 0, NUM - 1u, 0, 0);
}

/*
 * The driver makes available a descriptor the device still holds: taken
 * again, two messages would share one buffer (a stale message for good once
 * the driver re-posts it). Refused as a bad id; once given back it is fine.
 */
static void avail_id_already_taken(void **state)
{
	volatile uint8_t *buf = NULL;
	uint16_t id;
	uint32_t len;

	(void)state;
	post_good(0);
	amp_vring_drv_publish(&fx.drv);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
	poke_avail_slot(1, 0);
	poke_avail_idx(2);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_DROPPED);
	assert_int_equal(fx.dev.stats.bad_id, 1);
	amp_vring_dev_put_used(&fx.dev, 0, 0);
	poke_avail_slot(2, 0);
	poke_avail_idx(3);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
	assert_int_equal(id, 0);
	assert_int_equal(fx.dev.stats.bad_id, 1);
}

static void avail_id_out_of_range(void **state)
{
	const uint16_t ids[] = {NUM, NUM + 1u, 0x7FFF, 0xFFFF};
	volatile uint8_t *buf = NULL;
	uint16_t id, i;
	uint32_t len;

	(void)state;
	for (i = 0; i < 4; i++)
		poke_avail_slot(i, ids[i]);
	poke_avail_idx(4);
	for (i = 0; i < 4; i++)
		assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_DROPPED);
	assert_int_equal(dev_take(&id, &buf, &len), 0);
	assert_null(buf);
	/* an id we cannot name cannot be given back */
	assert_int_equal(fx.dev.shadow_idx, 0);
	assert_stats(&fx.dev, 0, 4, 0, 0, 0);
}

/* ---- driver side: what a hostile device can return ---------------------- */

static void used_index_jumps_ahead(void **state)
{
	uint16_t id;
	uint32_t len;

	(void)state;
	post_good(0);
	post_good(1);
	amp_vring_drv_publish(&fx.drv);
	poke_used(0, 0, 8);
	poke_used(1, 1, 8);
	/* three returned, two in flight */
	poke_used_idx(3);
	assert_int_equal(drv_take(&id, &len), AMP_EPROTO);
	poke_used_idx(0x8000);
	assert_int_equal(drv_take(&id, &len), AMP_EPROTO);
	poke_used_idx(0xFFFF);
	assert_int_equal(drv_take(&id, &len), AMP_EPROTO);
	assert_int_equal(fx.drv.last_seen, 0);
	assert_int_equal(fx.drv.in_flight, 2);
	poke_used_idx(2);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(drv_take(&id, &len), 0);
	/* nothing in flight: any movement is a protocol error */
	poke_used_idx(3);
	assert_int_equal(drv_take(&id, &len), AMP_EPROTO);
	assert_stats(&fx.drv, 4, 0, 0, 0, 0);
}

static void used_id_out_of_range(void **state)
{
	const uint32_t ids[] = {NUM, 0x10000u, 0xFFFFFFFFu};
	uint16_t id, i;
	uint32_t len;

	(void)state;
	for (i = 0; i < 4; i++)
		post_good(i);
	amp_vring_drv_publish(&fx.drv);
	for (i = 0; i < 3; i++)
		poke_used(i, ids[i], 8);
	poke_used(3, 2, 8);
	poke_used_idx(4);
	for (i = 0; i < 3; i++) {
		id = 0;
		assert_int_equal(drv_take(&id, &len), AMP_VRING_DROPPED);
		assert_int_equal(id, AMP_VRING_NO_ID);
	}
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(id, 2);
	assert_int_equal(fx.drv.in_flight, 3);
	assert_stats(&fx.drv, 0, 3, 0, 0, 0);
}

static void used_id_not_outstanding(void **state)
{
	uint16_t id;
	uint32_t len;

	(void)state;
	post_good(0);
	post_good(1);
	amp_vring_drv_publish(&fx.drv);
	/* 0 returned twice (the second time it is no longer outstanding) */
	poke_used(0, 0, 8);
	poke_used(1, 0, 8);
	poke_used_idx(2);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(id, 0);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_DROPPED);
	assert_int_equal(id, AMP_VRING_NO_ID);
	/* a descriptor that was never posted */
	poke_used(2, 5, 8);
	poke_used_idx(3);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_DROPPED);
	assert_int_equal(id, AMP_VRING_NO_ID);
	assert_int_equal(fx.drv.in_flight, 1);
	/* 1 is still outstanding and comes back normally */
	poke_used(3, 1, 8);
	poke_used_idx(4);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(id, 1);
	assert_int_equal(fx.drv.in_flight, 0);
	assert_stats(&fx.drv, 0, 2, 0, 0, 0);
}

static void used_len_larger_than_posted(void **state)
{
	uint16_t id;
	uint32_t len;

	(void)state;
	post_good(0);
	post_good(1);
	post_good(2);
	amp_vring_drv_publish(&fx.drv);
	poke_used(0, 0, BUF_LEN + 1u);
	poke_used(1, 1, 0xFFFFFFFFu);
	poke_used(2, 2, BUF_LEN);
	poke_used_idx(3);
	/* dropped, but the id is good: the caller recycles it without reading */
	assert_int_equal(drv_take(&id, &len), AMP_VRING_DROPPED);
	assert_int_equal(id, 0);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_DROPPED);
	assert_int_equal(id, 1);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(id, 2);
	assert_int_equal(len, BUF_LEN);
	assert_int_equal(fx.drv.in_flight, 0);
	/* both can be posted again */
	post_good(0);
	post_good(1);
	assert_stats(&fx.drv, 0, 0, 0, 2, 0);
}

/* ---- notification suppression --------------------------------------------- */

static void notification_suppression(void **state)
{
	(void)state;
	/* after reset both sides want to hear about everything */
	assert_int_equal(amp_rd16(&fx.drv.avail->flags), 0);
	assert_int_equal(amp_rd16(&fx.dev.used->flags), 0);
	assert_true(amp_vring_dev_peer_wants_kick(&fx.dev));
	assert_true(amp_vring_drv_peer_wants_kick(&fx.drv));

	amp_vring_drv_want_interrupts(&fx.drv, 0);
	assert_int_equal(amp_rd16(&fx.drv.avail->flags), AMP_VRING_AVAIL_F_NO_INTERRUPT);
	assert_false(amp_vring_dev_peer_wants_kick(&fx.dev));
	assert_true(amp_vring_drv_peer_wants_kick(&fx.drv));
	amp_vring_drv_want_interrupts(&fx.drv, 1);
	assert_int_equal(amp_rd16(&fx.drv.avail->flags), 0);
	assert_true(amp_vring_dev_peer_wants_kick(&fx.dev));

	amp_vring_dev_want_notifies(&fx.dev, 0);
	assert_int_equal(amp_rd16(&fx.dev.used->flags), AMP_VRING_USED_F_NO_NOTIFY);
	assert_false(amp_vring_drv_peer_wants_kick(&fx.drv));
	assert_true(amp_vring_dev_peer_wants_kick(&fx.dev));
	amp_vring_dev_want_notifies(&fx.dev, 1);
	assert_int_equal(amp_rd16(&fx.dev.used->flags), 0);
	assert_true(amp_vring_drv_peer_wants_kick(&fx.drv));

	/* other bits a peer may set do not mean "no notify" */
	amp_wr16(&fx.dev.used->flags, 0xFFFEu);
	assert_true(amp_vring_drv_peer_wants_kick(&fx.drv));
	amp_wr16(&fx.drv.avail->flags, 0xFFFEu);
	assert_true(amp_vring_dev_peer_wants_kick(&fx.dev));
	/* the library never rings the doorbell by itself */
	assert_int_equal(fx.notifies, 0);
}

static void driver_reset_forgets_everything(void **state)
{
	volatile uint8_t *buf;
	uint16_t id, i;
	uint32_t len;

	(void)state;
	for (i = 0; i < NUM; i++)
		post_good(i);
	amp_vring_drv_publish(&fx.drv);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
	amp_vring_drv_reset(&fx.drv);
	amp_vring_dev_reset(&fx.dev);
	assert_int_equal(fx.drv.in_flight, 0);
	assert_int_equal(amp_rd16(&fx.drv.avail->idx), 0);
	assert_int_equal(amp_rd16(&fx.dev.used->idx), 0);
	assert_int_equal(amp_rd32(&fx.drv.desc[0].len), 0);
	assert_int_equal(amp_vring_dev_pending(&fx.dev), 0);
	/* every id can be posted again */
	for (i = 0; i < NUM; i++)
		post_good(i);
	amp_vring_drv_publish(&fx.drv);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
	assert_int_equal(id, 0);
}

/* ---- bad arguments ---------------------------------------------------------- */

/*
 * Every public call with a NULL ring and with a zeroed (never attached) one:
 * the void calls do nothing, the yes/no calls say 0, the others AMP_EINVAL,
 * and nothing is read through the NULL pointers a zeroed ring holds.
 */
static void test_vring_rejects_bad_args(void **state)
{
	struct amp_vring zero, *rings[2] = {NULL, &zero};
	struct amp_port no_shm = fx.port;
	volatile uint8_t *buf = NULL;
	uint16_t id = 0;
	uint32_t len = 0;
	int i;

	(void)state;
	no_shm.shm = NULL;
	assert_int_equal(amp_vring_attach(&zero, &no_shm, 0x400, NUM, ALIGN), AMP_EINVAL);
	for (i = 0; i < 2; i++) {
		struct amp_vring *vr = rings[i];

		memset(&zero, 0, sizeof(zero));
		amp_vring_drv_reset(vr);
		amp_vring_drv_set_desc(vr, 0, buf_pa(0), BUF_LEN, 0);
		assert_int_equal(amp_vring_drv_post(vr, 0), AMP_EINVAL);
		amp_vring_drv_publish(vr);
		assert_int_equal(amp_vring_drv_take_used(vr, &id, &len), AMP_EINVAL);
		assert_int_equal(amp_vring_drv_peer_wants_kick(vr), 0);
		amp_vring_drv_want_interrupts(vr, 0);
		assert_int_equal(amp_vring_drv_pending(vr), 0);
		amp_vring_dev_reset(vr);
		assert_int_equal(amp_vring_dev_take_avail(vr, &id, &buf, &len), AMP_EINVAL);
		amp_vring_dev_put_used(vr, 0, 1);
		amp_vring_dev_publish(vr);
		assert_int_equal(amp_vring_dev_peer_wants_kick(vr), 0);
		amp_vring_dev_want_notifies(vr, 0);
		assert_int_equal(amp_vring_dev_pending(vr), 0);
		if (vr)
			assert_true(vr->num == 0 && vr->buf_len == 0 && vr->shadow_idx == 0);
	}

	/* NULL outputs, with an entry waiting that would be written through them */
	post_good(1);
	amp_vring_drv_publish(&fx.drv);
	assert_int_equal(amp_vring_dev_take_avail(&fx.dev, NULL, &buf, &len), AMP_EINVAL);
	assert_int_equal(amp_vring_dev_take_avail(&fx.dev, &id, NULL, &len), AMP_EINVAL);
	assert_int_equal(amp_vring_dev_take_avail(&fx.dev, &id, &buf, NULL), AMP_EINVAL);
	assert_int_equal(amp_vring_dev_pending(&fx.dev), 1);
	assert_int_equal(dev_take(&id, &buf, &len), AMP_VRING_GOT);
	assert_int_equal(id, 1);

	/* an id >= num names no descriptor: ignored, not wrapped onto another one */
	amp_vring_drv_set_desc(&fx.drv, NUM, 0x1234u, 0x7777u, 0);
	amp_vring_drv_set_desc(&fx.drv, 0xFFFF, 0x1234u, 0x7777u, 0);
	assert_int_equal(amp_rd32(&fx.drv.desc[0].len), 0);
	assert_int_equal(amp_rd32(&fx.drv.desc[NUM - 1u].len), 0);
	assert_int_equal(fx.drv.buf_len, BUF_LEN);
	assert_int_equal(amp_vring_drv_post(&fx.drv, NUM), AMP_EINVAL);
	amp_vring_dev_put_used(&fx.dev, NUM, 4);
	amp_vring_dev_put_used(&fx.dev, 0xFFFF, 4);
	assert_int_equal(fx.dev.shadow_idx, 0);
	amp_vring_dev_put_used(&fx.dev, id, 4);
	amp_vring_dev_publish(&fx.dev);

	assert_int_equal(amp_vring_drv_pending(&fx.drv), 1);
	assert_int_equal(amp_vring_drv_take_used(&fx.drv, NULL, &len), AMP_EINVAL);
	assert_int_equal(amp_vring_drv_take_used(&fx.drv, &id, NULL), AMP_EINVAL);
	assert_int_equal(amp_vring_drv_pending(&fx.drv), 1);
	assert_int_equal(drv_take(&id, &len), AMP_VRING_GOT);
	assert_int_equal(id, 1);
	assert_int_equal(len, 4);
	assert_stats(&fx.dev, 0, 0, 0, 0, 0);
	assert_stats(&fx.drv, 0, 0, 0, 0, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(attach_checks_geometry),
	    T(empty_ring),
	    T(full_ring),
	    T(index_wraparound),
	    T(desc_outside_region),
	    T(desc_misaligned),
	    T(desc_chain_and_indirect),
	    T(avail_index_jumps_ahead),
	    T(avail_id_out_of_range),
	    T(avail_id_already_taken),
	    T(used_index_jumps_ahead),
	    T(used_id_out_of_range),
	    T(used_id_not_outstanding),
	    T(used_len_larger_than_posted),
	    T(notification_suppression),
	    T(driver_reset_forgets_everything),
	    T(test_vring_rejects_bad_args),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
