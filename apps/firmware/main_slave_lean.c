/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The lean slave image (AMP_CFG_LEAN, docs/integration.md): the link layer
 * alone, no sessions. It attaches to an amplink master (link block, rpmsg
 * over virtio), announces one endpoint "echo" through the name service and
 * sends back every message it gets there. When either core reboots, the
 * link comes back by itself and the endpoint is created and announced again.
 *
 * Test plan (fw_app.h): when it says so, the slave reboots itself once in
 * the middle of the echoes, while the master keeps running.
 */
#include <string.h>

#include "amp/link.h"
#include "fw_app.h"

#define ECHO_NAME "echo"

/* The endpoint and a one-message backlog for an echo that found no free buffer. */
struct lean_echo {
	struct amp_ept *ept; /* NULL while the link is down */
	uint32_t received;
	uint32_t backlog_len;
	uint8_t backlog_full;
	uint8_t backlog[AMP_RPMSG_PAYLOAD_MAX];
};

static struct amp_link link;
static struct amp_port port;
static struct lean_echo echo;
static const struct fw_board *board;
/* The log the port's resource table publishes (fw_app.h); this image writes none. */
char fw_trace_text[FW_TRACE_SIZE];

static __attribute__((noreturn)) void fail(const char *what, int err)
{
	fw_fail(board, "slave", what, err);
}

/* Send the backlog; 1 if it went (or the link went and took it along). */
static int echo_flush(void)
{
	int err;

	if (!echo.backlog_full)
		return 0;
	err = echo.ept ? amp_rpmsg_try_send(echo.ept, echo.backlog, echo.backlog_len) : AMP_OK;
	if (err == AMP_ENOBUFS)
		return 0;
	echo.backlog_full = 0;
	return 1;
}

static int on_echo(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)src;
	(void)priv;
	echo.received++;
	/* The master sends one message at a time: the backlog is free unless it broke that. */
	if (echo.backlog_full)
		return 0;
	memcpy(echo.backlog, data, len);
	echo.backlog_len = (uint32_t)len;
	echo.backlog_full = 1;
	(void)echo_flush();
	return 0;
}

static void link_event(struct amp_link *l, int up, int reason, void *priv)
{
	struct fw_line line;
	int err;

	(void)priv;
	echo.backlog_full = 0;
	echo.ept = NULL;
	if (!up) {
		/* The link freed every endpoint: a new one comes with the next link. */
		fw_line_start(&line, "link: down: reason ");
		fw_line_u32(&line, (uint32_t)reason);
		fw_line_send(&line, board);
		return;
	}
	fw_say(board, "link: up", "");
	err = amp_rpmsg_ept_create(&l->rpmsg, &echo.ept, ECHO_NAME, AMP_RPMSG_ADDR_ANY,
				   AMP_RPMSG_ADDR_ANY, on_echo, NULL);
	if (err)
		fail("echo endpoint", err);
}

/* Announce "echo" once per link; no free buffer yet is tried again next round. */
static int echo_announce(void)
{
	if (!echo.ept || echo.ept->announced || amp_rpmsg_ept_announce(echo.ept))
		return 0;
	fw_say(board, "echo: announced", "");
	return 1;
}

int main(void)
{
	struct fw_progress progress = {0u, 0u, 0u};
	struct fw_plan plan;
	uint32_t boot;
	int err;

	board = fw_board_open(FW_ROLE_SLAVE, &port);
	boot = fw_plan_boot(&plan, board, "slave");
	fw_say(board, "slave: lean", "");
	err = amp_link_init(&link, &port, AMP_ROLE_SLAVE);
	if (err)
		fail("amp_link_init", err);
	amp_link_set_event_cb(&link, link_event, NULL);
	for (;;) {
		int work = amp_link_poll(&link);

		work = (work > 0) | echo_announce() | echo_flush();
		progress.echo_messages = echo.received;
		fw_plan_reboot_if_due(&plan, board, FW_PLAN_SLAVE, boot, &progress);
		if (!work)
			board->wait(board->ctx, FW_IDLE_WAIT_MS);
	}
}
