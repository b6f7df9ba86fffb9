/* SPDX-License-Identifier: BSD-3-Clause */
/* The OpenAMP test peer (oa_peer.h): the library's public API only, no copy of its code. */
#include <stdatomic.h>
#include <string.h>

#include <metal/log.h>
#include <metal/sys.h>

#include "oa_peer.h"

/* libmetal logs only through a handler metal_init() installs; we do not need the rest of it. */
static void oa_log_setup(void)
{
	_metal.common.log_handler = metal_default_log_handler;
	_metal.common.log_level = METAL_LOG_WARNING;
}

static struct fw_rsc_vdev *find_vdev(void *rsc, uint32_t size)
{
	struct resource_table *t = rsc;
	uint32_t i;

	if (size < sizeof(*t) || t->ver != 1 || t->num > 16 || sizeof(*t) + t->num * 4u > size)
		return NULL;
	for (i = 0; i < t->num; i++) {
		uint32_t off = t->offset[i];

		if (off + sizeof(struct fw_rsc_vdev) > size)
			return NULL;
		if (*(uint32_t *)((uint8_t *)rsc + off) == RSC_VDEV)
			return (struct fw_rsc_vdev *)(void *)((uint8_t *)rsc + off);
	}
	return NULL;
}

/* OpenAMP calls this with its device lock held: only ring the bell, never call back in. */
static int oa_notify(void *priv, uint32_t id)
{
	struct oa_peer *p = priv;

	(void)id;
	p->kicks++;
	amp_posix_ring(p->cfg.shm, p->peer_bell);
	return 0;
}

static int take_bell(struct oa_peer *p)
{
	_Atomic uint32_t *bell = (_Atomic uint32_t *)(void *)&p->cfg.shm->mbox->bell[p->bell];

	return atomic_exchange(bell, 0u) != 0u;
}

static void ns_bind(struct rpmsg_device *rdev, const char *name, uint32_t dest)
{
	struct rpmsg_virtio_device *rv = metal_container_of(rdev, struct rpmsg_virtio_device, rdev);
	struct oa_peer *p = metal_container_of(rv, struct oa_peer, rvdev);
	int i;

	for (i = 0; i < p->ns_count; i++)
		if (!strncmp(p->ns[i].name, name, RPMSG_NAME_SIZE)) {
			p->ns[i].addr = dest;
			return;
		}
	if (p->ns_count < OA_NS_MAX) {
		strncpy(p->ns[p->ns_count].name, name, RPMSG_NAME_SIZE - 1);
		p->ns[p->ns_count].addr = dest;
		p->ns_count++;
	}
}

static void ns_unbind_dev(struct rpmsg_device *rdev, const char *name, uint32_t dest)
{
	struct rpmsg_virtio_device *rv = metal_container_of(rdev, struct rpmsg_virtio_device, rdev);
	struct oa_peer *p = metal_container_of(rv, struct oa_peer, rvdev);
	int i;

	(void)dest;
	p->ns_destroyed++;
	for (i = 0; i < p->ns_count; i++)
		if (!strncmp(p->ns[i].name, name, RPMSG_NAME_SIZE))
			p->ns[i].addr = RPMSG_ADDR_ANY;
}

static void pend_push(struct oa_peer *p, struct oa_ept *e, const void *data, uint32_t len,
		      uint32_t dst)
{
	struct oa_msg *m;

	if (p->pend_count == OA_PEND_MAX) {
		p->last_err = -1000; /* more echoes queued than the test ever has in flight */
		return;
	}
	m = &p->pend[(p->pend_head + p->pend_count) % OA_PEND_MAX];
	p->pend_ept[(p->pend_head + p->pend_count) % OA_PEND_MAX] = e;
	m->src = dst;
	m->len = len;
	memcpy(m->data, data, len);
	p->pend_count++;
}

static int pend_flush(struct oa_peer *p)
{
	int n = 0;

	while (p->pend_count) {
		struct oa_msg *m = &p->pend[p->pend_head];
		struct oa_ept *e = p->pend_ept[p->pend_head];
		int r = rpmsg_trysendto(&e->ept, m->data, (int)m->len, m->src);

		if (r == RPMSG_ERR_NO_BUFF)
			break;
		if (r < 0)
			p->last_err = r;
		p->pend_head = (p->pend_head + 1) % OA_PEND_MAX;
		p->pend_count--;
		n++;
	}
	return n;
}

