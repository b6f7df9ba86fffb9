/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The neutral ping-pong's OpenAMP back end (neutral.h): both roles of
 * open-amp + libmetal (cmake/openamp.cmake) in one process, through its
 * public API. One resource table (one rpmsg vdev, two 256-entry vrings) in
 * the shared region; the master is the virtio driver
 * (rproc_virtio_create_vdev, rpmsg_init_vdev_with_config: 512-byte buffers
 * both ways), the remote the device (rpmsg_init_vdev once DRIVER_OK is
 * set). Each core creates "bench" with no peer address; the remote's
 * announcement binds the master's, the first message the remote's. A
 * notification sets the peer's flag with the vring's notify id; delivery
 * is rproc_virtio_notified() for each id flagged, as a mailbox interrupt
 * with one channel a vring would.
 */
#include <stddef.h>
#include <string.h>

#include <metal/io.h>
#include <metal/log.h>
#include <metal/sys.h>
#include <openamp/remoteproc.h>
#include <openamp/remoteproc_virtio.h>
#include <openamp/rpmsg.h>
#include <openamp/rpmsg_virtio.h>

#include "neutral.h"

#define SHM_PA	    0x38000000u
#define SHM_SIZE    0x80000u
#define VRING_ALIGN 64u
#define VRING0_OFF  0x1000u
#define VRING_SPAN  0x2000u /* vring_size(256, 64) = 6,726 bytes, rounded up */
#define POOL_OFF    0x8000u
#define POOL_SIZE   (2u * NB_RING * NB_BUF)

_Static_assert(POOL_OFF + POOL_SIZE <= SHM_SIZE, "the pool fits the region");

struct rsc {
	struct resource_table hdr;
	uint32_t offset[1];
	struct fw_rsc_vdev vdev;
	struct fw_rsc_vdev_vring vring[2];
} __attribute__((packed));

struct core {
	int id;
	struct metal_io_region shm_io, rsc_io;
	metal_phys_addr_t shm_pa, rsc_pa;
	struct virtio_device *vdev;
	struct rpmsg_virtio_device rvdev;
	struct rpmsg_endpoint ept;
};

static _Alignas(4096) uint8_t shm[SHM_SIZE];
static struct rsc table;
static struct rpmsg_virtio_shm_pool pool;
static struct core core[2] = {{.id = NB_MASTER}, {.id = NB_SLAVE}};

/* OpenAMP's notify: the peer's flag, one bit a notify id (the vrings' 0 and 1). */
static int notify(void *priv, uint32_t id)
{
	const struct core *c = priv;

	nb_bell[c->id == NB_MASTER ? NB_SLAVE : NB_MASTER] |= 1u << (id & 31u);
	return 0;
}

static int on_msg(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	const struct core *c = priv;

	(void)src;
	if (nb_received(c->id, (uint32_t)len) && rpmsg_send(ept, data, (int)len) != (int)len)
		nb_rx[c->id].errors++;
	return RPMSG_SUCCESS;
}

static void table_init(void)
{
	uint32_t i;

	memset(&table, 0, sizeof(table));
	table.hdr.ver = 1;
	table.hdr.num = 1;
	table.offset[0] = (uint32_t)offsetof(struct rsc, vdev);
	table.vdev.type = RSC_VDEV;
	table.vdev.id = VIRTIO_ID_RPMSG;
	table.vdev.notifyid = 2;
	table.vdev.dfeatures = 1u << VIRTIO_RPMSG_F_NS;
	table.vdev.num_of_vrings = 2;
	for (i = 0; i < 2; i++) {
		table.vring[i].da = SHM_PA + VRING0_OFF + i * VRING_SPAN;
		table.vring[i].align = VRING_ALIGN;
		table.vring[i].num = NB_RING;
		table.vring[i].notifyid = i;
	}
}

static int core_vdev(struct core *c)
{
	unsigned int role = c->id == NB_MASTER ? VIRTIO_DEV_DRIVER : VIRTIO_DEV_DEVICE;
	unsigned int i;

	c->shm_pa = SHM_PA;
	c->rsc_pa = 0;
	metal_io_init(&c->shm_io, shm, &c->shm_pa, sizeof(shm), (unsigned int)-1, 0, NULL);
	metal_io_init(&c->rsc_io, &table, &c->rsc_pa, sizeof(table), (unsigned int)-1, 0, NULL);
	c->vdev = rproc_virtio_create_vdev(role, table.vdev.notifyid, &table.vdev, &c->rsc_io, c,
					   notify, NULL);
	if (!c->vdev)
		return -1;
	for (i = 0; i < 2; i++) {
		struct fw_rsc_vdev_vring *v = &table.vring[i];

		if (rproc_virtio_init_vring(c->vdev, i, v->notifyid, shm + (v->da - SHM_PA),
					    &c->shm_io, v->num, v->align))
			return -1;
	}
	return 0;
}

static int setup(void)
{
	struct rpmsg_virtio_config vc = {0};
	struct core *m = &core[NB_MASTER], *s = &core[NB_SLAVE];

	_metal.common.log_handler = metal_default_log_handler;
	_metal.common.log_level = METAL_LOG_WARNING;
	table_init();
	vc.h2r_buf_size = NB_BUF;
	vc.r2h_buf_size = NB_BUF;
	rpmsg_virtio_init_shm_pool(&pool, shm + POOL_OFF, POOL_SIZE);
	m->ept.priv = m;
	s->ept.priv = s;
	if (core_vdev(m) ||
	    rpmsg_init_vdev_with_config(&m->rvdev, m->vdev, NULL, &m->shm_io, &pool, &vc) ||
	    rpmsg_create_ept(&m->ept, &m->rvdev.rdev, NB_EPT_NAME, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
			     on_msg, NULL))
		return -1;
	if (!(table.vdev.status & VIRTIO_CONFIG_STATUS_DRIVER_OK) || core_vdev(s) ||
	    rpmsg_init_vdev(&s->rvdev, s->vdev, NULL, &s->shm_io, NULL) ||
	    rpmsg_create_ept(&s->ept, &s->rvdev.rdev, NB_EPT_NAME, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
			     on_msg, NULL))
		return -1;
	return 0;
}

static int master_send(const uint8_t *msg, uint32_t len)
{
	if (core[NB_MASTER].ept.dest_addr == RPMSG_ADDR_ANY)
		return -1; /* not bound by the remote's announcement */
	return rpmsg_send(&core[NB_MASTER].ept, msg, (int)len) == (int)len ? 0 : -1;
}

static void deliver(int id)
{
	uint32_t flags = nb_bell[id];
	uint32_t i;

	nb_bell[id] = 0u;
	for (i = 0; i < 2; i++)
		if (flags & (1u << i))
			rproc_virtio_notified(core[id].vdev, i);
}

static void idle(int id)
{
	rproc_virtio_notified(core[id].vdev, 0);
	rproc_virtio_notified(core[id].vdev, 1);
}

const struct nb_backend nb_backend = {"openamp", setup, master_send, deliver, idle};
