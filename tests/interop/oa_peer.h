/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The real OpenAMP (open-amp + libmetal, built by cmake/openamp.cmake) as the
 * peer of an amplink core in the interop tests: either role, on a resource
 * table in memory, over a POSIX-port shared region, ringing and taking the
 * POSIX doorbells. Nothing here runs inside a doorbell: OpenAMP's notify only
 * rings the peer's bell, and OpenAMP handles incoming kicks in oa_peer_poll().
 *
 * Endpoints echo what they receive (to the sender) or keep it in a queue for
 * the test to check. An echo that finds no free buffer waits in a queue until
 * a later poll (OpenAMP's blocking send would spin for the peer that cannot
 * run in a single-threaded test).
 */
#ifndef OA_PEER_H
#define OA_PEER_H

#include <stddef.h>
#include <stdint.h>

#include <metal/io.h>
#include <openamp/remoteproc.h>
#include <openamp/remoteproc_virtio.h>
#include <openamp/rpmsg.h>
#include <openamp/rpmsg_virtio.h>

#include "amp_posix.h"

#define OA_MAX_EPT  8
#define OA_RXQ_LEN  256
#define OA_MSG_MAX  512
#define OA_NS_MAX   16
#define OA_PEND_MAX 256

enum oa_role { OA_MASTER = 0, OA_REMOTE = 1 };
enum oa_ept_mode { OA_EPT_ECHO = 0, OA_EPT_QUEUE = 1 };

struct oa_msg {
	uint32_t src;
	uint32_t len;
	uint8_t data[OA_MSG_MAX];
};

struct oa_ept {
	struct rpmsg_endpoint ept;
	struct oa_peer *peer;
	enum oa_ept_mode mode;
	int in_use;
	int unbound; /* the peer sent a name-service DESTROY for it */
	uint32_t rx_count;
	struct oa_msg q[OA_RXQ_LEN]; /* OA_EPT_QUEUE: received, oldest at q_head */
	uint32_t q_head, q_count;
};

struct oa_ns_seen {
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
};

struct oa_config {
	enum oa_role role;
	struct amp_posix_shm *shm; /* the region and its doorbells, as this process maps it */
	uint32_t shm_pa;	   /* bus address of region[0] */
	void *rsc;		   /* the resource table (header first), in this process */
	uint32_t rsc_size;
	/* master: where to put vrings whose da is FW_RSC_U32_ADDR_ANY, and the buffer pool */
	uint32_t vring_off[2];
	uint32_t pool_off, pool_size;
	uint32_t buf_size; /* master: bytes per buffer (rpmsg_virtio_config), 0 = 512 */
};

struct oa_peer {
	struct oa_config cfg;
	enum amp_role bell;	 /* the POSIX doorbell we take */
	enum amp_role peer_bell; /* the one we ring */
	struct metal_io_region shm_io, rsc_io;
	metal_phys_addr_t shm_pa, rsc_pa;
	struct fw_rsc_vdev *vdev_rsc;
	struct virtio_device *vdev;
	struct rpmsg_virtio_device rvdev;
	struct rpmsg_virtio_shm_pool pool;
	int up;	   /* rpmsg device initialised */
	int kicks; /* notifications we sent */
	int last_err;
	struct oa_ept ept[OA_MAX_EPT];
	/* what the peer announced that no endpoint of ours matched */
	struct oa_ns_seen ns[OA_NS_MAX];
	int ns_count;
	int ns_destroyed;
	/* echoes waiting for a buffer */
	struct oa_msg pend[OA_PEND_MAX];
	struct oa_ept *pend_ept[OA_PEND_MAX];
	uint32_t pend_head, pend_count;
	/* endpoints a remote creates every time the master (re)starts it */
	struct {
		char name[RPMSG_NAME_SIZE];
		uint32_t addr;
		enum oa_ept_mode mode;
	} auto_ept[OA_MAX_EPT];
	int auto_count;
};

/* Map the table and region; a master starts at once, a remote at its first poll after DRIVER_OK. */
int oa_peer_init(struct oa_peer *p, const struct oa_config *cfg);
/* Tear the rpmsg device down (endpoints destroyed, vdev removed), as a power-off would. */
void oa_peer_fini(struct oa_peer *p);
/* Take the doorbell and handle what the peer queued, start a waiting remote, flush echoes. */
int oa_peer_poll(struct oa_peer *p);
/*
 * Remote: an endpoint to create each time the device comes up (announced by
 * name service when the master accepted VIRTIO_RPMSG_F_NS). Call before the first poll.
 */
int oa_peer_auto_ept(struct oa_peer *p, const char *name, uint32_t addr, enum oa_ept_mode mode);
/* Create an endpoint now (dest RPMSG_ADDR_ANY announces it). */
struct oa_ept *oa_peer_ept(struct oa_peer *p, const char *name, uint32_t src, uint32_t dest,
			   enum oa_ept_mode mode);
struct oa_ept *oa_peer_ept_by_name(struct oa_peer *p, const char *name);
void oa_peer_ept_destroy(struct oa_ept *e);
/* The address the peer announced for name, or RPMSG_ADDR_ANY. */
uint32_t oa_peer_ns_addr(const struct oa_peer *p, const char *name);
/* Take the oldest queued message; 0 if none. */
int oa_ept_pop(struct oa_ept *e, struct oa_msg *out);
/* rpmsg_trysend result (bytes sent or a negative RPMSG_ERR_*). */
int oa_ept_trysend(struct oa_ept *e, const void *data, uint32_t len);
uint8_t oa_peer_status(const struct oa_peer *p);

#endif
