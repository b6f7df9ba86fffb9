/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes the seed corpus (corpus/<target>/) and the regression inputs
 * (regress/<target>/) of the fuzz targets, in the input formats the targets
 * define. Usage: fuzz-gen-corpus <fuzz dir>   (scripts/fuzz-corpus runs it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "amp/link.h"
#include "amp/rsc.h"
#include "amp/oacs.h"
#include "amp/session.h"
#include "amp/stream.h"
#include "amp/crc.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "fuzz_common.h"

#define NUM	 AMP_CFG_VRING_NUM
#define BUF_SIZE ((uint32_t)AMP_CFG_BUF_SIZE)
#define PA	 FZ_SHM_PA
#define SHM_SIZE ((uint32_t)AMP_CFG_SHM_SIZE)

struct out {
	uint8_t b[16384];
	size_t n;
};

static const char *root;

static void put8(struct out *o, uint32_t v)
{
	if (o->n < sizeof(o->b))
		o->b[o->n++] = (uint8_t)v;
}

static void put16(struct out *o, uint32_t v)
{
	put8(o, v);
	put8(o, v >> 8);
}

static void put32(struct out *o, uint32_t v)
{
	put16(o, v);
	put16(o, v >> 16);
}

static void put_bytes(struct out *o, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		put8(o, b[i]);
}

static void mkdirs(const char *kind, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, kind);
	if (mkdir(path, 0755) && errno != EEXIST)
		perror(path);
	snprintf(path, sizeof(path), "%s/%s/%s", root, kind, target);
	if (mkdir(path, 0755) && errno != EEXIST)
		perror(path);
}

