/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rpmsg receive path: header decode and endpoint dispatch on a channel that
 * is up. Both roles run the real stack through the handshake once; every
 * run starts again from that snapshot. The first input byte picks the
 * receiving role; the other role is played by hand: its messages carry
 * headers, lengths and payloads from the input (and, on request, raw
 * descriptors or used elements), written into the ring the way a peer
 * would. The receiver's application holds, releases and answers buffers and
 * sends on its own as the input says.
 *
 * Checked: a callback only ever sees payload inside the region and at most
 * AMP_RPMSG_PAYLOAD_MAX long, and the ring operations stay in the region.
 */
#include <stdio.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/link.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "fuzz_common.h"

#define NUM	 ((uint16_t)AMP_CFG_VRING_NUM)
#define BUF_SIZE ((uint32_t)AMP_CFG_BUF_SIZE)
#define M	 AMP_ROLE_MASTER
#define S	 AMP_ROLE_SLAVE
#define HELD_MAX 8u

enum op {
	OP_MSG,
	OP_POLL_RX,
	OP_POLL_PEER,
	OP_RELEASE,
	OP_SEND,
	OP_RAW,
	OP_BELL,
	OP_COUNT,
};

/* One role's application. Only the receiving role's is active. */
struct app {
	struct amp_link *link;
	uint8_t active;
	void *held[HELD_MAX];
	uint32_t nheld;
	uint32_t msgs;
};

struct world {
	struct fz_port fp[2];
	struct amp_link link[2];
	struct app app[2];
	struct amp_ept *e1[2];
	uint32_t now;
	uint16_t free_ids[NUM]; /* hand-played master: its transmit descriptors */
	uint16_t nfree;
};

static struct world sim;
static struct world snap_world;
static uint8_t snap_region[AMP_CFG_SHM_SIZE];

static void app_rx(struct app *a, struct amp_ept *ept, void *data, size_t len)
{
	const uint8_t *p = data;
	volatile uint8_t sum = 0;

	size_t i;

	FZ_ASSERT(len <= AMP_RPMSG_PAYLOAD_MAX);
	FZ_ASSERT(fz_in_region(data, len));
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum ^ p[i]);
	(void)sum;
	a->msgs++;
	if (!a->active || !len)
		return;
	if ((p[0] & 1u) && a->nheld < HELD_MAX && amp_rpmsg_hold_rx_buffer(ept, data) == AMP_OK)
		a->held[a->nheld++] = data;
	if (p[0] & 2u)
		(void)amp_rpmsg_try_send(ept, data, len);
	/* Destroying an endpoint from its own callback (not the link's default one). */
	if ((p[0] & 4u) && ept != a->link->default_ept)
		amp_rpmsg_ept_destroy(ept);
}

static int default_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)src;
	app_rx(priv, ept, data, len);
	return 0;
}

static int e1_cb(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)src;
	app_rx(priv, ept, data, len);
	return 0;
}

static void poll_until_ready(void)
{
	int n;

	for (n = 0; n < 100000; n++) {
		if (amp_link_is_ready(&sim.link[M]) && amp_link_is_ready(&sim.link[S]) &&
		    sim.e1[M] && amp_rpmsg_ept_is_bound(sim.e1[M]) && sim.e1[S]->announced)
			return;
		amp_link_poll(&sim.link[n & 1 ? S : M]);
		sim.now += (n & 3) == 3;
		if (amp_link_is_ready(&sim.link[S]) && !sim.e1[S]->announced)
			(void)amp_rpmsg_ept_announce(sim.e1[S]);
	}
	fz_fail(__FILE__, __LINE__, "handshake did not complete");
}

