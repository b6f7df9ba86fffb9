/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The master of the lean slave's tests (main_slave_lean.c): the full
 * library's link layer, no sessions. It binds the endpoint "echo" the slave
 * announces, sends N messages of varying length and content one at a time
 * and checks each echo byte for byte. When the channel goes down (either
 * core rebooted), the message in flight goes again once the slave has
 * announced "echo" anew. Stops the run with FW_EXIT_OK when all came back.
 *
 * Test plan (fw_app.h): when it says so, the master reboots itself once in
 * the middle of the echoes; the next boot finds the slave running and runs
 * the echoes again from the start.
 */
#include <string.h>

#include "amp/link.h"
#include "fw_app.h"

#ifndef FW_ECHO_MESSAGES
#define FW_ECHO_MESSAGES 100u
#endif
#define FW_STALL_MS 3000u
#define ECHO_NAME   "echo"

struct link_echo {
	struct amp_ept *ept; /* NULL until the slave announced "echo" on this link */
	uint32_t next;	     /* the message in flight, or the next to send */
	uint32_t len;	     /* its length; 0: not prepared yet */
	uint32_t bytes;	     /* bytes echoed and checked */
	uint32_t t_progress;
	uint8_t outstanding;
	uint8_t bad;
	uint8_t msg[AMP_RPMSG_PAYLOAD_MAX];
};

static struct amp_link link;
static struct amp_port port;
static struct link_echo echo;
static const struct fw_board *board;

static __attribute__((noreturn)) void fail(const char *why, int err)
{
	fw_say(board, "master: FAIL: ", why);
	if (err)
		fw_say(board, "master: error ", amp_strerror(err));
	fw_halt(board, FW_EXIT_FAIL);
}

static void say_count(const char *a, uint32_t n, const char *b)
{
	struct fw_line l;

	fw_line_start(&l, a);
	fw_line_u32(&l, n);
	fw_line_str(&l, b);
	fw_line_send(&l, board);
}

static int on_reply(struct amp_ept *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept;
	(void)src;
	(void)priv;
	if (!echo.outstanding || len != echo.len || memcmp(data, echo.msg, len) != 0) {
		echo.bad = 1;
		return 0;
	}
	echo.outstanding = 0;
	echo.bytes += echo.len;
	echo.len = 0;
	echo.next++;
	echo.t_progress = board->now_ms(board->ctx);
	return 0;
}

/* The slave announced a name: "echo" is the one we talk to. */
static void on_announce(struct amp_rpmsg *r, const char *name, uint32_t addr, void *priv)
{
	int err;

	(void)priv;
	if (echo.ept || strcmp(name, ECHO_NAME) != 0)
		return;
	err =
	    amp_rpmsg_ept_create(r, &echo.ept, ECHO_NAME, AMP_RPMSG_ADDR_ANY, addr, on_reply, NULL);
	if (err)
		fail("echo endpoint", err);
	fw_say(board, "echo: bound", "");
}

static void link_event(struct amp_link *l, int up, int reason, void *priv)
{
	(void)priv;
	echo.t_progress = board->now_ms(board->ctx);
	if (up) {
		fw_say(board, "link: up", "");
		return;
	}
	/* The link freed every endpoint; the message in flight goes again on the next one. */
	echo.ept = NULL;
	echo.outstanding = 0;
	say_count("link: down: reason ", (uint32_t)reason, "");
	(void)l;
}

/* Send the next message when none is in flight; returns 1 if it did. */
static int echo_step(void)
{
	int err;

	if (!echo.ept || echo.outstanding || echo.next >= FW_ECHO_MESSAGES)
		return 0;
	if (!echo.len) {
		echo.len = fw_echo_len(echo.next, AMP_RPMSG_PAYLOAD_MAX);
		fw_echo_fill(echo.next, echo.msg, echo.len);
	}
	err = amp_rpmsg_try_send(echo.ept, echo.msg, echo.len);
	if (err == AMP_ENOBUFS)
		return 0;
	if (err)
		fail("echo send", err);
	echo.outstanding = 1;
	return 1;
}

static void say_result(void)
{
	struct fw_line l;

	fw_line_start(&l, "echo: ");
	fw_line_u32(&l, echo.next);
	fw_line_str(&l, "/");
	fw_line_u32(&l, FW_ECHO_MESSAGES);
	fw_line_str(&l, " messages, ");
	fw_line_u32(&l, echo.bytes);
	fw_line_str(&l, " bytes, all checked");
	fw_line_send(&l, board);
	fw_line_start(&l, "link: reinits=");
	fw_line_u32(&l, link.stats.reinits);
	fw_line_str(&l, " peer_resets=");
	fw_line_u32(&l, link.stats.peer_resets);
	fw_line_send(&l, board);
}

int main(void)
{
	struct fw_progress progress = {0u, 0u, 0u};
	struct fw_plan plan;
	uint32_t boot;
	int err;

	board = fw_board_open(FW_ROLE_MASTER, &port);
	boot = fw_plan_boot(&plan, board, "master");
	err = amp_link_init(&link, &port, AMP_ROLE_MASTER);
	if (err)
		fail("amp_link_init", err);
	amp_link_set_event_cb(&link, link_event, NULL);
	amp_rpmsg_set_ns_bind_cb(&link.rpmsg, on_announce, NULL);
	/* A cold boot starts the slave; after a soft reboot of ours it is already running. */
	err = fw_start_slave(board);
	if (err)
		fail("no slave image at the CPU1 vector table", err);
	say_count("echo: ", FW_ECHO_MESSAGES, " messages, link layer only");
	echo.t_progress = board->now_ms(board->ctx);
	while (echo.next < FW_ECHO_MESSAGES) {
		int work = amp_link_poll(&link);

		if (work < 0)
			fail("amp_link_poll", work);
		if (echo.bad)
			fail("an echo does not match what was sent", 0);
		work |= echo_step();
		progress.echo_messages = echo.next;
		fw_plan_reboot_if_due(&plan, board, FW_PLAN_MASTER, boot, &progress);
		if (board->now_ms(board->ctx) - echo.t_progress >= FW_STALL_MS)
			fail("no progress", 0);
		if (!work)
			board->wait(board->ctx, FW_IDLE_WAIT_MS);
	}
	say_result();
	fw_say(board, "echo: pass", "");
	fw_halt(board, FW_EXIT_OK);
}
