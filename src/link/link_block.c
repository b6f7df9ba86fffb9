/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The link block and the resource table mirror: what the master publishes at
 * the start of the region, and how the slave reads it without trusting it.
 */
#include <string.h>

#include "amp/crc.h"
#include "amp/errors.h"
#include "amp/layout.h"
#include "amp/shm.h"
#include "link_internal.h"
#include "../common/amp_le.h"

/* The crc covers the fixed fields in their little-endian wire order. */
uint32_t amp_link_block_crc(const volatile struct amp_link_block *b)
{
	uint8_t f[AMP_LINK_CRC_LEN];

	if (!b)
		return 0;
	amp_le_put32(f, amp_rd32(&b->magic));
	amp_le_put32(f + 4, (uint32_t)amp_rd16(&b->layout_version) |
				((uint32_t)amp_rd16(&b->vring_num) << 16));
	amp_le_put32(f + 8, amp_rd32(&b->shm_size));
	amp_le_put32(f + 12, (uint32_t)amp_rd16(&b->buf_size) |
				 ((uint32_t)amp_rd16(&b->vring_align) << 16));
	amp_le_put32(f + 16, amp_rd32(&b->vring0_off));
	amp_le_put32(f + 20, amp_rd32(&b->vring1_off));
	amp_le_put32(f + 24, amp_rd32(&b->pool_off));
	return amp_crc32(0, f, sizeof(f));
}

int amp_link_block_check(const volatile struct amp_link_block *b, uint32_t shm_size)
{
	if (!b)
		return AMP_EINVAL;
	if (amp_rd32(&b->magic) != AMP_LINK_MAGIC ||
	    amp_rd16(&b->layout_version) != AMP_LAYOUT_VERSION)
		return AMP_EPROTO;
	if (amp_rd32(&b->crc) != amp_link_block_crc(b))
		return AMP_EPROTO;
	/* Both cores must have been built with the same geometry. */
	if (amp_rd16(&b->vring_num) != AMP_CFG_VRING_NUM ||
	    amp_rd16(&b->buf_size) != AMP_CFG_BUF_SIZE ||
	    amp_rd16(&b->vring_align) != AMP_CFG_VRING_ALIGN ||
	    amp_rd32(&b->shm_size) != shm_size || amp_rd32(&b->vring0_off) != AMP_SHM_VRING0_OFF ||
	    amp_rd32(&b->vring1_off) != AMP_SHM_VRING1_OFF ||
	    amp_rd32(&b->pool_off) != AMP_SHM_POOL_OFF)
		return AMP_EPROTO;
	return AMP_OK;
}

/*
 * Word by word: single-copy atomic stores, whatever memcpy would do. The
 * words of the local struct are taken with memcpy: reading its byte fields
 * through a uint32_t lvalue is undefined (C11 6.5p7), and gcc -flto did
 * drop the status and vring-count bytes from the copy.
 */
static void rsc_write(volatile struct amp_rsc_table *dst, const struct amp_rsc_table *src)
{
	const uint8_t *s = (const uint8_t *)src;
	volatile uint32_t *d = (volatile uint32_t *)(volatile void *)dst;
	size_t i;

	for (i = 0; i < sizeof(*src) / 4u; i++) {
		uint32_t w;

		memcpy(&w, s + 4u * i, sizeof(w));
		amp_wr32(&d[i], w);
	}
}

/* The resource table mirror the master publishes, with the given status byte. */
static void rsc_mirror(const struct amp_link *l, struct amp_rsc_table *t, uint8_t status)
{
	const struct amp_port *p = l->port;

	amp_rsc_build(t, p->shm_pa + AMP_SHM_VRING0_OFF, p->shm_pa + AMP_SHM_VRING1_OFF,
		      AMP_CFG_VRING_NUM, AMP_CFG_VRING_ALIGN);
	t->vdev.gfeatures = t->vdev.dfeatures;
	t->vdev.status = status;
}

void amp_link_block_publish_layout(struct amp_link *l)
{
	volatile struct amp_link_block *b = l->blk;
	const struct amp_port *p = l->port;
	struct amp_rsc_table t;

	rsc_mirror(l, &t, 0); /* DRIVER_OK comes last, in m.rpmsg_init_vdev */
	rsc_write(l->rsc, &t);
	amp_wr32(&b->magic, AMP_LINK_MAGIC);
	amp_wr16(&b->layout_version, AMP_LAYOUT_VERSION);
	amp_wr16(&b->vring_num, AMP_CFG_VRING_NUM);
	amp_wr32(&b->shm_size, p->shm_size);
	amp_wr16(&b->buf_size, AMP_CFG_BUF_SIZE);
	amp_wr16(&b->vring_align, AMP_CFG_VRING_ALIGN);
	amp_wr32(&b->vring0_off, AMP_SHM_VRING0_OFF);
	amp_wr32(&b->vring1_off, AMP_SHM_VRING1_OFF);
	amp_wr32(&b->pool_off, AMP_SHM_POOL_OFF);
	amp_wr32(&b->crc, amp_link_block_crc(b));
	amp_wr32(&b->master_seen_slave, AMP_LINK_ACK_NONE);
	amp_link_clean(l, l->rsc, sizeof(struct amp_rsc_table));
	amp_link_clean(l, b, 64u);
}

int amp_link_rsc_is_ours(const struct amp_link *l, const struct amp_rsc_table *t)
{
	struct amp_rsc_table want;

	rsc_mirror(l, &want, t->vdev.status);
	return memcmp(&want, t, sizeof(want)) == 0;
}

void amp_link_rsc_snapshot(const volatile struct amp_rsc_table *src, struct amp_rsc_table *dst)
{
	const volatile uint32_t *s = (const volatile uint32_t *)(const volatile void *)src;
	uint8_t *d = (uint8_t *)dst;
	size_t i;

	/* Into the struct with memcpy, not through a uint32_t lvalue (see rsc_write). */
	for (i = 0; i < sizeof(*dst) / 4u; i++) {
		uint32_t w = amp_rd32(&s[i]);

		memcpy(d + 4u * i, &w, sizeof(w));
	}
}

int amp_link_published_intact(struct amp_link *l)
{
	struct amp_rsc_table have;

	amp_link_invalidate(l, l->rsc, sizeof(have));
	amp_link_invalidate(l, l->blk, 64u);
	if (amp_link_block_check(l->blk, l->port->shm_size) ||
	    amp_rd32(&l->blk->master_epoch) != l->epoch)
		return 0;
	amp_link_rsc_snapshot(l->rsc, &have);
	return have.vdev.status == AMP_LINK_STATUS_OK && amp_link_rsc_is_ours(l, &have);
}
