/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compile-time configuration. Every table in amplink is static and sized here;
 * override any value with -D on the compiler command line or by providing
 * "amp_config_user.h" with -DAMP_CONFIG_USER. A CMake build of the library
 * (the options AMP_CFG_*) writes the values it used to a generated
 * "amp/config_build.h", installed with the headers: when it is on the include
 * path it pins every value here, and a different one is a compile error.
 */
#ifndef AMP_CONFIG_H
#define AMP_CONFIG_H

#ifdef AMP_CONFIG_USER
#include "amp_config_user.h"
#endif
#if defined(__has_include)
#if __has_include("amp/config_build.h")
#include "amp/config_build.h"
#endif
#endif

/*
 * The lean slave profile (docs/integration.md, "Profiles: full and lean"):
 * 1 builds the smallest slave that still speaks the amplink wire protocol
 * (link block, rpmsg over virtio, name-service announcement), checks every
 * value the master wrote and recovers when either core reboots. The knobs
 * below that default to !AMP_CFG_LEAN go off (cache maintenance, plain
 * virtio peers, trace points); the slave checks the master's resource-table
 * mirror byte for byte instead of with remoteproc's validator, drops
 * name-service messages and sends no DESTROY. An application on the lean
 * slave uses the link layer (amp/link.h) and rpmsg endpoints: sessions,
 * streams, OACS, zero copy and the waiting sends stay in the library but are
 * not linked unless it calls them. The master side is unchanged.
 */
#ifndef AMP_CFG_LEAN
#define AMP_CFG_LEAN 0
#endif

/* Buffers per direction (= descriptors per vring). Power of two, 2..256. */
#ifndef AMP_CFG_VRING_NUM
#define AMP_CFG_VRING_NUM 16
#endif

/* rpmsg buffer size, header included. 512 is what Linux virtio_rpmsg_bus uses. */
#ifndef AMP_CFG_BUF_SIZE
#define AMP_CFG_BUF_SIZE 512
#endif

/* Alignment of the used ring inside a vring (written to the resource table). */
#ifndef AMP_CFG_VRING_ALIGN
#define AMP_CFG_VRING_ALIGN 64
#endif

/*
 * Data-cache line of a port with cache hooks (32 bytes: the Cortex-M7 L1 data
 * cache, Arm Cortex-M7 TRM r1p2 section 5.1). With cache hooks, rings are
 * aligned and master buffers sized and placed on multiples of it, so that
 * maintenance on one never touches another's bytes.
 */
/*
 * Cache maintenance on the shared region through the port's cache_clean and
 * cache_invalidate hooks. 0 compiles every call and its test out, for ports
 * whose view of the region needs none (uncached or coherent memory, the host):
 * a message then pays nothing for it. A build with 0 refuses a port that has
 * hooks (amp_link_init, amp_vring_attach: AMP_ENOTSUP), so the hooks cannot be
 * silently skipped. Off in the lean profile (a lean slave on a core with a
 * data cache sets it to 1).
 */
#ifndef AMP_CFG_CACHE_MAINT
#define AMP_CFG_CACHE_MAINT (!AMP_CFG_LEAN)
#endif

#ifndef AMP_CFG_CACHE_LINE
#define AMP_CFG_CACHE_LINE 32u
#endif

/* Size of the shared region the layout must fit in. */
#ifndef AMP_CFG_SHM_SIZE
#define AMP_CFG_SHM_SIZE 0x10000u
#endif

/* Local rpmsg endpoints per core (the name-service endpoint not included). */
#ifndef AMP_CFG_MAX_EPT
#define AMP_CFG_MAX_EPT 8
#endif

/* Master: how long to wait for a running slave to acknowledge a re-initialisation. */
#ifndef AMP_CFG_LINK_ACK_TIMEOUT_MS
#define AMP_CFG_LINK_ACK_TIMEOUT_MS 50u
#endif

