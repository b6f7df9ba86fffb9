/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The slave's handshake with a plain virtio master (OpenAMP, Linux
 * remoteproc + virtio_rpmsg_bus): the states and trace points of
 * link_slave.c, with the resource table as the only shared state.
 *
 *   INIT_VDEV   wait, as a state, for DRIVER_OK (and not FAILED) in the
 *               vdev status; then take each vring's da, num and align from
 *               the table and attach, continuing the rings where they are
 *               (fresh rings are all zero; after a reboot of ours, the
 *               master's rings go on)
 *   REGISTER    announce every named endpoint, if the master accepted
 *               VIRTIO_RPMSG_F_NS
 *   READY       a change of the status byte (a reset to 0, FAILED, a new
 *               DRIVER_OK after a remoteproc stop/start) means the master
 *               let go of the rings: back to INIT_VDEV, endpoints kept
 *
 * The virtio rule that makes this safe (virtio 1.1, 3.1.1): the driver
 * writes the configuration before it sets DRIVER_OK, and resets the status
 * to 0 before it changes it again.
 */
#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "amp/trace.h"
#include "link_internal.h"

static int status_usable(uint8_t st)
{
	return (st & AMP_VIRTIO_S_DRIVER_OK) &&
	       !(st & (AMP_VIRTIO_S_FAILED | AMP_VIRTIO_S_NEEDS_RESET));
}

static int geometry_usable(const struct amp_link *l, const struct amp_rsc_info *info)
{
	const struct amp_rsc_vring *v = info->vring;

	return v[0].num == v[1].num && v[0].align == v[1].align && v[0].num <= AMP_CFG_VRING_NUM &&
	       v[0].da != AMP_RSC_ADDR_ANY && v[1].da != AMP_RSC_ADDR_ANY &&
	       v[0].da >= l->port->shm_pa && v[1].da >= l->port->shm_pa;
}

/* s.rpmsg_init_vdev, one attempt. */
static int plain_try_attach(struct amp_link *l)
{
	struct amp_rsc_info info;
	int err;

	if (amp_link_rsc_read(l, &info) || !status_usable(info.status))
		return 0;
	/* The configuration was written before DRIVER_OK: read it again after seeing it. */
	amp_rmb();
	if (amp_link_rsc_read(l, &info) || !status_usable(info.status))
		return 0;
	if (!geometry_usable(l, &info)) {
		l->stats.bad_rsc++;
		return 0;
	}
	err = amp_rpmsg_slave_attach(&l->rpmsg, info.vring[0].da, info.vring[1].da,
				     (uint16_t)info.vring[0].num, info.vring[0].align);
	if (!err)
		err = amp_rpmsg_slave_resume(&l->rpmsg);
	if (err) {
		l->stats.bad_rsc++;
		return 0;
	}
	l->vdev_off = info.vdev_off;
	l->peer_status = info.status;
	l->features = info.gfeatures;
	return 1;
}

/*
 * The master let go of the rings: its status changed, or it restarted
 * between two of our looks and left fresh rings (our used indices gone).
 */
static int plain_master_reset(struct amp_link *l)
{
	if (amp_link_peer_status(l) == l->peer_status &&
	    (l->state != AMP_LS_READY ||
	     (amp_vring_dev_used_intact(&l->rpmsg.tx) && amp_vring_dev_used_intact(&l->rpmsg.rx))))
		return 0;
	AMP_TRACE(l->port, l->role, "master_reset_detected");
	amp_link_down(l, AMP_LINK_DOWN_PEER_RESET);
	l->state = AMP_LS_INIT_VDEV;
	return 1;
}

static int plain_register(struct amp_link *l)
{
	if (!l->default_ept && amp_link_create_default_ept(l))
		return 0;
	if (l->features & (1u << AMP_VIRTIO_RPMSG_F_NS)) {
		/* No buffer yet is not an error: the master posts them; try again next poll. */
		if (amp_rpmsg_announce_all(&l->rpmsg))
			return 0;
	}
	l->state = AMP_LS_READY;
	amp_link_up(l);
	return 1;
}

static int plain_ready(struct amp_link *l)
{
	int n = amp_link_process_or_down(l);

	if (n >= 0)
		return n;
	/* The master broke a ring: attach again where the rings are. */
	l->state = AMP_LS_INIT_VDEV;
	return 1;
}

int amp_link_plain_slave_poll(struct amp_link *l)
{
	if (l->state > AMP_LS_INIT_VDEV && plain_master_reset(l))
		return 1;
	switch ((enum amp_link_sstate)l->state) {
	case AMP_LS_BOOT:
	case AMP_LS_SETUP_IPM:
	case AMP_LS_SETUP_VRINGS:
	case AMP_LS_INIT_POOL:
		return amp_link_slave_setup_step(l);
	case AMP_LS_INIT_VDEV:
		if (!plain_try_attach(l))
			return 0;
		l->state = AMP_LS_ATTACHED;
		return 1;
	case AMP_LS_ATTACHED:
		AMP_TRACE(l->port, l->role, "ready");
		l->state = AMP_LS_REGISTER;
		return 1;
	case AMP_LS_REGISTER:
		return plain_register(l);
	case AMP_LS_READY:
		return plain_ready(l);
	}
	return 0;
}