static void emit(const char *kind, const char *target, const char *name, const struct out *o)
{
	char path[512];
	FILE *f;

	mkdirs(kind, target);
	snprintf(path, sizeof(path), "%s/%s/%s/%s", root, kind, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(o->b, 1, o->n, f) != o->n) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

/* ---- fuzz_vring_device -------------------------------------------------- */

enum {
	D_TAKE,
	D_DRAIN,
	D_AVAIL_IDX,
	D_AVAIL_ENTRY,
	D_DESC,
	D_BULK,
	D_PUT_USED,
	D_PUBLISH,
	D_RESET
};

static void dev_desc(struct out *o, uint32_t id, uint64_t addr, uint32_t len, uint32_t flags,
		     uint32_t next)
{
	put8(o, D_DESC);
	put8(o, id);
	put32(o, (uint32_t)addr);
	put32(o, (uint32_t)(addr >> 32));
	put32(o, len);
	put16(o, flags);
	put16(o, next);
}

static void dev_post(struct out *o, uint32_t slot, uint32_t id, uint32_t idx)
{
	put8(o, D_AVAIL_ENTRY);
	put8(o, slot);
	put16(o, id);
	put8(o, D_AVAIL_IDX);
	put16(o, idx);
}

static void gen_vring_device(void)
{
	const char *t = "vring_device";
	struct out o = {0};
	uint32_t i, round;

	/* Buffers posted, taken, used, published; twice round the ring. */
	for (round = 0; round < 2; round++) {
		for (i = 0; i < NUM; i++) {
			dev_desc(&o, i, PA + AMP_SHM_POOL_OFF + (NUM + i) * BUF_SIZE, BUF_SIZE, 0,
				 0);
			dev_post(&o, i, i, round * NUM + i + 1u);
		}
		put8(&o, D_DRAIN);
		for (i = 0; i < NUM; i++) {
			put8(&o, D_PUT_USED);
			put32(&o, 16u + i);
		}
		put8(&o, D_PUBLISH);
		put8(&o, 1);
	}
	emit("corpus", t, "ring-twice-round", &o);

	o.n = 0;
	dev_desc(&o, 3, PA + AMP_SHM_POOL_OFF, 64, AMP_VRING_DESC_F_WRITE, 0);
	dev_post(&o, 0, 3, 1);
	put8(&o, D_TAKE);
	put8(&o, D_PUT_USED);
	put32(&o, 64);
	put8(&o, D_PUBLISH);
	put8(&o, 0);
	put8(&o, D_RESET);
	put8(&o, D_TAKE);
	emit("corpus", t, "one-buffer-then-reset", &o);

	/* Regression: a descriptor chain that loops (0 -> 1 -> 0, and 2 -> 2). */
	o.n = 0;
	dev_desc(&o, 0, PA + AMP_SHM_POOL_OFF, BUF_SIZE, AMP_VRING_DESC_F_NEXT, 1);
	dev_desc(&o, 1, PA + AMP_SHM_POOL_OFF + BUF_SIZE, BUF_SIZE, AMP_VRING_DESC_F_NEXT, 0);
	dev_desc(&o, 2, PA + AMP_SHM_POOL_OFF, BUF_SIZE,
		 AMP_VRING_DESC_F_NEXT | AMP_VRING_DESC_F_INDIRECT, 2);
	put8(&o, D_AVAIL_ENTRY);
	put8(&o, 0);
	put16(&o, 0);
	put8(&o, D_AVAIL_ENTRY);
	put8(&o, 1);
	put16(&o, 2);
	put8(&o, D_AVAIL_IDX);
	put16(&o, 2);
	put8(&o, D_DRAIN);
	put8(&o, D_PUBLISH);
	put8(&o, 0);
	emit("regress", t, "desc-chain-loop", &o);

	/* Regression: huge lengths (all ones; one byte more than the region holds). */
	o.n = 0;
	dev_desc(&o, 0, PA + AMP_SHM_POOL_OFF, 0xFFFFFFFFu, 0, 0);
	dev_desc(&o, 1, PA + AMP_SHM_POOL_OFF, SHM_SIZE - AMP_SHM_POOL_OFF + 1u, 0, 0);
	dev_desc(&o, 2, PA, SHM_SIZE, 0, 0); /* the whole region: allowed */
	for (i = 0; i < 3; i++) {
		put8(&o, D_AVAIL_ENTRY);
		put8(&o, i);
		put16(&o, i);
	}
	put8(&o, D_AVAIL_IDX);
	put16(&o, 3);
	put8(&o, D_DRAIN);
	emit("regress", t, "huge-length", &o);

	/* Regression: the avail index far ahead (and just one too far). */
	o.n = 0;
	dev_desc(&o, 0, PA + AMP_SHM_POOL_OFF, BUF_SIZE, 0, 0);
	put8(&o, D_AVAIL_IDX);
	put16(&o, 0x8000);
	put8(&o, D_DRAIN);
	put8(&o, D_AVAIL_IDX);
	put16(&o, NUM + 1u);
	put8(&o, D_DRAIN);
	put8(&o, D_AVAIL_IDX);
	put16(&o, 0xFFFF);
	put8(&o, D_DRAIN);
	emit("regress", t, "index-far-ahead", &o);

	/* Regression: addresses just outside the region, on both sides, and straddling. */
	o.n = 0;
	dev_desc(&o, 0, PA + SHM_SIZE, 1, 0, 0);
	dev_desc(&o, 1, PA - 4u, 16, 0, 0);
	dev_desc(&o, 2, PA + SHM_SIZE - 16u, 17, 0, 0);
	dev_desc(&o, 3, (1ull << 32) + PA + AMP_SHM_POOL_OFF, 16, 0, 0);
	dev_desc(&o, 4, PA + AMP_SHM_POOL_OFF + 2u, 16, 0, 0); /* misaligned */
	dev_desc(&o, 5, PA + SHM_SIZE - 16u, 16, 0, 0);	       /* last 16 bytes: allowed */
	for (i = 0; i < 6; i++) {
		put8(&o, D_AVAIL_ENTRY);
		put8(&o, i);
		put16(&o, i);
	}
	put8(&o, D_AVAIL_IDX);
	put16(&o, 6);
	put8(&o, D_DRAIN);
	emit("regress", t, "addr-outside-region", &o);
}

/* ---- fuzz_vring_driver -------------------------------------------------- */

enum { V_TAKE, V_DRAIN, V_USED_IDX, V_USED_ELEM, V_BULK, V_POST, V_PUBLISH, V_RESET };

static void drv_used(struct out *o, uint32_t slot, uint32_t id, uint32_t len)
{
	put8(o, V_USED_ELEM);
	put8(o, slot);
	put32(o, id);
	put32(o, len);
}

static void gen_vring_driver(void)
{
	const char *t = "vring_driver";
	struct out o = {0};
	uint32_t i;

	for (i = 0; i < NUM; i++)
		drv_used(&o, i, NUM - 1u - i, 16u + i);
	put8(&o, V_USED_IDX);
	put16(&o, NUM);
	put8(&o, V_DRAIN);
	for (i = 0; i < NUM; i++) {
		put8(&o, V_POST);
		put8(&o, 0);
	}
	put8(&o, V_PUBLISH);
	put8(&o, 1);
	for (i = 0; i < 4; i++)
		drv_used(&o, i, i, BUF_SIZE);
	put8(&o, V_USED_IDX);
	put16(&o, NUM + 4u);
	put8(&o, V_DRAIN);
	emit("corpus", t, "all-returned-reposted", &o);

	o.n = 0;
	drv_used(&o, 0, 5, 0);
	put8(&o, V_USED_IDX);
	put16(&o, 1);
	put8(&o, V_TAKE);
	put8(&o, V_RESET);
	put8(&o, V_TAKE);
	emit("corpus", t, "one-then-reset", &o);

	/* Regression: index far ahead of what is in flight. */
	o.n = 0;
	put8(&o, V_USED_IDX);
	put16(&o, 0x8000);
	put8(&o, V_DRAIN);
	put8(&o, V_USED_IDX);
	put16(&o, NUM + 1u);
	put8(&o, V_DRAIN);
	emit("regress", t, "index-far-ahead", &o);

	/* Regression: huge and one-too-long lengths. */
	o.n = 0;
	drv_used(&o, 0, 0, 0xFFFFFFFFu);
	drv_used(&o, 1, 1, BUF_SIZE + 1u);
	drv_used(&o, 2, 2, BUF_SIZE);
	put8(&o, V_USED_IDX);
	put16(&o, 3);
	put8(&o, V_DRAIN);
	emit("regress", t, "huge-length", &o);

	/* Regression: ids out of range, and one id returned twice (a loop). */
	o.n = 0;
	drv_used(&o, 0, NUM, 16);
	drv_used(&o, 1, 0xFFFFFFFFu, 16);
	drv_used(&o, 2, 3, 16);
	drv_used(&o, 3, 3, 16);
	put8(&o, V_USED_IDX);
	put16(&o, 4);
	put8(&o, V_DRAIN);
	emit("regress", t, "bad-and-duplicate-id", &o);
}

/* ---- fuzz_rsc ----------------------------------------------------------- */

static void gen_rsc(void)
{
	const char *t = "rsc";
	struct amp_rsc_table tbl;
	struct out o = {0};
	uint32_t i;

	amp_rsc_build(&tbl, PA + AMP_SHM_VRING0_OFF, PA + AMP_SHM_VRING1_OFF, NUM,
		      AMP_CFG_VRING_ALIGN);
	put_bytes(&o, &tbl, sizeof(tbl));
	emit("corpus", t, "amplink-table", &o);

	/* Linux-style: a carveout (56 bytes), a trace buffer (48 bytes), then the vdev. */
	o.n = 0;
	put32(&o, 1);
	put32(&o, 3);
	put32(&o, 0);
	put32(&o, 0);
	put32(&o, 28);
	put32(&o, 28 + 56);
	put32(&o, 28 + 56 + 48);
	put32(&o, AMP_RSC_CARVEOUT);
	for (i = 0; i < 13; i++)
		put32(&o, i == 1 ? PA : 0);
	put32(&o, AMP_RSC_TRACE);
	for (i = 0; i < 11; i++)
		put32(&o, 0);
	put_bytes(&o, &tbl.vdev, sizeof(tbl.vdev));
	emit("corpus", t, "carveout-trace-vdev", &o);

	/* Regression: the table cut one byte short. */
	o.n = 0;
	put_bytes(&o, &tbl, sizeof(tbl) - 1u);
	emit("regress", t, "truncated", &o);

	/* Regression: an entry offset far outside the table, and a huge entry count. */
	o.n = 0;
	put_bytes(&o, &tbl, sizeof(tbl));
	memcpy(o.b + 16, &(uint32_t){0xFFFFFFF0u}, 4);
	emit("regress", t, "offset-outside", &o);
	memcpy(o.b + 16, &(uint32_t){20u}, 4);
	memcpy(o.b + 4, &(uint32_t){0xFFFFFFFFu}, 4);
	emit("regress", t, "huge-count", &o);

	/* Regression: a config length that would wrap a 32-bit sum; 255 vrings. */
	o.n = 0;
	put_bytes(&o, &tbl, sizeof(tbl));
	memcpy(o.b + 20 + 20, &(uint32_t){0xFFFFFFF0u}, 4);
	emit("regress", t, "huge-config-len", &o);
	memcpy(o.b + 20 + 20, &(uint32_t){0u}, 4);
	o.b[20 + 25] = 255;
	emit("regress", t, "many-vrings", &o);
}

/* ---- fuzz_ns ------------------------------------------------------------ */

enum { N_MSG, N_CREATE, N_DESTROY, N_FREE_ALL };

static void ns_msg(struct out *o, const char *name, size_t name_len, uint32_t addr, uint32_t flags,
		   uint32_t len)
{
	uint8_t m[64] = {0};

	memcpy(m, name, name_len);
	memcpy(m + 32, &addr, 4);
	memcpy(m + 36, &flags, 4);
	put8(o, N_MSG);
	put8(o, len);
	put_bytes(o, m, len);
}

static void gen_ns(void)
{
	const char *t = "ns";
	struct out o = {0};

	put8(&o, 2); /* master, the bind callback creates endpoints */
	put8(&o, N_CREATE);
	put8(&o, 3 | 4); /* any address, unbound, destroyed on unbind */
	put8(&o, 0);	 /* "default" */
	ns_msg(&o, "default", 7, 1024, AMP_RPMSG_NS_CREATE, 40);
	ns_msg(&o, "rpmsg-tty", 9, 1030, AMP_RPMSG_NS_CREATE, 40);
	ns_msg(&o, "default", 7, 1024, AMP_RPMSG_NS_DESTROY, 40);
	ns_msg(&o, "rpmsg-tty", 9, 1030, AMP_RPMSG_NS_DESTROY, 40);
	put8(&o, N_DESTROY);
	put8(&o, 0);
	put8(&o, N_FREE_ALL);
	emit("corpus", t, "create-bind-destroy", &o);

	o.n = 0;
	put8(&o, 1); /* slave */
	put8(&o, N_CREATE);
	put8(&o, 1); /* any address, bound to 1024 + x */
	put8(&o, 2); /* "oacs" */
	put16(&o, 0);
	ns_msg(&o, "oacs", 4, 1024, AMP_RPMSG_NS_DESTROY, 40);
	ns_msg(&o, "oacs", 4, 1024, AMP_RPMSG_NS_CREATE, 40);
	emit("corpus", t, "slave-bound", &o);

	/* Regression: a name filling all 32 bytes, bad addresses, bad flags, bad lengths. */
	o.n = 0;
	put8(&o, 2);
	ns_msg(&o, "0123456789abcdef0123456789abcdef", 32, 1024, 0, 40);
	ns_msg(&o, "x", 1, 0, 0, 40);
	ns_msg(&o, "x", 1, AMP_RPMSG_NS_ADDR, 0, 40);
	ns_msg(&o, "x", 1, 1023, 0, 40);
	ns_msg(&o, "x", 1, 0xFFFFFFFFu, 0, 40);
	ns_msg(&o, "x", 1, 1024, 2, 40);
	ns_msg(&o, "x", 1, 1024, 0, 39);
	ns_msg(&o, "x", 1, 1024, 0, 41);
	ns_msg(&o, "", 0, 1024, 0, 40);
	ns_msg(&o, "", 0, 0, 0, 0);
	ns_msg(&o, "nobody", 6, 4000, AMP_RPMSG_NS_DESTROY, 40);
	emit("regress", t, "malformed", &o);
}

/* ---- fuzz_link_block ---------------------------------------------------- */

enum { L_POLL, L_POLL_N, L_WRITE32, L_BULK, L_FIX_CRC, L_CLOCK, L_BELL };

static uint8_t *region;
static uint32_t gen_now;

static void g_notify(void *ctx)
{
	(void)ctx;
}

static int g_ipm_take(void *ctx)
{
	(void)ctx;
	return 0;
}

static uint32_t g_now_ms(void *ctx)
{
	(void)ctx;
	return gen_now++;
}

static const struct amp_port_ops gen_ops = {
    .notify = g_notify,
    .ipm_take = g_ipm_take,
    .now_ms = g_now_ms,
};

/* A region as a real master leaves it while it waits for the slave. */
static void master_region(void)
{
	static struct amp_link link;
	static struct amp_port port;
	int i;

	if (!region) {
		region = aligned_alloc(4096, SHM_SIZE);
		if (!region)
			exit(1);
	}
	memset(region, 0, SHM_SIZE);
	port =
	    (struct amp_port){.ops = &gen_ops, .shm = region, .shm_size = SHM_SIZE, .shm_pa = PA};
	if (amp_link_init(&link, &port, AMP_ROLE_MASTER))
		exit(1);
	for (i = 0; i < 200 && link.state != AMP_LM_WAIT_NS; i++)
		amp_link_poll(&link);
}

static void link_prefix(struct out *o)
{
	put_bytes(o, region + AMP_SHM_RSC_OFF, sizeof(struct amp_rsc_table));
	put_bytes(o, region + AMP_SHM_LINK_OFF, sizeof(struct amp_link_block));
}

/* The rings as the master left them, in BULK writes. */
static void link_rings(struct out *o)
{
	uint32_t off;

	for (off = AMP_SHM_VRING0_OFF; off < 0x800u; off += 128u) {
		put8(o, L_BULK);
		put16(o, off);
		put8(o, 128);
		put_bytes(o, region + off, 128);
	}
}

static void link_w32(struct out *o, uint32_t off, uint32_t v)
{
	put8(o, L_WRITE32);
	put16(o, off);
	put32(o, v);
}

static void gen_link_block(void)
{
	const char *t = "link_block";
	const uint32_t epoch = AMP_SHM_LINK_OFF + offsetof(struct amp_link_block, master_epoch);
	struct out o = {0};
	uint32_t i;

	master_region();
	link_prefix(&o);
	link_rings(&o);
	put8(&o, L_POLL_N);
	put8(&o, 30);
	emit("corpus", t, "master-waiting", &o);

	/* The master re-initialises under a running slave: odd epoch, then a new even one. */
	link_w32(&o, epoch, 3);
	put8(&o, L_BELL);
	put8(&o, L_POLL_N);
	put8(&o, 8);
	link_w32(&o, epoch, 4);
	put8(&o, L_POLL_N);
	put8(&o, 20);
	emit("corpus", t, "master-reinit", &o);

	/* Odd epoch from the start: the slave must wait, acknowledging it. */
	o.n = 0;
	link_prefix(&o);
	memcpy(o.b + sizeof(struct amp_rsc_table) + 32, &(uint32_t){7u}, 4);
	link_rings(&o);
	put8(&o, L_POLL_N);
	put8(&o, 20);
	put8(&o, L_CLOCK);
	put8(&o, 200);
	put8(&o, L_POLL_N);
	put8(&o, 5);
	emit("corpus", t, "odd-epoch", &o);

	/* Power-up garbage everywhere. */
	o.n = 0;
	for (i = 0; i < 216; i++)
		put8(&o, (i * 37u + 11u) ^ (i >> 3));
	put8(&o, L_POLL_N);
	put8(&o, 10);
	emit("corpus", t, "garbage", &o);

	/* Regression: a good block with one crc bit flipped. */
	o.n = 0;
	link_prefix(&o);
	o.b[sizeof(struct amp_rsc_table) + AMP_LINK_CRC_LEN] ^= 1u;
	link_rings(&o);
	put8(&o, L_POLL_N);
	put8(&o, 20);
	emit("regress", t, "bad-crc", &o);

	/* Regression: another geometry with a matching crc (vring_num 8). */
	o.n = 0;
	link_prefix(&o);
	o.b[sizeof(struct amp_rsc_table) + 6] = 8;
	put8(&o, L_FIX_CRC);
	link_rings(&o);
	put8(&o, L_POLL_N);
	put8(&o, 20);
	emit("regress", t, "other-geometry", &o);

	/* Regression: DRIVER_OK missing, then the mirror's vring moved outside the region. */
	o.n = 0;
	link_prefix(&o);
	o.b[AMP_RSC_STATUS_OFF] = 0x0B;
	link_rings(&o);
	put8(&o, L_POLL_N);
	put8(&o, 10);
	link_w32(&o, offsetof(struct amp_rsc_table, vdev.vring[0].da), PA + SHM_SIZE);
	link_w32(&o, AMP_RSC_STATUS_OFF, 0x0F | (2u << 8)); /* status, num_of_vrings */
	put8(&o, L_POLL_N);
	put8(&o, 10);
	emit("regress", t, "no-driver-ok-then-bad-vring", &o);
}

/* ---- fuzz_rpmsg_rx ------------------------------------------------------ */

enum { R_MSG, R_POLL_RX, R_POLL_PEER, R_RELEASE, R_SEND, R_RAW, R_BELL };

static void rx_msg(struct out *o, int op, uint32_t src, uint32_t dst, uint32_t hlen,
		   const void *payload, uint32_t plen, int consistent, uint32_t claimed)
{
	put8(o, op);
	put32(o, src);
	put32(o, dst);
	put32(o, 0);
	put16(o, hlen);
	put16(o, 0);
	put16(o, plen);
	put_bytes(o, payload, plen);
	if (consistent) {
		put8(o, 1);
	} else {
		put8(o, 2);
		put32(o, claimed);
	}
}

static void gen_rpmsg_rx(void)
{
	const char *t = "rpmsg_rx";
	static const uint8_t hello[] = {0, 'h', 'e', 'l', 'l', 'o'};
	static const uint8_t hold_reply[] = {3, 'x', 'y'};
	uint8_t ns[40] = {'s', 'v', 'c'};
	uint8_t big[AMP_RPMSG_PAYLOAD_MAX];
	struct out o = {0};
	int mode;

	memset(big, 0x5A, sizeof(big));
	memcpy(ns + 32, &(uint32_t){1040u}, 4);
	for (mode = 0; mode < 2; mode++) {
		const char *names[2][2] = {{"slave-rx-echo", "slave-rx-bad"},
					   {"master-rx-echo", "master-rx-bad"}};

		o.n = 0;
		put8(&o, mode);
		rx_msg(&o, R_MSG, 1025, 1025, sizeof(hello), hello, sizeof(hello), 1, 0);
		put8(&o, R_POLL_RX);
		rx_msg(&o, R_MSG, 1024, 1024, sizeof(hold_reply), hold_reply, sizeof(hold_reply), 1,
		       0);
		rx_msg(&o, R_MSG, 1025, 1025, sizeof(big), big, sizeof(big), 1, 0);
		rx_msg(&o, R_MSG, 1025, AMP_RPMSG_NS_ADDR, 40, ns, 40, 1, 0);
		put8(&o, R_POLL_RX);
		put8(&o, R_POLL_PEER);
		put8(&o, R_RELEASE);
		put8(&o, 0);
		put8(&o, R_SEND);
		put8(&o, 0);
		put16(&o, 100);
		put8(&o, R_POLL_PEER);
		put8(&o, R_POLL_RX);
		emit("corpus", t, names[mode][0], &o);

		/* Regression: lengths that disagree, a huge one, one shorter than a header. */
		o.n = 0;
		put8(&o, mode);
		rx_msg(&o, R_MSG, 1025, 1025, 496, hello, sizeof(hello), 0, 20);
		rx_msg(&o, R_MSG, 1025, 1025, 0xFFFF, hello, sizeof(hello), 0, 0xFFFFFFFFu);
		rx_msg(&o, R_MSG, 1025, 1025, 2, hello, 2, 0, 15);
		rx_msg(&o, R_MSG, 1025, 9999, 6, hello, sizeof(hello), 1, 0);
		rx_msg(&o, R_MSG, 1025, 1025, 0, hello, 0, 0, 0);
		put8(&o, R_POLL_RX);
		put8(&o, R_POLL_PEER);
		put8(&o, R_POLL_RX);
		emit("regress", t, names[mode][1], &o);
	}

	/* Regression: raw descriptors outside the region / looping; raw used ids. */
	o.n = 0;
	put8(&o, 0);
	rx_msg(&o, R_RAW, 1025, 1025, 6, hello, sizeof(hello), 1, 0);
	put32(&o, PA + SHM_SIZE);
	put32(&o, 0);
	put16(&o, 0);
	rx_msg(&o, R_RAW, 1025, 1025, 6, hello, sizeof(hello), 0, 64);
	put32(&o, PA + AMP_SHM_POOL_OFF);
	put32(&o, 0);
	put16(&o, AMP_VRING_DESC_F_NEXT);
	put8(&o, R_POLL_RX);
	emit("regress", t, "slave-rx-raw-desc", &o);

	o.n = 0;
	put8(&o, 1);
	rx_msg(&o, R_RAW, 1025, 1025, 6, hello, sizeof(hello), 1, 0);
	put16(&o, NUM + 3u);
	rx_msg(&o, R_RAW, 1025, 1025, 6, hello, sizeof(hello), 0, BUF_SIZE + 1u);
	put16(&o, 0);
	put8(&o, R_POLL_RX);
	emit("regress", t, "master-rx-raw-used", &o);
}

/* ---- fuzz_ctl ------------------------------------------------------------ */

enum { C_RAW, C_CTL, C_TO_EPT, C_POLL, C_POLL_PEER, C_CLOCK, C_OPEN, C_CLOSE, C_SEND };

/* A well-formed control message: type, sid, argument (an endpoint 1024 + ept), name index. */
static void ctl(struct out *o, uint32_t type, uint32_t sid, uint32_t ept, uint32_t name)
{
	put8(o, C_CTL);
	put8(o, 0); /* right epoch, small argument */
	put8(o, type - 1u);
	put16(o, sid);
	put8(o, ept);
	put8(o, 0);    /* hello role */
	put16(o, 100); /* hello heartbeat */
	put8(o, 3);    /* hello miss limit */
	put8(o, name);
}

static void gen_ctl(void)
{
	const char *t = "ctl";
	static const uint8_t garbage[] = {1, 9, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0xFF};
	struct out o = {0};

	put8(&o, 0); /* the slave under test */
	ctl(&o, AMP_CTL_OPEN, 0x0003, 9, 0);
	put8(&o, C_POLL);
	put8(&o, C_POLL_PEER);
	put8(&o, C_TO_EPT);
	put8(&o, 3);
	put8(&o, 0); /* a probe */
	put8(&o, C_POLL);
	ctl(&o, AMP_CTL_HEARTBEAT, 0, 0, 0);
	ctl(&o, AMP_CTL_HELLO, 0, 0, 0);
	put8(&o, C_POLL);
	ctl(&o, AMP_CTL_CLOSE, 0x0003, 0, 0);
	put8(&o, C_POLL);
	put8(&o, C_CLOCK);
	put8(&o, 255);
	put8(&o, C_CLOCK);
	put8(&o, 255);
	put8(&o, C_POLL);
	emit("corpus", t, "slave-open-probe-close", &o);

	o.n = 0;
	put8(&o, 1); /* the master under test */
	ctl(&o, AMP_CTL_OPEN, 0x8001, 12, 1);
	put8(&o, C_POLL);
	put8(&o, C_SEND);
	put8(&o, 0);
	put16(&o, 10);
	put8(&o, C_POLL_PEER);
	put8(&o, C_OPEN);
	put8(&o, 0);
	put8(&o, C_POLL);
	put8(&o, C_POLL_PEER);
	put8(&o, C_POLL);
	ctl(&o, AMP_CTL_OPEN_ACK, 0x0001, 5, 0);
	ctl(&o, AMP_CTL_OPEN_NAK, 0x0001, 5, 0);
	put8(&o, C_POLL);
	put8(&o, C_CLOSE);
	put8(&o, 0);
	put8(&o, C_POLL);
	emit("corpus", t, "master-open-ack-nak", &o);

	/* Regression: malformed control messages (wrong version, length, type, name). */
	o.n = 0;
	put8(&o, 0);
	put8(&o, C_RAW);
	put8(&o, sizeof(garbage));
	put_bytes(&o, garbage, sizeof(garbage));
	put8(&o, C_RAW);
	put8(&o, 0);
	ctl(&o, AMP_CTL_OPEN, 0x8003, 0xFF, 4); /* wrong role bit, 31-char name */
	ctl(&o, AMP_CTL_OPEN, 0x0004, 0, 3);	/* nobody listens */
	put8(&o, C_POLL);
	emit("regress", t, "malformed", &o);
}

/* ---- fuzz_stream --------------------------------------------------------- */

enum { T_RAW, T_MSG, T_READ, T_PEEK, T_WRITE, T_FLUSH, T_CLOSE, T_BUSY, T_DOWN };

static void st_msg(struct out *o, uint32_t type, uint32_t len)
{
	uint32_t i;

	put8(o, T_MSG);
	put8(o, type - 1u); /* in sequence / exact consumed */
	put16(o, len);
	if (type == AMP_STREAM_MSG_CREDIT) {
		put16(o, 256); /* grant: 256 bytes ahead */
		return;
	}
	for (i = 0; i < len; i++)
		put8(o, 'a' + i % 26u);
}

static void gen_stream(void)
{
	const char *t = "stream";
	struct out o = {0};
	uint8_t raw[8] = {AMP_STREAM_MSG_DATA, 0, 0xF0, 0, 0, 0, 0, 0};

	st_msg(&o, AMP_STREAM_MSG_CREDIT, 4);
	st_msg(&o, AMP_STREAM_MSG_DATA, 100);
	put8(&o, T_PEEK);
	put16(&o, 10);
	put8(&o, T_READ);
	put16(&o, 60);
	put8(&o, T_WRITE);
	put16(&o, 300);
	put8(&o, T_FLUSH);
	st_msg(&o, AMP_STREAM_MSG_DATA, 156);
	put8(&o, T_READ);
	put16(&o, 500);
	st_msg(&o, AMP_STREAM_MSG_CREDIT, 4);
	put8(&o, T_FLUSH);
	put8(&o, T_CLOSE);
	st_msg(&o, AMP_STREAM_MSG_CLOSE, 0);
	put8(&o, T_READ);
	put16(&o, 100);
	emit("corpus", t, "data-credit-close", &o);

	o.n = 0;
	put8(&o, T_BUSY);
	put8(&o, 1);
	put8(&o, T_WRITE);
	put16(&o, 100);
	st_msg(&o, AMP_STREAM_MSG_CREDIT, 4);
	put8(&o, T_FLUSH);
	put8(&o, T_BUSY);
	put8(&o, 0);
	put8(&o, T_FLUSH);
	put8(&o, T_DOWN);
	put8(&o, T_WRITE);
	put16(&o, 10);
	emit("corpus", t, "busy-then-down", &o);

	/* Regression: DATA beyond the credit, out of sequence, a length that lies. */
	o.n = 0;
	st_msg(&o, AMP_STREAM_MSG_DATA, 300);
	emit("regress", t, "data-beyond-credit", &o);
	o.n = 0;
	put8(&o, T_MSG);
	put8(&o, 0x10); /* DATA at an offset from the input */
	put16(&o, 10);
	put32(&o, 5);
	put_bytes(&o, "0123456789", 10);
	put8(&o, T_READ);
	put16(&o, 10);
	put8(&o, T_RAW);
	put16(&o, sizeof(raw));
	put_bytes(&o, raw, sizeof(raw));
	emit("regress", t, "out-of-sequence-and-bad-len", &o);
}

/* ---- fuzz_oacs ----------------------------------------------------------- */

static void oacs_frame(struct out *o, uint8_t kind, uint16_t seq, uint16_t cmd, const void *p,
		       uint16_t len)
{
	uint8_t buf[AMP_OACS_FRAME_MAX];
	struct amp_oacs_frame f = {kind, seq, cmd, len, p};
	int n = amp_oacs_encode(buf, sizeof(buf), &f);

	if (n > 0)
		put_bytes(o, buf, (size_t)n);
}

static void gen_oacs(void)
{
	const char *t = "oacs";
	struct out o = {0};
	uint8_t big[AMP_OACS_PAYLOAD_MAX];
	size_t at;

	memset(big, 0x33, sizeof(big));
	oacs_frame(&o, AMP_OACS_REQUEST, 1, AMP_OACS_CMD_PING, "ping", 4);
	oacs_frame(&o, AMP_OACS_REQUEST, 2, AMP_OACS_CMD_GET_INFO, NULL, 0);
	oacs_frame(&o, AMP_OACS_REQUEST, 3, AMP_OACS_CMD_GET_STATS, NULL, 0);
	oacs_frame(&o, AMP_OACS_REQUEST, 4, AMP_OACS_CMD_LIST_SESSIONS, "\0\0", 2);
	oacs_frame(&o, AMP_OACS_REQUEST, 5, AMP_OACS_CMD_USER, "ab", 2);
	oacs_frame(&o, AMP_OACS_REQUEST, 6, 0x7777, NULL, 0);
	emit("corpus", t, "requests", &o);

	/* Garbage between frames, a response and an event where requests belong. */
	o.n = 0;
	put_bytes(&o, "\xA5\xA5\xC3garbage", 10);
	oacs_frame(&o, AMP_OACS_REQUEST, 7, AMP_OACS_CMD_PING, big, sizeof(big));
	oacs_frame(&o, AMP_OACS_RESPONSE, 8, AMP_OACS_CMD_PING, "x", 1);
	oacs_frame(&o, AMP_OACS_EVENT, 9, AMP_OACS_CMD_USER, "\xFF", 1);
	emit("corpus", t, "garbage-mixed", &o);

	/* Regression: a bad frame CRC, then a length above the maximum with a good header crc. */
	o.n = 0;
	oacs_frame(&o, AMP_OACS_REQUEST, 10, AMP_OACS_CMD_PING, "crc", 3);
	o.b[o.n - 1] ^= 0x80u;
	at = o.n;
	oacs_frame(&o, AMP_OACS_REQUEST, 11, AMP_OACS_CMD_PING, "len", 3);
	o.b[at + 8] = 0xFF;
	o.b[at + 9] = 0xFF;
	oacs_frame(&o, AMP_OACS_REQUEST, 12, AMP_OACS_CMD_PING, "ok", 2);
	emit("regress", t, "bad-crc-bad-len", &o);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fuzz-gen-corpus <fuzz dir>\n");
		return 2;
	}
	root = argv[1];
	gen_vring_device();
	gen_vring_driver();
	gen_rsc();
	gen_ns();
	gen_link_block();
	gen_rpmsg_rx();
	gen_ctl();
	gen_stream();
	gen_oacs();
	return 0;
}
