/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues in the legacy layout that Linux and OpenAMP use for rpmsg:
 * descriptor table, avail ring, then the used ring at the next multiple of the
 * vring alignment. All fields little-endian. The master is the virtio driver:
 * it owns the rings and posts buffers. The slave is the virtio device: it
 * consumes avail entries and publishes used ones.
 */
#ifndef AMP_VIRTIO_H
#define AMP_VIRTIO_H

#include <stddef.h>
#include <stdint.h>

#include "amp/config.h"
#include "amp/port.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_VIRTIO_ID_RPMSG   7u
#define AMP_VIRTIO_RPMSG_F_NS 0u /* feature bit number: name service */

/* Device status bits (virtio 1.x section 2.1). */
#define AMP_VIRTIO_S_ACKNOWLEDGE 0x01u
#define AMP_VIRTIO_S_DRIVER	 0x02u
#define AMP_VIRTIO_S_DRIVER_OK	 0x04u
#define AMP_VIRTIO_S_FEATURES_OK 0x08u
#define AMP_VIRTIO_S_NEEDS_RESET 0x40u
#define AMP_VIRTIO_S_FAILED	 0x80u

#define AMP_VRING_DESC_F_NEXT	       1u
#define AMP_VRING_DESC_F_WRITE	       2u
#define AMP_VRING_DESC_F_INDIRECT      4u
#define AMP_VRING_AVAIL_F_NO_INTERRUPT 1u
#define AMP_VRING_USED_F_NO_NOTIFY     1u

struct amp_vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct amp_vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* num entries, then used_event */
};

struct amp_vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct amp_vring_used {
	uint16_t flags;
	uint16_t idx;
	struct amp_vring_used_elem ring[]; /* num entries, then avail_event */
};

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_vring_desc) == 16, "virtio: descriptor is 16 bytes");
_Static_assert(offsetof(struct amp_vring_desc, len) == 8, "virtio: desc.len at 8");
_Static_assert(offsetof(struct amp_vring_desc, flags) == 12, "virtio: desc.flags at 12");
_Static_assert(offsetof(struct amp_vring_desc, next) == 14, "virtio: desc.next at 14");
_Static_assert(sizeof(struct amp_vring_avail) == 4, "virtio: avail header is 4 bytes");
_Static_assert(offsetof(struct amp_vring_avail, ring) == 4, "virtio: avail.ring at 4");
_Static_assert(sizeof(struct amp_vring_used_elem) == 8, "virtio: used elem is 8 bytes");
_Static_assert(offsetof(struct amp_vring_used, ring) == 4, "virtio: used.ring at 4");
#endif

/* Byte offsets inside one vring of num entries (legacy layout). */
#define AMP_VRING_AVAIL_OFF(num) ((uint32_t)(16u * (num)))
#define AMP_VRING_USED_OFF(num, align)                                                             \
	((uint32_t)((16u * (num) + 2u * (3u + (num)) + (align)-1u) & ~((uint32_t)(align)-1u)))
#define AMP_VRING_SIZE(num, align) (AMP_VRING_USED_OFF(num, align) + 2u * 3u + 8u * (num))

/* Validation counters: every bad value read from the peer lands in one of them. */
struct amp_vring_stats {
	uint32_t bad_idx;   /* an index jumped more than num ahead */
	uint32_t bad_id;    /* descriptor id out of range or not outstanding */
	uint32_t bad_addr;  /* buffer outside the shared region or misaligned */
	uint32_t bad_len;   /* length out of range */
	uint32_t bad_chain; /* NEXT or INDIRECT flag on a single-buffer ring */
};

