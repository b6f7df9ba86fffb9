/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared region, the same on every port (only base and size differ):
 *
 *   0x000  resource table mirror (virtio_status at AMP_RSC_STATUS_OFF)
 *   0x100  link block (master line, then slave line)
 *   0x400  vring0: slave -> master (the master pre-posts empty buffers)
 *   ....   vring1: master -> slave
 *   ....   buffer pool: num buffers for vring0, then num for vring1
 *
 * See docs/memory-map.md for the numbers at the default configuration.
 */
#ifndef AMP_LAYOUT_H
#define AMP_LAYOUT_H

#include "amp/config.h"
#include "amp/virtio.h"

#define AMP_ALIGN_UP(x, a) (((x) + (a)-1u) & ~((uint32_t)(a)-1u))

#define AMP_SHM_RSC_OFF	 0x000u
#define AMP_SHM_LINK_OFF 0x100u
/* Vrings start on a multiple of their alignment (Linux aligns the used ring absolutely). */
#define AMP_SHM_VRING_GRAIN ((uint32_t)(AMP_CFG_VRING_ALIGN > 64 ? AMP_CFG_VRING_ALIGN : 64))
#define AMP_SHM_VRING0_OFF  AMP_ALIGN_UP(0x400u, AMP_SHM_VRING_GRAIN)
#define AMP_SHM_VRING_STRIDE                                                                       \
	AMP_ALIGN_UP(AMP_VRING_SIZE((uint32_t)AMP_CFG_VRING_NUM, (uint32_t)AMP_CFG_VRING_ALIGN),   \
		     AMP_SHM_VRING_GRAIN)
#define AMP_SHM_VRING1_OFF (AMP_SHM_VRING0_OFF + AMP_SHM_VRING_STRIDE)
#define AMP_SHM_POOL_OFF                                                                           \
	AMP_ALIGN_UP(AMP_SHM_VRING1_OFF + AMP_SHM_VRING_STRIDE, (uint32_t)AMP_CFG_BUF_SIZE)
#define AMP_SHM_POOL_SIZE  (2u * (uint32_t)AMP_CFG_VRING_NUM * (uint32_t)AMP_CFG_BUF_SIZE)
#define AMP_SHM_LAYOUT_END (AMP_SHM_POOL_OFF + AMP_SHM_POOL_SIZE)

/* Layout version: bump on any change of the offsets or of the link block. */
#define AMP_LAYOUT_VERSION 1u

#ifndef __cplusplus
_Static_assert(AMP_SHM_LAYOUT_END <= AMP_CFG_SHM_SIZE, "layout: does not fit AMP_CFG_SHM_SIZE");
_Static_assert(AMP_SHM_VRING1_OFF % AMP_CFG_VRING_ALIGN == 0, "layout: vring1 aligned");
#endif

#endif