static int ept_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct oa_ept *e = priv;
	struct oa_peer *p = e->peer;

	(void)ept;
	e->rx_count++;
	if (len > OA_MSG_MAX) {
		p->last_err = -1001;
		return RPMSG_SUCCESS;
	}
	if (e->mode == OA_EPT_ECHO) {
		/* Keep the order: behind earlier echoes that still wait for a buffer. */
		if (p->pend_count ||
		    rpmsg_trysendto(&e->ept, data, (int)len, src) == RPMSG_ERR_NO_BUFF)
			pend_push(p, e, data, (uint32_t)len, src);
		return RPMSG_SUCCESS;
	}
	if (e->q_count == OA_RXQ_LEN) {
		p->last_err = -1002;
		return RPMSG_SUCCESS;
	}
	{
		struct oa_msg *m = &e->q[(e->q_head + e->q_count) % OA_RXQ_LEN];

		m->src = src;
		m->len = (uint32_t)len;
		memcpy(m->data, data, len);
		e->q_count++;
	}
	return RPMSG_SUCCESS;
}

static void ept_unbind(struct rpmsg_endpoint *ept)
{
	struct oa_ept *e = ept->priv;

	e->unbound = 1;
}

struct oa_ept *oa_peer_ept(struct oa_peer *p, const char *name, uint32_t src, uint32_t dest,
			   enum oa_ept_mode mode)
{
	int i, r;

	if (!p->up)
		return NULL;
	for (i = 0; i < OA_MAX_EPT; i++) {
		struct oa_ept *e = &p->ept[i];

		if (e->in_use)
			continue;
		memset(e, 0, sizeof(*e));
		e->peer = p;
		e->mode = mode;
		e->ept.priv = e;
		r = rpmsg_create_ept(&e->ept, &p->rvdev.rdev, name, src, dest, ept_cb, ept_unbind);
		if (r) {
			p->last_err = r;
			return NULL;
		}
		e->in_use = 1;
		return e;
	}
	return NULL;
}

struct oa_ept *oa_peer_ept_by_name(struct oa_peer *p, const char *name)
{
	int i;

	for (i = 0; i < OA_MAX_EPT; i++)
		if (p->ept[i].in_use && !strncmp(p->ept[i].ept.name, name, RPMSG_NAME_SIZE))
			return &p->ept[i];
	return NULL;
}

void oa_peer_ept_destroy(struct oa_ept *e)
{
	if (!e->in_use)
		return;
	rpmsg_destroy_ept(&e->ept);
	e->in_use = 0;
}

uint32_t oa_peer_ns_addr(const struct oa_peer *p, const char *name)
{
	int i;

	for (i = 0; i < p->ns_count; i++)
		if (!strncmp(p->ns[i].name, name, RPMSG_NAME_SIZE))
			return p->ns[i].addr;
	return RPMSG_ADDR_ANY;
}

int oa_ept_pop(struct oa_ept *e, struct oa_msg *out)
{
	if (!e->q_count)
		return 0;
	*out = e->q[e->q_head];
	e->q_head = (e->q_head + 1) % OA_RXQ_LEN;
	e->q_count--;
	return 1;
}

int oa_ept_trysend(struct oa_ept *e, const void *data, uint32_t len)
{
	return rpmsg_trysend(&e->ept, data, (int)len);
}

int oa_peer_auto_ept(struct oa_peer *p, const char *name, uint32_t addr, enum oa_ept_mode mode)
{
	if (p->auto_count == OA_MAX_EPT)
		return -1;
	strncpy(p->auto_ept[p->auto_count].name, name, RPMSG_NAME_SIZE - 1);
	p->auto_ept[p->auto_count].addr = addr;
	p->auto_ept[p->auto_count].mode = mode;
	p->auto_count++;
	return 0;
}

static void *va_of(struct oa_peer *p, uint32_t da, uint32_t len)
{
	if (da < p->cfg.shm_pa || da - p->cfg.shm_pa > p->cfg.shm->size ||
	    len > p->cfg.shm->size - (da - p->cfg.shm_pa))
		return NULL;
	return (void *)(p->cfg.shm->region + (da - p->cfg.shm_pa));
}

/* Both roles: vrings from the table (a master first places those at ANY). */
static int setup_vrings(struct oa_peer *p)
{
	unsigned int i;

	for (i = 0; i < p->vdev_rsc->num_of_vrings && i < 2; i++) {
		struct fw_rsc_vdev_vring *v = &p->vdev_rsc->vring[i];
		void *va;

		if (p->cfg.role == OA_MASTER && v->da == FW_RSC_U32_ADDR_ANY)
			v->da = p->cfg.shm_pa + p->cfg.vring_off[i];
		va = va_of(p, v->da, (uint32_t)vring_size(v->num, v->align));
		if (!va)
			return -2000;
		if (rproc_virtio_init_vring(p->vdev, i, v->notifyid, va, &p->shm_io, v->num,
					    v->align))
			return -2001;
	}
	return 0;
}

