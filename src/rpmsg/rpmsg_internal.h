/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared between the rpmsg layer's files; not part of the public API. */
#ifndef AMP_RPMSG_INTERNAL_H
#define AMP_RPMSG_INTERNAL_H

#include "amp/rpmsg.h"

/* Send from src to dst; traced (send/notify) only when ept_name is not NULL. */
int amp_rpmsg_send_raw(struct amp_rpmsg *r, uint32_t src, uint32_t dst, const void *data,
		       size_t len, const char *ept_name);
/* A message for the name-service address arrived. */
void amp_rpmsg_ns_receive(struct amp_rpmsg *r, const uint8_t *data, uint32_t len);
/* The endpoint a destination address names, or NULL. */
struct amp_ept *amp_rpmsg_ept_lookup(struct amp_rpmsg *r, uint32_t addr);
/* Trace "x.ipm_notified" if a doorbell came in this poll and is not traced yet. */
void amp_rpmsg_trace_notified(struct amp_rpmsg *r);
/* Free every endpoint, telling each owner through its unbind callback. */
void amp_rpmsg_ept_free_all(struct amp_rpmsg *r);

#endif
