/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The resource table in the Linux remoteproc format (version 1): one vdev
 * entry for rpmsg (VIRTIO_ID_RPMSG = 7, feature VIRTIO_RPMSG_F_NS) with two
 * vrings. The slave image carries it in section .resource_table; the master
 * writes a mirror of it at offset 0 of the shared region, where the vdev
 * status byte is the `virtio_status` the handshake waits on.
 */
#ifndef AMP_RSC_H
#define AMP_RSC_H

#include <stddef.h>
#include <stdint.h>

#include "amp/virtio.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AMP_RSC_VERSION	     1u
#define AMP_RSC_CARVEOUT     0u
#define AMP_RSC_DEVMEM	     1u
#define AMP_RSC_TRACE	     2u
#define AMP_RSC_VDEV	     3u
#define AMP_RSC_VENDOR_START 128u
#define AMP_RSC_VENDOR_END   512u
#define AMP_RSC_ADDR_ANY     0xFFFFFFFFu

struct amp_rsc_hdr {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
};

struct amp_rsc_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
};

struct amp_rsc_vdev {
	uint32_t type; /* AMP_RSC_VDEV: the fw_rsc_hdr type word */
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct amp_rsc_vring vring[2];
};

/*
 * A trace buffer (Linux fw_rsc_trace, type word included): text the slave
 * writes at da, len bytes, NUL-terminated; Linux shows it as
 * /sys/kernel/debug/remoteproc/remoteproc<N>/trace0 (up to the first NUL).
 */
struct amp_rsc_trace {
	uint32_t type; /* AMP_RSC_TRACE */
	uint32_t da;
	uint32_t len;
	uint32_t reserved;
	char name[32];
};

/* The whole table amplink uses: header, one offset, one vdev. */
struct amp_rsc_table {
	struct amp_rsc_hdr hdr;
	uint32_t offset[1];
	struct amp_rsc_vdev vdev;
};

/* A slave image's table with its trace buffer published (see amp_trace_buf). */
struct amp_rsc_table_trace {
	struct amp_rsc_hdr hdr;
	uint32_t offset[2];
	struct amp_rsc_vdev vdev;
	struct amp_rsc_trace trace;
};

#ifndef __cplusplus
_Static_assert(sizeof(struct amp_rsc_hdr) == 16, "rsc: header is 16 bytes");
_Static_assert(sizeof(struct amp_rsc_vring) == 20, "rsc: fw_rsc_vdev_vring is 20 bytes");
_Static_assert(offsetof(struct amp_rsc_vdev, status) == 24, "rsc: vdev status at 24");
_Static_assert(offsetof(struct amp_rsc_vdev, vring) == 28, "rsc: vdev vrings at 28");
_Static_assert(sizeof(struct amp_rsc_vdev) == 68, "rsc: vdev with 2 vrings is 68 bytes");
_Static_assert(offsetof(struct amp_rsc_table, vdev) == 20, "rsc: vdev entry at 20");
_Static_assert(sizeof(struct amp_rsc_table) == 88, "rsc: table is 88 bytes");
_Static_assert(sizeof(struct amp_rsc_trace) == 48, "rsc: fw_rsc_trace with its type is 48 bytes");
_Static_assert(offsetof(struct amp_rsc_trace, name) == 16, "rsc: trace name at 16");
_Static_assert(offsetof(struct amp_rsc_table_trace, vdev) == 24, "rsc: vdev at 24 with a trace");
_Static_assert(offsetof(struct amp_rsc_table_trace, trace) == 92, "rsc: trace entry at 92");
_Static_assert(sizeof(struct amp_rsc_table_trace) == 140, "rsc: table with trace is 140 bytes");
#endif

/* Byte offset of virtio_status in the table (and in the shared region). */
#define AMP_RSC_STATUS_OFF 44u

/* What the validator extracts from a good table. */
struct amp_rsc_info {
	uint32_t vdev_off; /* byte offset of the vdev entry */
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint8_t status;
	uint8_t traces; /* trace entries; the first one's buffer: */
	uint32_t trace_da;
	uint32_t trace_len;
	struct amp_rsc_vring vring[2];
};

/* Compile-time initialiser, for the slave's .resource_table section. */
#define AMP_RSC_TABLE_INIT(da0, da1, num_, align_)                                                 \
	{                                                                                          \
		{AMP_RSC_VERSION, 1u, {0u, 0u}}, {offsetof(struct amp_rsc_table, vdev)},           \
		{                                                                                  \
			AMP_RSC_VDEV, 7u, 2u, 1u << AMP_VIRTIO_RPMSG_F_NS, 0u, 0u, 0u, 2u,         \
			    {0u, 0u},                                                              \
			{                                                                          \
				{(da0), (align_), (num_), 0u, 0u},                                 \
				{                                                                  \
					(da1), (align_), (num_), 1u, 0u                            \
				}                                                                  \
			}                                                                          \
		}                                                                                  \
	}

/* The same with a trace buffer of trace_len bytes at trace_da, named "trace0". */
#define AMP_RSC_TABLE_TRACE_INIT(da0, da1, num_, align_, trace_da, trace_len)                      \
	{                                                                                          \
		{AMP_RSC_VERSION, 2u, {0u, 0u}},                                                   \
		    {offsetof(struct amp_rsc_table_trace, vdev),                                   \
		     offsetof(struct amp_rsc_table_trace, trace)},                                 \
		    {AMP_RSC_VDEV,                                                                 \
		     7u,                                                                           \
		     2u,                                                                           \
		     1u << AMP_VIRTIO_RPMSG_F_NS,                                                  \
		     0u,                                                                           \
		     0u,                                                                           \
		     0u,                                                                           \
		     2u,                                                                           \
		     {0u, 0u},                                                                     \
		     {{(da0), (align_), (num_), 0u, 0u}, {(da1), (align_), (num_), 1u, 0u}}},      \
		    {AMP_RSC_TRACE, (trace_da), (trace_len), 0u, "trace0"},                        \
	}

/* Fill a table for the given vring addresses. NULL t: no-op. */
void amp_rsc_build(struct amp_rsc_table *t, uint32_t da0, uint32_t da1, uint32_t num,
		   uint32_t align);

/*
 * Validate a table the way Linux remoteproc does before trusting it: version,
 * entry offsets and sizes inside len, reserved fields zero, exactly one rpmsg
 * vdev with the name-service feature and two vrings of a power-of-two size and
 * alignment. Returns 0 and fills *info (if not NULL), AMP_EPROTO for a bad
 * table (len included), AMP_EINVAL for a NULL table; *why (if not NULL) gets
 * a short reason.
 */
int amp_rsc_validate(const void *table, size_t len, struct amp_rsc_info *info, const char **why);

/*
 * The slave's side of a trace entry: text appended to a buffer the master
 * reads through the table (Linux: debugfs trace0). The buffer always holds a
 * NUL after the last byte written; a line that does not fit before the end
 * starts again at the beginning, so a reader that stops at the first NUL (as
 * Linux does) sees the lines written since the last wrap, whole.
 */
struct amp_trace_buf {
	volatile char *text;
	uint32_t size;
	uint32_t pos;
};

/* size >= 2; clears the buffer. NULL t or text: no-op. */
void amp_trace_buf_init(struct amp_trace_buf *t, volatile char *text, uint32_t size);
/* Append n bytes (cut to size - 1 if longer). Not initialised: no-op. */
void amp_trace_buf_write(struct amp_trace_buf *t, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
