/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The link layer: the seed's handshake as two explicit state machines (one per
 * role) driven by amp_poll(), startup synchronisation through the link block,
 * epochs and reboot detection. See docs/protocol.md.
 */
#ifndef AMP_LINK_H
#define AMP_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "amp/port.h"
#include "amp/rpmsg.h"
#include "amp/rsc.h"
#include "amp/types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_LINK_MAGIC	     0x4C504D41u /* "AMPL" */
#define AMP_LINK_CRC_LEN     28u	 /* bytes of the fixed fields covered by crc */
#define AMP_LINK_ACK_NONE    0xFFFFFFFFu
#define AMP_LINK_DEFAULT_EPT "default"

/*
 * At AMP_SHM_LINK_OFF. The first 64 bytes are written only by the master, the
 * next 64 only by the slave, so each side owns whole cache lines.
 */
struct amp_link_block {
	/* master line: fixed fields (under crc) */
	uint32_t magic;
	uint16_t layout_version;
	uint16_t vring_num;
	uint32_t shm_size;
	uint16_t buf_size;
	uint16_t vring_align;
	uint32_t vring0_off;
	uint32_t vring1_off;
	uint32_t pool_off;
	uint32_t crc;
	/* master line: live fields */
	uint32_t master_epoch;	    /* odd: master initialising, keep off the rings */
	uint32_t master_seen_slave; /* the slave epoch bound in this master epoch */
	uint32_t master_pad[6];
	/* slave line */
	uint32_t slave_epoch; /* bumped each time the slave attaches */
	uint32_t slave_ack;   /* the master epoch the slave acknowledged */
	uint32_t slave_pad[14];
};

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_link_block) == 128, "link: block is 128 bytes");
_Static_assert(offsetof(struct amp_link_block, crc) == AMP_LINK_CRC_LEN, "link: crc at 28");
_Static_assert(offsetof(struct amp_link_block, master_epoch) == 32, "link: master_epoch at 32");
_Static_assert(offsetof(struct amp_link_block, master_seen_slave) == 36, "link: seen at 36");
_Static_assert(offsetof(struct amp_link_block, slave_epoch) == 64, "link: slave line at 64");
_Static_assert(offsetof(struct amp_link_block, slave_ack) == 68, "link: slave_ack at 68");
#endif

/* Master handshake states, in order. */
enum amp_link_mstate {
	AMP_LM_BOOT = 0,
	AMP_LM_WAIT_SLAVE_ACK, /* odd epoch published; a running slave must let go */
	AMP_LM_SETUP_REGION,
	AMP_LM_SETUP_IPM,
	AMP_LM_SETUP_VRINGS,
	AMP_LM_INIT_POOL,
	AMP_LM_INIT_VDEV,
	AMP_LM_WAIT_NS, /* m.wait_for_slave_response_from_ns_setup */
	AMP_LM_READY,
};

/* Slave handshake states, in order. */
enum amp_link_sstate {
	AMP_LS_BOOT = 0,
	AMP_LS_SETUP_IPM,
	AMP_LS_SETUP_VRINGS,
	AMP_LS_INIT_POOL,
	AMP_LS_INIT_VDEV, /* s.rpmsg_init_vdev: wait for a valid, stable DRIVER_OK */
	AMP_LS_ATTACHED,  /* s.ready */
	AMP_LS_REGISTER,  /* s.register<ept=default> */
	AMP_LS_READY,
};

/* Why the link went down (reported to the layer above). */
enum amp_link_down_reason {
	AMP_LINK_DOWN_PEER_RESET = 1, /* the peer rebooted or re-initialised */
	AMP_LINK_DOWN_PROTOCOL = 2,   /* the peer broke the protocol */
	AMP_LINK_DOWN_PEER_LOST = 3,  /* the layer above declared the peer silent */
};

/*
 * What the peer is (docs/interop.md). Chosen by the application, never
 * guessed: a table left in memory by an earlier firmware, or power-up
 * garbage, must not switch a core into the wrong protocol.
 */
enum amp_peer {
	AMP_PEER_AMPLINK = 0, /* link block, epochs, reboot detection, sessions */
	AMP_PEER_PLAIN = 1, /* a plain virtio peer: OpenAMP, Linux remoteproc + virtio_rpmsg_bus */
};

struct amp_config {
	enum amp_role role;
	enum amp_peer peer;
	/* Master: bytes per buffer it posts (multiple of 4, 20..AMP_CFG_BUF_SIZE); 0:
	 * AMP_CFG_BUF_SIZE. */
	uint32_t buf_size;
};

struct amp_link;
typedef void (*amp_link_event_cb)(struct amp_link *l, int up, int reason, void *priv);