/* Both roles up, one extra endpoint "e1" on each, bound to each other. */
static void setup_once(void)
{
	int r;
	uint16_t i;

	memset(&sim, 0, sizeof(sim));
	fz_region_fill(0xA5);
	for (r = 0; r < 2; r++) {
		fz_port_init(&sim.fp[r], (enum amp_role)r, &sim.now);
		if (amp_link_init(&sim.link[r], &sim.fp[r].port, (enum amp_role)r))
			fz_fail(__FILE__, __LINE__, "amp_link_init");
		amp_link_set_default_cb(&sim.link[r], default_cb, &sim.app[r]);
		sim.app[r].link = &sim.link[r];
	}
	fz_port_pair(&sim.fp[M], &sim.fp[S]);
	for (r = 0; r < 2000 && !amp_link_is_ready(&sim.link[S]); r++) {
		amp_link_poll(&sim.link[M]);
		amp_link_poll(&sim.link[S]);
	}
	for (r = 0; r < 2; r++)
		if (amp_rpmsg_ept_create(&sim.link[r].rpmsg, &sim.e1[r], "e1", AMP_RPMSG_ADDR_ANY,
					 AMP_RPMSG_ADDR_ANY, e1_cb, &sim.app[r]))
			fz_fail(__FILE__, __LINE__, "ept_create");
	poll_until_ready();
	/* The master sent nothing yet: all its transmit descriptors are free. */
	FZ_ASSERT(sim.link[M].rpmsg.free_tx_count == NUM);
	for (i = 0; i < NUM; i++)
		sim.free_ids[i] = i;
	sim.nfree = NUM;
	snap_world = sim;
	memcpy(snap_region, (const void *)(uintptr_t)fz_region(), sizeof(snap_region));
}

static void restore(void)
{
	sim = snap_world;
	memcpy((void *)(uintptr_t)fz_region(), snap_region, sizeof(snap_region));
}

/* The hand-played master: get a transmit descriptor back from the slave. */
static void master_reclaim(void)
{
	struct amp_vring *tx = &sim.link[M].rpmsg.tx;
	uint16_t id, n;
	uint32_t len;

	for (n = 0; n < NUM; n++) {
		int got = amp_vring_drv_take_used(tx, &id, &len);

		if (got <= 0)
			break;
		if (id != AMP_VRING_NO_ID)
			sim.free_ids[sim.nfree++] = id;
	}
}

/* Write a message into a buffer: raw header from the input, then payload. */
static uint32_t fill(volatile uint8_t *buf, uint32_t room, struct fz_in *in)
{
	uint8_t msg[BUF_SIZE];
	uint32_t n = (uint32_t)fz_bytes(in, msg, AMP_RPMSG_HDR_SIZE);

	n += (uint32_t)fz_bytes(in, msg + n, fz_u16(in) % (AMP_RPMSG_PAYLOAD_MAX + 1u));
	if (n > room)
		n = room;
	memcpy((void *)(uintptr_t)buf, msg, n);
	return n;
}

/* The length the peer claims: consistent with what it wrote, or anything. */
static uint32_t claimed_len(uint32_t written, struct fz_in *in)
{
	uint8_t how = fz_u8(in);

	return (how & 1u) ? written : ((how & 2u) ? fz_u32(in) : fz_u16(in));
}

static void master_send_hand(struct fz_in *in, int raw)
{
	struct amp_rpmsg *r = &sim.link[M].rpmsg;
	const struct amp_port *p = &sim.fp[M].port;
	volatile uint8_t *buf;
	uint64_t addr;
	uint32_t len;
	uint16_t id, flags = 0;

	master_reclaim();
	if (!sim.nfree)
		return;
	id = sim.free_ids[--sim.nfree];
	buf = p->shm + r->pool_off + (r->rx.num + id) * BUF_SIZE;
	len = claimed_len(fill(buf, BUF_SIZE, in), in);
	addr = (uint64_t)p->shm_pa + (uint32_t)(buf - p->shm);
	if (raw) {
		addr = (uint64_t)fz_u32(in) | ((uint64_t)fz_u32(in) << 32);
		flags = fz_u16(in);
	}
	amp_vring_drv_set_desc(&r->tx, id, addr, len, flags);
	/* Refused only if the master re-initialised the rings under us: then it is gone. */
	if (amp_vring_drv_post(&r->tx, id) != AMP_OK)
		return;
	amp_vring_drv_publish(&r->tx);
	sim.fp[S].bell = 1;
}

