/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The master's handshake with a plain virtio remote (an OpenAMP remote, or
 * an amplink slave configured for a plain peer): the states and trace points
 * of link_master.c, driven by the remote's resource table alone, in the
 * order virtio 1.1 3.1.1 gives the driver:
 *
 *   BOOT           m.clear_virtio_status: a valid table, status reset to 0
 *   SETUP_REGION   m.setup_virtio_region: ACKNOWLEDGE, DRIVER, features
 *                  (gfeatures = dfeatures & ours), FEATURES_OK
 *   SETUP_IPM      m.setup_ipm
 *   SETUP_VRINGS   m.setup_vrings: num and align from the table; a vring
 *                  whose da is FW_RSC_ADDR_ANY is placed in our region and
 *                  its da written back (as Linux rproc_alloc_vring does)
 *   INIT_POOL      m.rpmsg_virtio_init_shm_pool: after the rings
 *   INIT_VDEV      m.rpmsg_init_vdev: DRIVER_OK, doorbell
 *   WAIT_NS        nothing to wait for: endpoints bind as they are announced
 *   READY
 *
 * A plain remote cannot follow a re-initialisation of rings it is using, so
 * nothing here ever does one on its own: a ring error sets FAILED and halts
 * until the application restarts the remote and calls amp_link_restart().
 */
#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp/trace.h"
#include "link_internal.h"

static volatile uint8_t *vdev_field(const struct amp_link *l, uint32_t off)
{
	return (volatile uint8_t *)l->rsc + l->vdev_off + off;
}

static void write_vdev8(struct amp_link *l, uint32_t off, uint8_t v)
{
	amp_wr8(vdev_field(l, off), v);
	amp_link_clean(l, vdev_field(l, off), 1u);
}

static void write_vdev32(struct amp_link *l, uint32_t off, uint32_t v)
{
	amp_wr32(vdev_field(l, off), v);
	amp_link_clean(l, vdev_field(l, off), 4u);
}

/* Add status bits, in the order the driver must set them. */
static void set_status(struct amp_link *l, uint8_t bits)
{
	uint8_t st = bits ? (uint8_t)(amp_link_peer_status(l) | bits) : 0u;

	/* Whatever the status announces must be visible before it. */
	amp_wmb();
	write_vdev8(l, AMP_VDEV_STATUS, st);
}

/* The remote's table is what we drive from: copy, validate, remember the vdev. */
static int plain_read_table(struct amp_link *l, struct amp_rsc_info *info)
{
	if (amp_link_rsc_read(l, info)) {
		l->stats.bad_rsc++;
		return AMP_EPROTO;
	}
	l->vdev_off = info->vdev_off;
	return AMP_OK;
}

/* A ring of ours: [off, off + size) inside the region and clear of [lo, hi). */
struct span {
	uint32_t off, end;
};

static int overlaps(struct span a, struct span b)
{
	return a.off < b.end && b.off < a.end;
}

/* Where the table sits in the region (nothing when it is outside it). */
static struct span table_span(const struct amp_link *l)
{
	struct span t = {0u, 0u};
	uintptr_t tab = (uintptr_t)l->rsc, shm = (uintptr_t)l->port->shm;

	if (tab >= shm && tab - shm < l->port->shm_size) {
		t.off = (uint32_t)(tab - shm);
		t.end = t.off + l->rsc_size;
	}
	return t;
}

/* Offsets of both vrings: the table's, or placed by us after the table and link block. */
static int place_vrings(struct amp_link *l, const struct amp_rsc_info *info, struct span ring[2])
{
	const struct amp_port *p = l->port;
	uint32_t num = info->vring[0].num, align = info->vring[0].align;
	uint32_t size = AMP_VRING_SIZE(num, align), grain = align > 64u ? align : 64u;
	struct span tab = table_span(l);
	uint32_t next =
	    AMP_ALIGN_UP(tab.end > AMP_SHM_VRING0_OFF ? tab.end : AMP_SHM_VRING0_OFF, grain);
	int i;

	if (info->vring[1].num != num || info->vring[1].align != align || num > AMP_CFG_VRING_NUM)
		return AMP_EPROTO;
	for (i = 0; i < 2; i++) {
		uint32_t da = info->vring[i].da;

		if (da == AMP_RSC_ADDR_ANY) {
			ring[i].off = next;
			next = AMP_ALIGN_UP(next + size, grain);
		} else if (da < p->shm_pa || da - p->shm_pa > p->shm_size) {
			return AMP_ERANGE;
		} else {
			ring[i].off = da - p->shm_pa;
		}
		if (ring[i].off > p->shm_size || size > p->shm_size - ring[i].off)
			return AMP_ERANGE;
		ring[i].end = ring[i].off + size;
		if (overlaps(ring[i], tab))
			return AMP_ERANGE;
	}
	return overlaps(ring[0], ring[1]) ? AMP_ERANGE : AMP_OK;
}

static struct span ring_span(const struct amp_link *l, const struct amp_vring *vr)
{
	struct span s;

	s.off = (uint32_t)((const volatile uint8_t *)vr->desc - l->port->shm);
	s.end = s.off + vr->size;
	return s;
}

