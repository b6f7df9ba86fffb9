/* SPDX-License-Identifier: BSD-3-Clause */
#include "amp/trace.h"

#if AMP_CFG_TRACE
#include "amp/rpmsg.h"

void amp_trace_emit(const struct amp_port *port, const char *step, const char *ept, uint32_t len)
{
	if (port && port->ops && port->ops->trace && step)
		port->ops->trace(port->ctx, step, ept, len);
}

#define STEP_MAX (24u + AMP_RPMSG_NAME_SIZE)

static size_t append(char *buf, size_t at, const char *src)
{
	while (*src && at < STEP_MAX - 1u)
		buf[at++] = *src++;
	buf[at] = '\0';
	return at;
}

void amp_trace_emit_ept(const struct amp_port *port, const char *step, const char *ept)
{
	char buf[STEP_MAX];
	size_t at;

	if (!port || !port->ops || !port->ops->trace || !step || !ept)
		return;
	at = append(buf, 0, step);
	at = append(buf, at, "<ept=");
	at = append(buf, at, ept);
	append(buf, at, ">");
	port->ops->trace(port->ctx, buf, (const char *)0, 0u);
}
#endif