static int create_vdev(struct oa_peer *p)
{
	unsigned int role = p->cfg.role == OA_MASTER ? VIRTIO_DEV_DRIVER : VIRTIO_DEV_DEVICE;

	p->vdev = rproc_virtio_create_vdev(role, p->vdev_rsc->notifyid, p->vdev_rsc, &p->rsc_io, p,
					   oa_notify, NULL);
	return p->vdev ? 0 : -2002;
}

static int start_device(struct oa_peer *p)
{
	struct rpmsg_virtio_config vc = {0};
	int err, i;

	err = setup_vrings(p);
	if (err)
		return err;
	if (p->cfg.role == OA_MASTER) {
		vc.h2r_buf_size = p->cfg.buf_size ? p->cfg.buf_size : RPMSG_BUFFER_SIZE;
		vc.r2h_buf_size = vc.h2r_buf_size;
		rpmsg_virtio_init_shm_pool(&p->pool, (void *)(p->cfg.shm->region + p->cfg.pool_off),
					   p->cfg.pool_size);
		err = rpmsg_init_vdev_with_config(&p->rvdev, p->vdev, ns_bind, &p->shm_io, &p->pool,
						  &vc);
	} else {
		err = rpmsg_init_vdev(&p->rvdev, p->vdev, ns_bind, &p->shm_io, NULL);
	}
	if (err)
		return err;
	p->rvdev.rdev.ns_unbind_cb = ns_unbind_dev;
	p->up = 1;
	for (i = 0; i < p->auto_count; i++)
		if (!oa_peer_ept(p, p->auto_ept[i].name, p->auto_ept[i].addr, RPMSG_ADDR_ANY,
				 p->auto_ept[i].mode))
			return -2003;
	return 0;
}

int oa_peer_init(struct oa_peer *p, const struct oa_config *cfg)
{
	memset(p, 0, sizeof(*p));
	oa_log_setup();
	p->cfg = *cfg;
	p->bell = cfg->role == OA_MASTER ? AMP_ROLE_MASTER : AMP_ROLE_SLAVE;
	p->peer_bell = cfg->role == OA_MASTER ? AMP_ROLE_SLAVE : AMP_ROLE_MASTER;
	p->shm_pa = cfg->shm_pa;
	p->rsc_pa = 0;
	metal_io_init(&p->shm_io, (void *)cfg->shm->region, &p->shm_pa, cfg->shm->size,
		      (unsigned int)-1, 0, NULL);
	metal_io_init(&p->rsc_io, cfg->rsc, &p->rsc_pa, cfg->rsc_size, (unsigned int)-1, 0, NULL);
	p->vdev_rsc = find_vdev(cfg->rsc, cfg->rsc_size);
	if (!p->vdev_rsc)
		return -2004;
	if (cfg->role == OA_REMOTE)
		return 0; /* starts at the first poll that sees DRIVER_OK */
	p->last_err = create_vdev(p);
	if (!p->last_err)
		p->last_err = start_device(p);
	return p->last_err;
}

uint8_t oa_peer_status(const struct oa_peer *p)
{
	return ((volatile struct fw_rsc_vdev *)p->vdev_rsc)->status;
}

void oa_peer_fini(struct oa_peer *p)
{
	if (p->up) {
		int i;

		for (i = 0; i < OA_MAX_EPT; i++)
			p->ept[i].in_use = 0;
		/* a power-off says nothing: no name-service DESTROY into rings that may be gone */
		p->rvdev.rdev.support_ns = 0;
		rpmsg_deinit_vdev(&p->rvdev);
	}
	p->up = 0;
	if (p->vdev)
		rproc_virtio_remove_vdev(p->vdev);
	p->vdev = NULL;
	p->pend_count = 0;
}

/* Remote: come up on DRIVER_OK; go back to waiting when the master resets the status. */
static int remote_track_status(struct oa_peer *p)
{
	uint8_t st = oa_peer_status(p);

	if (p->up && !(st & VIRTIO_CONFIG_STATUS_DRIVER_OK)) {
		oa_peer_fini(p);
		return 1;
	}
	if (p->up || !(st & VIRTIO_CONFIG_STATUS_DRIVER_OK))
		return 0;
	p->last_err = create_vdev(p);
	if (!p->last_err)
		p->last_err = start_device(p);
	return 1;
}

int oa_peer_poll(struct oa_peer *p)
{
	int work = 0;

	if (p->cfg.role == OA_REMOTE)
		work += remote_track_status(p);
	if (take_bell(p) && p->up) {
		rproc_virtio_notified(p->vdev, RSC_NOTIFY_ID_ANY);
		work++;
	}
	if (p->up)
		work += pend_flush(p);
	return work;
}
