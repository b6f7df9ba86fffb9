/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The slave (virtio device) consuming an avail ring and a descriptor table
 * that a hostile master writes. The input is a list of operations: the
 * "master" writes ring fields and descriptors at any time, the device takes,
 * uses and publishes. Whatever the ring says, every buffer the device is
 * handed lies inside the region (checked here, and by the guard pages around
 * the region when the buffer is touched), every id is in range, and a take
 * loop ends.
 */
#include <stdio.h>
#include <string.h>

#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp/virtio.h"
#include "fuzz_common.h"

#define NUM	 ((uint16_t)AMP_CFG_VRING_NUM)
#define RING_OFF AMP_SHM_VRING1_OFF

enum op {
	OP_TAKE,
	OP_DRAIN,
	OP_AVAIL_IDX,
	OP_AVAIL_ENTRY,
	OP_DESC,
	OP_BULK,
	OP_PUT_USED,
	OP_PUBLISH,
	OP_RESET,
	OP_COUNT,
};

struct dev_state {
	struct amp_vring vr;
	uint16_t taken[NUM * 4u];
	uint32_t ntaken;
};

/* Use the buffer the way rpmsg does: read the header, write a reply into it. */
static void touch(volatile uint8_t *buf, uint32_t len)
{
	volatile uint8_t sink = 0;
	uint32_t i;

	for (i = 0; i < len && i < 64u; i++)
		sink ^= buf[i];
	for (i = 0; i < len && i < 64u; i++)
		buf[i] = (uint8_t)i;
	if (len)
		buf[len - 1u] = sink ^ buf[len - 1u];
}

static int take_one(struct dev_state *st)
{
	volatile uint8_t *buf = NULL;
	uint32_t len = 0;
	uint16_t id = AMP_VRING_NO_ID;
	int got = amp_vring_dev_take_avail(&st->vr, &id, &buf, &len);

	FZ_ASSERT(got == 0 || got == AMP_VRING_GOT || got == AMP_VRING_DROPPED ||
		  got == AMP_EPROTO);
	if (got != AMP_VRING_GOT)
		return got;
	FZ_ASSERT(id < NUM);
	FZ_ASSERT(len > 0);
	FZ_ASSERT(fz_in_region(buf, len));
	touch(buf, len);
	if (st->ntaken < sizeof(st->taken) / sizeof(st->taken[0]))
		st->taken[st->ntaken++] = id;
	return got;
}

static void put_used(struct dev_state *st, struct fz_in *in)
{
	uint32_t len = fz_u32(in);

	if (!st->ntaken)
		return;
	amp_vring_dev_put_used(&st->vr, st->taken[--st->ntaken], len);
}

static void run(struct dev_state *st, volatile uint8_t *ring, struct fz_in *in)
{
	while (in->n) {
		uint32_t i;

		switch ((enum op)(fz_u8(in) % OP_COUNT)) {
		case OP_TAKE:
			take_one(st);
			break;
		case OP_DRAIN:
			/* A take loop the way rpmsg runs it: bounded by the ring size. */
			for (i = 0; i < 4u * NUM; i++)
				if (take_one(st) <= 0)
					break;
			break;
		case OP_AVAIL_IDX:
			amp_wr16(&st->vr.avail->idx, fz_u16(in));
			break;
		case OP_AVAIL_ENTRY:
			/* num entries, then used_event */
			i = fz_u8(in) % (NUM + 1u);
			amp_wr16(&st->vr.avail->ring[i], fz_u16(in));
			break;
		case OP_DESC: {
			volatile struct amp_vring_desc *d = &st->vr.desc[fz_u8(in) % NUM];

			amp_wr64(&d->addr, (uint64_t)fz_u32(in) | ((uint64_t)fz_u32(in) << 32));
			amp_wr32(&d->len, fz_u32(in));
			amp_wr16(&d->flags, fz_u16(in));
			amp_wr16(&d->next, fz_u16(in));
			break;
		}
		case OP_BULK:
			fz_write_bulk(in, ring, st->vr.size);
			break;
		case OP_PUT_USED:
			put_used(st, in);
			break;
		case OP_PUBLISH:
			amp_vring_dev_publish(&st->vr);
			(void)amp_vring_dev_peer_wants_kick(&st->vr);
			(void)amp_vring_dev_pending(&st->vr);
			amp_vring_dev_want_notifies(&st->vr, fz_u8(in) & 1);
			break;
		case OP_RESET:
			amp_vring_dev_reset(&st->vr);
			st->ntaken = 0;
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
	static struct dev_state st;
	static uint32_t now;
	struct fz_in in = {data, size};
	volatile uint8_t *ring;

	fz_port_init(&fp, AMP_ROLE_SLAVE, &now);
	memset(&st, 0, sizeof(st));
	if (amp_vring_attach(&st.vr, &fp.port, RING_OFF, NUM, AMP_CFG_VRING_ALIGN))
		fz_fail(__FILE__, __LINE__, "attach");
	ring = fp.port.shm + RING_OFF;
	memset((void *)(uintptr_t)ring, 0, st.vr.size);
	amp_vring_dev_reset(&st.vr);
	run(&st, ring, &in);
	if (fz_verbose())
		fprintf(stderr,
			"device: seen %u used %u bad idx %u id %u addr %u len %u chain %u\n",
			st.vr.last_seen, st.vr.shadow_idx, st.vr.stats.bad_idx, st.vr.stats.bad_id,
			st.vr.stats.bad_addr, st.vr.stats.bad_len, st.vr.stats.bad_chain);
	return 0;
}
