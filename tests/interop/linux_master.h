/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A master that follows the rules of Linux remoteproc and virtio_rpmsg_bus,
 * for the interop tests (Linux itself cannot run here). Written from the
 * behaviour of these Linux functions, cited where each rule is applied:
 *   drivers/remoteproc/remoteproc_core.c   rproc_handle_vdev, rproc_parse_vring,
 *                                          rproc_alloc_vring, rproc_start (the
 *                                          cached table copied over the loaded one),
 *                                          rproc_stop
 *   drivers/remoteproc/remoteproc_virtio.c rproc_virtio_get_features,
 *                                          rproc_virtio_finalize_features,
 *                                          rproc_virtio_set_status, rproc_virtio_reset,
 *                                          rproc_virtio_notify
 *   drivers/rpmsg/virtio_rpmsg_bus.c       rpmsg_probe, get_a_tx_buf,
 *                                          rpmsg_send_offchannel_raw, rpmsg_recv_done,
 *                                          rpmsg_recv_single, rpmsg_ns_cb
 *   drivers/virtio/virtio.c, virtio_ring.c virtio_dev_probe status order, vring_init,
 *                                          virtqueue_add/get_buf, virtqueue_kick_prepare
 * It is a model, not a port: one thread, no locks, no EVENT_IDX (never offered).
 */
#ifndef LINUX_MASTER_H
#define LINUX_MASTER_H

#include <stdint.h>

#include "interop_util.h"

#define LX_BUF_SIZE   512u /* MAX_RPMSG_BUF_SIZE */
#define LX_MAX_NUM    256u
#define LX_MAX_EPT    8
#define LX_RXQ	      64
#define LX_STATUS_LOG 16
#define LX_TABLE_MAX  256

struct lx_vq {
	volatile uint8_t *base;
	volatile struct lx_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[num], used_event */
	volatile uint8_t *used;	  /* flags, idx, ring[num] of {id, len} */
	uint32_t num;
	uint16_t avail_idx; /* shadow of avail->idx */
	uint16_t last_used; /* the next used entry to read */
	uint16_t free[LX_MAX_NUM];
	uint32_t nfree;
};

struct lx_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct lx_ept {
	char name[32];
	uint32_t src, dst;
	int in_use;
	uint32_t rx_count;
	struct oa_msg q[LX_RXQ];
	uint32_t q_head, q_count;
};

struct lx_master {
	struct amp_posix_shm *shm;
	uint32_t shm_pa;
	volatile uint8_t *loaded;     /* the table in the slave's loaded image */
	uint8_t cached[LX_TABLE_MAX]; /* rproc->cached_table */
	uint8_t image[LX_TABLE_MAX];  /* the table as the firmware file carries it */
	uint32_t table_sz;
	uint32_t vdev_off;     /* the rpmsg vdev entry, found as rproc_handle_resources does */
	uint32_t carveout_off; /* where this boot's vrings and buffers go */
	uint32_t vring_da[2];
	struct lx_vq rvq, svq; /* rpmsg_probe: vqs[0] "input" (vring0), vqs[1] "output" */
	volatile uint8_t *rbufs, *sbufs;
	uint32_t bufs_off; /* region offset of rbufs */
	uint32_t num_bufs, last_sbuf;
	int running;
	uint32_t features;
	uint32_t driver_features; /* what the driver supports: F_NS unless a test clears it */
	uint8_t status_log[LX_STATUS_LOG];
	uint32_t status_writes;
	struct lx_ept ept[LX_MAX_EPT];
	uint32_t next_addr;
	/* what it saw, for the tests to check */
	uint32_t ns_creates, ns_destroys, ns_bad;
	uint32_t ns_dups; /* a CREATE for a channel that exists: Linux logs an error */
	struct {
		char name[32];
		uint32_t creates, last_addr;
	} ns_seen[LX_MAX_EPT];
	uint32_t too_big;      /* rpmsg_recv_single: "inbound msg too big" */
	uint32_t no_recipient; /* rpmsg_recv_single: "msg received with no recipient" */
	uint32_t bad_used;     /* a used id or state Linux's virtqueue_get_buf would BUG on */
	uint32_t kicks;
};

/*
 * The firmware's table (size bytes at image; vring da ANY: remoteproc
 * allocates them) and where the loader put it in the slave (loaded).
 * Returns 0, or -22 if the table has no well-formed vdev entry.
 */
int lx_init(struct lx_master *m, struct amp_posix_shm *shm, uint32_t shm_pa, volatile void *loaded,
	    const void *image, uint32_t size);
/*
 * rproc_boot: resources handled on a fresh copy of the image's table, vrings
 * allocated at carveout_off, the cached table copied over the loaded one,
 * then the virtio device probed (status 1, 3, 0xB, features, rpmsg_probe, 0xF).
 */
int lx_start(struct lx_master *m, uint32_t carveout_off);
/* rproc_stop: virtio reset (status 0), vrings and buffers freed (scribbled here). */
void lx_stop(struct lx_master *m);
/* The doorbell rang: rpmsg_recv_done on the input ring. Returns messages handled. */
int lx_poll(struct lx_master *m);
/* A channel's endpoint by name (created when the slave announced it). */
struct lx_ept *lx_ept_by_name(struct lx_master *m, const char *name);
/* rpmsg_trysend: 0, -EMSGSIZE (-90) or -ENOMEM (-12) when no tx buffer is free. */
int lx_send(struct lx_master *m, struct lx_ept *e, const void *data, uint32_t len);
int lx_ept_pop(struct lx_ept *e, struct oa_msg *out);
/* The vdev entry of the table in the slave (status, gfeatures as Linux wrote them). */
volatile struct fw_rsc_vdev *lx_loaded_vdev(struct lx_master *m);
/* How many name-service CREATEs named name came in. */
uint32_t lx_ns_creates(const struct lx_master *m, const char *name);

#endif