/* One split virtqueue as seen by one side. */
struct amp_vring {
	const struct amp_port *port;
	volatile struct amp_vring_desc *desc;
	volatile struct amp_vring_avail *avail;
	volatile struct amp_vring_used *used;
	uint16_t num;
	uint16_t last_seen;  /* driver: next used entry; device: next avail entry */
	uint16_t shadow_idx; /* driver: our avail.idx; device: our used.idx */
	uint16_t in_flight;  /* driver: posted, not yet returned; device: taken, not yet used */
	uint32_t size;	     /* bytes the ring occupies in the region */
	uint32_t buf_len;    /* driver: longest buffer it posted (bounds used.len) */
	uint8_t cache_ops;   /* the port has cache maintenance hooks to call */
	/* The port's hooks, taken at attach (NULL: none): a port without caches tests one pointer.
	 */
	void (*clean)(void *ctx, const volatile void *addr, size_t len);
	void (*invalidate)(void *ctx, const volatile void *addr, size_t len);
	uint8_t broken;	  /* the peer broke an index or id rule: unusable until re-attached */
	uint32_t win_off; /* device: buffers must lie in [win_off, win_off + win_len) */
	uint32_t win_len; /* (the region at attach; the pool when the link knows it) */
	/* driver: 1 per descriptor in flight; device: 1 per descriptor taken, not yet used */
	uint8_t posted[AMP_CFG_VRING_NUM];
	struct amp_vring_stats stats;
};

#define AMP_VRING_NO_ID 0xFFFFu

/*
 * Results of the take functions: 0 = ring empty, AMP_VRING_GOT = an entry,
 * AMP_VRING_DROPPED = a bad entry was counted and skipped (call again),
 * AMP_EPROTO = the peer's index is out of range (the ring is unusable).
 */
#define AMP_VRING_GOT	  1
#define AMP_VRING_DROPPED 2

/*
 * A NULL or never attached (zeroed) ring: the void calls do nothing, the
 * pending and peer_wants_kick calls return 0, the others AMP_EINVAL. A
 * descriptor id >= num is ignored by set_desc and put_used.
 */

/*
 * Both roles. Checks that the whole ring lies inside the region; AMP_ENOTSUP
 * for a port with cache hooks in a build without AMP_CFG_CACHE_MAINT.
 */
int amp_vring_attach(struct amp_vring *vr, const struct amp_port *port, uint32_t offset,
		     uint16_t num, uint32_t align);

/* Driver (master). */
void amp_vring_drv_reset(struct amp_vring *vr);
void amp_vring_drv_set_desc(struct amp_vring *vr, uint16_t id, uint64_t addr, uint32_t len,
			    uint16_t flags);
int amp_vring_drv_post(struct amp_vring *vr, uint16_t id);
void amp_vring_drv_publish(struct amp_vring *vr);
int amp_vring_drv_take_used(struct amp_vring *vr, uint16_t *id, uint32_t *len);
int amp_vring_drv_peer_wants_kick(struct amp_vring *vr);
void amp_vring_drv_want_interrupts(struct amp_vring *vr, int on);

/* Device (slave). */
void amp_vring_dev_reset(struct amp_vring *vr);
/*
 * Device: continue rings a driver already runs (a plain master, after a
 * reboot of ours): take our used index from the ring and go on from there.
 * AMP_EPROTO if the driver's avail index is more than num ahead of it.
 */
int amp_vring_dev_resume(struct amp_vring *vr);
/*
 * Device: does the ring still hold the used index we published? Only we
 * write it, so another value means the driver reset the ring under us (a
 * plain master that restarted between two of our looks at its status).
 */
int amp_vring_dev_used_intact(struct amp_vring *vr);
int amp_vring_dev_take_avail(struct amp_vring *vr, uint16_t *id, volatile uint8_t **buf,
			     uint32_t *len);
void amp_vring_dev_put_used(struct amp_vring *vr, uint16_t id, uint32_t len);
void amp_vring_dev_publish(struct amp_vring *vr);
int amp_vring_dev_peer_wants_kick(struct amp_vring *vr);
void amp_vring_dev_want_notifies(struct amp_vring *vr, int on);
int amp_vring_dev_pending(struct amp_vring *vr);
/* Device: accept only buffers inside [off, off + len) of the region (clipped to it). */
void amp_vring_dev_set_window(struct amp_vring *vr, uint32_t off, uint32_t len);
int amp_vring_drv_pending(struct amp_vring *vr);

#ifdef __cplusplus
}
#endif
#endif
