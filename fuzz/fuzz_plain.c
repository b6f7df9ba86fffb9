/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Either role with a plain virtio peer (AMP_PEER_PLAIN) against whatever the
 * peer writes: the resource table at offset 0 (first a valid one, the vrings
 * for the master to place or inside the region, then scrambled by the
 * input), and the rings. The input picks the role, then interleaves polls
 * with writes anywhere in the table and rings, status changes, clock ticks,
 * doorbells, sends and restarts.
 *
 * Checked after every poll:
 *  - a poll never fails, and every cache operation stays inside the region
 *    (fuzz_common.c);
 *  - once attached, both rings lie inside the region, at most
 *    AMP_CFG_VRING_NUM entries, and the slave attached only to a table
 *    showing DRIVER_OK without FAILED;
 *  - the master writes nothing of the table outside the vdev entry it
 *    validated (its status, features and vring addresses).
 */
#include <stdio.h>
#include <string.h>

#include "amp/amp.h"
#include "amp/shm.h"
#include "fuzz_common.h"

#define SCRAMBLE_END 0x2000u

enum op {
	OP_POLL,
	OP_POLL_N,
	OP_WRITE32,
	OP_BULK,
	OP_STATUS,
	OP_CLOCK,
	OP_BELL,
	OP_SEND,
	OP_RESTART,
	OP_COUNT,
};

static struct amp_ept *ept;

static int rx_cb(struct amp_ept *e, void *data, size_t len, uint32_t src, void *priv)
{
	(void)e;
	(void)src;
	(void)priv;
	FZ_ASSERT(len <= AMP_RPMSG_PAYLOAD_MAX && (!len || fz_in_region(data, len)));
	return 0;
}

static void check_ring(const struct amp_vring *vr)
{
	FZ_ASSERT(vr->num >= 2u && vr->num <= AMP_CFG_VRING_NUM);
	FZ_ASSERT(fz_in_region(vr->desc, vr->size));
}

static void poll_checked(struct amp_link *l)
{
	const volatile uint8_t *shm = fz_region();
	uint8_t before = l->state, tab[sizeof(struct amp_rsc_table)];
	int attach_step = AMP_IS_MASTER(l->role) ? AMP_LM_SETUP_VRINGS : AMP_LS_INIT_VDEV;
	uint32_t i;

	for (i = 0; i < sizeof(tab); i++)
		tab[i] = shm[i];
	FZ_ASSERT(amp_link_poll(l) >= 0);
	if (l->rpmsg.up) {
		check_ring(&l->rpmsg.rx);
		check_ring(&l->rpmsg.tx);
	}
	if (!AMP_IS_MASTER(l->role) && before == attach_step && l->state > attach_step) {
		uint8_t st = shm[l->vdev_off + 24u];

		FZ_ASSERT((st & AMP_VIRTIO_S_DRIVER_OK) && !(st & AMP_VIRTIO_S_FAILED));
	}
	if (AMP_IS_MASTER(l->role)) {
		/* Outside the vdev entry (and its vrings) the master leaves the remote's table
		 * alone. */
		for (i = 0; i < sizeof(tab); i++)
			if (i < l->vdev_off || i >= l->vdev_off + sizeof(struct amp_rsc_vdev))
				FZ_ASSERT(shm[i] == tab[i]);
	}
}

static void send_one(struct fz_in *in)
{
	uint8_t msg[AMP_RPMSG_PAYLOAD_MAX];
	size_t len = fz_u16(in) % (sizeof(msg) + 8u);

	memset(msg, 0x5a, sizeof(msg));
	if (ept)
		(void)amp_rpmsg_try_send(ept, msg, len > sizeof(msg) ? sizeof(msg) : len);
}

static void run(struct amp_link *l, struct fz_port *fp, uint32_t *now, struct fz_in *in)
{
	volatile uint8_t *shm = fp->port.shm;

	while (in->n) {
		uint32_t i, n, off;

		switch ((enum op)(fz_u8(in) % OP_COUNT)) {
		case OP_POLL:
			poll_checked(l);
			break;
		case OP_POLL_N:
			n = fz_u8(in) % 32u;
			for (i = 0; i < n; i++)
				poll_checked(l);
			break;
		case OP_WRITE32:
			off = (fz_u16(in) % SCRAMBLE_END) & ~3u;
			amp_wr32(shm + off, fz_u32(in));
			break;
		case OP_BULK:
			fz_write_bulk(in, shm, SCRAMBLE_END);
			break;
		case OP_STATUS:
			amp_wr8(shm + offsetof(struct amp_rsc_table, vdev) + 24u, fz_u8(in));
			break;
		case OP_CLOCK:
			*now += fz_u8(in);
			break;
		case OP_BELL:
			fp->bell = 1;
			break;
		case OP_SEND:
			send_one(in);
			break;
		case OP_RESTART:
			amp_link_restart(l);
			break;
		case OP_COUNT:
			break;
		}
	}
}

/* The table a remote image carries (master) or a master wrote (slave, DRIVER_OK). */
static void write_table(enum amp_role role, uint8_t how)
{
	struct amp_rsc_table t;
	uint32_t da0 = FZ_SHM_PA + 0x400u, da1 = FZ_SHM_PA + 0xC00u;

	if (role == AMP_ROLE_MASTER && (how & 1u))
		da0 = da1 = AMP_RSC_ADDR_ANY;
	amp_rsc_build(&t, da0, da1, (how & 2u) ? 8u : AMP_CFG_VRING_NUM, (how & 4u) ? 16u : 64u);
	if (role == AMP_ROLE_SLAVE) {
		t.vdev.gfeatures = (how & 8u) ? 0u : t.vdev.dfeatures;
		t.vdev.status = 0x0Fu;
	}
	memcpy((void *)(uintptr_t)fz_region(), &t, sizeof(t));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_port fp;
	static struct amp_link link;
	static uint32_t now;
	struct fz_in in = {data, size};
	uint8_t how = fz_u8(&in);
	enum amp_role role = (how & 0x80u) ? AMP_ROLE_MASTER : AMP_ROLE_SLAVE;
	struct amp_config cfg = {role, AMP_PEER_PLAIN, (how & 0x40u) ? 256u : 0u};

	fz_region_fill(0);
	now = 0;
	fz_port_init(&fp, role, &now);
	write_table(role, how);
	if (amp_link_init_config(&link, &fp.port, &cfg))
		fz_fail(__FILE__, __LINE__, "amp_link_init_config");
	ept = NULL;
	if (amp_rpmsg_ept_create(&link.rpmsg, &ept, "fz", AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY,
				 rx_cb, NULL))
		fz_fail(__FILE__, __LINE__, "amp_rpmsg_ept_create");
	run(&link, &fp, &now, &in);
	if (fz_verbose())
		fprintf(stderr, "plain %s: state %u up %u bad rsc %u resets %u\n",
			role == AMP_ROLE_MASTER ? "master" : "slave", link.state, link.rpmsg.up,
			link.stats.bad_rsc, link.stats.peer_resets);
	return 0;
}