struct amp_link_stats {
	uint32_t reinits;      /* master: times it (re)initialised the rings */
	uint32_t peer_resets;  /* the peer rebooted while we ran */
	uint32_t ack_timeouts; /* master: slave did not acknowledge in time */
	uint32_t bad_block;    /* slave: link block with bad magic/version/crc seen */
	uint32_t torn_reads;   /* slave: seqlock retries */
	uint32_t bad_rsc;      /* slave: resource table mirror refused */
	uint32_t stalls;       /* a handshake step timed out (AMP_CFG_LINK_STALL_MS) */
	uint32_t ring_errors;  /* the peer broke the rings (index, id, redirected buffer) */
	uint32_t republished;  /* master: what it published was changed under it; again */
};

struct amp_link {
	const struct amp_port *port;
	enum amp_role role;
	uint8_t peer;	      /* enum amp_peer */
	uint8_t halted;	      /* plain master: the peer failed; waits for amp_link_restart() */
	uint8_t peer_status;  /* plain slave: the vdev status it attached under */
	uint8_t state;	      /* enum amp_link_mstate or amp_link_sstate */
	uint8_t bound;	      /* master: the attached slave announced itself; its epoch is known */
	uint8_t attached;     /* master: a slave acknowledged this epoch (attached to it) */
	uint8_t ack_wait;     /* master: a slave was attached to the previous epoch */
	uint8_t republish;    /* master: starting again over what this life published */
	uint8_t bell;	      /* READY: a doorbell came since the last poll that moved nothing */
	uint32_t epoch;	      /* master: ours; slave: the master epoch we attached to */
	uint32_t slave_epoch; /* master: the slave epoch bound (or seen at init) */
	uint32_t t0;
	uint32_t now;	   /* the clock of this poll (amp_link_poll_at) */
	uint32_t check_at; /* READY: when to read the peer's epoch without a doorbell */
	volatile struct amp_link_block *blk;
	volatile struct amp_rsc_table *rsc;
	uint32_t rsc_size; /* bytes of the table at rsc */
	uint32_t vdev_off; /* plain peer: the rpmsg vdev entry's offset in the table */
	uint32_t features; /* plain peer: the negotiated features (gfeatures) */
	uint32_t buf_size; /* master: bytes per buffer it posts */
	struct amp_rpmsg rpmsg;
	struct amp_ept *default_ept;
	amp_ept_cb default_cb;
	void *default_priv;
	amp_link_event_cb event_cb;
	void *event_priv;
	struct amp_link_stats stats;
};

/* An amplink peer: amp_link_init_config() with peer AMP_PEER_AMPLINK. */
int amp_link_init(struct amp_link *l, const struct amp_port *port, enum amp_role role);
/*
 * AMP_EINVAL for a bad argument (a plain peer's table must be 4-byte aligned
 * and at least a header long), AMP_ERANGE for a region too small or not
 * 64-byte aligned, AMP_ENOTSUP for a role this build does not carry, a plain
 * peer in a build without AMP_CFG_PLAIN_PEER, or a port with cache hooks in a
 * build without AMP_CFG_CACHE_MAINT.
 */
int amp_link_init_config(struct amp_link *l, const struct amp_port *port,
			 const struct amp_config *cfg);
/* Advance the handshake and move messages. Returns > 0 if it did work, 0 if idle. */
int amp_link_poll(struct amp_link *l);
/* amp_link_poll() with the clock already read (now_ms): the session layer reads it once a poll. */
int amp_link_poll_at(struct amp_link *l, uint32_t now_ms);
int amp_link_is_ready(const struct amp_link *l);
/*
 * Where messages to the default endpoint go (the session layer, or an app
 * without sessions). Set after amp_link_init(), which clears them: l NULL or
 * not initialised is a no-op.
 */
void amp_link_set_default_cb(struct amp_link *l, amp_ept_cb cb, void *priv);
void amp_link_set_event_cb(struct amp_link *l, amp_link_event_cb cb, void *priv);

/* The channel epoch: the even master epoch both sides are attached to (valid while ready). */
uint32_t amp_link_epoch(const struct amp_link *l);
/*
 * Give up on the current peer (it went silent): free every endpoint and go
 * back to the start of the handshake, which brings it back when the peer is.
 * With a plain peer nothing tells us it rebooted, so the session layer never
 * calls this: the application does, after it restarted the peer (master:
 * the remoteproc stop/start: status reset, fresh rings, DRIVER_OK; slave:
 * attach again). Endpoints then stay and are announced again.
 * l NULL or not initialised: no-op.
 */
void amp_link_restart(struct amp_link *l);

/* Link-block helpers, pure and separately testable (and fuzzable). b NULL: crc 0. */
uint32_t amp_link_block_crc(const volatile struct amp_link_block *b);
/* 0 if magic, layout version, geometry and crc are right for this build, else AMP_EPROTO. */
int amp_link_block_check(const volatile struct amp_link_block *b, uint32_t shm_size);

#ifdef __cplusplus
}
#endif
#endif