/*
 * A handshake step that cannot complete for this long (the master bound a
 * slave that never announced "default"; the slave cannot get a buffer to
 * announce it) means the rings are not usable: start again on fresh ones.
 */
#ifndef AMP_CFG_LINK_STALL_MS
#define AMP_CFG_LINK_STALL_MS 300u
#endif

/* amp_rpmsg_send(): how long to wait for a free transmit buffer. */
#ifndef AMP_CFG_SEND_TIMEOUT_MS
#define AMP_CFG_SEND_TIMEOUT_MS 100u
#endif

/* Sessions besides the default one, per core (each uses one endpoint). */
#ifndef AMP_CFG_MAX_SESSIONS
#define AMP_CFG_MAX_SESSIONS 6
#endif

/* Session names this core accepts OPENs for. */
#ifndef AMP_CFG_MAX_LISTEN
#define AMP_CFG_MAX_LISTEN 4
#endif

/* Heartbeat on the default session: period, and missed beats before PEER_LOST. */
#ifndef AMP_CFG_HEARTBEAT_MS
#define AMP_CFG_HEARTBEAT_MS 100u
#endif
#ifndef AMP_CFG_HEARTBEAT_MISS
#define AMP_CFG_HEARTBEAT_MISS 3u
#endif

/*
 * Support for a plain virtio peer (AMP_PEER_PLAIN: OpenAMP, Linux). 0 leaves
 * it out (about 1.2 KB of the slave's code); amp_init_config() then refuses
 * such a peer with AMP_ENOTSUP. Off in the lean profile.
 */
#ifndef AMP_CFG_PLAIN_PEER
#define AMP_CFG_PLAIN_PEER (!AMP_CFG_LEAN)
#endif

/*
 * Plain virtio peer: the most bytes of its resource table read (a private
 * copy on the stack while attaching). A table with a vdev, a trace entry and
 * a few carveouts fits.
 */
#ifndef AMP_CFG_RSC_MAX
#define AMP_CFG_RSC_MAX 256u
#endif

/*
 * 1: every user session sends a CRC-32 with each message and requires one
 * from the peer (amp_session_set_crc() per session otherwise). Both cores
 * should agree. Costs a CRC over each message on both sides: see bench/run.
 */
#ifndef AMP_CFG_SESSION_CRC
#define AMP_CFG_SESSION_CRC 0
#endif

/*
 * Trace points (the seed's step names). 0 compiles every trace call out.
 * Off in the lean profile.
 */
#ifndef AMP_CFG_TRACE
#define AMP_CFG_TRACE (!AMP_CFG_LEAN)
#endif

#if (AMP_CFG_VRING_NUM & (AMP_CFG_VRING_NUM - 1)) != 0 || AMP_CFG_VRING_NUM < 2 ||                 \
    AMP_CFG_VRING_NUM > 256
#error "AMP_CFG_VRING_NUM must be a power of two from 2 to 256"
#endif
#if (AMP_CFG_BUF_SIZE & (AMP_CFG_BUF_SIZE - 1)) != 0 || AMP_CFG_BUF_SIZE < 64
#error "AMP_CFG_BUF_SIZE must be a power of two of at least 64"
#endif
#if (AMP_CFG_VRING_ALIGN & (AMP_CFG_VRING_ALIGN - 1)) != 0 || AMP_CFG_VRING_ALIGN < 4
#error "AMP_CFG_VRING_ALIGN must be a power of two of at least 4"
#endif
#if AMP_CFG_MAX_EPT < 1 || AMP_CFG_MAX_EPT > 64
#error "AMP_CFG_MAX_EPT must be 1..64"
#endif
#if AMP_CFG_MAX_SESSIONS < 0 || AMP_CFG_MAX_SESSIONS > AMP_CFG_MAX_EPT - 1 ||                      \
    AMP_CFG_MAX_SESSIONS > 127
#error "AMP_CFG_MAX_SESSIONS must leave one endpoint for the default session (and be <= 127)"
#endif

#endif
