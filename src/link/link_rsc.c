/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A plain virtio peer's resource table (docs/interop.md): the only state it
 * shares with us. It may live outside the shared region (the slave's own
 * loaded image, where Linux remoteproc writes), so it is read through a
 * private copy and validated the way remoteproc does before any value in it
 * is used.
 */
#include "amp/errors.h"
#include "amp/shm.h"
#include "link_internal.h"

int amp_link_rsc_read(struct amp_link *l, struct amp_rsc_info *info)
{
	const volatile uint8_t *t = (const volatile uint8_t *)l->rsc;
	uint32_t copy[AMP_CFG_RSC_MAX / 4u];
	uint32_t n = l->rsc_size < AMP_CFG_RSC_MAX ? l->rsc_size : AMP_CFG_RSC_MAX;
	uint32_t i;

	n &= ~3u;
	amp_link_invalidate(l, t, n);
	/* Word by word: the peer writes these fields as 32-bit words. */
	for (i = 0; i < n / 4u; i++)
		copy[i] = amp_rd32(t + 4u * i);
	if (amp_rsc_validate(copy, n, info, NULL) || (info->vdev_off & 3u))
		return AMP_EPROTO;
	return AMP_OK;
}

uint8_t amp_link_peer_status(const struct amp_link *l)
{
	const volatile uint8_t *st =
	    (const volatile uint8_t *)l->rsc + l->vdev_off + AMP_VDEV_STATUS;

	amp_link_invalidate(l, st, 1u);
	return amp_rd8(st);
}