/* The pool: the first place after the table, or after either ring, that is clear of all. */
static int place_pool(const struct amp_link *l, uint32_t *pool_off)
{
	struct span tab = table_span(l);
	struct span ring[2] = {ring_span(l, &l->rpmsg.rx), ring_span(l, &l->rpmsg.tx)};
	const uint32_t start[3] = {tab.end > AMP_SHM_VRING0_OFF ? tab.end : AMP_SHM_VRING0_OFF,
				   ring[0].end, ring[1].end};
	uint32_t need = 2u * (uint32_t)l->rpmsg.rx.num * l->buf_size;
	int i;

	for (i = 0; i < 3; i++) {
		struct span pool;

		pool.off = AMP_ALIGN_UP(start[i], 64u);
		if (pool.off > l->port->shm_size || need > l->port->shm_size - pool.off)
			continue;
		pool.end = pool.off + need;
		if (!overlaps(pool, tab) && !overlaps(pool, ring[0]) && !overlaps(pool, ring[1])) {
			*pool_off = pool.off;
			return AMP_OK;
		}
	}
	return AMP_ERANGE;
}

/* The remote's table asks for what we cannot do: tell it (FAILED) and stop. */
static int plain_fail(struct amp_link *l)
{
	set_status(l, AMP_VIRTIO_S_FAILED);
	amp_link_notify_peer(l);
	l->halted = 1;
	l->state = AMP_LM_BOOT;
	AMP_TRACE(l->port, l->role, "peer_failed");
	return 1;
}

static int plain_setup_vrings(struct amp_link *l)
{
	struct amp_rsc_info info;
	struct span ring[2];
	int i;

	if (plain_read_table(l, &info))
		return plain_fail(l);
	if (place_vrings(l, &info, ring) ||
	    amp_rpmsg_master_setup_vrings(&l->rpmsg, ring[0].off, ring[1].off,
					  (uint16_t)info.vring[0].num, info.vring[0].align)) {
		l->stats.bad_rsc++;
		return plain_fail(l);
	}
	for (i = 0; i < 2; i++)
		if (info.vring[i].da == AMP_RSC_ADDR_ANY)
			write_vdev32(l, AMP_VDEV_VRING(i), l->port->shm_pa + ring[i].off);
	AMP_TRACE(l->port, l->role, "setup_vrings");
	l->state = AMP_LM_INIT_POOL;
	return 1;
}

static int plain_init_pool(struct amp_link *l)
{
	uint32_t pool_off;

	if (amp_rpmsg_master_set_buf_size(&l->rpmsg, l->buf_size) || place_pool(l, &pool_off) ||
	    amp_rpmsg_master_init_pool(&l->rpmsg, pool_off)) {
		l->stats.bad_rsc++;
		return AMP_ERANGE;
	}
	return AMP_OK;
}

static int plain_boot(struct amp_link *l)
{
	struct amp_rsc_info info;

	if (l->halted || plain_read_table(l, &info))
		return 0;
	set_status(l, 0);
	l->stats.reinits++;
	AMP_TRACE(l->port, l->role, "clear_virtio_status");
	l->state = AMP_LM_SETUP_REGION;
	return 1;
}

static int plain_negotiate(struct amp_link *l)
{
	struct amp_rsc_info info;

	if (plain_read_table(l, &info))
		return plain_fail(l);
	set_status(l, AMP_VIRTIO_S_ACKNOWLEDGE);
	set_status(l, AMP_VIRTIO_S_DRIVER);
	l->features = info.dfeatures & (1u << AMP_VIRTIO_RPMSG_F_NS);
	write_vdev32(l, AMP_VDEV_GFEATURES, l->features);
	set_status(l, AMP_VIRTIO_S_FEATURES_OK);
	AMP_TRACE(l->port, l->role, "setup_virtio_region");
	l->state = AMP_LM_SETUP_IPM;
	return 1;
}

static int plain_init_vdev(struct amp_link *l)
{
	if (!l->default_ept && amp_link_create_default_ept(l))
		return 0;
	set_status(l, AMP_VIRTIO_S_DRIVER_OK);
	amp_mb();
	amp_link_notify_peer(l);
	AMP_TRACE(l->port, l->role, "rpmsg_init_vdev");
	AMP_TRACE(l->port, l->role, "wait_for_slave_response_from_ns_setup");
	l->state = AMP_LM_WAIT_NS;
	return 1;
}

static int plain_ready(struct amp_link *l)
{
	int n = amp_link_process_or_down(l);

	return n >= 0 ? n : plain_fail(l);
}

int amp_link_plain_master_poll(struct amp_link *l)
{
	switch ((enum amp_link_mstate)l->state) {
	case AMP_LM_BOOT:
		return plain_boot(l);
	case AMP_LM_WAIT_SLAVE_ACK: /* not used with a plain peer */
	case AMP_LM_SETUP_REGION:
		return plain_negotiate(l);
	case AMP_LM_SETUP_IPM:
		return amp_link_setup_ipm(l, AMP_LM_SETUP_VRINGS);
	case AMP_LM_SETUP_VRINGS:
		return plain_setup_vrings(l);
	case AMP_LM_INIT_POOL:
		if (plain_init_pool(l))
			return plain_fail(l);
		AMP_TRACE(l->port, l->role, "rpmsg_virtio_init_shm_pool");
		l->state = AMP_LM_INIT_VDEV;
		return 1;
	case AMP_LM_INIT_VDEV:
		return plain_init_vdev(l);
	case AMP_LM_WAIT_NS:
		l->state = AMP_LM_READY;
		AMP_TRACE(l->port, l->role, "ready");
		amp_link_up(l);
		return 1;
	case AMP_LM_READY:
		return plain_ready(l);
	}
	return 0;
}
