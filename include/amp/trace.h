/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trace points named after the seed's handshake and echo steps. A role's
 * prefix ("m." or "s.") is glued on at compile time. With AMP_CFG_TRACE=0
 * every trace call compiles to nothing.
 */
#ifndef AMP_TRACE_H
#define AMP_TRACE_H

#include <stdint.h>

#include "amp/config.h"
#include "amp/port.h"
#include "amp/types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if AMP_CFG_TRACE
/* No port trace hook, or a NULL step (or, for _ept, a NULL ept): nothing is traced. */
void amp_trace_emit(const struct amp_port *port, const char *step, const char *ept, uint32_t len);
/* "m.bind" + "default" -> "m.bind<ept=default>" */
void amp_trace_emit_ept(const struct amp_port *port, const char *step, const char *ept);
#define AMP_TRACE(port, role, name)                                                                \
	amp_trace_emit((port), (role) == AMP_ROLE_MASTER ? "m." name : "s." name, (const char *)0, \
		       0u)
#define AMP_TRACE_MSG(port, role, name, ept, len)                                                  \
	amp_trace_emit((port), (role) == AMP_ROLE_MASTER ? "m." name : "s." name, (ept), (len))
#define AMP_TRACE_EPT(port, role, name, ept)                                                       \
	amp_trace_emit_ept((port), (role) == AMP_ROLE_MASTER ? "m." name : "s." name, (ept))
#else
#define AMP_TRACE(port, role, name)		  ((void)0)
#define AMP_TRACE_MSG(port, role, name, ept, len) ((void)0)
#define AMP_TRACE_EPT(port, role, name, ept)	  ((void)0)
#endif

#ifdef __cplusplus
}
#endif
#endif
