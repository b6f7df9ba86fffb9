/* SPDX-License-Identifier: BSD-3-Clause */
/* QEMU benchmark, CPU1: whatever arrives on a "qbench" session goes back on it. */
#include "amp/amp.h"
#include "board.h"
#include "node.h"
#include "qbench.h"

#define IDLE_WAIT_MS 10u

static struct amp amp;
static struct amp_port port;

static void echo_rx(struct amp_session *s, const void *data, size_t len, void *priv)
{
	(void)priv;
	/* The master sends one message at a time: a buffer is always free. */
	if (amp_session_send(s, data, len) != AMP_OK)
		sse200_puts("qbench: slave: echo refused\n");
}

static const struct amp_session_ops echo_ops = {
    .opened = NULL,
    .data = echo_rx,
    .closed = NULL,
};

int main(void)
{
	sse200_board_init(SSE200_CPU_SLAVE);
	sse200_port_init(&port);
	if (amp_init(&amp, AMP_ROLE_SLAVE, &port) ||
	    amp_session_listen(amp_sessions(&amp), QBENCH_SESSION, &echo_ops, NULL)) {
		sse200_puts("qbench: slave: init failed\n");
		sse200_stop(SSE200_EXIT_FAIL);
	}
	for (;;) {
		if (amp_poll(&amp) == 0)
			(void)sse200_wait(IDLE_WAIT_MS);
	}
}
