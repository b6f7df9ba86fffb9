/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The master (virtio driver) consuming a used ring that a hostile slave
 * writes. The driver posts buffers as rpmsg does; the input then writes used
 * elements and the used index at will, interleaved with takes, re-posts and
 * publishes. Whatever the ring says, a taken id is one the driver posted and
 * had not got back, a taken length is at most the posted buffer length, and
 * the driver's count of buffers in flight matches what it really posted.
 */
#include <stdio.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp/virtio.h"
#include "fuzz_common.h"

#define NUM	 ((uint16_t)AMP_CFG_VRING_NUM)
#define RING_OFF AMP_SHM_VRING0_OFF
#define BUF_SIZE ((uint32_t)AMP_CFG_BUF_SIZE)

enum op {
	OP_TAKE,
	OP_DRAIN,
	OP_USED_IDX,
	OP_USED_ELEM,
	OP_BULK,
	OP_POST,
	OP_PUBLISH,
	OP_RESET,
	OP_COUNT,
};

struct drv_state {
	struct amp_vring vr;
	uint8_t posted[NUM]; /* our own model of what is in flight */
	uint16_t in_flight;
	uint16_t returned[NUM];
	uint16_t nreturned;
};

static void check_model(const struct drv_state *st)
{
	FZ_ASSERT(st->vr.in_flight == st->in_flight);
	FZ_ASSERT(st->in_flight <= NUM);
}

static void got_back(struct drv_state *st, uint16_t id)
{
	FZ_ASSERT(id < NUM);
	FZ_ASSERT(st->posted[id]);
	st->posted[id] = 0;
	st->in_flight--;
	st->returned[st->nreturned++] = id;
}

static int take_one(struct drv_state *st)
{
	uint16_t id = AMP_VRING_NO_ID;
	uint32_t len = 0;
	int got = amp_vring_drv_take_used(&st->vr, &id, &len);

	FZ_ASSERT(got == 0 || got == AMP_VRING_GOT || got == AMP_VRING_DROPPED ||
		  got == AMP_EPROTO);
	if (got == AMP_VRING_GOT) {
		FZ_ASSERT(len <= BUF_SIZE);
		got_back(st, id);
	} else if (got == AMP_VRING_DROPPED && id != AMP_VRING_NO_ID) {
		/* A valid id with a bad length: the buffer is ours again, unread. */
		got_back(st, id);
	}
	check_model(st);
	return got;
}

static void post(struct drv_state *st, uint16_t id)
{
	int err = amp_vring_drv_post(&st->vr, id);

	if (id >= NUM || st->posted[id]) {
		FZ_ASSERT(err == AMP_EINVAL);
		return;
	}
	FZ_ASSERT(err == AMP_OK);
	st->posted[id] = 1;
	st->in_flight++;
	check_model(st);
}

/* Re-post a buffer we got back (in the order the input picks). */
static void repost(struct drv_state *st, uint8_t pick)
{
	uint16_t i;

	if (!st->nreturned)
		return;
	i = (uint16_t)(pick % st->nreturned);
	post(st, st->returned[i]);
	st->returned[i] = st->returned[--st->nreturned];
}

static void reset(struct drv_state *st, const struct amp_port *port)
{
	uint16_t i;

	amp_vring_drv_reset(&st->vr);
	memset(st->posted, 0, sizeof(st->posted));
	st->in_flight = 0;
	st->nreturned = 0;
	for (i = 0; i < NUM; i++) {
		amp_vring_drv_set_desc(&st->vr, i,
				       (uint64_t)port->shm_pa + AMP_SHM_POOL_OFF + i * BUF_SIZE,
				       BUF_SIZE, AMP_VRING_DESC_F_WRITE);
		post(st, i);
	}
	amp_vring_drv_publish(&st->vr);
}

static void run(struct drv_state *st, const struct amp_port *port, struct fz_in *in)
{
	volatile uint8_t *ring = port->shm + RING_OFF;

	while (in->n) {
		uint32_t i;

		switch ((enum op)(fz_u8(in) % OP_COUNT)) {
		case OP_TAKE:
			take_one(st);
			break;
		case OP_DRAIN:
			for (i = 0; i < 4u * NUM; i++)
				if (take_one(st) <= 0)
					break;
			break;
		case OP_USED_IDX:
			amp_wr16(&st->vr.used->idx, fz_u16(in));
			break;
		case OP_USED_ELEM:
			i = fz_u8(in) % NUM;
			amp_wr32(&st->vr.used->ring[i].id, fz_u32(in));
			amp_wr32(&st->vr.used->ring[i].len, fz_u32(in));
			break;
		case OP_BULK:
			fz_write_bulk(in, ring, st->vr.size);
			break;
		case OP_POST:
			i = fz_u8(in);
			if (i & 0x80u)
				post(st, (uint16_t)(i & 0x7Fu)); /* any id, even a bad one */
			else
				repost(st, (uint8_t)i);
			break;
		case OP_PUBLISH:
			amp_vring_drv_publish(&st->vr);
			(void)amp_vring_drv_peer_wants_kick(&st->vr);
			(void)amp_vring_drv_pending(&st->vr);
			amp_vring_drv_want_interrupts(&st->vr, fz_u8(in) & 1);
			break;
		case OP_RESET:
			reset(st, port);
			break;
		case OP_COUNT:
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_port fp;
	static struct drv_state st;
	static uint32_t now;
	struct fz_in in = {data, size};

	fz_port_init(&fp, AMP_ROLE_MASTER, &now);
	memset(&st, 0, sizeof(st));
	if (amp_vring_attach(&st.vr, &fp.port, RING_OFF, NUM, AMP_CFG_VRING_ALIGN))
		fz_fail(__FILE__, __LINE__, "attach");
	reset(&st, &fp.port);
	run(&st, &fp.port, &in);
	if (fz_verbose())
		fprintf(stderr, "driver: seen %u in flight %u bad idx %u id %u len %u\n",
			st.vr.last_seen, st.vr.in_flight, st.vr.stats.bad_idx, st.vr.stats.bad_id,
			st.vr.stats.bad_len);
	return 0;
}