static void slave_send_hand(struct fz_in *in, int raw)
{
	struct amp_vring *tx = &sim.link[S].rpmsg.tx;
	volatile uint8_t *buf;
	uint32_t len, room;
	uint16_t id;
	int n;

	for (n = 0; n < NUM; n++) {
		int got = amp_vring_dev_take_avail(tx, &id, &buf, &room);

		if (got == AMP_VRING_GOT)
			break;
		if (got != AMP_VRING_DROPPED)
			return;
	}
	if (n == NUM)
		return;
	len = claimed_len(fill(buf, room, in), in);
	if (raw)
		id = fz_u16(in);
	if (id < tx->num) {
		amp_vring_dev_put_used(tx, id, len);
	} else {
		/* amp_vring_dev_put_used() ignores an id >= num: a hostile device writes it. */
		volatile struct amp_vring_used_elem *e =
		    &tx->used->ring[tx->shadow_idx & (tx->num - 1u)];

		amp_wr32(&e->id, id);
		amp_wr32(&e->len, len);
		tx->shadow_idx++;
	}
	amp_vring_dev_publish(tx);
	sim.fp[M].bell = 1;
}

static void app_release(struct app *a, uint8_t pick)
{
	uint32_t i;

	if (!a->nheld)
		return;
	i = pick % a->nheld;
	(void)amp_rpmsg_release_rx_buffer(&a->link->rpmsg, a->held[i]);
	a->held[i] = a->held[--a->nheld];
}

static void app_send(struct amp_link *l, struct amp_ept *e1, struct fz_in *in)
{
	uint8_t msg[AMP_RPMSG_PAYLOAD_MAX];
	uint8_t how = fz_u8(in);
	size_t len = (size_t)fz_u16(in) % (AMP_RPMSG_PAYLOAD_MAX + 2u); /* one too long */
	struct amp_ept *ept = (how & 1u) ? l->default_ept : e1;

	memset(msg, how, sizeof(msg));
	if (!ept || !ept->in_use)
		return;
	/* Too long: refused (not truncated), whatever else is wrong at the time. */
	if (len > AMP_RPMSG_PAYLOAD_MAX)
		FZ_ASSERT(amp_rpmsg_try_send(ept, msg, len) < 0);
	else
		(void)amp_rpmsg_try_send(ept, msg, len);
}

static void run(enum amp_role rx, struct fz_in *in)
{
	enum amp_role peer = rx == M ? S : M;

	sim.app[rx].active = 1;
	while (in->n) {
		uint8_t op = fz_u8(in) % OP_COUNT;

		switch ((enum op)op) {
		case OP_MSG:
		case OP_RAW:
			if (rx == S)
				master_send_hand(in, op == OP_RAW);
			else
				slave_send_hand(in, op == OP_RAW);
			break;
		case OP_POLL_RX:
			(void)amp_link_poll(&sim.link[rx]);
			break;
		case OP_POLL_PEER:
			(void)amp_link_poll(&sim.link[peer]);
			break;
		case OP_RELEASE:
			app_release(&sim.app[rx], fz_u8(in));
			break;
		case OP_SEND:
			app_send(&sim.link[rx], sim.e1[rx], in);
			break;
		case OP_BELL:
			sim.fp[rx].bell = 1;
			sim.now += fz_u8(in);
			break;
		case OP_COUNT:
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct fz_in in = {data, size};

	if (!ready) {
		setup_once();
		ready = 1;
	}
	restore();
	run((fz_u8(&in) & 1u) ? M : S, &in);
	if (fz_verbose()) {
		int r;

		for (r = 0; r < 2; r++)
			fprintf(stderr,
				"%s: app msgs %u held %u; rx %u dropped %u bad hdr %u ns %u "
				"tx %u\n",
				r == M ? "master" : "slave", sim.app[r].msgs, sim.app[r].nheld,
				sim.link[r].rpmsg.stats.rx_msgs, sim.link[r].rpmsg.stats.rx_dropped,
				sim.link[r].rpmsg.stats.bad_hdr, sim.link[r].rpmsg.stats.bad_ns,
				sim.link[r].rpmsg.stats.tx_msgs);
	}
	return 0;
}
